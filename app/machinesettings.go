package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/app/machine"
	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// localSettings returns the database, the backup folder and the watched
// folder of scans of this PC and where each comes from (see
// machine.Effective); shared is the backup folder set in the database.
// The database is the one chosen at start; the folder of scans the one set
// now.
func (c *Client) localSettings(shared string) []machine.Setting {
	in := machine.Inputs{SharedBackup: shared, DefaultBackup: data.DefaultBackupDir}
	switch c.cfg.DB.Origin {
	case machine.Flag:
		in.Flag = c.cfg.DBPath
	case machine.Env:
		in.Env = c.cfg.DBPath
	case "", machine.Default:
		in.DefaultDatabase = c.cfg.DBPath
	}
	if c.cfg.Explicit && in.Flag == "" && in.Env == "" {
		in.Flag = c.cfg.DBPath // started by a caller that did not say how
	}
	in.User = machine.Layer{Origin: machine.User, Values: map[string]string{
		machine.Database:   c.prefs.dbPath,
		machine.ScanFolder: c.app.Preferences().String(prefScanFolder),
	}}
	if path, err := PreferencesFile(c.app.UniqueID()); err == nil {
		in.User.Where = path
	}
	return machine.Effective(in, c.cfg.Machine)
}

// backupSetting returns the backup folder of s, open at its location, with
// shared the folder set in it.
func (c *Client) backupSetting(s *data.Store, shared string) machine.Setting {
	settings := c.localSettings(shared)
	b := settings[1]
	if b.Origin == machine.Default {
		b.Value = data.DefaultBackupDir(s.Location())
	}
	return b
}

// buildOrigins builds the card that shows, for an IT office checking this
// PC, each machine-wide setting, its value and where it comes from (the
// same as `upgradedesk where`). It is filled by refreshOrigins.
func (t *settingsTab) buildOrigins() fyne.CanvasObject {
	t.origins = widget.NewForm()
	t.refreshOrigins("")
	store := t.s.store
	uikit.Background(t.s.jobs, func() (string, error) {
		return store.Setting(data.SettingBackupDir, "")
	}, func(shared string, err error) {
		if err != nil {
			fyne.LogError("read the shared backup folder", err)
			return
		}
		t.refreshOrigins(shared)
	})
	return widget.NewCard(lang.L("settings.origins"), lang.L("settings.origins_sub"), t.origins)
}

// refreshOrigins shows the settings with shared the backup folder set in
// the database.
func (t *settingsTab) refreshOrigins(shared string) {
	c := t.s.c
	t.sharedBackup = shared
	settings := c.localSettings(shared)
	if settings[0].Value != c.location {
		// picked on this PC after the configured database did not open
		settings[0] = machine.Setting{Name: machine.Database, Value: c.location, Origin: machine.User}
	}
	settings[1] = c.backupSetting(t.s.store, shared)
	l := uikit.Language()
	t.origins.Items = nil
	for _, s := range settings {
		value := s.Value
		if value == "" {
			value = lang.L("scans.folder.none")
		}
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapBreak
		origin := s.Origin.Label(l)
		if s.Where != "" {
			origin += " · " + s.Where
		}
		from := widget.NewLabel(lang.L("settings.origin", map[string]any{"Origin": origin}))
		from.Wrapping = fyne.TextWrapBreak
		from.Importance = widget.LowImportance
		from.SizeName = theme.SizeNameCaptionText
		t.origins.AppendItem(widget.NewFormItem(machine.Label(l, s.Name), container.NewVBox(v, from)))
	}
	t.origins.Refresh()
}
