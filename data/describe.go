package data

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// A Record describes one kind of record — a stage form's record, the rows
// of one of its tables, or master data — once, for everything that needs
// to know its fields: the store's checks (Check, Missing), the forms that
// edit it, the documents that print it and the change history that names
// its fields. Fields are listed in the order of the form.
type Record struct {
	// Table is the record's table, also its name in the audit trail and
	// the suffix of its label ("entity.<Table>").
	Table string
	// Form is the stage form the record is filled in; "" for master data
	// and row tables.
	Form Form
	// Single records are one per case; the others are a list of records
	// per case, each saved on its own.
	Single bool
	// Roles and States say who fills the form and when; Applicant lets the
	// case's applicant fill it. See CanEdit.
	Roles     []Role
	States    []State
	Applicant bool
	// Fields are the record's fields in form order.
	Fields []*Field

	typ   reflect.Type
	byKey map[string]*Field
}

// FieldKind says what a field holds, and so how it is checked, entered and
// printed.
type FieldKind int

// The kinds of fields.
const (
	KindText     FieldKind = iota // one line of text of at most Max characters
	KindLongText                  // text of several lines
	KindDate                      // a calendar date, YYYY-MM-DD
	KindDateTime                  // a point in time, entered as local YYYY-MM-DD HH:MM
	KindMoney                     // an amount of yuan, stored in fen
	KindCount                     // a whole number from 0
	KindChoice                    // a value of the choice list List
	KindRated                     // a rating of the choice list List with notes (Rating)
	KindVersion                   // a software version
	KindPhone                     // a telephone number
	KindEmail                     // an e-mail address
	KindBool                      // yes or no
	KindUser                      // a user, by ID
	KindDept                      // a department, by ID
	KindSystem                    // a software system of the ledger, by ID
	KindVendor                    // a vendor, by ID
	KindCase                      // a case, by ID
	KindState                     // the state of a case
	KindRows                      // a table of rows described by Rows
	KindSystems                   // software systems of the ledger, by ID (SystemIDs)
)

// Ref reports whether the kind refers to another record by its ID.
func (k FieldKind) Ref() bool { return k >= KindUser && k <= KindCase }

// Filler says who fills a field in.
type Filler int

// Who fills fields in.
const (
	// ByUser fields are typed or chosen by the user filling the form.
	ByUser Filler = iota
	// ByStore fields are filled by the store from other records, such as
	// the applicant's department; forms show them read-only.
	ByStore
	// ByWorkflow fields are the procedure's own bookkeeping, such as the
	// state; forms and document bodies leave them out.
	ByWorkflow
)

// Field describes one field of a record.
type Field struct {
	// Key is the stored name: the JSON key and the column.
	Key string
	// Label names the label: its translation key is "field.<Label>".
	Label string
	// Section, when set, starts a new section of the form before the
	// field: the translation key of its heading.
	Section string
	Kind    FieldKind
	// List names the choice list of KindChoice and KindRated (ChoiceLists).
	List string
	// Max is the most characters of a KindText field.
	Max int
	// Required fields must be filled before the stage is passed; fields of
	// a record saved on its own and of a row before it is saved.
	Required bool
	// OptionalIf, when set, lifts Required while another field of the
	// record has one of some values.
	OptionalIf *Match
	// NotBefore names a date field of the same record or row that this one
	// must not precede, such as an end and its start.
	NotBefore string
	// Later makes NotBefore stricter: the field must be later than the
	// other, as a window's end is later than its start.
	Later bool
	// NotFuture refuses a time later than now.
	NotFuture bool
	// Positive refuses an amount of zero.
	Positive bool
	// Rows describes the rows of a KindRows field.
	Rows *Record
	// Total names the money column of Rows whose sum is shown with them.
	Total string
	// Width is the field's share of the width of a table it is a column of.
	Width float32
	// Filler says who fills it in.
	Filler Filler

	index []int
}

// Match is a condition on another field of the same record.
type Match struct {
	Key    string
	Values []string
}

// LabelKey returns the translation key of the field's label.
func (f *Field) LabelKey() string { return "field." + f.Label }

// LabelKey returns the translation key of the record's name.
func (r *Record) LabelKey() string { return "entity." + r.Table }

// Field returns the field with stored name key, nil when there is none.
func (r *Record) Field(key string) *Field { return r.byKey[key] }

// New returns a new empty record of the kind, as a pointer.
func (r *Record) New() any { return reflect.New(r.typ).Interface() }

