package data

import (
	"strconv"
	"strings"
	"time"
)

// Valid checks one value of the field as a form shows it (see Input):
// its format for the field's kind and limits. An empty value passes: what
// must be filled is the business of Check and Missing.
func (f *Field) Valid(s string) error {
	switch f.Kind {
	case KindText:
		return MaxLen(f.Max)(s)
	case KindLongText:
		return ValidText(s)
	case KindDate:
		return ValidDate(s)
	case KindDateTime:
		return ValidDateTime(s)
	case KindMoney:
		return f.validMoney(s)
	case KindCount:
		return ValidCount(s)
	case KindChoice, KindRated:
		return choice(ChoiceLists[f.List])(s)
	case KindVersion:
		return ValidVersion(s)
	case KindPhone:
		return ValidPhone(s)
	case KindEmail:
		return ValidEmail(s)
	}
	return nil
}

func (f *Field) validMoney(s string) error {
	m, err := ParseMoney(s)
	if err != nil {
		return err
	}
	if f.Positive && s != "" && m <= 0 {
		return errf(EInvalid, "valid.money_positive")
	}
	return nil
}

// Check checks every field of rec, a pointer to a record of r, and
// returns every problem at once: formats and limits, the order of dates
// (NotBefore), times in the future (NotFuture, against now) and, for a
// record saved on its own (not Single) and every row of a table, the
// fields it needs. What a Single record needs is checked when its stage
// is passed (Missing).
func (r *Record) Check(rec any, now time.Time) error {
	var ps []*Error
	r.check(rec, now, !r.Single, func(e *Error) { ps = append(ps, e) })
	return joinProblems(ps)
}

func (r *Record) check(rec any, now time.Time, complete bool, add func(*Error)) {
	for _, f := range r.Fields {
		if f.Filler == ByWorkflow {
			continue
		}
		if f.Kind == KindRows {
			r.checkRows(f, rec, now, add)
			continue
		}
		in := f.Input(rec)
		if err := f.Valid(in); err != nil {
			add(asField(f.Label, err))
			continue
		}
		if f.Kind == KindRated {
			if err := ValidText(f.Rating(rec).Notes); err != nil {
				add(asField(f.Label, err))
				continue
			}
		}
		if complete && f.required(r, rec) && f.blank(rec) {
			add(asField(f.Label, errf(EInvalid, "valid.required")))
			continue
		}
		if f.NotFuture && in != "" && after(in, now) {
			add(asField(f.Label, errf(EInvalid, "valid.future")))
			continue
		}
		if o := r.Field(f.NotBefore); o != nil && precedes(f, in, o.Input(rec)) {
			add(asField(f.Label, errf(EInvalid, "valid.end_before_start", "Start", labelArg(o.LabelKey()))))
		} else if o != nil && f.Later && in != "" && in == o.Input(rec) {
			add(asField(f.Label, errf(EInvalid, "valid.end_not_after_start", "Start", labelArg(o.LabelKey()))))
		}
	}
}

// CheckInputs checks one row of a table of r, or one record of r saved
// on its own, as a form's row dialog holds it: one value per field but
// those of the workflow, in order (see Field.Input). It returns every
// problem at once, the row being complete: formats, what is required, the
// order of dates (NotBefore) and times in the future (NotFuture, against
// now).
func (r *Record) CheckInputs(vals []string, now time.Time) error {
	rec := r.New()
	var ps []*Error
	i := 0
	for _, f := range r.Fields {
		if f.Filler == ByWorkflow {
			continue
		}
		if i < len(vals) && f.Filler == ByUser {
			if err := f.SetInput(rec, vals[i]); err != nil {
				ps = append(ps, asField(f.Label, err))
			}
		}
		i++
	}
	if len(ps) == 0 {
		r.check(rec, now, true, func(e *Error) { ps = append(ps, e) })
	}
	return joinProblems(ps)
}

