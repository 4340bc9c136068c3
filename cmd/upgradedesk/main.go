// Command upgradedesk is UpgradeDesk (升级报备台): the desktop client for a
// library's software-upgrade reporting and registration procedure, and
// the subcommands its administrators and scripts use.
package main

import (
	_ "upgradedesk/app/envfix" // must run before Fyne's translations read the locale

	"os"
	"os/signal"
	"syscall"

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
	fyneapp.SetMetadata(fyne.AppMetadata{
		ID: cli.AppID, Name: "UpgradeDesk", Version: cfg.Version, Icon: uikit.Icon(), Release: true,
	})
	a := fyneapp.NewWithID(cli.AppID)
	quitOnSignal(a)
	return app.Run(a, app.Config{DBPath: cfg.DBPath, Version: cfg.Version, Explicit: cfg.Explicit})
}

// quitOnSignal closes the client the normal way (asking about unsaved
// forms is the window's job) when the session ends or the process is
// told to stop.
func quitOnSignal(a fyne.App) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ch
		fyne.Do(a.Quit)
	}()
}
