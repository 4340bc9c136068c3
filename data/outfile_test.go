package data

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCheckOutputRefusesDatabases(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	s, err := Open(db, Options{Create: true}) // files, on every engine
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Init("admin", "管理员", "admin-password", ""); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "sub", "other.db")
	os.MkdirAll(filepath.Dir(other), 0o755)
	o, err := Open(other, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.pdf")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "old.pdf")
	os.WriteFile(plain, []byte("%PDF-1.4 old"), 0o644)
	dangling := filepath.Join(dir, "dangling.pdf")
	os.Symlink(filepath.Join(dir, "nowhere", "x"), dangling)
	for _, c := range []struct {
		name, path string
		replace    bool
		key        string
	}{
		{"the database", db, true, "err.out_is_database"},
		{"another path to it", filepath.Join(dir, "sub", "..", "live.db"), true, "err.out_is_database"},
		{"a symbolic link to it", link, true, "err.out_is_database"},
		{"a hard link to it", hard, true, "err.out_is_database"},
		{"another database", other, true, "err.out_sqlite"},
		{"a folder", dir, true, "err.out_is_folder"},
		{"an existing file", plain, false, "err.out_exists"},
		{"a dangling link", dangling, true, "err.out_symlink"},
		{"no name", " ", true, "err.out_empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckOutput(c.path, c.replace, db)
			var e *Error
			if !errors.As(err, &e) || e.Code != EInvalid || e.Key != c.key {
				t.Fatalf("CheckOutput(%s) = %v, want %s", c.path, err, c.key)
			}
		})
	}
	if err := CheckOutput(plain, true, db); err != nil {
		t.Errorf("replacing a plain file when told to: %v", err)
	}
	if err := CheckOutput(filepath.Join(dir, "new.pdf"), false, db); err != nil {
		t.Errorf("a new file: %v", err)
	}
	if err := WriteFileAtomic(link, []byte("x")); err != nil {
		t.Fatal(err) // WriteFileAtomic replaces the link, never its target
	}
	if !isSQLiteFile(db) {
		t.Fatal("the database was written through a link")
	}
	if _, err := s.Backup(context.Background(), hard); ErrorCode(err) != EInvalid {
		t.Errorf("backup over a hard link of the database: %v", err)
	}
	if _, err := s.Backup(context.Background(), other); ErrorCode(err) != EInvalid {
		t.Errorf("backup over another database: %v", err)
	}
}

func TestCleanTempsRemovesOnlyLeftovers(t *testing.T) {
	dir := t.TempDir()
	// A process that has ended: its pid names no running process.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid
	me := hostName()
	write := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("partial"), 0o644)
		old := time.Now().Add(-age)
		os.Chtimes(p, old, old)
		return p
	}
	gone := write(".a.db~"+me+"~"+strconv.Itoa(dead)+"~1.tmp", 0)
	running := write(".b.db~"+me+"~"+strconv.Itoa(os.Getpid())+"~2.tmp", 0)
	otherPC := write(".c.db~elsewhere~"+strconv.Itoa(os.Getpid())+"~3.tmp", time.Hour)
	otherPCOld := write(".d.db~elsewhere~1~4.tmp", 25*time.Hour)
	legacyOld := write(".upgradedesk-20260101.db.1767225600000000000.tmp", 2*time.Hour)
	legacyNew := write(".upgradedesk-20260102.db.1767312000000000000.tmp", time.Minute)
	keep := write("notes.tmp", 48*time.Hour)
	if n := CleanTemps(dir); n != 3 {
		t.Errorf("removed %d files, want 3", n)
	}
	for _, p := range []string{gone, otherPCOld, legacyOld} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was left", filepath.Base(p))
		}
	}
	for _, p := range []string{running, otherPC, legacyNew, keep} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
	if !strings.HasPrefix(filepath.Base(tempPath(filepath.Join(dir, "x.db"))), ".x.db~"+me+"~") {
		t.Error("temporary name")
	}
}
