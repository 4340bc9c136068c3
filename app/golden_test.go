package app

import (
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// goldenFixture is the fixture in the current folder (so that the
// database's location reads the same in every image) with forty cases
// filed over a year, in a mix of states.
func goldenFixture(t *testing.T) *fixture {
	t.Helper()
	t.Chdir(t.TempDir())
	f := newFixtureAt(t, "upgradedesk.db")
	must(t, f.store.SetSetting(f.sess(f.users["admin"]), data.SettingLibraryName, "示例市图书馆"))
	for i := range 40 {
		c := f.newCase(i)
		must(t, f.store.NewCase(f.sess(f.users["staff"]), c))
		f.clock.advance(2 * time.Hour)
		goldenProgress(t, f, c, i)
		f.clock.advance(9*24*time.Hour - 2*time.Hour)
	}
	return f
}

// goldenProgress moves the i-th case along the procedure.
func goldenProgress(t *testing.T, f *fixture, c *data.Case, i int) {
	switch i % 6 {
	case 0:
		return // stays a draft
	case 1:
		f.act(t, "staff", c, data.ActCancel, "需求已由其他事项覆盖")
		return
	}
	f.act(t, "staff", c, data.ActSubmit, "")
	switch i % 6 {
	case 3:
		f.act(t, "head", c, data.ActReject, "本年度预算不足，暂缓")
	case 4, 5:
		f.act(t, "head", c, data.ActApprove, "同意")
		if i%6 == 5 {
			f.act(t, "sysadmin", c, data.ActAccept, "纳入评估")
		}
	}
}

// assertGolden compares the window of c with the image testdata/name of
// the package, whose folder the test left to name the database simply.
func assertGolden(t *testing.T, name string, c *Client) {
	t.Helper()
	img := c.win.Canvas().Capture()
	must(t, os.Chdir(packageDir))
	test.AssertImageMatches(t, name, img)
}

// goldenClient starts the client on the golden fixture.
func goldenClient(t *testing.T, size fyne.Size) (*fixture, *Client) {
	t.Helper()
	f := goldenFixture(t)
	c := startClient(t, newTestApp(t), "upgradedesk.db", f.clock)
	c.win.Resize(size)
	return f, c
}

func TestGoldenLoginDialog(t *testing.T) {
	_, c := goldenClient(t, fyne.NewSize(900, 600))
	if c.login == nil {
		t.Fatal("no login dialog")
	}
	assertGolden(t, "login.png", c)
}

func TestGoldenMainWindow(t *testing.T) {
	_, c := goldenClient(t, fyne.NewSize(1100, 640))
	signInAs(t, c, "head")
	assertGolden(t, "main_window.png", c)
}

func TestGoldenCaseList(t *testing.T) {
	_, c := goldenClient(t, fyne.NewSize(1100, 640))
	s := signInAs(t, c, "admin")
	s.tabs.SelectIndex(1)
	c.jobs.Wait()
	assertGolden(t, "cases.png", c)
}

func TestGoldenStatistics(t *testing.T) {
	_, c := goldenClient(t, fyne.NewSize(1100, 750))
	s := signInAs(t, c, "admin")
	s.tabs.SelectIndex(3)
	c.jobs.Wait()
	assertGolden(t, "stats.png", c)
}
