package app

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// TestMain pins the local time zone, so that dates and times shown (and
// the golden images) do not depend on the machine, and keeps this PC's
// witness of the test databases out of the user's configuration folder.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	var err error
	if packageDir, err = os.Getwd(); err != nil {
		panic(err)
	}
	witness, err := os.MkdirTemp("", "app-witness-")
	if err != nil {
		panic(err)
	}
	os.Setenv(data.EnvConfigDir, witness)
	code := m.Run()
	os.RemoveAll(witness)
	os.Exit(code)
}

// packageDir is the folder of the package, where the tests start.
var packageDir string

// testPassword is the password of every test account.
const testPassword = "correct horse"

// testStart is the fixed "now" of the test clock.
var testStart = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)

// testClock is a clock the tests move forward by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newTestApp returns a test app with the bundled theme, in Chinese.
func newTestApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(uikit.Theme())
	if err := uikit.SetLanguage(data.LangZH); err != nil {
		t.Fatal(err)
	}
	return a
}

// fixture is a small library on a real SQLite file: an administrator,
// a member of staff and the head of 流通部, a system administrator, a
// vendor and three systems.
type fixture struct {
	path  string
	store *data.Store
	clock *testClock
	users map[string]*data.User
	// signed are the users' sessions on the fixture's store.
	signed  map[string]*data.Session
	depts   map[string]data.Department
	systems []data.System
}

// sess returns u's session on the fixture's store, signing in with the
// fixture's password the first time.
func (f *fixture) sess(u *data.User) *data.Session {
	if ss := f.signed[u.Username]; ss != nil {
		return ss
	}
	ss, err := f.store.Login(u.Username, testPassword)
	if err != nil {
		panic(fmt.Sprintf("sign in %s: %v", u.Username, err))
	}
	f.signed[u.Username] = ss
	return ss
}

// newFixture builds the fixture in a temporary folder.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureAt(t, filepath.Join(t.TempDir(), "upgradedesk.db"))
}

