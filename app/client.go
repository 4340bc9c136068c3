// Package app is the shell of the desktop client: the main window, its
// tabs, sign-in, lists and settings. Stage forms live in package forms;
// this package assembles them. It does not import fyne.io/fyne/v2/app, so
// it can be driven by fyne.io/fyne/v2/test; cmd/upgradedesk creates the
// real Fyne application and hands it over.
package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/app/uikit"
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
}

// Preference keys.
const (
	prefLanguage = "language"
)

// Run sets the language from the preferences, opens the main window on a
// and returns when the user has closed it.
func Run(a fyne.App, cfg Config) error {
	code := a.Preferences().StringWithFallback(prefLanguage, uikit.LangChinese)
	if err := uikit.SetLanguage(code); err != nil {
		fyne.LogError("language", err)
		_ = uikit.SetLanguage(uikit.LangChinese)
	}
	New(a, cfg).Window().ShowAndRun()
	return nil
}

// Client is the running desktop client: one main window.
type Client struct {
	fyneApp fyne.App
	cfg     Config
	win     fyne.Window
	tabs    *container.AppTabs
}

// New builds the main window of the client on a, with the bundled theme.
func New(a fyne.App, cfg Config) *Client {
	a.Settings().SetTheme(uikit.Theme())
	a.SetIcon(uikit.Icon())
	c := &Client{fyneApp: a, cfg: cfg}
	c.win = a.NewWindow(lang.L("app.title"))
	c.win.SetIcon(uikit.Icon())
	c.tabs = c.buildTabs()
	c.win.SetContent(c.tabs)
	c.win.Resize(fyne.NewSize(1200, 760))
	return c
}

// Window returns the main window.
func (c *Client) Window() fyne.Window { return c.win }

func (c *Client) buildTabs() *container.AppTabs {
	return container.NewAppTabs(
		container.NewTabItem(lang.L("tab.todo"), widget.NewLabel(lang.L("tab.todo"))),
		container.NewTabItem(lang.L("tab.cases"), widget.NewLabel(lang.L("tab.cases"))),
		container.NewTabItem(lang.L("tab.ledger"), widget.NewLabel(lang.L("tab.ledger"))),
		container.NewTabItem(lang.L("tab.stats"), widget.NewLabel(lang.L("tab.stats"))),
		container.NewTabItem(lang.L("tab.settings"), widget.NewLabel(c.cfg.DBPath)),
	)
}
