package cli

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// damagePage overwrites the header of a page near the end of a database
// file, where an export's first queries do not look.
func damagePage(t *testing.T, path string, fromEnd int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := (len(b)/4096 - fromEnd) * 4096
	copy(b[at:at+8], []byte{0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5})
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDB(t *testing.T, from, to string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(to, b, 0o644)
	return to
}

// TestMessagesNameTheFileAndTheCause: each bad database gets its exit
// status and a message that names the real file and what is wrong.
func TestMessagesNameTheFileAndTheCause(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if code, _, errOut := run(t, "", "demo", "--db", good, "--cases", "30"); code != 0 {
		t.Fatal(errOut)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	dropped := copyDB(t, good, filepath.Join(dir, "dropped.db"))
	tamper(t, dropped, "DROP TABLE decisions")
	damaged := copyDB(t, good, filepath.Join(dir, "damaged.db"))
	damagePage(t, damaged, 10)
	for _, c := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"check of an empty file", []string{"check", "--db", empty}, exitNotDB, []string{empty, "空文件"}},
		{"check without a table", []string{"check", "--db", dropped}, exitCorrupt, []string{dropped, "decisions"}},
		{"export without a table", []string{"export", "--db", dropped, "--cases-xlsx", filepath.Join(dir, "a.xlsx")}, exitCorrupt, []string{dropped, "decisions"}},
		{"export of a damaged database", []string{"export", "--db", damaged, "--ledger-xlsx", filepath.Join(dir, "b.xlsx")}, exitCorrupt, []string{damaged, "损坏"}},
		{"backup of a damaged database", []string{"backup", "--db", damaged, "--out", filepath.Join(dir, "c.db")}, exitCorrupt, []string{damaged, "损坏"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, "", c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d: %s", code, c.code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("message lacks %q: %s", w, errOut)
				}
			}
			if strings.Contains(errOut, ".tmp") || strings.Contains(errOut, "意外错误") || strings.Contains(out, "已写入") {
				t.Errorf("misleading: %s %s", out, errOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "c.db")); !os.IsNotExist(err) {
		t.Error("a backup of the damaged database was written")
	}
}

// TestHotJournalInAReadOnlyFolder: a database whose interrupted write must
// be rolled back, in a folder that cannot be written, is said to be so
// (exit 8), naming the file.
func TestHotJournalInAReadOnlyFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount")
	}
	src, mnt := t.TempDir(), t.TempDir()
	good := filepath.Join(t.TempDir(), "good.db")
	if code, _, errOut := run(t, "", "demo", "--db", good, "--cases", "30"); code != 0 {
		t.Fatal(errOut)
	}
	// A write in the middle of spilling its pages: the file and its journal
	// as a crash would leave them.
	db, err := sql.Open("sqlite3", good)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	tx.Exec("PRAGMA cache_size = 2")
	if _, err := tx.Exec("UPDATE cases SET title = title || 'x', content = content || content"); err != nil {
		t.Fatal(err)
	}
	copyDB(t, good, filepath.Join(src, "hot.db"))
	copyDB(t, good+"-journal", filepath.Join(src, "hot.db-journal"))
	tx.Rollback()
	db.Close()
	if out, err := exec.Command("mount", "--bind", src, mnt).CombinedOutput(); err != nil {
		t.Fatalf("bind mount: %v %s", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", mnt).CombinedOutput(); err != nil {
		t.Fatalf("read-only remount: %v %s", err, out)
	}
	hot := filepath.Join(mnt, "hot.db")
	code, _, errOut := run(t, "", "check", "--db", hot)
	if code != exitReadOnly || !strings.Contains(errOut, hot) || !strings.Contains(errOut, "-journal") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}
