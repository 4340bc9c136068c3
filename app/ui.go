package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// errorText returns the message of err for the user, in their language.
// Raw database text never gets here: the store's errors carry their own
// translated messages and anything else becomes a generic one.
func errorText(err error) string { return uikit.Message(err) }

// showError logs err under op and shows its message in a dialog on win.
func showError(win fyne.Window, op string, err error) { showErrorThen(win, op, err, nil) }

// showErrorThen logs err under op, shows its message in a dialog on win
// and calls then, if not nil, when the message is dismissed: a refused
// form opens again with what was typed.
func showErrorThen(win fyne.Window, op string, err error, then func()) {
	fyne.LogError(op, err)
	uikit.ShowErrorText(win, errorText(err), then)
}

// validator adapts a plain validator of package data for Entry.Validator,
// so that the hint under the field speaks the user's language.
func validator(v func(string) error) fyne.StringValidator {
	return func(s string) error {
		if err := v(s); err != nil {
			return errors.New(errorText(err))
		}
		return nil
	}
}

// validOrSay checks e; when it fails, it says why, naming the input by
// the translation of label, and reports false.
func validOrSay(win fyne.Window, label string, e *uikit.Entry) bool {
	err := e.Validate()
	if err != nil {
		uikit.ShowErrorText(win, lang.L("uikit.field_problem", map[string]any{"Field": lang.L(label), "Msg": err.Error()}), nil)
	}
	return err == nil
}

// showScrolling shows content, which scrolls, in a dialog with 关闭; Esc
// and Enter close it too.
func showScrolling(win fyne.Window, title string, content fyne.CanvasObject) *uikit.Dialog {
	d := uikit.NewDialog(title, content, win)
	closeButton := uikit.NewButton(lang.L("common.close"), d.Hide)
	d.SetButtons(closeButton)
	d.OnEscape(d.Hide)
	d.OnEnter(d.Hide)
	d.Show()
	return d
}

// showBusy shows a dialog with an endless progress bar until it is
// hidden; cancel, when set, is its 取消 button (and Esc).
func showBusy(win fyne.Window, title string, cancel func()) *uikit.Dialog {
	d := uikit.NewDialog(title, widget.NewProgressBarInfinite(), win)
	if cancel != nil {
		var stop *uikit.Button
		stop = uikit.NewButton(lang.L("Cancel"), func() {
			stop.Disable()
			cancel()
		})
		d.SetButtons(stop)
		d.OnEscape(stop.OnTapped)
	}
	d.Resize(fyne.NewSize(400, 0))
	d.Show()
	return d
}

// optional makes v accept an empty value.
func optional(v func(string) error) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return v(s)
	}
}

// newEntry returns a one-line entry checked by v (nil for none).
func newEntry(v func(string) error) *uikit.Entry {
	e := uikit.NewLineEntry()
	if v != nil {
		e.Validator = validator(v)
	}
	return e
}

// newConfirmEntry returns the entry of a password to repeat:
// required, and the same as first.
func newConfirmEntry(first *uikit.Entry) *uikit.Entry {
	e := uikit.NewPasswordEntry()
	e.Validator = func(s string) error {
		if err := data.Required(s); err != nil {
			return errors.New(errorText(err))
		}
		return sameAs(first)(s)
	}
	return e
}

// newPasswordEntry returns a password entry checked by v (nil for none).
func newPasswordEntry(v func(string) error) *uikit.Entry {
	e := uikit.NewPasswordEntry()
	if v != nil {
		e.Validator = validator(v)
	}
	return e
}

// sameAs returns a validator requiring the text of first.
func sameAs(first *uikit.Entry) fyne.StringValidator {
	return func(s string) error {
		if s != first.Text {
			return errors.New(lang.L("valid.password_mismatch"))
		}
		return nil
	}
}

// wrapping is how wrapped labels break lines (see uikit.Wrapping).
func wrapping() fyne.TextWrap { return uikit.Wrapping() }

// wrappedLabel returns a label that wraps its text.
func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = wrapping()
	return l
}

// formItem returns a form row labelled with the translation of key.
func formItem(key string, w fyne.CanvasObject) *widget.FormItem {
	return widget.NewFormItem(lang.L(key), w)
}

// roleNames returns the user's roles in the user's language.
func roleNames(u *data.User) string {
	rs := u.RoleList()
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = lang.L(r.LabelKey())
	}
	return strings.Join(names, lang.L("list.sep"))
}

// stateName returns the name of a case state in the user's language.
func stateName(s data.State) string { return lang.L(s.LabelKey()) }

// formatTime formats a time stamp for lists, in local time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(data.DateTimeLayout)
}
