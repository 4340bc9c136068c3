package uikit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dialogKeys is what Esc and Enter do in an open dialog; nil leaves the
// key alone.
type dialogKeys struct {
	escape, enter func()
}

// openDialogs are the keys of the open dialogs, by the overlay that shows
// each. A dialog's entry goes when it closes. Only the UI goroutine uses
// it.
var openDialogs = map[fyne.CanvasObject]*dialogKeys{}

// registeredDialog returns the keys of the dialog overlay o shows, nil
// when o is no dialog of the client's.
func registeredDialog(o fyne.CanvasObject) *dialogKeys { return openDialogs[o] }

// dialogEscape cancels the dialog on top of c, or hides a pop-up there
// (a calendar, a drop-down list).
func dialogEscape(c fyne.Canvas) {
	top := c.Overlays().Top()
	if top == nil {
		return
	}
	if k := registeredDialog(top); k != nil {
		if k.escape != nil {
			k.escape()
		}
		return
	}
	if p, ok := top.(*widget.PopUp); ok {
		p.Hide()
	}
}

// dialogEnter presses the default button of the dialog on top of c. It
// reports whether anything covers the window, so that Enter there never
// reaches the window behind it.
func dialogEnter(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if k := registeredDialog(top); k != nil && k.enter != nil {
		k.enter()
	}
	return top != nil
}

// Dialog is a modal dialog over a window that answers the keyboard like a
// Windows dialog: Esc is its cancel, Enter its default button, and its
// first input has the focus when it opens.
type Dialog struct {
	// Focus, when set, is the input that has the focus when the dialog
	// opens, in place of the first.
	Focus fyne.Focusable

	win     fyne.Window
	dlg     *dialog.CustomDialog
	content fyne.CanvasObject
	keys    dialogKeys
	overlay fyne.CanvasObject
	closed  []func()
	// width is the width fitWidth last laid the dialog out at.
	width float32
}

// NewDialog returns a dialog titled title showing content over win, with
// no buttons yet (SetButtons).
func NewDialog(title string, content fyne.CanvasObject, win fyne.Window) *Dialog {
	d := &Dialog{win: win, content: content}
	d.dlg = dialog.NewCustomWithoutButtons(title, content, win)
	d.dlg.SetOnClosed(d.onClosed)
	return d
}

// SetButtons sets the buttons along the bottom, the default one last.
func (d *Dialog) SetButtons(buttons ...fyne.CanvasObject) { d.dlg.SetButtons(buttons) }

// SetIcon shows icon in the dialog's corner, such as theme.ErrorIcon().
func (d *Dialog) SetIcon(icon fyne.Resource) { d.dlg.SetIcon(icon) }

// OnEscape sets what Esc does: the dialog's cancel.
func (d *Dialog) OnEscape(fn func()) { d.keys.escape = fn }

// OnEnter sets what Enter (and Ctrl+Enter in a multi-line field) does:
// the dialog's default button.
func (d *Dialog) OnEnter(fn func()) { d.keys.enter = fn }

// OnClosed adds fn to what runs when the dialog closes, however it does.
func (d *Dialog) OnClosed(fn func()) { d.closed = append(d.closed, fn) }

// Show opens the dialog with the focus in its first input.
func (d *Dialog) Show() {
	d.dlg.Show()
	c := d.win.Canvas()
	d.overlay = c.Overlays().Top()
	if d.overlay != nil {
		openDialogs[d.overlay] = &d.keys
	}
	if f := d.Focus; f != nil {
		c.Focus(f)
	} else if f := FirstInput(d.content); f != nil {
		c.Focus(f)
	}
}

// Hide closes the dialog.
func (d *Dialog) Hide() { d.dlg.Hide() }

// Resize sets the dialog's size.
func (d *Dialog) Resize(size fyne.Size) { d.dlg.Resize(size) }

// MinSize returns the size the dialog cannot be smaller than.
func (d *Dialog) MinSize() fyne.Size { return d.dlg.MinSize() }

// Visible reports whether the dialog is open.
func (d *Dialog) Visible() bool { return d.overlay != nil && openDialogs[d.overlay] == &d.keys }

func (d *Dialog) onClosed() {
	if d.overlay != nil && openDialogs[d.overlay] == &d.keys {
		delete(openDialogs, d.overlay)
	}
	for _, fn := range d.closed {
		fn()
	}
}

// ConfirmSpec is a question with two answers.
type ConfirmSpec struct {
	Title, Message string
	// Confirm names the action on its button; Dismiss names the other
	// answer (取消 when empty). They must differ.
	Confirm, Dismiss string
	// Danger colours the action as one that destroys or ends something.
	Danger bool
	// OnConfirm runs when the user confirmed; OnDismiss, if set, when they
	// did not (the button, Esc).
	OnConfirm, OnDismiss func()
}

