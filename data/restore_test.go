package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRestoreNeverReissuesNumbers files cases after a backup, restores
// the backup and files again: the new case gets the next number after
// the ones given out before the restore.
func TestRestoreNeverReissuesNumbers(t *testing.T) {
	dir := t.TempDir()
	f := newFixtureOn(t, mustOpenPath(t, filepath.Join(dir, "live.db"), Options{Create: true}))
	first := f.file(t, "staff")
	backup := filepath.Join(dir, "b.db")
	if _, err := f.s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	f.file(t, "staff")
	lost := f.file(t, "staff")
	if _, err := f.s.Restore(context.Background(), f.u["admin"], backup, filepath.Join(dir, "saved"), RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	next := f.file(t, "staff")
	if next.Seq != lost.Seq+1 || next.No == lost.No {
		t.Fatalf("after the restore: %s (before it %s and %s were given out)", next.No, first.No, lost.No)
	}
	reliability(t, "restore of a backup taken before 2 more cases were filed: the next case is %s, after %s; 0 numbers given twice",
		next.No, lost.No)
	rep, err := f.s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check after the restore: %v %+v %v", err, rep, describeAll(rep.Records))
	}
	var restore AuditEntry
	f.s.db.Where("op = ?", OpRestore).First(&restore)
	var carried, superseded bool
	for _, c := range restore.ChangeList() {
		carried = carried || (c.Field == "counters" && c.New != "")
		superseded = superseded || (c.Field == "superseded" && c.New != "")
	}
	if !carried || !superseded {
		t.Errorf("the restore entry does not record the counters or the entries it replaced: %s", restore.Changes)
	}
}

// TestRestoreRefusals: every refusal says why and changes nothing.
func TestRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	f := newFixtureOn(t, mustOpenPath(t, filepath.Join(dir, "live.db"), Options{Create: true}))
	kept := f.file(t, "staff")
	other := newFixtureOn(t, mustOpenPath(t, filepath.Join(dir, "other.db"), Options{Create: true}))
	otherBackup := filepath.Join(dir, "other-backup.db")
	if _, err := other.s.Backup(context.Background(), otherBackup); err != nil {
		t.Fatal(err)
	}
	_, err := f.s.Restore(context.Background(), f.u["admin"], otherBackup, dir, RestoreOptions{})
	var e *Error
	if !errors.As(err, &e) || e.Key != "err.restore_other_database" || e.Message(LangEN) == e.Key {
		t.Fatalf("restore of another database's backup: %v", err)
	}
	if _, err := f.s.Case(kept.ID); err != nil {
		t.Fatalf("the refused restore changed the database: %v", err)
	}
	if _, err := f.s.Restore(context.Background(), f.u["staff"], otherBackup, dir, RestoreOptions{OtherDatabase: true}); ErrorCode(err) != EForbidden {
		t.Fatalf("restore by a member of staff: %v", err)
	}
	if _, err := f.s.Restore(context.Background(), f.u["admin"], otherBackup, dir, RestoreOptions{OtherDatabase: true}); err != nil {
		t.Fatalf("restore of another database's backup, confirmed: %v", err)
	}
	if _, err := f.s.Case(kept.ID); ErrorCode(err) != ENotFound {
		t.Errorf("the case of the database before the restore is still there: %v", err)
	}
}

