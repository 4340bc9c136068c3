package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// settingsTab is the 设置 tab: this PC's database and language, the
// library's name printed on documents and, for administrators, the
// accounts and master data.
type settingsTab struct {
	s    *session
	item *container.TabItem
	// slot holds the pages, built the first time they are shown or used
	// (build): signing in does not wait for the eleven pages.
	slot *fyne.Container

	dbPath      *widget.Label
	browse      *uikit.Button
	newDB       *uikit.Button
	address     *uikit.Button
	language    *selectOf[string]
	library     *uikit.Entry
	saveLibrary *uikit.Button
	binding     *uikit.Entry // the binding margin in millimetres
	saveBinding *uikit.Button
	// updateFolder is where every PC looks for a newer version.
	updateFolder     *uikit.Entry
	saveUpdateFolder *uikit.Button
	scanFolder       *widget.Label // this PC's watched folder of scans
	// origins shows the machine-wide settings and where they come from;
	// sharedBackup is the backup folder set in the database.
	origins      *widget.Form
	sharedBackup string

	users   *masterList[userRow]
	depts   *masterList[data.Department]
	vendors *masterList[data.Vendor]
	systems *masterList[systemRow]
	safety  *safetyPage
	// standIns, deadlines and mail are the pages of stand-ins, time limits
	// and holidays, and e-mail reminders.
	standIns  *standInsPage
	deadlines *deadlinesPage
	mail      *mailPage
	// libcal is the library's calendar: blackout periods, opening hours.
	libcal *libCalendarPage
	// templates is the page of the templates of standard changes, in
	// the tab templatesItem of inner.
	templates     *templatesPage
	templatesItem *container.TabItem
	inner         *container.AppTabs
	// lists are the pages refreshed with the tab.
	lists []refresher
}

func newSettingsTab(s *session) *settingsTab {
	t := &settingsTab{s: s, slot: container.NewStack()}
	t.item = container.NewTabItemWithIcon(lang.L("tab.settings"), theme.SettingsIcon(), t.slot)
	return t
}

// build builds the pages unless they are built, and returns t.
func (t *settingsTab) build() *settingsTab {
	if t.inner != nil {
		return t
	}
	s := t.s
	t.safety = newSafetyPage(s)
	t.standIns = newStandInsPage(s)
	t.deadlines = newDeadlinesPage(s)
	t.mail = newMailPage(s)
	t.libcal = newLibCalendarPage(s)
	t.templates = newTemplatesPage(s)
	t.lists = []refresher{t.safety, t.standIns, t.deadlines, t.mail, t.libcal, t.templates}
	t.templatesItem = container.NewTabItem(lang.L("settings.templates"), t.templates.root)
	pages := []*container.TabItem{
		container.NewTabItem(lang.L("settings.general"), t.buildGeneral()),
		container.NewTabItem(lang.L("safety.title"), t.safety.root),
		container.NewTabItem(lang.L("settings.standins"), t.standIns.root),
		container.NewTabItem(lang.L("settings.deadlines"), t.deadlines.root),
		container.NewTabItem(lang.L("settings.library_calendar"), t.libcal.root),
		t.templatesItem,
		container.NewTabItem(lang.L("settings.mail"), t.mail.root),
	}
	if s.isAdmin() {
		pages = append(pages, t.buildAdmin()...)
	}
	t.inner = container.NewAppTabs(pages...)
	t.inner.SetTabLocation(container.TabLocationLeading)
	t.slot.Objects = []fyne.CanvasObject{t.inner}
	t.slot.Refresh()
	return t
}

// showTemplate shows the page of the templates of standard changes with
// template id selected.
func (t *settingsTab) showTemplate(id uint) {
	t.build()
	t.inner.Select(t.templatesItem)
	t.templates.selectID = id
	t.templates.refresh()
}

func (t *settingsTab) tabItem() *container.TabItem { return t.item }

// buildAdmin builds the administrators' lists, one page each.
func (t *settingsTab) buildAdmin() []*container.TabItem {
	t.users = newMasterList(t.s, userSpec(t.s))
	t.depts = newMasterList(t.s, deptSpec(t.s))
	t.vendors = newMasterList(t.s, vendorSpec(t.s))
	t.systems = newMasterList(t.s, systemSpec(t.s))
	t.lists = append(t.lists, t.users, t.depts, t.vendors, t.systems)
	return []*container.TabItem{
		container.NewTabItem(lang.L("admin.users"), t.users.root),
		container.NewTabItem(lang.L("admin.departments"), t.depts.root),
		container.NewTabItem(lang.L("admin.vendors"), t.vendors.root),
		container.NewTabItem(lang.L("admin.systems"), t.systems.root),
	}
}

// buildGeneral builds the page of this PC's and the shared settings.
func (t *settingsTab) buildGeneral() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(t.buildLocal(), t.buildOrigins(), t.buildShared(), t.buildAbout()))
}