// ShowConfirm asks spec's question over win: Enter confirms, Esc
// dismisses.
func ShowConfirm(win fyne.Window, spec ConfirmSpec) *Dialog {
	msg := widget.NewLabel(spec.Message)
	msg.Wrapping = Wrapping()
	d := NewDialog(spec.Title, msg, win)
	dismissText := spec.Dismiss
	if dismissText == "" {
		dismissText = lang.L("Cancel")
	}
	dismiss := NewButtonWithIcon(dismissText, theme.CancelIcon(), func() {
		d.Hide()
		if spec.OnDismiss != nil {
			spec.OnDismiss()
		}
	})
	confirm := NewButtonWithIcon(spec.Confirm, theme.ConfirmIcon(), func() {
		d.Hide()
		if spec.OnConfirm != nil {
			spec.OnConfirm()
		}
	})
	confirm.Importance = widget.HighImportance
	if spec.Danger {
		confirm.Importance = widget.DangerImportance
	}
	d.SetButtons(dismiss, confirm)
	d.OnEscape(dismiss.OnTapped)
	d.OnEnter(confirm.OnTapped)
	d.fitWidth(480)
	d.Show()
	return d
}

// ShowInfo tells the user something over win; 确定, Esc and Enter close
// it, then onClosed runs if set.
func ShowInfo(win fyne.Window, title, message string, onClosed func()) *Dialog {
	return showMessage(win, title, message, nil, onClosed)
}

// showMessage shows message with an OK button and, if set, an icon.
func showMessage(win fyne.Window, title, message string, icon fyne.Resource, onClosed func()) *Dialog {
	msg := widget.NewLabel(message)
	msg.Wrapping = Wrapping()
	d := NewDialog(title, msg, win)
	ok := NewButton(lang.L("OK"), d.Hide)
	ok.Importance = widget.HighImportance
	d.SetButtons(ok)
	if icon != nil {
		d.SetIcon(icon)
	}
	d.OnEscape(d.Hide)
	d.OnEnter(d.Hide)
	if onClosed != nil {
		d.OnClosed(onClosed)
	}
	d.fitWidth(460)
	d.Show()
	return d
}

// ShowErrorText tells the user of a problem over win, then runs onClosed
// if set.
func ShowErrorText(win fyne.Window, message string, onClosed func()) *Dialog {
	return showMessage(win, lang.L("Error"), message, theme.ErrorIcon(), onClosed)
}

// fitWidth lays the dialog out width wide (narrower on a narrow window),
// as high as its wrapped texts need.
func (d *Dialog) fitWidth(width float32) {
	width = min(width, d.win.Canvas().Size().Width-2*theme.Padding())
	if width <= 0 {
		return
	}
	d.width = width
	d.Resize(fyne.NewSize(width, 0))
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
}

// FormDialog is a dialog of labelled inputs with a confirm and a cancel
// button. Confirming checks every input and lists, at once, each one that
// is not right yet and why; the dialog stays open with what was typed.
type FormDialog struct {
	*Dialog
	Form    *widget.Form
	Problem *widget.Label
	OK      *Button
	Cancel  *Button
	// Check, when set, checks the inputs together after each passed its
	// own validator (such as a confirmation that must match); its error
	// is listed with theirs.
	Check func() error

	callback func(ok bool)
}

// NewFormDialog returns a dialog of items with confirm and 取消 buttons;
// callback hears true once the inputs passed their checks and the user
// confirmed, false when they cancelled. Show it with Show.
func NewFormDialog(title, confirm string, items []*widget.FormItem, callback func(ok bool), win fyne.Window) *FormDialog {
	f := &FormDialog{Form: widget.NewForm(items...), callback: callback}
	f.Problem = widget.NewLabel("")
	f.Problem.Importance = widget.DangerImportance
	f.Problem.Wrapping = Wrapping()
	f.Problem.Hide()
	f.Dialog = NewDialog(title, container.NewVBox(f.Form, f.Problem), win)
	f.Cancel = NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.onCancel)
	f.OK = NewButtonWithIcon(confirm, theme.ConfirmIcon(), f.onOK)
	f.OK.Importance = widget.HighImportance
	f.SetButtons(f.Cancel, f.OK)
	f.OnEscape(f.onCancel)
	f.OnEnter(f.onOK)
	return f
}

// ShowWidth opens the dialog width wide.
func (f *FormDialog) ShowWidth(width float32) {
	f.fitWidth(width)
	f.Show()
}

func (f *FormDialog) onCancel() {
	f.Hide()
	if f.callback != nil {
		f.callback(false)
	}
}

func (f *FormDialog) onOK() {
	if msg := f.problems(); msg != "" {
		f.Problem.SetText(msg)
		f.Problem.Show()
		f.fitWidth(max(f.width, f.Dialog.dlg.MinSize().Width)) // as wide as it was, higher
		return
	}
	f.Problem.Hide()
	f.Hide()
	if f.callback != nil {
		f.callback(true)
	}
}

// problems lists every input that fails its check, one a line, named by
// its label; "" when all pass.
func (f *FormDialog) problems() string {
	msg := FormProblems(f.Form)
	if f.Check != nil && msg == "" {
		if err := f.Check(); err != nil {
			msg = Message(err)
		}
	}
	return msg
}

// FormProblems checks every input of form and lists, one a line, each
// that fails its check, named by its label, with the reason; "" when all
// pass. Inputs are checked whether or not the user has been in them.
func FormProblems(form *widget.Form) string {
	var lines []string
	for _, it := range form.Items {
		v, ok := it.Widget.(fyne.Validatable)
		if !ok || !it.Widget.Visible() {
			continue
		}
		if err := v.Validate(); err != nil {
			// Validators of inputs say what is wrong in the user's words.
			lines = append(lines, lang.L("uikit.field_problem",
				map[string]any{"Field": strings.TrimSuffix(it.Text, " *"), "Msg": err.Error()}))
		}
	}
	return strings.Join(lines, "\n")
}
