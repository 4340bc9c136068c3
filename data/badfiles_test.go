package data

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestLockedLongerThanBusyTimeout has another program hold the database
// locked: on SQLite an exclusive lock of the file, on PostgreSQL the write
// lock of the store and an exclusive lock of the schema table (as a
// schema upgrade would hold them).
func TestLockedLongerThanBusyTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true, BusyTimeout: 200 * time.Millisecond}))
	var before int64
	f.s.db.Model(&Case{}).Count(&before)

	driver, lock := "sqlite3", []string{"BEGIN EXCLUSIVE"}
	if onPostgres() {
		driver, lock = "pgx", []string{"BEGIN", "SELECT pg_advisory_xact_lock(" + strconv.FormatInt(pgWriteLock, 10) + ")",
			"LOCK TABLE schema_meta IN ACCESS EXCLUSIVE MODE"}
	}
	holder, err := sql.Open(driver, locate(t, path))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range lock {
		if _, err := conn.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	err = f.s.NewCase(f.u["staff"], f.request("锁定期间的申请"))
	if ErrorCode(err) != ELocked {
		t.Fatalf("write while locked: %v", err)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Errorf("gave up after %v, before the busy timeout", waited)
	}
	if _, err := Open(locate(t, path), Options{BusyTimeout: 200 * time.Millisecond}); ErrorCode(err) != ELocked {
		t.Fatalf("open while locked: %v", err)
	}
	conn.ExecContext(t.Context(), "ROLLBACK")
	conn.Close()
	var after int64
	f.s.db.Model(&Case{}).Count(&after)
	if after != before {
		t.Fatalf("%d cases after the refused write, %d before", after, before)
	}
	if err := f.s.NewCase(f.u["staff"], f.request("解锁后的申请")); err != nil {
		t.Fatalf("write after the lock: %v", err)
	}
}

// TestReadOnlyShare mounts a folder read-only (needs root) and opens the
// database in it.
func TestReadOnlyShare(t *testing.T) {
	if onPostgres() {
		t.Skip("a read-only share is about database files; TestReadOnlyServer covers PostgreSQL")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount")
	}
	src, mnt := t.TempDir(), t.TempDir()
	path := filepath.Join(src, "share.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	c := f.file(t, "staff")
	f.s.Close()
	if out, err := exec.Command("mount", "--bind", src, mnt).CombinedOutput(); err != nil {
		t.Skipf("bind mount: %v %s", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("read-only remount: %v %s", err, out)
	}
	ro := filepath.Join(mnt, "share.db")
	_, err := Open(ro, Options{})
	if ErrorCode(err) != EReadOnly {
		t.Fatalf("open on a read-only share: %v", err)
	}
	s, err := Open(ro, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer s.Close()
	if got, err := s.Case(c.ID); err != nil || got.No != c.No {
		t.Fatalf("read: %v", err)
	}
	u, _ := s.User(f.u["staff"].User().ID)
	if err := s.NewCase(s.sessionOf(u), f.request("只读")); ErrorCode(err) != EReadOnly {
		t.Fatalf("write in read-only mode: %v", err)
	}
	if _, err := s.Login("staff", testPassword); err != nil {
		t.Fatalf("login on a read-only database: %v", err)
	}
	if _, err := s.Backup(context.Background(), filepath.Join(t.TempDir(), "b.db")); err != nil {
		t.Fatalf("backup of a read-only database: %v", err)
	}
}

func TestNetworkPathOfLocalFile(t *testing.T) {
	if IsNetworkPath(filepath.Join(t.TempDir(), "x.db")) {
		t.Error("a temporary folder reported as a network share")
	}
}