// buildLocal builds the settings of this PC, which apply at the next start.
func (t *settingsTab) buildLocal() fyne.CanvasObject {
	c := t.s.c
	t.dbPath = widget.NewLabel(c.prefs.dbPath)
	switch {
	case t.dbPath.Text != "":
	case c.cfg.Explicit:
		t.dbPath.SetText(lang.L("settings.db_default"))
	default:
		t.dbPath.SetText(c.cfg.DBPath)
	}
	t.dbPath.Wrapping = fyne.TextWrapBreak
	t.browse = uikit.NewButtonWithIcon(lang.L("settings.browse"), theme.FolderOpenIcon(), t.onBrowse)
	t.newDB = uikit.NewButtonWithIcon(lang.L("settings.new_db"), theme.ContentAddIcon(), t.onNewDB)
	t.address = uikit.NewButtonWithIcon(lang.L("settings.type_address"), theme.DocumentCreateIcon(), t.onAddress)
	t.language = newSelectOf([]string{lang.L("settings.lang_zh"), lang.L("settings.lang_en")},
		[]string{data.LangZH, data.LangEN}, nil)
	t.language.setValue(c.prefs.language)
	t.language.changed = t.onLanguage
	db := widget.NewFormItem(lang.L("settings.db"), container.NewBorder(nil, nil, nil,
		container.NewHBox(t.browse, t.newDB, t.address), t.dbPath))
	if c.cfg.Explicit {
		hinted(db, lang.L("settings.db_explicit", map[string]any{"Path": c.cfg.DBPath}))
	} else {
		hinted(db, lang.L("settings.db_hint"))
	}
	lng := hinted(widget.NewFormItem(lang.L("settings.language"), t.language.sel), lang.L("settings.restart"))
	return widget.NewCard(lang.L("settings.local"), lang.L("settings.local_sub"),
		container.NewVBox(widget.NewForm(db, lng), t.buildScanFolder()))
}

// hinted puts hint under the widget of item, as a grey line that wraps:
// a form's own hint (FormItem.HintText) never wraps, so a long one, or a
// long path in it, made the whole settings page wider than the screen.
// The form still shows a validation error in its place.
func hinted(item *widget.FormItem, hint string) *widget.FormItem {
	l := widget.NewLabel(hint)
	l.Wrapping = wrapping()
	l.Importance = widget.LowImportance
	l.SizeName = theme.SizeNameCaptionText
	item.Widget = container.NewVBox(item.Widget, l)
	return item
}

// buildShared builds the settings every PC shares; only administrators
// change them.
func (t *settingsTab) buildShared() fyne.CanvasObject {
	t.library = newEntry(data.All(data.Required, data.MaxLen(100)))
	t.library.SetPlaceHolder(lang.L("default.library_name"))
	t.saveLibrary = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), t.onSaveLibrary)
	lib := widget.NewFormItem(lang.L("field.library_name"),
		container.NewBorder(nil, nil, nil, t.saveLibrary, t.library))
	hinted(lib, lang.L("settings.library_hint"))
	t.binding = newEntry(data.ValidBindingMargin)
	t.binding.SetPlaceHolder(strconv.Itoa(data.DefaultBindingMargin))
	t.saveBinding = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), t.onSaveBinding)
	bind := widget.NewFormItem(lang.L("field.binding_margin"),
		container.NewBorder(nil, nil, nil, t.saveBinding, t.binding))
	hinted(bind, lang.L("settings.binding_hint"))
	t.updateFolder = newEntry(data.MaxLen(500))
	t.updateFolder.SetPlaceHolder(`\\server\share\UpgradeDesk`)
	t.saveUpdateFolder = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), t.onSaveUpdateFolder)
	upd := widget.NewFormItem(lang.L("field.update_folder"),
		container.NewBorder(nil, nil, nil, t.saveUpdateFolder, t.updateFolder))
	hinted(upd, lang.L("settings.update_hint"))
	form := widget.NewForm(lib, bind, upd)
	if why := t.s.sharedSettingsLocked(); why != "" {
		lockInputs(t.library, t.binding, t.updateFolder)
		t.saveLibrary.Hide()
		t.saveBinding.Hide()
		t.saveUpdateFolder.Hide()
		return widget.NewCard(lang.L("settings.shared"), lang.L("settings.shared_sub"),
			container.NewVBox(form, lockedNote(why)))
	}
	return widget.NewCard(lang.L("settings.shared"), lang.L("settings.shared_sub"), form)
}

// sharedSettingsLocked says why the user may not change what every PC
// shares (the library's name, backups): "" when they may.
func (s *session) sharedSettingsLocked() string {
	switch {
	case !s.canWrite():
		return lang.L("settings.locked_readonly")
	case !s.isAdmin():
		return lang.L("settings.locked_admin")
	}
	return ""
}

