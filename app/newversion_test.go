package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"upgradedesk/app/update"
	"upgradedesk/data"
)

const testNotes = "## 9.9.0\n\n- 统计 by quarter.\n- Faster 待办.\n\n## 1.0.0\n- First.\n"

// updateFolder makes an update folder holding the given installers and
// the release notes, and sets it in f's database.
func updateFolder(t *testing.T, f *fixture, installers ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range append(installers, update.NotesFile) {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte(testNotes), 0o644))
	}
	must(t, f.store.SetSetting(f.signed["admin"], data.SettingUpdateFolder, dir))
	return dir
}

// TestNewerVersionBanner: a newer installer in the update folder is told
// in the banner above the tabs, with the section of its release notes and
// where it is; an older or equal one is not; the banner closes.
func TestNewerVersionBanner(t *testing.T) {
	f := newFixture(t)
	dir := updateFolder(t, f, "UpgradeDesk-9.9.0.msi", "upgradedesk_9.9.0_amd64.deb", "UpgradeDesk-0.9.0.msi")
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "staff")
	b := s.banner
	if !b.root.Visible() {
		t.Fatal("no banner for a newer version")
	}
	for _, want := range []string{"9.9.0", "1.0.0", dir, "UpgradeDesk-9.9.0.msi", "upgradedesk_9.9.0_amd64.deb"} {
		if !strings.Contains(b.title.Text, want) {
			t.Errorf("the banner does not say %q: %s", want, b.title.Text)
		}
	}
	if b.notes.Text != "- 统计 by quarter.\n- Faster 待办." || strings.Contains(b.notes.Text, "First") {
		t.Errorf("notes %q", b.notes.Text)
	}
	if !b.more.Hidden || b.open.Disabled() {
		t.Error("short notes need no 版本说明 button; the folder can be opened")
	}
	test.Tap(b.close)
	if b.root.Visible() {
		t.Error("the banner does not close")
	}
	s.lookForUpdate()
	c.jobs.Wait()
	if b.root.Visible() {
		t.Error("a closed banner comes back for the same version")
	}

	// Only the same version or older: nothing to tell.
	must(t, os.Remove(filepath.Join(dir, "UpgradeDesk-9.9.0.msi")))
	must(t, os.Remove(filepath.Join(dir, "upgradedesk_9.9.0_amd64.deb")))
	must(t, os.WriteFile(filepath.Join(dir, "UpgradeDesk-1.0.0.msi"), nil, 0o644))
	b.closed = ""
	s.lookForUpdate()
	c.jobs.Wait()
	if b.root.Visible() {
		t.Errorf("a banner for no newer version: %s", b.title.Text)
	}
}

func TestBannerNotesCut(t *testing.T) {
	notes, cut := firstLines("1\n2\n3\n4\n5\n6\n7", 6)
	if !cut || notes != "1\n2\n3\n4\n5\n6\n…" {
		t.Errorf("%q %v", notes, cut)
	}
	if notes, cut := firstLines("1\n2", 6); cut || notes != "1\n2" {
		t.Errorf("%q %v", notes, cut)
	}
}

// TestNewerDatabaseRefused: a database written by a newer UpgradeDesk is
// not opened; the refusal says which version is needed and shows what
// the update folder holds of it, with a button to open the folder.
func TestNewerDatabaseRefused(t *testing.T) {
	f := newFixture(t)
	dir := updateFolder(t, f, "UpgradeDesk-9.9.0.msi")
	newer, err := data.Open(f.path, data.Options{AppVersion: "9.9.0"})
	must(t, err)
	newer.Close()

	c := startClient(t, newTestApp(t), f.path, f.clock)
	p := c.problem
	if p == nil || c.store != nil {
		t.Fatal("the database written by 9.9.0 was opened by 1.0.0")
	}
	for _, want := range []string{"9.9.0", "1.0.0", dir} {
		if !strings.Contains(p.message.Text, want) {
			t.Errorf("the refusal does not say %q: %s", want, p.message.Text)
		}
	}
	if p.updateFound == nil || p.updateFound.Version.String() != "9.9.0" {
		t.Fatalf("the update folder was not looked into: %+v", p.updateFound)
	}
	texts := strings.Join(labelTexts(p.content), "\n")
	if !strings.Contains(texts, "统计 by quarter") || !strings.Contains(texts, "UpgradeDesk-9.9.0.msi") {
		t.Errorf("the refusal does not show the release notes and the installer:\n%s", texts)
	}

	// Without the installer of the version needed, it says so.
	must(t, os.Remove(filepath.Join(dir, "UpgradeDesk-9.9.0.msi")))
	test.Tap(p.retry)
	c.jobs.Wait()
	if c.problem == nil || c.problem.updateFound != nil {
		t.Fatal("retry")
	}
	if texts := strings.Join(labelTexts(c.problem.content), "\n"); !strings.Contains(texts, "还没有所需版本的安装程序") {
		t.Errorf("no word of the missing installer:\n%s", texts)
	}
}

// TestAdministratorSetsTheUpdateFolder: the folder saved in 设置 is
// shared in the database and looked into at once.
func TestAdministratorSetsTheUpdateFolder(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "UpgradeDesk-2.0.0.tar.xz"), nil, 0o644))
	showTab(c, s, 4)
	s.settings.build().updateFolder.SetText(dir)
	test.Tap(s.settings.build().saveUpdateFolder)
	c.jobs.Wait()
	if got, _ := f.store.Setting(data.SettingUpdateFolder, ""); got != dir {
		t.Errorf("saved %q", got)
	}
	if !s.banner.root.Visible() || !strings.Contains(s.banner.title.Text, "2.0.0") {
		t.Errorf("not looked into at once: %q", s.banner.title.Text)
	}
}