// NewFor returns a new empty record of the kind belonging to case caseID,
// as a pointer: a form's blank record, such as a backup about to be
// entered.
func (r *Record) NewFor(caseID uint) any {
	rec := r.New()
	if f := reflect.ValueOf(rec).Elem().FieldByName("CaseID"); f.IsValid() && f.Kind() == reflect.Uint {
		f.SetUint(uint64(caseID))
	}
	return rec
}

// MetaOf returns the bookkeeping (ID, version, who saved it last) of rec,
// a pointer to a record; nil for anything else.
func MetaOf(rec any) *Meta {
	if r, ok := rec.(record); ok {
		return r.meta()
	}
	return nil
}

// Type returns the Go type of the record.
func (r *Record) Type() reflect.Type { return r.typ }

// bind connects a description with its Go type: every field with the
// struct field of the same JSON key. It panics on a description that does
// not match its type — a defect caught by every test.
func (r *Record) bind(sample any) *Record {
	r.typ = reflect.TypeOf(sample)
	r.byKey = map[string]*Field{}
	for _, f := range r.Fields {
		sf, ok := fieldByJSON(r.typ, f.Key)
		if !ok {
			panic(fmt.Sprintf("data: %s has no field %q", r.typ, f.Key))
		}
		f.index = sf.Index
		if f.Kind == KindRows {
			f.Rows.bind(reflect.New(sf.Type.Elem()).Elem().Interface())
		}
		r.byKey[f.Key] = f
	}
	return r
}

