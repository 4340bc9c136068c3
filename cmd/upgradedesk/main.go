// Command upgradedesk is UpgradeDesk (升级报备台): the desktop client for a
// library's software-upgrade reporting and registration procedure, and
// the subcommands its administrators and scripts use.
package main

import (
	_ "upgradedesk/app/envfix" // must run before Fyne's translations read the locale

	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"upgradedesk/app"
	"upgradedesk/cmd/cli"
	"upgradedesk/forms/uikit"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, RunClient: runClient,
	}))
}

func runClient(cfg cli.ClientConfig) error {
	noDepthBuffer()
	a := newApp(cfg.Version)
	return app.Run(a, app.Config{DBPath: cfg.DBPath, Version: cfg.Version, Explicit: cfg.Explicit,
		DB: cfg.DB, Machine: cfg.Machine,
		Placer: glfwPlacer{}})
}

// newApp creates the Fyne app. It is created without an ID, so that Fyne
// keeps its preferences in memory only, then given its ID (for
// notifications and the app's storage): the client keeps the preferences
// in their file itself, written whole, never half (see
// app.KeepPreferences).
func newApp(version string) fyne.App {
	meta := fyne.AppMetadata{Name: "UpgradeDesk", Version: version, Icon: uikit.Icon(), Release: true}
	fyneapp.SetMetadata(meta)
	a := fyneapp.NewWithID("")
	meta.ID = cli.AppID
	fyneapp.SetMetadata(meta)
	if path, err := app.PreferencesFile(cli.AppID); err != nil {
		fyne.LogError("no folder for the settings of this PC", err)
	} else if err := app.KeepPreferences(a, path); err != nil {
		fyne.LogError("keep the settings of this PC", err)
	}
	return a
}
