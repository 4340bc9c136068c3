package reports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/data"
)

func demoIDs(t *testing.T, s *data.Store) []uint {
	t.Helper()
	rows, _, err := s.ListCases(data.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]uint, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// leftovers returns the temporary files left under dir.
func leftovers(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".tmp") {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func TestExportCases(t *testing.T) {
	s := demoStore(t)
	ids := demoIDs(t, s)
	dir := t.TempDir()
	last := 0
	sum, err := ExportCases(context.Background(), s, ids, dir, 3, func(done, total int) {
		if done != last+1 || total != len(ids) {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range demoDossiers(t) {
		want += len(Available(d))
		for _, k := range Available(d) {
			if fi, err := os.Stat(filepath.Join(dir, d.Case.No, FileName(k, d))); err != nil || fi.Size() < 10000 {
				t.Errorf("%s %s: %v", d.Case.No, k, err)
			}
		}
	}
	if sum.Total != len(ids) || sum.Cases != len(ids) || sum.Documents != want || sum.Failed != 0 || sum.Bytes < int64(want)*10000 {
		t.Errorf("summary %+v, want %d cases and %d documents", sum, len(ids), want)
	}
	if last != len(ids) {
		t.Errorf("progress reached %d of %d", last, len(ids))
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestExportCasesCancelled(t *testing.T) {
	s := demoStore(t)
	ids := demoIDs(t, s)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := ExportCases(ctx, s, ids, dir, 2, func(done, total int) {
		if done == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || sum.Cases >= len(ids) || sum.Cases < 2 || sum.Failed != 0 {
		t.Fatalf("cancelled export: %v %+v", err, sum)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestExportCasesFailures(t *testing.T) {
	s := demoStore(t)
	sum, err := ExportCases(context.Background(), s, []uint{demoIDs(t, s)[0], 999999}, t.TempDir(), 1, nil)
	if err == nil || sum.Failed != 1 || sum.Cases != 1 || len(sum.Errors) != 1 || !strings.Contains(err.Error(), "999999") {
		t.Errorf("export of a missing case: %v %+v", err, sum)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.pdf")
	if err := WriteFileAtomic(path, []byte("one"), true); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("two"), false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Errorf("content %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "b.pdf"), []byte("x"), false); err == nil {
		t.Error("write into a missing folder succeeded")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}