// fieldByJSON finds the struct field whose JSON name is key, looking into
// embedded structs.
func fieldByJSON(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous && name == "" {
			if inner, ok := fieldByJSON(sf.Type, key); ok {
				inner.Index = append([]int{i}, inner.Index...)
				return inner, true
			}
			continue
		}
		if name == key {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

// value returns the field of rec (a pointer to the record or a record).
func (f *Field) value(rec any) reflect.Value {
	v := reflect.ValueOf(rec)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	return v.FieldByIndex(f.index)
}

// Raw returns the field's value as the audit trail records it (see Change):
// text as it is, numbers in digits (amounts in fen), times in RFC 3339,
// rows and ratings as JSON, "" for nothing (no rows included).
func (f *Field) Raw(rec any) string {
	if (f.Kind == KindRows || f.Kind == KindSystems) && f.Len(rec) == 0 {
		return "" // no rows, whether read as an empty list or never set
	}
	b, err := json.Marshal(f.value(rec).Interface())
	if err != nil {
		return ""
	}
	return plain(string(b))
}

// Input returns the field's value as a form shows it for editing: dates
// and times as typed, amounts in yuan, IDs in digits, nothing for zero
// amounts, counts and references. A rated field gives its rating.
func (f *Field) Input(rec any) string {
	v := f.value(rec)
	switch f.Kind {
	case KindDateTime:
		return inputTime(v)
	case KindMoney:
		if m := Money(v.Int()); m != 0 {
			return m.String()
		}
		return ""
	case KindRated:
		return v.Interface().(Rating).Rating
	case KindRows:
		return ""
	case KindBool:
		return strconv.FormatBool(v.Bool())
	case KindSystems:
		return v.Interface().(SystemIDs).String()
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		if v.Int() != 0 {
			return strconv.FormatInt(v.Int(), 10)
		}
		return ""
	case reflect.Uint, reflect.Uint64:
		if v.Uint() != 0 {
			return strconv.FormatUint(v.Uint(), 10)
		}
		return ""
	}
	return v.String()
}

func inputTime(v reflect.Value) string {
	var t time.Time
	switch x := v.Interface().(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	}
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(DateTimeLayout)
}

// SetInput stores s, as a form shows it (see Input), into the field of
// rec (a pointer). A value that cannot be read is an *Error about the
// field; its format is checked again by Check.
func (f *Field) SetInput(rec any, s string) error {
	v := f.value(rec)
	s = strings.TrimRightFunc(s, func(r rune) bool { return r == '\r' })
	switch f.Kind {
	case KindDateTime:
		return f.setTime(v, s)
	case KindMoney:
		m, err := ParseMoney(s)
		if err != nil {
			return fieldError(f.Label, err)
		}
		v.SetInt(int64(m))
		return nil
	case KindRated:
		r := v.Addr().Interface().(*Rating)
		r.Rating = s
		return nil
	case KindBool:
		v.SetBool(s == "true")
		return nil
	case KindRows:
		return nil
	case KindSystems:
		ids, err := ParseSystemIDs(s)
		if err != nil {
			return fieldError(f.Label, err)
		}
		v.Set(reflect.ValueOf(ids))
		return nil
	}
	return f.setScalar(v, s)
}

func (f *Field) setTime(v reflect.Value, s string) error {
	var t *time.Time
	if strings.TrimSpace(s) != "" {
		if err := ValidDateTime(strings.TrimSpace(s)); err != nil {
			return fieldError(f.Label, err)
		}
		p, _ := time.ParseInLocation(DateTimeLayout, strings.TrimSpace(s), time.Local)
		t = &p
	}
	if v.Kind() == reflect.Pointer {
		v.Set(reflect.ValueOf(t))
		return nil
	}
	if t == nil {
		v.Set(reflect.ValueOf(time.Time{}))
		return nil
	}
	v.Set(reflect.ValueOf(*t))
	return nil
}

func (f *Field) setScalar(v reflect.Value, s string) error {
	ptr := v.Kind() == reflect.Pointer
	target := v
	if ptr {
		target = reflect.New(v.Type().Elem()).Elem()
	}
	switch target.Kind() {
	case reflect.String:
		target.SetString(s)
	case reflect.Int, reflect.Int64:
		n, err := Atoi(strings.TrimSpace(s))
		if err != nil {
			return fieldError(f.Label, err)
		}
		target.SetInt(int64(n))
	case reflect.Uint, reflect.Uint64:
		var n uint64
		if t := strings.TrimSpace(s); t != "" {
			var err error
			if n, err = strconv.ParseUint(t, 10, 64); err != nil {
				return fieldError(f.Label, errf(EInvalid, "valid.choice"))
			}
		}
		target.SetUint(n)
		if ptr && n == 0 {
			v.Set(reflect.Zero(v.Type()))
			return nil
		}
	default:
		return fmt.Errorf("data: cannot set %s of kind %s", f.Key, target.Kind())
	}
	if ptr {
		v.Set(target.Addr())
	}
	return nil
}

// Rating returns the rating of a KindRated field of rec (a pointer), to
// read or change.
func (f *Field) Rating(rec any) *Rating { return f.value(rec).Addr().Interface().(*Rating) }

// Len returns the number of rows of a KindRows field.
func (f *Field) Len(rec any) int { return f.value(rec).Len() }

// Row returns row i of a KindRows field of rec, as a pointer.
func (f *Field) Row(rec any, i int) any { return f.value(rec).Index(i).Addr().Interface() }

// RowInputs returns the rows of a KindRows field as a form shows them: one
// slice per row, with the Input of each field of Rows.
func (f *Field) RowInputs(rec any) [][]string {
	n := f.Len(rec)
	out := make([][]string, n)
	for i := range n {
		row := f.Row(rec, i)
		out[i] = make([]string, len(f.Rows.Fields))
		for j, c := range f.Rows.Fields {
			out[i][j] = c.Input(row)
		}
	}
	return out
}

// SetRowInputs replaces the rows of a KindRows field of rec (a pointer)
// with rows as a form shows them (see RowInputs).
func (f *Field) SetRowInputs(rec any, rows [][]string) error {
	v := f.value(rec)
	if len(rows) == 0 {
		v.Set(reflect.Zero(v.Type()))
		return nil
	}
	out := reflect.MakeSlice(v.Type(), len(rows), len(rows))
	for i, r := range rows {
		row := out.Index(i).Addr().Interface()
		for j, c := range f.Rows.Fields {
			if j >= len(r) {
				break
			}
			if err := c.SetInput(row, r[j]); err != nil {
				return rowError(f, i, err)
			}
		}
	}
	v.Set(out)
	return nil
}

// Names turns the IDs of references into names for people.
type Names interface {
	// Name returns the name of the record of kind k with id; "" when unknown.
	Name(k FieldKind, id uint) string
}

// NameBook is a Names of the users, departments, systems, vendors and cases
// it was given.
type NameBook map[FieldKind]map[uint]string

// Name returns the name of the record of kind k with id.
func (b NameBook) Name(k FieldKind, id uint) string { return b[k][id] }

// Add records the name of the record of kind k with id.
func (b NameBook) Add(k FieldKind, id uint, name string) {
	if b[k] == nil {
		b[k] = map[uint]string{}
	}
	b[k][id] = name
}

// Text returns the field's value of rec as documents print it and the
// history shows it, in lang: labels of choices, names of references,
// yuan, local times; "" for nothing.
func (f *Field) Text(lang string, rec any, names Names) string {
	if f.Kind == KindRows {
		return f.rowsText(lang, f.Raw(rec), names)
	}
	return f.RawText(lang, f.Raw(rec), names)
}

// RawText is Text of a value as the audit trail records it (see Raw).
func (f *Field) RawText(lang, raw string, names Names) string {
	if raw == "" {
		return ""
	}
	switch f.Kind {
	case KindDateTime:
		if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
			if t.IsZero() {
				return ""
			}
			return t.Local().Format(DateTimeLayout)
		}
	case KindMoney:
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return Money(n).String()
		}
	case KindCount:
		if raw == "0" {
			return ""
		}
	case KindChoice:
		return T(lang, ChoiceKey(f.List, raw), nil)
	case KindRated:
		return ratedText(lang, f.List, raw)
	case KindBool:
		return yesNo(lang, raw == "true")
	case KindState:
		return T(lang, State(raw).LabelKey(), nil)
	case KindRows:
		return f.rowsText(lang, raw, names)
	case KindSystems:
		return systemsText(lang, raw, names)
	}
	if f.Kind.Ref() {
		return refText(lang, f.Kind, raw, names)
	}
	return raw
}