// TestBackupRefusesADatabaseThatFailsCheck: a backup is only written of
// a database that passes check, and the refusal says why.
func TestBackupRefusesADatabaseThatFailsCheck(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	tamper(t, f.s.Location(), "UPDATE cases SET title = '改过' WHERE id = "+strconv.FormatUint(uint64(c.ID), 10))
	dest := filepath.Join(t.TempDir(), "b.db")
	_, err := f.s.Backup(context.Background(), dest)
	var e *Error
	if !errors.As(err, &e) || e.Code != ECorrupt || e.Key != "err.backup_refused" {
		t.Fatalf("backup of a tampered database: %v", err)
	}
	if msg := e.Message(LangZH); !strings.Contains(msg, c.No) {
		t.Errorf("the refusal does not name the problem: %s", msg)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a backup file was written: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestRestoreKeepsWitnessesQuiet: a PC that saw entries a restore took
// away is told about the restore, not about a rewrite.
func TestRestoreKeepsWitnessesQuiet(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true, Witness: true}))
	backup := filepath.Join(dir, "b.db")
	if _, err := f.s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	f.file(t, "staff")
	if w, err := f.s.Witness(false); err != nil || w.Status != WitnessNew {
		t.Fatalf("first witness: %v %+v", err, w)
	}
	if _, err := f.s.Restore(context.Background(), f.u["admin"], backup, dir, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	w, err := f.s.CompareWitness()
	if err != nil || w.Status != WitnessRestored || w.Problem() {
		t.Fatalf("witness after a restore: %v %+v", err, w)
	}
	rep, err := f.s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check after the restore: %v %+v", err, rep)
	}
}

// TestRestoreDamagedFile replaces a damaged file with a backup the PC
// knows to be of it; refuses other programs' files and files whose
// database it cannot tell.
func TestRestoreDamagedFile(t *testing.T) {
	if onPostgres() {
		t.Skip("about database files; a database on a server is restored with Restore")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	s := mustOpenPath(t, path, Options{Create: true, Witness: true})
	f := newFixtureOn(t, s)
	backup := filepath.Join(dir, "b.db")
	if _, err := f.s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	lost := f.file(t, "staff")
	if _, err := s.Witness(false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, _ := os.ReadFile(path)
	for i := 4096; i < len(raw); i += 3 * 4096 {
		for j := i; j < i+512 && j < len(raw); j++ {
			raw[j] = 0xA5
		}
	}
	os.WriteFile(path, raw, 0o644)
	if d, err := DamageOf(path); err != nil || d != DamageDamaged {
		t.Fatalf("damage of a damaged file: %v %v", d, err)
	}
	if _, err := RestoreDamaged(context.Background(), path, backup, filepath.Join(dir, "saved"), "admin", "wrong password", RestoreOptions{}); ErrorCode(err) != EAuth {
		t.Fatalf("wrong password of the backup's administrator: %v", err)
	}
	saved, err := RestoreDamaged(context.Background(), path, backup, filepath.Join(dir, "saved"), "admin", testPassword, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(saved); err != nil {
		t.Errorf("damaged file not kept: %v", err)
	}
	r := mustOpenPath(t, path, Options{Witness: true})
	rep, err := r.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check after restoring the damaged file: %v %+v", err, rep)
	}
	f.s = r
	for k, ss := range f.u { // the users sign in on the restored database
		f.u[k] = r.sessionOf(ss.User())
	}
	if next := f.file(t, "staff"); next.Seq <= lost.Seq {
		t.Errorf("number %s given out again (it went to a case before the damage)", next.No)
	}

	foreign := filepath.Join(dir, "foreign.db")
	tamper(t, foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1);")
	words := filepath.Join(dir, "words.db")
	os.WriteFile(words, []byte("这不是数据库"), 0o644)
	for _, p := range []string{foreign, words} {
		before, _ := os.ReadFile(p)
		_, err := RestoreDamaged(context.Background(), p, backup, dir, "admin", testPassword, RestoreOptions{OtherDatabase: true})
		var e *Error
		if !errors.As(err, &e) || e.Key != "err.restore_not_ours" {
			t.Errorf("%s replaced: %v", filepath.Base(p), err)
		}
		if after, _ := os.ReadFile(p); string(after) != string(before) {
			t.Errorf("%s changed", filepath.Base(p))
		}
	}
	// A damaged file this PC never saw: its database cannot be told.
	unknown := filepath.Join(t.TempDir(), "unknown.db")
	os.WriteFile(unknown, raw, 0o644)
	if _, err := RestoreDamaged(context.Background(), unknown, backup, dir, "admin", testPassword, RestoreOptions{}); ErrorCode(err) != EInvalid {
		t.Errorf("restore over a damaged file of unknown identity: %v", err)
	}
}
