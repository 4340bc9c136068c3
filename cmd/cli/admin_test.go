package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/data"
)

func TestInitDemoCheck(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	code, out, errOut := run(t, "s3cret-password\n", "init", "--db", db, "--admin", "it.admin", "--name", "赵敏", "--library", "东城区图书馆")
	if code != 0 {
		t.Fatalf("init exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "it.admin") {
		t.Errorf("init output %q", out)
	}
	if code, _, errOut := run(t, "another-password\n", "init", "--db", db, "--admin", "x"); code == 0 || !strings.Contains(errOut, "不能再次初始化") {
		t.Errorf("second init: exit %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "short\n", "init", "--db", filepath.Join(dir, "b.db"), "--admin", "x"); code != exitUsage {
		t.Errorf("short password: exit %d %s", code, errOut)
	}

	demo := filepath.Join(dir, "demo.db")
	code, out, errOut = run(t, "", "demo", "--db", demo, "--cases", "32")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "32") {
		t.Errorf("demo output %q", out)
	}
	code, out, errOut = run(t, "", "check", "--db", demo)
	if code != 0 || strings.Count(out, "正常") != 5 {
		t.Fatalf("check exit %d: %s %s", code, out, errOut)
	}
}

// tamper runs SQL on a database file behind the application's back, on
// a connection of its own through the linked SQLite driver.
func tamper(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func TestCheckFindsTampering(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--cases", "16"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	tamper(t, db, "UPDATE audit_entries SET comment = '改过' WHERE seq = 40;")
	code, out, _ := run(t, "", "check", "--db", db)
	if code != exitFailed || !strings.Contains(out, "#40") {
		t.Fatalf("check after tampering: exit %d\n%s", code, out)
	}
}

func TestBadDatabases(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all, just some words"), 0o644)
	newer := filepath.Join(dir, "newer.db")
	if code, _, errOut := run(t, "", "demo", "--db", newer, "--cases", "1"); code != 0 {
		t.Fatal(errOut)
	}
	tamper(t, newer, "UPDATE schema_meta SET value = '42' WHERE key = 'schema_version';")
	for _, c := range []struct {
		name, db, want string
		code           int
	}{
		{"missing", filepath.Join(dir, "none.db"), "不存在", exitNoDB},
		{"not a database", text, "不是数据库", exitNotDB},
		{"newer version", newer, "更新版本", exitNewer},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := run(t, "", "check", "--db", c.db)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d (want %d): %s", code, c.code, errOut)
			}
		})
	}
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	if code, _, errOut := run(t, "admin-password\n", "init", "--db", db, "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if code, out, errOut := run(t, "", "backup", "--db", db, "--out", copyPath); code != 0 || !strings.Contains(out, "SHA-256") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "admin-password\nno\n", "restore", "--db", db, "--from", copyPath, "--admin", "admin"); code != exitFailed {
		t.Fatalf("unconfirmed restore: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "wrong-password\n", "restore", "--db", db, "--from", copyPath, "--admin", "admin", "--yes"); code == 0 {
		t.Fatalf("restore with a wrong password: %s", errOut)
	}
	code, out, errOut := run(t, "admin-password\nyes\n", "restore", "--db", db, "--from", copyPath, "--admin", "admin")
	if code != 0 {
		t.Fatalf("restore: %d %s", code, errOut)
	}
	if !strings.Contains(out, "before-restore") {
		t.Errorf("restore output %q", out)
	}
	// A damaged database is replaced as a whole.
	damage(t, db)
	if code, _, errOut := run(t, "admin-password\n", "restore", "--db", db, "--from", copyPath, "--admin", "admin", "--yes"); code != 0 ||
		!strings.Contains(errOut, "管理员账号授权") {
		t.Fatalf("restore of a damaged file: %d %s", code, errOut)
	}
	if code, out, _ := run(t, "", "check", "--db", db); code != 0 {
		t.Fatalf("check after restore: %s", out)
	}
	// Another program's database, and a file that is no database, are never replaced.
	foreign := filepath.Join(dir, "foreign.db")
	tamper(t, foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1);")
	words := filepath.Join(dir, "words.db")
	os.WriteFile(words, []byte("not a database at all, just some words"), 0o644)
	for _, target := range []string{foreign, words} {
		before := fileSum(t, target)
		code, _, errOut := run(t, "admin-password\n", "restore", "--db", target, "--from", copyPath, "--admin", "admin", "--yes")
		if code != exitNotDB || !strings.Contains(errOut, "不会被替换") || fileSum(t, target) != before {
			t.Errorf("restore over %s: exit %d %s", filepath.Base(target), code, errOut)
		}
	}
}

// damage overwrites pages in the middle of a database file, as a disk
// error would, leaving its first page (header and schema) intact.
func damage(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(b)-4096; i += 4096 * 3 {
		copy(b[i:i+64], bytes.Repeat([]byte{0xA5}, 64))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckTellsStuckCases makes a demo case wait for nobody (its
// department's only head leaves) and checks that check reports it, with
// the reason, as a notice: the data is sound and check still succeeds.
func TestCheckTellsStuckCases(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--cases", "16"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	s, err := data.Open(db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.Login("admin", data.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := s.ListCases(data.CaseFilter{States: []data.State{data.StateDeptReview}, Limit: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("no demo case in 部门审核: %v", err)
	}
	c, _ := s.Case(rows[0].ID)
	users, _ := s.Users()
	for i := range users {
		if u := &users[i]; u.HasRole(data.RoleDeptHead) && u.DepartmentID == c.BusinessDeptID {
			u.Disabled = true
			if err := s.SaveUser(admin, u); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()
	code, out, errOut := run(t, "", "check", "--db", db)
	want := c.No + "「" + c.Title + "」部门审核中，无人可以办理“同意”——没有可以办理此步骤的用户：需要部门负责人。"
	if code != 0 || !strings.Contains(out, "提请注意（不属于数据损坏）：1 项") || !strings.Contains(out, want) {
		t.Fatalf("check: exit %d\n%s%s", code, out, errOut)
	}
}