// newFixtureAt builds the fixture in the database file path.
func newFixtureAt(t *testing.T, path string) *fixture {
	t.Helper()
	f := &fixture{path: path, clock: &testClock{t: testStart}, users: map[string]*data.User{},
		depts: map[string]data.Department{}}
	s, err := data.Open(path, data.Options{Create: true, Now: f.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f.store = s
	admin, err := s.Init("admin", "赵敏", testPassword, "信息管理部")
	must(t, err)
	f.users["admin"], f.signed = admin.User(), map[string]*data.Session{"admin": admin}
	f.addDepartments(t)
	f.addUsers(t)
	f.addLedger(t)
	return f
}

func (f *fixture) addDepartments(t *testing.T) {
	ds, err := f.store.Departments()
	must(t, err)
	f.depts[ds[0].Name] = ds[0]
	for _, d := range []data.Department{{Name: "流通部", Kind: data.DeptBusiness}, {Name: "采编部", Kind: data.DeptBusiness}} {
		must(t, f.store.SaveDepartment(f.sess(f.users["admin"]), &d))
		f.depts[d.Name] = d
	}
}

func (f *fixture) addUsers(t *testing.T) {
	for _, u := range []struct {
		name, full, dept string
		role             data.Role
	}{
		{"staff", "张丽", "流通部", data.RoleStaff},
		{"head", "刘洋", "流通部", data.RoleDeptHead},
		{"sysadmin", "李明", "信息管理部", data.RoleSysadmin},
	} {
		nu, err := f.store.CreateUser(f.sess(f.users["admin"]), data.NewUser{Username: u.name, FullName: u.full,
			DepartmentID: f.depts[u.dept].ID, Roles: []data.Role{u.role}, Phone: "0571-8800 8102",
			Password: testPassword})
		must(t, err)
		f.users[u.name] = nu
	}
}

func (f *fixture) addLedger(t *testing.T) {
	admin := f.users["admin"]
	v := data.Vendor{Name: "华图信息科技有限公司", Contact: "黄志强", Phone: "020-3888 1234"}
	must(t, f.store.SaveVendor(f.sess(admin), &v))
	for _, s := range []data.System{
		{Name: "图书馆集成管理系统", Code: "ILS", VendorID: &v.ID, CurrentVersion: "V3.2.4", InstalledOn: "2019-07-01"},
		{Name: "RFID 自助借还系统", Code: "SSC", CurrentVersion: "2.3.1", InstalledOn: "2020-05-10"},
		{Name: "座位预约系统", Code: "SEAT", CurrentVersion: "1.4.2", InstalledOn: "2023-02-01"},
	} {
		s.OwnerDeptID = f.depts["流通部"].ID
		must(t, f.store.SaveSystem(f.sess(admin), &s))
		f.systems = append(f.systems, s)
	}
}

// titles are the titles of the fixture's cases, in turn.
var titles = []string{
	"集成管理系统升级至 V3.3", "自助借还机固件安全补丁", "座位预约小程序改版",
	"流通模块逾期计费规则调整", "读者证二维码登录", "采访模块批量导入优化", "电子资源远程访问认证升级",
}

// newCase returns a complete request for the i-th fixture case.
func (f *fixture) newCase(i int) *data.Case {
	return &data.Case{
		Title: fmt.Sprintf("%s（%03d）", titles[i%len(titles)], i), SystemID: f.systems[(i+i/6)%len(f.systems)].ID,
		Phone: "0571-8800 8102", UpgradeType: data.UpgradeTypes[i%len(data.UpgradeTypes)],
		Urgency: "routine", Source: "business", Content: "需求内容", Problem: "期望解决的问题",
		Impact: "对业务的影响", ExpectedDate: f.clock.now().AddDate(0, 0, 20+i%40).Format(data.DateLayout),
	}
}

// addCases files n cases for staff in one transaction, one every step,
// and returns them.
func (f *fixture) addCases(t *testing.T, n int, step time.Duration) []*data.Case {
	t.Helper()
	var out []*data.Case
	staff := f.sess(f.users["staff"])
	err := f.store.Batch(func(b *data.Store) error {
		for i := range n {
			c := f.newCase(i)
			if err := b.NewCase(staff, c); err != nil {
				return err
			}
			out = append(out, c)
			f.clock.advance(step)
		}
		return nil
	})
	must(t, err)
	return out
}

// act takes an action on a case as user.
func (f *fixture) act(t *testing.T, user string, c *data.Case, a data.Action, opinion string) {
	t.Helper()
	_, err := f.store.Act(f.sess(f.users[user]), data.ActionRequest{CaseID: c.ID, Action: a, Opinion: opinion})
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// startClient opens the client on path and waits for the start-up dialog.
func startClient(t *testing.T, a fyne.App, path string, clock *testClock) *Client {
	t.Helper()
	return startClientWith(t, a, Config{DBPath: path, Version: "1.0.0", Explicit: true}, clock)
}

// startClientWith starts the client with cfg and waits for the start-up
// dialog.
func startClientWith(t *testing.T, a fyne.App, cfg Config, clock *testClock) *Client {
	t.Helper()
	c := New(a, cfg)
	c.jobs.Hold()
	c.poll = 0
	c.mailEvery = 0
	c.updateEvery = 0
	c.prebuild = 0
	c.ownWrite = 0
	if clock != nil {
		c.now = clock.now
	}
	c.Start()
	c.jobs.Wait()
	t.Cleanup(func() {
		c.jobs.Wait()
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// signInAs signs in through the login dialog and waits for the tabs.
func signInAs(t *testing.T, c *Client, username string) *session {
	t.Helper()
	if c.login == nil {
		t.Fatal("no login dialog")
	}
	c.login.username.SetText(username)
	test.Type(c.login.password, testPassword)
	test.Tap(c.login.submit)
	c.jobs.Wait()
	if c.sess == nil {
		t.Fatalf("not signed in: %q", c.login.message.Text)
	}
	return c.sess
}

// clientAs builds the fixture, starts a client on it and signs in.
func clientAs(t *testing.T, username string) (*fixture, *Client, *session) {
	t.Helper()
	f := newFixture(t)
	c := startClient(t, newTestApp(t), f.path, f.clock)
	return f, c, signInAs(t, c, username)
}

// showTab shows tab i of the main window and waits for it to load.
func showTab(c *Client, s *session, i int) {
	s.tabs.SelectIndex(i)
	c.jobs.Wait()
}

// labelTexts returns the texts of the labels inside o, in layout order.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	walkObjects(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

// walkObjects calls fn on o and everything drawn inside it.
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkObjects(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkObjects(c, fn)
		}
	}
}
