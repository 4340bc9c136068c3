package app

import (
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/app/machine"
	"upgradedesk/data"
)

// TestSettingsShowWhereTheyComeFrom: 设置 shows the database, the backup
// folder and the folder of scans with where each comes from, and the
// client uses the machine's values.
func TestSettingsShowWhereTheyComeFrom(t *testing.T) {
	f := newFixture(t)
	scans := t.TempDir()
	layers := []machine.Layer{
		{Origin: machine.Policy, Where: `HKLM\` + machine.PolicyKey, Values: map[string]string{machine.BackupFolder: filepath.Join(t.TempDir(), "policy-backups")}},
		{Origin: machine.File, Where: "/etc/upgradedesk/machine.ini", Values: map[string]string{machine.ScanFolder: scans}},
		{Origin: machine.Installer, Where: `HKLM\` + machine.InstallerKey, Values: map[string]string{machine.Database: f.path}},
	}
	cfg := Config{DBPath: f.path, Version: "1.0.0", Machine: layers,
		DB: machine.Setting{Name: machine.Database, Value: f.path, Origin: machine.Installer, Where: `HKLM\` + machine.InstallerKey}}
	c := startClientWith(t, newTestApp(t), cfg, f.clock)
	if loc, isDefault := c.dbLocationDefault(); loc != f.path || isDefault {
		t.Errorf("a database set for the machine is not created unasked: %s %v", loc, isDefault)
	}
	s := signInAs(t, c, "admin")
	showTab(c, s, 4)
	if s.folder == nil || s.folder.dir != scans {
		t.Errorf("the machine's folder of scans is not watched: %+v", s.folder)
	}
	want := []struct{ value, origin string }{
		{f.path, "来源：安装程序 · HKLM\\SOFTWARE\\UpgradeDesk"},
		{layers[0].Values[machine.BackupFolder], "来源：组策略 · HKLM\\SOFTWARE\\Policies\\UpgradeDesk"},
		{scans, "来源：本机配置文件 · /etc/upgradedesk/machine.ini"},
	}
	check := func(want []struct{ value, origin string }) {
		t.Helper()
		items := s.settings.build().origins.Items
		if len(items) != len(want) {
			t.Fatalf("%d settings shown, want %d", len(items), len(want))
		}
		for i, w := range want {
			texts := labelTexts(items[i].Widget)
			if len(texts) != 2 || texts[0] != w.value || texts[1] != w.origin {
				t.Errorf("%s: %q, want %q %q", items[i].Text, texts, w.value, w.origin)
			}
		}
	}
	check(want)
	if dir, _ := c.backupPlace(s.store); dir != want[1].value {
		t.Errorf("backups go to %s, want the policy's folder", dir)
	}

	// The backup folder shared in the database and the user's folder of
	// scans win over the machine's.
	shared := filepath.Join(t.TempDir(), "shared")
	must(t, s.store.SetSetting(s.login, data.SettingBackupDir, shared))
	mine := t.TempDir()
	s.settings.build().setScanFolder(mine)
	s.settings.build().refreshOrigins(shared)
	want[1] = struct{ value, origin string }{shared, "来源：数据库共享设置"}
	want[2].value, want[2].origin = mine, "来源：本机用户设置"
	items := s.settings.build().origins.Items
	if got := labelTexts(items[2].Widget); len(got) != 2 || !strings.HasPrefix(got[1], want[2].origin) {
		t.Errorf("folder of scans: %q", got)
	} else {
		want[2].origin = got[1]
	}
	check(want)
	if dir, _ := c.backupPlace(s.store); dir != shared {
		t.Errorf("backups go to %s, want the shared folder", dir)
	}
}
