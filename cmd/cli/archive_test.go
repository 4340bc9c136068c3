package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/data"
	"upgradedesk/reports"
)

// TestExportArchivedDossier exports the dossier of every archived demo
// case: --doc dossier and --all hand out the archived file, byte for
// byte, which check --file recognises; --copy renders a new one, marked
// as a copy, which check --file does not take for the archived file.
func TestExportArchivedDossier(t *testing.T) {
	db := demoDB(t)
	closed := demoCases(t, db)[data.StateClosed]
	if len(closed) == 0 {
		t.Fatal("no closed demo case")
	}
	dir := t.TempDir()
	if code, _, errOut := run(t, "", "export", "--db", db, "--all", "--out", filepath.Join(dir, "all")); code != 0 {
		t.Fatalf("export --all: %s", errOut)
	}
	s, err := data.Open(db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range closed {
		_, archived, err := s.ArchivedDossier(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Dossier(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, c.No+".pdf")
		if code, _, errOut := run(t, "", "export", "--db", db, "--case", c.No, "--doc", "dossier", "--out", out); code != 0 {
			t.Fatalf("export --doc dossier: %s", errOut)
		}
		for _, path := range []string{out, filepath.Join(dir, "all", c.No, reports.FileName(reports.KindDossier, d))} {
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, archived) {
				t.Errorf("%s is not the archived dossier of %s (%v)", path, c.No, err)
			}
			if code, stdout, errOut := run(t, "", "check", "--db", db, "--file", path); code != 0 || !strings.Contains(stdout, c.No) {
				t.Errorf("check --file %s: exit %d %s %s", path, code, stdout, errOut)
			}
		}
		fresh := filepath.Join(dir, c.No+"-copy.pdf")
		if code, _, errOut := run(t, "", "export", "--db", db, "--case", c.No, "--doc", "dossier", "--copy", "--out", fresh); code != 0 {
			t.Fatalf("export --copy: %s", errOut)
		}
		isPDF(t, fresh)
		if code, _, _ := run(t, "", "check", "--db", db, "--file", fresh); code != 1 {
			t.Errorf("check --file took a fresh copy of %s for the archived dossier (exit %d)", c.No, code)
		}
	}
}
