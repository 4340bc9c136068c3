package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// header is the bar above the tabs: who is signed in (name, department,
// roles), whether the database is reachable, and the 修改密码 and 切换用户
// actions.
type header struct {
	s      *session
	root   fyne.CanvasObject
	who    *widget.Label
	roles  *widget.Label
	status *widget.Label

	password, switchUser *uikit.Button
}

func newHeader(s *session) *header {
	h := &header{s: s}
	icon := canvas.NewImageFromResource(uikit.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(28))
	title := widget.NewLabelWithStyle(lang.L("app.name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.who = widget.NewLabelWithStyle(h.whoText(), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	h.roles = widget.NewLabel(roleNames(s.user))
	h.status = widget.NewLabel("")
	h.showMode()
	h.password = uikit.NewButtonWithIcon(lang.L("header.password"), theme.AccountIcon(), h.onPassword)
	h.switchUser = uikit.NewButtonWithIcon(lang.L("header.switch_user"), theme.LogoutIcon(), s.c.signOut)
	if !s.canWrite() {
		h.password.Disable()
	}
	bar := container.NewHBox(icon, title, h.status, layout.NewSpacer(),
		widget.NewIcon(theme.AccountIcon()), h.who, h.roles, h.password, h.switchUser)
	h.root = container.NewVBox(bar, widget.NewSeparator())
	return h
}

// whoText is the user's name and department.
func (h *header) whoText() string {
	if h.s.dept == "" {
		return h.s.user.FullName
	}
	return lang.L("header.who", map[string]any{"Name": h.s.user.FullName, "Dept": h.s.dept})
}

// showMode shows whether the database is opened read-only.
func (h *header) showMode() {
	if h.s.canWrite() {
		h.status.SetText("")
		return
	}
	h.status.SetText(lang.L("header.readonly"))
	h.status.Importance = widget.WarningImportance
	h.status.Refresh()
}

// setOnline is called by the watcher when the database stops or starts
// answering; err is nil when it answers again.
func (h *header) setOnline(err error) {
	h.s.jobs.Do(func() {
		if err == nil {
			h.showMode()
			return
		}
		h.status.Importance = widget.DangerImportance
		h.status.SetText(lang.L("header.offline"))
	})
}

// onPassword lets the user change their own password.
func (h *header) onPassword() {
	old := newPasswordEntry(data.Required)
	pw := newPasswordEntry(data.All(data.Required, data.ValidPassword))
	again := newConfirmEntry(pw)
	items := []*widget.FormItem{
		formItem("password.old", old), formItem("password.new", pw), formItem("password.again", again),
	}
	var d *uikit.FormDialog
	d = uikit.NewFormDialog(lang.L("header.password"), lang.L("common.save"), items, func(ok bool) {
		if ok {
			h.changePassword(old.Text, pw.Text, d)
		}
	}, h.s.win)
	d.ShowWidth(440)
}

// changePassword saves the new password; on failure the form opens again
// with what was typed.
func (h *header) changePassword(oldPW, newPW string, d *uikit.FormDialog) {
	store, user := h.s.store, h.s.login
	uikit.Background(h.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.ChangePassword(user, oldPW, newPW)
	}, func(_ struct{}, err error) {
		if err != nil {
			showErrorThen(h.s.win, "change password", err, d.Show)
			return
		}
		uikit.ShowInfo(h.s.win, lang.L("header.password"), lang.L("password.changed"), nil)
	})
}

// confirmPassword asks for the user's password again, as the store's
// refusal why says it must be, then runs then with the session confirmed;
// cancel runs when the user gives up.
func (s *session) confirmPassword(why error, then, cancel func()) {
	pw := newPasswordEntry(data.Required)
	note := widget.NewLabel(errorText(why))
	note.Wrapping = wrapping()
	items := []*widget.FormItem{widget.NewFormItem("", note), formItem("password.current", pw)}
	d := uikit.NewFormDialog(lang.L("password.confirm_title"), lang.L("OK"), items, func(ok bool) {
		if !ok {
			if cancel != nil {
				cancel()
			}
			return
		}
		store, login, typed := s.store, s.login, pw.Text
		uikit.Background(s.jobs, func() (*data.Session, error) { return store.Confirm(login, typed) },
			func(ss *data.Session, err error) {
				if err != nil {
					showErrorThen(s.win, "confirm password", err, cancel)
					return
				}
				s.login = ss
				then()
			})
	}, s.win)
	d.ShowWidth(440)
}
