// Package app is the shell of the desktop client: the main window, its
// tabs, sign-in, lists and settings. Stage forms live in package forms;
// this package assembles them. It does not import fyne.io/fyne/v2/app, so
// it can be driven by fyne.io/fyne/v2/test; cmd/upgradedesk creates the
// real Fyne application and hands it over.
package app

import (
	"os"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"upgradedesk/app/machine"
	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// Config is what the client needs to start.
type Config struct {
	// DBPath is the database to open: a file path or a database URL.
	DBPath string
	// Version is the application version.
	Version string
	// Explicit is true when DBPath was named on the command line or in
	// the environment and must win over the one in the settings.
	Explicit bool
	// DB is DBPath and where it comes from (the command line, the
	// environment, the machine's settings, the default); Machine the
	// machine-wide settings of this PC (see package machine).
	DB      machine.Setting
	Machine []machine.Layer
	// Placer moves windows to where they were last closed on this PC; nil
	// remembers their sizes only.
	Placer uikit.Placer
}

// Preference keys of this PC. They are read once, in readPrefs.
const (
	prefLanguage = "language"
	// prefLastUser is the user name last signed in with on this PC, which
	// the sign-in dialog proposes.
	prefLastUser = "lastUser"
	prefDBPath   = machine.PrefDatabase
)

// prebuildAfter is Client.prebuild: the first frame of the main window is
// drawn by then, and the next case window is ready before it is wanted.
const prebuildAfter = 700 * time.Millisecond

// ownWriteAfter is Client.ownWrite: long enough for the case window to
// show what was saved or decided before the lists ask the database again,
// short enough to pass unnoticed. 待办 of tens of thousands of cases is
// computed anew after every write, and the software renderer of a PC
// without a graphics driver draws with both cores: started at once, the
// two shared them.
const ownWriteAfter = 100 * time.Millisecond

// pollInterval is how often the client looks for work done on other PCs.
const pollInterval = 2 * time.Second

// prefs are the preferences of this PC as read at start-up. Changes made
// in 设置 are saved at once but take effect at the next start.
type prefs struct {
	language string
	dbPath   string
	lastUser string
}

func readPrefs(a fyne.App) prefs {
	p := a.Preferences()
	return prefs{
		language: p.StringWithFallback(prefLanguage, data.LangZH),
		dbPath:   p.StringWithFallback(prefDBPath, ""),
		lastUser: p.StringWithFallback(prefLastUser, ""),
	}
}

// Run sets the language from the preferences, opens the main window on
// the database of cfg and returns when the user has closed it.
func Run(a fyne.App, cfg Config) error {
	lessGarbage()
	p := readPrefs(a)
	if err := uikit.SetLanguage(p.language); err != nil {
		fyne.LogError("language", err)
		if err := uikit.SetLanguage(data.LangZH); err != nil {
			return err
		}
	}
	c := newClient(a, cfg, p)
	c.Start()
	a.Lifecycle().SetOnStarted(func() { c.places.Move(c.win, mainWindowPlace) })
	c.win.ShowAndRun()
	return c.Close()
}

// Client is the running desktop client: one main window on one database,
// and the session of the signed-in user.
type Client struct {
	app   fyne.App
	cfg   Config
	prefs prefs
	win   fyne.Window
	jobs  uikit.Jobs
	// poll is how often the session looks for changes; 0 stops polling
	// (tests tick the watcher themselves).
	poll time.Duration
	// mailEvery is how often the session sends the outbox; 0 sends
	// nothing (tests start senders of their own).
	mailEvery time.Duration
	// scanEvery is how often the session looks into the watched folder of
	// scans; 0 looks only when told (tests).
	scanEvery time.Duration
	// updateEvery is how often the session looks into the update folder
	// after the look at sign-in; 0 looks at sign-in only (tests).
	updateEvery time.Duration
	// prebuild is how long after signing in and after each case window
	// appeared the session builds the window of the next case opened
	// (forms.Env.SpareAfter), while the user reads; 0 leaves it until
	// needed. 设置 is built when it is first shown: most sessions never
	// open it, and its eleven pages held about 1 MB.
	prebuild time.Duration
	// ownWrite is how long after a case window's save or step the lists
	// are brought up to date (ownWriteAfter); 0 at once.
	ownWrite time.Duration
	// now is the database's clock; nil for the real one (tests fix it).
	// Use clock() to read it.
	now func() time.Time
	// places remembers where the windows were on this PC.
	places *uikit.Places

	store *data.Store
	// location is where store was opened.
	location string
	// library is the library's name, shown while nobody is signed in.
	library string
	// sess is the signed-in user's session; nil while nobody is.
	sess *session

	// The dialogs of the start-up, kept so that tests can drive them.
	problem  *openProblem
	firstRun *firstRun
	login    *loginDialog
}

// New builds the main window of the client on a, with the bundled theme.
// Call Start to open the database.
func New(a fyne.App, cfg Config) *Client {
	return newClient(a, cfg, readPrefs(a))
}

func newClient(a fyne.App, cfg Config, p prefs) *Client {
	a.Settings().SetTheme(uikit.Theme())
	a.SetIcon(uikit.Icon())
	c := &Client{app: a, cfg: cfg, prefs: p, poll: pollInterval, mailEvery: mailEvery, scanEvery: scanFolderEvery,
		updateEvery: updateEvery, prebuild: prebuildAfter, ownWrite: ownWriteAfter,
		places: &uikit.Places{Prefs: a.Preferences(), Placer: cfg.Placer}}
	c.win = a.NewWindow(lang.L("app.title"))
	c.win.SetIcon(uikit.Icon())
	c.win.SetMaster()
	c.win.SetCloseIntercept(c.onCloseWindow)
	c.installKeys()
	c.win.SetContent(newWelcome(c.dbLocation(), ""))
	c.places.Open(c.win, mainWindowPlace)
	return c
}

// mainWindowPlace is where this PC keeps the main window's size and
// position. The first size fits a 1366×768 screen with a taskbar; a
// smaller screen gets a window that fits it.
var mainWindowPlace = uikit.WindowPlace{Key: "window.main", Size: fyne.NewSize(1200, 660)}

// Window returns the main window.
func (c *Client) Window() fyne.Window { return c.win }

// Start opens the database off the UI goroutine; then the first-run or
// sign-in dialog follows.
func (c *Client) Start() {
	loc, isDefault := c.dbLocationDefault()
	c.open(loc, data.Options{Create: isDefault})
}

// dbLocation returns the database this client opens.
func (c *Client) dbLocation() string {
	loc, _ := c.dbLocationDefault()
	return loc
}

// dbLocationDefault returns the database to open: the one named on the
// command line or in the environment, else the one chosen in 设置, else the
// one set for the machine (group policy, the installer, a settings file),
// else the default. isDefault reports the last case, where a missing file
// is simply created.
func (c *Client) dbLocationDefault() (loc string, isDefault bool) {
	if !c.cfg.Explicit && c.prefs.dbPath != "" {
		return c.prefs.dbPath, false
	}
	return c.cfg.DBPath, !c.cfg.Explicit && (c.cfg.DB.Origin == "" || c.cfg.DB.Origin == machine.Default)
}

// onCloseWindow closes the case windows (asking about unsaved edits) and
// then the main window, which ends the application.
func (c *Client) onCloseWindow() {
	closeWindow := func() {
		c.places.Remember(c.win, mainWindowPlace)
		c.win.Close()
	}
	if c.sess == nil {
		closeWindow()
		return
	}
	c.sess.end(closeWindow)
}

// Close ends the session and closes the database.
func (c *Client) Close() error {
	if c.sess != nil {
		c.sess.stop()
		c.sess = nil
	}
	return c.closeStore()
}

// closeStore closes the database, if one is open.
func (c *Client) closeStore() error {
	if c.store == nil {
		return nil
	}
	err := c.store.Close()
	c.store = nil
	return err
}

// clock returns the client's clock: the fixed one of tests or the real one.
func (c *Client) clock() func() time.Time {
	if c.now != nil {
		return c.now
	}
	return time.Now
}

// clientGCPercent is the garbage collector's target for the client. The
// client holds little (about 60 MB of fonts, texts and lists) and makes
// garbage steadily while it draws; collecting at 50 % growth instead of
// Go's 100 % keeps about 15 MB less resident with a case open (242-247 MB
// against 257-260 MB, .ci/measure-client on the 100,000-case demo, three
// runs each), for collections it has the time for between two frames.
const clientGCPercent = 50

// lessGarbage sets clientGCPercent unless GOGC says otherwise.
func lessGarbage() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(clientGCPercent)
	}
}
