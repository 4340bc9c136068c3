package data

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestBackupWhileAnotherProcessWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	writer := helperCommand(t, path, "slow-writer")
	if err := writer.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { writer.Process.Kill(); writer.Wait() }()
	for i := 0; i < 5; i++ {
		time.Sleep(150 * time.Millisecond)
		dest := filepath.Join(dir, "copy"+strconv.Itoa(i)+".db")
		info, err := f.s.Backup(context.Background(), dest)
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		b := mustOpenPath(t, dest, Options{ReadOnly: true})
		rep, err := b.Check(context.Background())
		if err != nil || !rep.OK() {
			t.Fatalf("backup %d does not pass check: %v %+v", i, err, rep)
		}
		var n int64
		b.db.Model(&Case{}).Count(&n)
		t.Logf("backup %d: %d bytes, %d cases, %v", i, info.Size, n, info.Took)
		b.Close()
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	f := newFixtureOn(t, mustOpenPath(t, filepath.Join(dir, "live.db"), Options{Create: true}))
	kept := f.driveTo(t, StatePlanning)
	backup := filepath.Join(dir, "b.db")
	if _, err := f.s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	_, count0, _ := f.s.VerifyAudit(context.Background())
	later := f.file(t, "staff")

	if _, err := f.s.Restore(context.Background(), f.u["staff"], backup, dir, RestoreOptions{}); ErrorCode(err) != EForbidden {
		t.Fatalf("restore by staff: %v", err)
	}
	saved, err := f.s.Restore(context.Background(), f.u["admin"], backup, filepath.Join(dir, "saved"), RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Case(later.ID); ErrorCode(err) != ENotFound {
		t.Errorf("case filed after the backup still there: %v", err)
	}
	c, err := f.s.Case(kept.ID)
	if err != nil || c.State != StatePlanning {
		t.Fatalf("case from the backup: %v %+v", err, c)
	}
	problems, count, err := f.s.VerifyAudit(context.Background())
	if err != nil || len(problems) > 0 || count != count0+1 {
		t.Fatalf("audit after restore: %v %+v, %d entries (backup had %d)", err, problems, count, count0)
	}
	s2 := mustOpenPath(t, saved, Options{ReadOnly: true})
	if _, err := s2.Case(later.ID); err != nil {
		t.Errorf("the copy saved before restoring lacks the later case: %v", err)
	}
	// Another connection sees the restored content.
	other := mustOpenPath(t, filepath.Join(dir, "live.db"), Options{})
	if _, err := other.Case(later.ID); ErrorCode(err) != ENotFound {
		t.Errorf("second connection still sees the later case: %v", err)
	}
}

func TestRestoreRefusesBadBackup(t *testing.T) {
	dir := t.TempDir()
	f := newFixtureOn(t, mustOpenPath(t, filepath.Join(dir, "live.db"), Options{Create: true}))
	backup := filepath.Join(dir, "b.db")
	if _, err := f.s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	tamper(t, backup, "UPDATE audit_entries SET actor_name = 'x' WHERE seq = 2;")
	if _, err := f.s.Restore(context.Background(), f.u["admin"], backup, dir, RestoreOptions{}); ErrorCode(err) != ECorrupt {
		t.Fatalf("restore of a tampered backup: %v", err)
	}
	os.WriteFile(backup, []byte("rubbish"), 0o644)
	if _, err := f.s.Restore(context.Background(), f.u["admin"], backup, dir, RestoreOptions{}); ErrorCode(err) != ENotDB {
		t.Fatalf("restore of a non-database: %v", err)
	}
}

func TestAutoBackupPerDatabase(t *testing.T) {
	dir := t.TempDir()
	a := mustOpenPath(t, filepath.Join(dir, "a.db"), Options{Create: true})
	b := mustOpenPath(t, filepath.Join(dir, "b.db"), Options{Create: true})
	bdir := filepath.Join(dir, "backups") // one folder for both, never the user's configuration folder
	idA, _ := a.metaValue("database_id")
	idB, _ := b.metaValue("database_id")
	os.MkdirAll(bdir, 0o755)
	for _, old := range []string{"20240101-010000", "20240102-010000", "20240103-010000"} {
		for _, id := range []string{idA, idB} {
			os.WriteFile(filepath.Join(bdir, BackupPrefix+shortID(id)+"-"+old+".db"), []byte("old"), 0o644)
		}
		// A backup named by an older version, of neither: never pruned.
		os.WriteFile(filepath.Join(bdir, BackupPrefix+old+".db"), []byte("old"), 0o644)
	}
	infoA, err := a.AutoBackup(context.Background(), bdir, 2)
	if err != nil || infoA == nil {
		t.Fatalf("first backup of the day of A: %v %v", infoA, err)
	}
	infoB, err := b.AutoBackup(context.Background(), bdir, 3)
	if err != nil || infoB == nil {
		t.Fatalf("A's backup stopped B's: %v %v", infoB, err)
	}
	if again, err := a.AutoBackup(context.Background(), bdir, 2); err != nil || again != nil {
		t.Fatalf("second backup of A the same day: %v %v", again, err)
	}
	list, _ := ListBackups(bdir)
	count := map[string]int{}
	for _, f := range list {
		count[f.Database]++
	}
	if count[shortID(idA)] != 2 || count[shortID(idB)] != 3 || count[""] != 3 {
		t.Fatalf("kept per database: %v", count)
	}
	if list[0].Path != infoB.Path && list[1].Path != infoB.Path {
		t.Errorf("newest first: %+v", list[:2])
	}
}
