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

// loginDialog asks for a user name and password. A failed attempt, or the
// wait imposed after several, is said inside the dialog, which stays open.
type loginDialog struct {
	c        *Client
	dlg      *uikit.Dialog
	username *uikit.Entry
	password *uikit.Entry
	message  *widget.Label
	submit   *uikit.Button
	quit     *uikit.Button
	// asked is the user name whose 待办 was last asked for ahead.
	asked string
}

// profile is the signed-in user with the name of their department, and
// their 待办 if it was computed ahead (keptTodo).
type profile struct {
	login *data.Session
	user  *data.User
	dept  string
	todo  *todoList
}

// showLogin shows the sign-in dialog, with username filled in and a note
// above the fields if given.
func (c *Client) showLogin(username, note string) {
	l := &loginDialog{c: c}
	l.dlg = uikit.NewDialog(lang.L("login.title"), l.buildUI(note), c.win)
	l.dlg.SetButtons(l.quit, l.submit)
	l.dlg.OnEnter(l.onSubmit) // Esc does nothing: the only way out is 退出
	l.dlg.Resize(fyne.NewSize(420, 0))
	c.login = l
	l.username.SetText(username)
	l.dlg.Focus = l.username
	if username != "" {
		l.dlg.Focus = l.password
	}
	l.dlg.Show()
	l.prefetch()
}

// prefetch has the 待办 of the user named in the dialog computed while the
// password is typed (data.Store.PrefetchTodo): on a large database it takes
// longer than signing in, and signing in then finds it ready.
func (l *loginDialog) prefetch() {
	name := strings.TrimSpace(l.username.Text)
	if name == "" || name == l.asked {
		return
	}
	l.asked = name
	store := l.c.store
	l.c.jobs.Go(func() { store.PrefetchTodo(name) })
}

func (l *loginDialog) buildUI(note string) fyne.CanvasObject {
	l.username = uikit.NewLineEntry()
	l.password = uikit.NewPasswordEntry()
	l.username.OnSubmitted = func(string) { l.c.win.Canvas().Focus(l.password) }
	l.username.OnFocusLost = l.prefetch
	l.password.OnSubmitted = func(string) { l.onSubmit() }
	l.message = wrappedLabel("")
	l.message.Importance = widget.DangerImportance
	l.message.Hide()
	l.submit = uikit.NewButtonWithIcon(lang.L("login.submit"), theme.LoginIcon(), l.onSubmit)
	l.submit.Importance = widget.HighImportance
	l.quit = uikit.NewButton(lang.L("open.quit"), l.c.app.Quit)
	form := widget.NewForm(formItem("field.username", l.username), formItem("field.password", l.password))
	box := container.NewVBox()
	if note != "" {
		box.Add(wrappedLabel(note))
	}
	box.Add(form)
	if l.c.store.ReadOnly() {
		ro := widget.NewLabel(lang.L("login.readonly"))
		ro.Importance = widget.WarningImportance
		box.Add(ro)
	}
	box.Add(l.message)
	return box
}

// onSubmit checks the name and password off the UI goroutine.
func (l *loginDialog) onSubmit() {
	if l.username.Text == "" {
		l.say(lang.L("login.need_username"))
		l.c.win.Canvas().Focus(l.username)
		return
	}
	l.submit.Disable()
	store, username, pw := l.c.store, l.username.Text, l.password.Text
	uikit.Background(&l.c.jobs, func() (profile, error) {
		p, err := signIn(store, username, pw)
		if err == nil {
			p.todo = keptTodo(store, p.user)
		}
		return p, err
	}, func(p profile, err error) {
		l.submit.Enable()
		if err != nil {
			l.say(errorText(err))
			l.password.SetText("")
			l.c.win.Canvas().Focus(l.password)
			return
		}
		l.dlg.Hide()
		l.c.login = nil
		l.c.app.Preferences().SetString(prefLastUser, p.user.Username)
		l.c.startSession(p)
	})
}

// say shows msg in the dialog.
func (l *loginDialog) say(msg string) {
	l.message.SetText(msg)
	l.message.Show()
}

// signIn checks the password and looks up the user's department.
func signIn(store *data.Store, username, pw string) (profile, error) {
	ss, err := store.Login(username, pw)
	if err != nil {
		return profile{}, err
	}
	return loadProfile(store, ss)
}

// loadProfile reads the name of the signed-in user's department.
func loadProfile(store *data.Store, ss *data.Session) (profile, error) {
	u := ss.User()
	depts, err := store.Departments()
	if err != nil {
		return profile{}, err
	}
	p := profile{login: ss, user: u}
	for _, d := range depts {
		if d.ID == u.DepartmentID {
			p.dept = d.Name
		}
	}
	return p, nil
}

// signOut ends the session, after the case windows agreed to close, and
// asks for the next user.
func (c *Client) signOut() {
	if c.sess == nil {
		return
	}
	last := c.sess.user.Username
	c.sess.end(func() {
		c.win.SetContent(newWelcome(c.location, c.library))
		c.showLogin(last, "")
	})
}
