package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

func TestDailyBackupAtStart(t *testing.T) {
	f := newFixture(t)
	startClient(t, newTestApp(t), f.path, f.clock)
	list, err := data.ListBackups(data.DefaultBackupDir(f.path))
	if err != nil || len(list) != 1 {
		t.Fatalf("backups after the first start: %v %v", list, err)
	}
	startClient(t, newTestApp(t), f.path, f.clock)
	if again, _ := data.ListBackups(data.DefaultBackupDir(f.path)); len(again) != 1 {
		t.Errorf("a second start the same day made another backup: %v", again)
	}
}

func TestCheckBackupAndRestoreFromSettings(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	showTab(c, s, 4)
	p := s.settings.build().safety
	if p.restore.Disabled() || p.backup.Disabled() {
		t.Fatal("administrator cannot back up or restore")
	}
	if !strings.Contains(p.list.Text, "upgradedesk-") {
		t.Errorf("backup list %q", p.list.Text)
	}

	test.Tap(p.check)
	c.jobs.Wait()
	if rep, err := f.store.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %v", err)
	}
	if text := reportText(&data.CheckReport{AuditEntries: 3}); !strings.Contains(text, "审计链（3 条记录）") {
		t.Errorf("report %q", text)
	}

	dest := filepath.Join(t.TempDir(), "manual.db")
	p.writeBackup(dest)
	c.jobs.Wait()
	if _, err := os.Stat(dest); err != nil {
		t.Fatalf("backup now: %v", err)
	}
	f.addCases(t, 2, 0)
	p.doRestore(dest, data.RestoreOptions{})
	c.jobs.Wait()
	if rows, total, _ := f.store.ListCases(data.CaseFilter{}); total != 0 {
		t.Errorf("%d cases after restoring a backup without any: %v", total, rows)
	}
	if c.sess != nil {
		t.Error("still signed in after the restore")
	}
}

func TestSafetyForOthers(t *testing.T) {
	_, c, s := clientAs(t, "staff")
	showTab(c, s, 4)
	p := s.settings.build().safety
	if p.restore.Visible() || p.backup.Visible() || p.saveKeep.Visible() {
		t.Error("staff are offered to back up or restore")
	}
	if !p.dir.Disabled() || !p.keep.Disabled() {
		t.Error("staff may change the backup settings")
	}
	if !slices.Contains(labelTexts(p.root), "只有账号管理员可以修改这些设置。") {
		t.Errorf("staff are not told why: %q", labelTexts(p.root))
	}
	if p.check.Disabled() {
		t.Error("staff cannot check the database")
	}
}