// lockInputs makes inputs read-only; lockedNote says why.
func lockInputs(inputs ...*uikit.Entry) {
	for _, e := range inputs {
		e.Disable()
	}
}

// lockedNote is the line that says why inputs above it are read-only.
func lockedNote(why string) fyne.CanvasObject {
	l := widget.NewLabel(why)
	l.Wrapping = wrapping()
	l.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, l)
}

// buildAbout shows the version and the database in use.
func (t *settingsTab) buildAbout() fyne.CanvasObject {
	c := t.s.c
	where := c.location
	if !t.s.canWrite() {
		where = lang.L("settings.readonly_db", map[string]any{"Path": where})
	}
	loc := widget.NewLabel(where)
	loc.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem(lang.L("settings.version"), widget.NewLabel(c.cfg.Version)),
		widget.NewFormItem(lang.L("settings.db_open"), loc),
	)
	return widget.NewCard(lang.L("settings.about"), "", form)
}

// refresh reloads the library's name and the administrators' lists; it
// builds the pages first, as the tab is shown.
func (t *settingsTab) refresh() {
	t.build()
	store := t.s.store
	uikit.Background(t.s.jobs, func() ([3]string, error) {
		var v [3]string
		for i, key := range []string{data.SettingLibraryName, data.SettingBindingMargin, data.SettingUpdateFolder} {
			var err error
			if v[i], err = store.Setting(key, ""); err != nil {
				return v, err
			}
		}
		return v, nil
	}, func(v [3]string, err error) {
		if err != nil {
			fyne.LogError("read shared settings", err)
			return
		}
		t.library.SetText(v[0])
		t.binding.SetText(v[1])
		t.updateFolder.SetText(v[2])
	})
	for _, l := range t.lists {
		l.refresh()
	}
}

// onBrowse chooses the database this PC opens at the next start.
func (t *settingsTab) onBrowse() {
	pickDatabase(t.s.win, t.s.c.location, t.setDBPath)
}

// onAddress takes a database address typed in full: a UNC path or the URL
// of a PostgreSQL server.
func (t *settingsTab) onAddress() {
	askDatabaseAddress(t.s.win, t.s.c.location, t.setDBPath)
}

// onNewDB creates a new database file for the next start.
func (t *settingsTab) onNewDB() {
	newDatabaseFile(t.s.win, t.s.c.location, t.setDBPath)
}

// setDBPath saves the database location of this PC.
func (t *settingsTab) setDBPath(path string) {
	t.s.c.app.Preferences().SetString(prefDBPath, path)
	t.dbPath.SetText(path)
	uikit.ShowInfo(t.s.win, lang.L("settings.db"), lang.L("settings.saved_restart"), nil)
}

// onLanguage saves the language of this PC.
func (t *settingsTab) onLanguage(code string) {
	t.s.c.app.Preferences().SetString(prefLanguage, code)
	uikit.ShowInfo(t.s.win, lang.L("settings.language"), lang.L("settings.saved_restart"), nil)
}

// onSaveLibrary saves the library's name for every PC.
func (t *settingsTab) onSaveLibrary() {
	if !validOrSay(t.s.win, "field.library_name", t.library) {
		return
	}
	store, user, name := t.s.store, t.s.login, t.library.Text
	uikit.Background(t.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.SetSetting(user, data.SettingLibraryName, name)
	}, func(_ struct{}, err error) {
		if err != nil {
			t.s.showError("save library name", err)
			return
		}
		uikit.ShowInfo(t.s.win, lang.L("field.library_name"), lang.L("settings.saved"), nil)
	})
}

// onSaveBinding saves the binding margin of the documents for every PC.
func (t *settingsTab) onSaveBinding() {
	if !validOrSay(t.s.win, "field.binding_margin", t.binding) {
		return
	}
	store, user, mm := t.s.store, t.s.login, strings.TrimSpace(t.binding.Text)
	uikit.Background(t.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.SetSetting(user, data.SettingBindingMargin, mm)
	}, func(_ struct{}, err error) {
		if err != nil {
			t.s.showError("save binding margin", err)
			return
		}
		uikit.ShowInfo(t.s.win, lang.L("field.binding_margin"), lang.L("settings.saved"), nil)
	})
}

// onSaveUpdateFolder saves the folder where every PC looks for a newer
// version, and looks there at once.
func (t *settingsTab) onSaveUpdateFolder() {
	if !validOrSay(t.s.win, "field.update_folder", t.updateFolder) {
		return
	}
	store, user, dir := t.s.store, t.s.login, strings.TrimSpace(t.updateFolder.Text)
	uikit.Background(t.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.SetSetting(user, data.SettingUpdateFolder, dir)
	}, func(_ struct{}, err error) {
		if err != nil {
			t.s.showError("save update folder", err)
			return
		}
		t.s.lookForUpdate()
		uikit.ShowInfo(t.s.win, lang.L("field.update_folder"), lang.L("settings.saved"), nil)
	})
}
