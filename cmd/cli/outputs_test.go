package cli

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestNoOutputWritesOverADatabase runs every command that writes a file
// with the database (through several names), another database and an
// existing file as its output: each is refused with exit status 2 and
// nothing changes.
func TestNoOutputWritesOverADatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--cases", "3"); code != 0 {
		t.Fatal(errOut)
	}
	other := filepath.Join(dir, "other.db")
	if code, _, errOut := run(t, "admin-password\n", "init", "--db", other, "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	link := filepath.Join(dir, "link.xlsx")
	os.Symlink(db, link)
	hard := filepath.Join(dir, "hard.pdf")
	os.Link(db, hard)
	existing := filepath.Join(dir, "report.pdf")
	os.WriteFile(existing, []byte("keep me"), 0o644)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	names := map[string]string{
		"the database": db, "another path": filepath.Join(sub, "..", "lib.db"), "a symbolic link": link,
		"a hard link": hard, "another database": other, "an existing file": existing,
	}
	before := map[string][32]byte{db: fileSum(t, db), other: fileSum(t, other), existing: fileSum(t, existing)}
	tried, refused := 0, 0
	for what, target := range names {
		for _, args := range [][]string{
			{"export", "--db", db, "--cases-xlsx", target},
			{"export", "--db", db, "--ledger-xlsx", target},
			{"export", "--db", db, "--ledger", "--out", target},
			{"export", "--db", db, "--case", "SJ-" + "2026-0001", "--doc", "request", "--out", target},
			{"backup", "--db", db, "--out", target},
		} {
			code, _, errOut := run(t, "", args...)
			tried++
			if code != exitUsage || errOut == "" {
				t.Errorf("%s as output of %s: exit %d %s", what, strings.Join(args[:4], " "), code, errOut)
				continue
			}
			refused++
		}
	}
	changed := 0
	for path, sum := range before {
		if fileSum(t, path) != sum {
			t.Errorf("%s changed", path)
			changed++
		}
	}
	reliability(t, "%d exports and backups onto the database (by name, another path, a symbolic link, a hard link), another database or an existing file: %d refused with exit 2, %d files changed",
		tried, refused, changed)
	if code, _, errOut := run(t, "", "export", "--db", db, "--ledger-xlsx", existing, "--force"); code != 0 {
		t.Errorf("--force over a plain file: exit %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "", "export", "--db", db, "--ledger-xlsx", other, "--force"); code != exitUsage {
		t.Errorf("--force over a database: exit %d %s", code, errOut)
	}
	if code, out, errOut := run(t, "", "backup", "--db", db, "--out", sub); code != 0 || !strings.Contains(out, sub) {
		t.Errorf("backup into a folder: exit %d %s %s", code, out, errOut)
	}
}
