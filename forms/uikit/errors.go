package uikit

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
)

// Message returns the text of err for the user, in the user's language.
// Errors of the store carry their own translations; anything else gets a
// generic message, its details going to the log only.
func Message(err error) string {
	var p *Problem
	if errors.As(err, &p) {
		return p.Error()
	}
	return data.ErrorMessage(err, Language())
}

// ShowError logs err with what was being done and shows it to the user
// over win, in the user's language.
func ShowError(what string, err error, win fyne.Window) {
	if err == nil {
		return
	}
	fyne.LogError(what, err)
	ShowErrorText(win, Message(err), nil)
}

// Problem is an error of the client itself, such as a value that cannot
// be read or a missing PDF exporter, with a translated message.
type Problem struct {
	// Key is the translation key of the message; Args fill it.
	Key  string
	Args map[string]any
	// Err is the cause, for the log.
	Err error
}

// NewProblem returns a Problem with the message key, its arguments given
// as alternating names and values.
func NewProblem(key string, err error, kv ...any) *Problem {
	return &Problem{Key: key, Args: data.Args(kv...), Err: err}
}

// Error returns the message in the user's language.
func (p *Problem) Error() string { return lang.L(p.Key, p.Args) }

// Unwrap returns the cause.
func (p *Problem) Unwrap() error { return p.Err }

// FieldProblem returns the problem err (a validator's error) of the field
// labelled label, worded like the store's field errors.
func FieldProblem(label string, err error) *Problem {
	return NewProblem("uikit.field_problem", err, "Field", label, "Msg", Message(err))
}
