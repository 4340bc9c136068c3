package data

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes. Every error the store returns to its callers is an *Error
// with one of these codes; anything unexpected is wrapped as EInternal so
// that raw database text never reaches a dialog.
const (
	EInvalid     = "invalid"     // a field has a bad value
	EIncomplete  = "incomplete"  // a stage record lacks what the procedure requires
	EForbidden   = "forbidden"   // the user's role or department does not allow it
	EState       = "state"       // the case is not in a state that allows it
	EDuties      = "duties"      // separation of duties forbids it
	EConflict    = "conflict"    // someone else saved the record since it was read
	ENotFound    = "notfound"    // no such record
	EAuth        = "auth"        // sign-in failed or the account is disabled
	EThrottled   = "throttled"   // too many failed sign-ins; wait
	EExists      = "exists"      // a record with that name or number exists
	ENoDB        = "nodb"        // the database file does not exist
	ENotDB       = "notdb"       // the file is not a database
	ECorrupt     = "corrupt"     // the database file is damaged
	ENewer       = "newer"       // the database was written by a newer version
	ELocked      = "locked"      // the database stayed locked longer than the busy timeout
	EReadOnly    = "readonly"    // the database or its folder cannot be written
	EUnreachable = "unreachable" // the file or its share went away
	EWrite       = "write"       // an output file (export, backup) cannot be written
	ECancelled   = "cancelled"   // the user stopped the work
	EConfirm     = "confirm"     // the password must be entered again first (Store.Confirm)
	EWarning     = "warning"     // the actor must see the warnings first (ActionRequest.Warned)
	EInternal    = "internal"    // anything else
)

// Error is the store's error: a code for programs and a translation key
// with arguments for people. Error() gives the Chinese message.
type Error struct {
	Code string
	Key  string
	Args map[string]any
	// Field names the form field at fault (translation key "field.<Field>"),
	// for EInvalid and EIncomplete errors about one field.
	Field string
	// Rows and Row place Field in row Row (from 1) of the table labelled
	// Rows (translation key "field.<Rows>").
	Rows string
	Row  int
	// Err is the underlying cause, if any; it is logged, never shown.
	Err error
}

// Error returns the message in Chinese, the default language.
func (e *Error) Error() string { return e.Message(LangZH) }

// Message returns the message in the given language ("zh" or "en").
func (e *Error) Message(lang string) string {
	msg := T(lang, e.Key, localArgs(e.Args, lang))
	if e.Field == "" || e.Key == "err.problems" {
		return msg
	}
	return T(lang, "err.field", map[string]any{"Field": e.FieldName(lang), "Msg": msg})
}

// FieldName names the field at fault in lang, with its row when it is in
// a table: "风险评估第 2 行的应对措施".
func (e *Error) FieldName(lang string) string {
	name := T(lang, "field."+e.Field, nil)
	if e.Row == 0 {
		return name
	}
	return T(lang, "err.row_field", map[string]any{"Rows": T(lang, "field."+e.Rows, nil), "Row": e.Row, "Field": name})
}

// labelArg is a message argument that is itself a translation key: it is
// shown in the language of the message.
type labelArg string

// LabelArg returns a message argument shown as the translation of key in
// the language of the message: a field's or a choice's label.
func LabelArg(key string) any { return labelArg(key) }

// labelList is a message argument listing translation keys, shown in the
// language of the message and joined as that language lists things.
type labelList []string

// findingArg is a message argument that is itself a message (a problem
// found by a check), shown in the language of the message.
type findingArg Finding

// localArgs translates the label arguments of a message into lang.
func localArgs(args map[string]any, lang string) map[string]any {
	if len(args) == 0 {
		return args
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		switch x := v.(type) {
		case labelArg:
			out[k] = T(lang, string(x), nil)
		case labelList:
			out[k] = joinLabels(x, lang)
		case lackList:
			out[k] = joinLacks(x, lang)
		case problemList:
			out[k] = joinProblemsText(x, lang)
		case findingArg:
			out[k] = T(lang, x.Key, localArgs(x.Args, lang))
		case interface{ localText(string) string }:
			out[k] = x.localText(lang)
		default:
			out[k] = v
		}
	}
	return out
}

func joinLabels(keys []string, lang string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = T(lang, k, nil)
	}
	return strings.Join(names, T(lang, "value.list_sep", nil))
}

// lackList is a message argument listing what a record lacks (see
// Record.Missing), shown in the language of the message.
type lackList []string

func joinLacks(ls lackList, lang string) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = lackText(lang, l)
	}
	return strings.Join(names, T(lang, "value.list_sep", nil))
}

func joinProblemsText(ps problemList, lang string) string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Message(lang)
	}
	return strings.Join(msgs, T(lang, "value.sentence_sep", nil))
}

// fieldError marks err (an *Error from a validator) as being about field.
func fieldError(field string, err error) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	cp := *e
	cp.Field = field
	return &cp
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &Error{Code: EConflict}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Key == "" || t.Key == e.Key)
}

// errf returns an *Error with code, translation key and arguments given as
// alternating names and values.
func errf(code, key string, kv ...any) *Error {
	return &Error{Code: code, Key: key, Args: Args(kv...)}
}

// internal wraps an unexpected error.
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if c := classify(err); c != nil {
		return c
	}
	return &Error{Code: EInternal, Key: "err.internal", Args: map[string]any{"Op": op}, Err: fmt.Errorf("%s: %w", op, err)}
}

// ErrorCode returns the code of err, EInternal for errors that are not
// *Error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of err for people, in lang. Errors that
// are not *Error give a generic message: their text is for the log.
func ErrorMessage(err error, lang string) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message(lang)
	}
	return T(lang, "err.internal", map[string]any{"Op": ""})
}

// conflictError is returned when a save is based on a stale copy of a
// record of table entity. It says who saved the record last and when.
func conflictError(entity string, by string, at time.Time) *Error {
	return errf(EConflict, "err.conflict", "What", labelArg("entity."+entity), "By", by,
		"At", at.Local().Format("2006-01-02 15:04:05"))
}