// checkRows checks the format of every row of a table; what rows lack is
// reported by Missing.
func (r *Record) checkRows(f *Field, rec any, now time.Time, add func(*Error)) {
	for i := range f.Len(rec) {
		f.Rows.check(f.Row(rec, i), now, false, func(e *Error) { add(rowProblem(f, i, e)) })
	}
}

// after reports whether the local date-time s is later than now, with ten
// minutes' grace for clocks that differ between PCs.
func after(s string, now time.Time) bool {
	t, err := time.ParseInLocation(DateTimeLayout, s, time.Local)
	return err == nil && t.After(now.Add(10*time.Minute))
}

// precedes reports whether value v of field f lies before start; both
// are dates or date-times as forms show them, which order as text.
func precedes(f *Field, v, start string) bool {
	if v == "" || start == "" || f.Valid(v) != nil {
		return false
	}
	return v < start
}

// Missing lists what rec, a pointer to a record of r, lacks before its
// stage can be passed: the label (see Field.Label) of every required field
// that is blank and of every required table without rows, and for a row
// lacking a required field "<table label>.<row from 1>.<field label>".
func (r *Record) Missing(rec any) []string {
	var m []string
	for _, f := range r.Fields {
		if f.Filler != ByUser {
			continue
		}
		if f.required(r, rec) && f.blank(rec) {
			m = append(m, f.Label)
		}
		if f.Kind != KindRows {
			continue
		}
		for i := range f.Len(rec) {
			for _, lack := range f.Rows.Missing(f.Row(rec, i)) {
				m = append(m, f.Label+"."+strconv.Itoa(i+1)+"."+lack)
			}
		}
	}
	return m
}

// lackText names in lang one entry of Missing.
func lackText(lang, lack string) string {
	rows, rest, ok := strings.Cut(lack, ".")
	row, label, ok2 := strings.Cut(rest, ".")
	n, err := strconv.Atoi(row)
	if !ok || !ok2 || err != nil {
		return T(lang, "field."+lack, nil)
	}
	return (&Error{Field: label, Rows: rows, Row: n}).FieldName(lang)
}

// Required lists the labels of the fields r requires before its stage can
// be passed, whatever they hold (OptionalIf not applied).
func (r *Record) Required() []string {
	var m []string
	for _, f := range r.Fields {
		if f.Filler == ByUser && f.Required {
			m = append(m, f.Label)
		}
	}
	return m
}

// asField returns err as an *Error about the field labelled label.
func asField(label string, err error) *Error {
	e, ok := fieldError(label, err).(*Error)
	if !ok {
		return &Error{Code: EInvalid, Key: "err.internal", Field: label, Err: err}
	}
	return e
}

// rowProblem places a problem of a row's field in row i of table f.
func rowProblem(f *Field, i int, e *Error) *Error {
	cp := *e
	cp.Rows, cp.Row = f.Label, i+1
	return &cp
}

// rowError places err, about a field of a row, in row i of table f.
func rowError(f *Field, i int, err error) error {
	if e, ok := err.(*Error); ok {
		return rowProblem(f, i, e)
	}
	return err
}

// JoinProblems returns nil for no errors, the error itself for one, and
// one error listing every problem for more: what a form could not read,
// field by field (the errors of SetInput and SetRowInputs).
func JoinProblems(errs []error) error {
	var ps []*Error
	for _, err := range errs {
		e, ok := err.(*Error)
		if !ok {
			return err
		}
		ps = append(ps, e)
	}
	return joinProblems(ps)
}

// joinProblems returns nil for no problems, the problem itself for one,
// and an EInvalid error listing them all for more.
func joinProblems(ps []*Error) error {
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return ps[0]
	}
	return &Error{Code: EInvalid, Key: "err.problems", Field: ps[0].Field, Rows: ps[0].Rows, Row: ps[0].Row,
		Args: map[string]any{"Problems": problemList(ps), "N": len(ps)}}
}

// problemList is a message argument listing problems, each in the language
// of the message.
type problemList []*Error