// yesNo returns 是/否 or Yes/No.
func yesNo(lang string, b bool) string {
	if b {
		return T(lang, "value.yes", nil)
	}
	return T(lang, "value.no", nil)
}

// ratedText shows a rating with its notes, e.g. "高：……".
func ratedText(lang, list, raw string) string {
	var r Rating
	if json.Unmarshal([]byte(raw), &r) != nil {
		return raw
	}
	parts := []string{}
	if r.Rating != "" {
		parts = append(parts, T(lang, ChoiceKey(list, r.Rating), nil))
	}
	if r.Notes != "" {
		parts = append(parts, r.Notes)
	}
	return strings.Join(parts, T(lang, "value.colon", nil))
}

// refText names the record an ID refers to; an ID nobody knows is shown as
// such, never as a bare number.
func refText(lang string, k FieldKind, raw string, names Names) string {
	id, err := strconv.ParseUint(raw, 10, 64)
	if err != nil || id == 0 {
		return ""
	}
	if names != nil {
		if n := names.Name(k, uint(id)); n != "" {
			return n
		}
	}
	return T(lang, "value.unknown_ref", map[string]any{"ID": id})
}

// systemsText names the systems of a list as the audit trail records it
// ("[3,5]").
func systemsText(lang, raw string, names Names) string {
	var ids []uint
	if json.Unmarshal([]byte(raw), &ids) != nil {
		return raw
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = refText(lang, KindSystem, strconv.FormatUint(uint64(id), 10), names)
	}
	return strings.Join(out, T(lang, "value.list_sep", nil))
}

// rowsText shows rows as their values, a row a line.
func (f *Field) rowsText(lang, raw string, names Names) string {
	var rows []map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &rows) != nil {
		return raw
	}
	lines := make([]string, 0, len(rows))
	for _, row := range rows {
		var vals []string
		for _, c := range f.Rows.Fields {
			if t := c.RawText(lang, plain(string(row[c.Key])), names); t != "" {
				vals = append(vals, t)
			}
		}
		lines = append(lines, strings.Join(vals, T(lang, "value.list_sep", nil)))
	}
	return strings.Join(lines, "\n")
}

// Sum returns the sum of the Total column of a KindRows field of rec.
func (f *Field) Sum(rec any) Money {
	c := f.Rows.Field(f.Total)
	if c == nil {
		return 0
	}
	var sum Money
	for i := range f.Len(rec) {
		sum += Money(c.value(f.Row(rec, i)).Int())
	}
	return sum
}

// blank reports whether the field of rec holds nothing.
func (f *Field) blank(rec any) bool {
	switch f.Kind {
	case KindRows, KindSystems:
		return f.Len(rec) == 0
	case KindRated:
		r := f.Rating(rec)
		return isBlank(r.Rating) || isBlank(r.Notes)
	case KindBool:
		return false
	}
	return isBlank(f.Input(rec))
}

// required reports whether the field must be filled in rec.
func (f *Field) required(r *Record, rec any) bool {
	if !f.Required {
		return false
	}
	if m := f.OptionalIf; m != nil {
		if o := r.Field(m.Key); o != nil && inList(o.Input(rec), m.Values) {
			return false
		}
	}
	return true
}

// RequiredIn reports whether the field must be filled in rec now, with
// OptionalIf applied.
func (r *Record) RequiredIn(f *Field, rec any) bool { return f.required(r, rec) }
