package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// firstRun is the dialog of a database without users: create the first
// administrator, or fill the database with demo data to try the client.
type firstRun struct {
	c   *Client
	dlg *uikit.Dialog

	library, username, fullName, dept, password, confirm *uikit.Entry
	form                                                 *widget.Form
	create, demo                                         *uikit.Button
	// message says why the last attempt failed.
	message *widget.Label
	// progress shows the demo data being written.
	progress     *widget.ProgressBar
	progressNote *widget.Label
}

// showFirstRun shows the first-run dialog.
func (c *Client) showFirstRun() {
	f := &firstRun{c: c}
	f.dlg = uikit.NewDialog(lang.L("firstrun.title"), f.buildUI(), c.win)
	f.dlg.SetButtons(f.demo, f.create)
	f.dlg.OnEnter(f.onCreate) // Esc does nothing: the database needs its administrator
	f.dlg.Resize(fyne.NewSize(560, 0))
	c.firstRun = f
	f.dlg.Show()
}

func (f *firstRun) buildUI() fyne.CanvasObject {
	intro := wrappedLabel(lang.L("firstrun.intro"))
	f.library = newEntry(data.All(data.Required, data.MaxLen(100)))
	f.library.SetPlaceHolder(lang.L("firstrun.library_placeholder"))
	f.username = newEntry(data.All(data.Required, data.ValidUsername))
	f.username.SetText("admin")
	f.fullName = newEntry(data.All(data.Required, data.MaxLen(64)))
	f.dept = newEntry(data.All(data.Required, data.MaxLen(64)))
	f.dept.SetText(lang.L("default.it_department"))
	f.password = newPasswordEntry(data.All(data.Required, data.ValidPassword))
	f.confirm = newConfirmEntry(f.password)
	f.form = widget.NewForm(
		formItem("field.library_name", f.library),
		formItem("field.username", f.username),
		formItem("field.full_name", f.fullName),
		formItem("field.dept_name", f.dept),
		formItem("field.password", f.password),
		formItem("login.confirm_password", f.confirm),
	)
	f.confirm.OnSubmitted = func(string) { f.onCreate() }
	f.message = wrappedLabel("")
	f.message.Importance = widget.DangerImportance
	f.message.Hide()
	f.progress = widget.NewProgressBar()
	f.progressNote = widget.NewLabel(lang.L("firstrun.demo_running"))
	f.progressNote.Hide()
	f.progress.Hide()
	f.create = uikit.NewButtonWithIcon(lang.L("firstrun.create"), theme.AccountIcon(), f.onCreate)
	f.create.Importance = widget.HighImportance
	f.demo = uikit.NewButtonWithIcon(lang.L("firstrun.demo"), theme.StorageIcon(), f.onDemo)
	return container.NewVBox(intro, f.form, f.message, f.progressNote, f.progress)
}

// onCreate creates the first administrator, with the library's name,
// and continues with sign-in; fields not right yet are listed, each with
// its reason.
func (f *firstRun) onCreate() {
	if msg := uikit.FormProblems(f.form); msg != "" {
		f.say(msg)
		return
	}
	f.busy(true)
	store := f.c.store
	library := strings.TrimSpace(f.library.Text)
	username, fullName, pw, dept := f.username.Text, f.fullName.Text, f.password.Text, f.dept.Text
	uikit.Background(&f.c.jobs, func() (*data.Session, error) {
		ss, err := store.Init(username, fullName, pw, dept)
		if err == nil {
			err = store.SetSetting(ss, data.SettingLibraryName, library)
		}
		return ss, err
	}, func(_ *data.Session, err error) {
		f.busy(false)
		if err != nil {
			fyne.LogError("create administrator", err)
			f.say(errorText(err))
			return
		}
		f.c.library = library
		f.c.win.SetContent(newWelcome(f.c.location, library))
		f.done(username)
	})
}

// done closes the dialog and asks the new user to sign in.
func (f *firstRun) done(username string) {
	f.dlg.Hide()
	f.c.firstRun = nil
	f.c.showLogin(username, "")
}

// say shows msg under the fields.
func (f *firstRun) say(msg string) {
	f.message.SetText(msg)
	f.message.Show()
}

// busy disables the dialog's buttons while work runs.
func (f *firstRun) busy(on bool) {
	f.message.Hide()
	for _, b := range []*uikit.Button{f.create, f.demo} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// demoCases is how many cases the demo library files.
const demoCases = 120

// onDemo fills the database with the demo library off the UI goroutine,
// showing its progress, and then asks to sign in with a demo account.
func (f *firstRun) onDemo() {
	f.busy(true)
	f.form.Hide()
	f.progress.SetValue(0)
	f.progress.Show()
	f.progressNote.Show()
	store, opt := f.c.store, f.demoOptions()
	uikit.Background(&f.c.jobs, func() (demoResult, error) {
		sum, err := store.FillDemo(opt)
		return demoResult{sum, store.LibraryName()}, err
	}, f.demoDone)
}

// demoResult is what FillDemo made, with the demo library's name.
type demoResult struct {
	sum     *data.DemoSummary
	library string
}

// demoOptions are the demo data's options, with its progress shown in the
// dialog.
func (f *firstRun) demoOptions() data.DemoOptions {
	return data.DemoOptions{Cases: demoCases,
		Progress: func(done, total int) {
			f.c.jobs.Do(func() { f.progress.SetValue(float64(done) / float64(max(total, 1))) })
		}}
}

// demoDone asks to sign in with a demo account, or says why the demo
// data could not be written.
func (f *firstRun) demoDone(r demoResult, err error) {
	f.busy(false)
	f.progress.Hide()
	f.progressNote.Hide()
	if err != nil {
		fyne.LogError("demo data", err)
		f.form.Show()
		f.say(errorText(err))
		return
	}
	f.c.library = r.library
	f.c.win.SetContent(newWelcome(f.c.location, r.library))
	f.dlg.Hide()
	f.c.firstRun = nil
	f.c.showLogin("admin", lang.L("firstrun.demo_done", map[string]any{
		"Users": r.sum.Users, "Cases": r.sum.Cases, "Password": data.DemoPassword}))
}
