package forms

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// These tests run over every stage form the case window builds from its
// record's description, whatever the form: no test here knows one form.

// describedForms are the stage forms typed into; attachments are files
// chosen on disk, with a tab of their own.
func describedForms() []*data.Record {
	var out []*data.Record
	for _, r := range data.StageRecords {
		if r.Form != data.FormAttachment {
			out = append(out, r)
		}
	}
	return out
}

// formCase returns a case in which a user may fill form r now, with the
// user: the case in the first state of the form that the fixture drives
// to, the first user of the library whom the rules let fill it.
func formCase(t *testing.T, f *fixture, r *data.Record) (uint, string) {
	t.Helper()
	id := f.driveTo(t, r.States[0])
	c, err := f.s.Case(id)
	must(t, err)
	for _, u := range users {
		if data.CanEdit(f.u[u.key], c, r.Form) == nil {
			return id, u.key
		}
	}
	t.Fatalf("nobody may fill %s in %s", r.Form, c.State)
	return 0, ""
}

// formWidgets is what a test reads of a form: its labels by field key and
// the row table of every table field or list.
type formWidgets struct {
	// label returns the label shown beside the input of field key.
	label func(key string) string
	// rows returns the table of a table field; for a list, of the records.
	rows func(key string) *uikit.Rows
}

func widgetsOf(w *caseWindow, r *data.Record) formWidgets {
	if l := w.lists[r.Form]; l != nil {
		return formWidgets{label: func(string) string { return "" }, rows: func(string) *uikit.Rows { return l.Rows }}
	}
	fr := w.forms[r.Form]
	return formWidgets{label: fr.Fields.Label, rows: fr.Rows}
}

// dialogLabels opens a new row's dialog of rows and returns the labels of
// the inputs of the fields of rr, by key; the dialog is closed again.
func dialogLabels(t *testing.T, rows *uikit.Rows, rr *data.Record) map[string]string {
	t.Helper()
	test.Tap(rows.AddButton)
	d := rows.Dialog
	if d == nil {
		t.Fatal("no row dialog")
	}
	defer test.Tap(d.Cancel)
	out := map[string]string{}
	for _, f := range rr.Fields {
		out[f.Key] = d.Label(f.Key)
	}
	return out
}

// starred returns the labels (Field.Label) of the fields of rr whose shown
// label is starred.
func starred(rr *data.Record, shown map[string]string) []string {
	var out []string
	for _, f := range rr.Fields {
		if strings.HasSuffix(shown[f.Key], " *") {
			out = append(out, f.Label)
		}
	}
	return out
}

// formLabels returns the labels a form shows beside the inputs of its
// own fields, by key: a list's are those of its row dialog.
func formLabels(t *testing.T, fw formWidgets, r *data.Record) map[string]string {
	if r.Single {
		out := map[string]string{}
		for _, f := range r.Fields {
			out[f.Key] = fw.label(f.Key)
		}
		return out
	}
	return dialogLabels(t, fw.rows(""), r)
}

// TestStarsAreWhatIsRequired checks every stage form: the fields it stars
// are exactly the fields its description requires of the user, and those
// the completeness check reports of an empty record; so are the stars of
// every table's row dialog. A field required unless another has some value
// loses its star when that value is chosen.
func TestStarsAreWhatIsRequired(t *testing.T) {
	f := newFixture(t)
	for _, r := range describedForms() {
		t.Run(string(r.Form), func(t *testing.T) {
			id, key := formCase(t, f, r)
			w := f.open(key, id)
			fw := widgetsOf(w, r)
			checkStars(t, r, starred(r, formLabels(t, fw, r)), id)
			for _, fd := range r.Fields {
				if fd.Kind == data.KindRows && r.Single {
					checkStars(t, fd.Rows, starred(fd.Rows, dialogLabels(t, fw.rows(fd.Key), fd.Rows)), id)
				}
			}
			if r.Single {
				checkOptional(t, w.forms[r.Form], r)
			}
		})
	}
}

func checkStars(t *testing.T, r *data.Record, stars []string, caseID uint) {
	t.Helper()
	if req := r.Required(); !slices.Equal(stars, req) {
		t.Errorf("%s stars %v, its description requires %v", r.Table, stars, req)
	}
	if miss := r.Missing(r.NewFor(caseID)); !slices.Equal(stars, miss) {
		t.Errorf("%s stars %v, an empty one misses %v", r.Table, stars, miss)
	}
}

// checkOptional chooses, for every field required only at times, the
// value of the other field that lifts it, and checks that the star goes.
func checkOptional(t *testing.T, fr *stageForm, r *data.Record) {
	t.Helper()
	for _, fd := range r.Fields {
		m := fd.OptionalIf
		if m == nil {
			continue
		}
		fr.Choice(m.Key).SetValue(m.Values[0])
		if got := fr.Fields.Label(fd.Key); strings.HasSuffix(got, " *") || r.RequiredIn(fd, fr.current()) {
			t.Errorf("%s with %s=%s: label %q", fd.Key, m.Key, m.Values[0], got)
		}
		fr.Choice(m.Key).SetValue("")
		if got := fr.Fields.Label(fd.Key); !strings.HasSuffix(got, " *") {
			t.Errorf("%s required again: label %q", fd.Key, got)
		}
	}
}

// TestEveryFieldIsLabelled checks in both languages that every field of
// every stage form, every column of its tables and every section heading
// shows its description's label, translated.
func TestEveryFieldIsLabelled(t *testing.T) {
	f := newFixture(t)
	type opened struct {
		id  uint
		key string
	}
	cases := map[data.Form]opened{}
	for _, r := range describedForms() {
		id, key := formCase(t, f, r)
		cases[r.Form] = opened{id, key}
	}
	for _, code := range data.Languages {
		t.Run(code, func(t *testing.T) {
			must(t, uikit.SetLanguage(code))
			defer func() { must(t, uikit.SetLanguage(data.LangZH)) }()
			for _, r := range describedForms() {
				w := f.open(cases[r.Form].key, cases[r.Form].id)
				fw := widgetsOf(w, r)
				checkLabels(t, code, r, formLabels(t, fw, r))
				for _, fd := range r.Fields {
					if fd.Kind == data.KindRows {
						checkLabels(t, code, fd.Rows, dialogLabels(t, fw.rows(fd.Key), fd.Rows))
					}
				}
				if fr := w.forms[r.Form]; fr != nil {
					checkSections(t, code, r, fr)
				}
			}
		})
	}
}

// checkLabels compares the labels shown beside the fields of r with the
// description's, in language code.
func checkLabels(t *testing.T, code string, r *data.Record, shown map[string]string) {
	t.Helper()
	for _, fd := range r.Fields {
		got, want := strings.TrimSuffix(shown[fd.Key], " *"), data.T(code, fd.LabelKey(), nil)
		switch {
		case fd.Filler == data.ByWorkflow:
			if got != "" {
				t.Errorf("%s: bookkeeping %s is shown as %q", r.Table, fd.Key, got)
			}
		case want == fd.LabelKey():
			t.Errorf("%s: %s has no %s label", r.Table, fd.Key, code)
		case got != want:
			t.Errorf("%s: %s labelled %q, want %q", r.Table, fd.Key, got, want)
		}
	}
}

// checkSections checks that every section heading of the form is shown,
// translated.
func checkSections(t *testing.T, code string, r *data.Record, fr *stageForm) {
	t.Helper()
	for _, fd := range r.Fields {
		if fd.Section == "" {
			continue
		}
		want := data.T(code, fd.Section, nil)
		if want == fd.Section || !showsText(fr.Fields.Content(), want) {
			t.Errorf("%s: section %s not shown as %q", r.Table, fd.Section, want)
		}
	}
}

// TestFormsRoundTrip types a sample value into the input of every field of
// every stage form (a row into every table), saves the form and reads the
// record back through the store: every value typed is stored.
func TestFormsRoundTrip(t *testing.T) {
	f := newFixture(t)
	for _, r := range describedForms() {
		t.Run(string(r.Form), func(t *testing.T) {
			id, key := formCase(t, f, r)
			w := f.open(key, id)
			var typed map[string]string
			if fr := w.forms[r.Form]; fr != nil {
				checkUntouched(t, fr)
				typed = typeForm(t, fr, r)
				save(t, fr)
				checkUntouched(t, fr)
			} else {
				typed = typeRow(t, w.lists[r.Form].Rows, r)
			}
			cd, err := loadCaseData(f.s, f.u[key], id)
			must(t, err)
			checkStored(t, r, stored(cd, r), typed)
		})
	}
}

// checkUntouched checks that a form the user did not touch since it was
// loaded reads back as no edit: every field holds the loaded value.
func checkUntouched(t *testing.T, fr *stageForm) {
	t.Helper()
	for _, bf := range fr.edited(fr.base, fr.mine()) {
		t.Errorf("%s: untouched %s reads %q, loaded %q", fr.kind, bf.f.Key, bf.f.Raw(fr.mine()), bf.f.Raw(fr.base))
	}
}

// sample returns a value of field fd as typed into its input; "" for a
// choice that keeps the value its input holds.
func sample(fd *data.Field) string {
	switch fd.Kind {
	case data.KindText:
		s := []rune("样例" + fd.Key)
		return string(s[:min(len(s), fd.Max)])
	case data.KindLongText:
		return "第一行 " + fd.Key + "\n第二行"
	case data.KindDate:
		return "2026-04-10"
	case data.KindDateTime:
		if fd.Later {
			return "2026-04-13 11:30"
		}
		return "2026-04-13 09:30"
	case data.KindMoney:
		return "1,234.50"
	case data.KindCount:
		return "12"
	case data.KindVersion:
		return "V9.8.7"
	case data.KindPhone:
		return "010-6253 9876"
	case data.KindEmail:
		return "it@library.example"
	case data.KindBool:
		return "true"
	case data.KindChoice, data.KindRated:
		return data.ChoiceLists[fd.List][0]
	}
	return ""
}

// typeForm fills every input of a form with samples and returns what each
// field of the user's now holds, by key (rows as "row.<key>.<col>").
func typeForm(t *testing.T, fr *stageForm, r *data.Record) map[string]string {
	t.Helper()
	typed := map[string]string{}
	for _, fd := range r.Fields {
		if fd.Filler != data.ByUser {
			continue
		}
		switch fd.Kind {
		case data.KindRows:
			for k, v := range typeRow(t, fr.Rows(fd.Key), fd.Rows) {
				typed[fd.Key+"."+k] = v
			}
		case data.KindRated:
			fr.Choice(fd.Key).SetValue(sample(fd))
			fill(fr.Notes(fd.Key), "说明 "+fd.Key)
			typed[fd.Key], typed[fd.Key+".notes"] = sample(fd), "说明 "+fd.Key
		case data.KindChoice:
			fr.Choice(fd.Key).SetValue(sample(fd))
			typed[fd.Key] = sample(fd)
		case data.KindBool:
			fr.Check(fd.Key).SetChecked(true)
			typed[fd.Key] = "true"
		default:
			typed[fd.Key] = typeRef(t, fr, fd)
		}
	}
	return typed
}

// typeRef types a sample into an entry, or chooses the first record a
// reference may choose; it returns the value.
func typeRef(t *testing.T, fr *stageForm, fd *data.Field) string {
	if fd.Kind.Ref() {
		c := fr.Choice(fd.Key)
		if len(c.Options) == 0 {
			t.Fatalf("%s offers nothing to choose", fd.Key)
		}
		c.SetSelectedIndex(0)
		return c.Value()
	}
	fill(fr.Entry(fd.Key), sample(fd))
	return sample(fd)
}

// typeRow adds a row with a sample in every input through its dialog and
// returns the values of the row's fields of the user's, by key.
func typeRow(t *testing.T, rows *uikit.Rows, rr *data.Record) map[string]string {
	t.Helper()
	test.Tap(rows.AddButton)
	d := rows.Dialog
	typed := map[string]string{}
	for _, fd := range rr.Fields {
		if fd.Filler != data.ByUser {
			continue
		}
		v := sample(fd)
		if c := d.Choice(fd.Key); c != nil && c.Value() != "" {
			v = c.Value() // the form's default, such as the user's own kind of test
		}
		if g := d.CheckGroup(fd.Key); g != nil {
			if v = d.Value(fd.Key); v == "" {
				t.Fatalf("%s: nothing ticked in %s", rr.Table, fd.Key) // the case's own system is, by default
			}
		}
		if !setInput(d, fd.Key, v) {
			t.Fatalf("%s: no input for %s", rr.Table, fd.Key)
		}
		typed[fd.Key] = v
	}
	test.Tap(d.OK)
	if rows.Dialog != nil {
		t.Fatalf("%s: row refused: %s", rr.Table, d.Problem.Text)
	}
	return typed
}

// stored returns the record of form r the case now holds: the single one,
// or the newest of a list.
func stored(cd *caseData, r *data.Record) any {
	if r.Single {
		return cd.record(r.Form)
	}
	var newest any
	for _, rec := range cd.records(r.Form) {
		if newest == nil || data.MetaOf(rec).ID > data.MetaOf(newest).ID {
			newest = rec
		}
	}
	return newest
}

// checkStored compares every value typed with the stored record's.
func checkStored(t *testing.T, r *data.Record, rec any, typed map[string]string) {
	t.Helper()
	if rec == nil {
		t.Fatal("nothing stored")
	}
	got := map[string]string{}
	for _, fd := range r.Fields {
		switch {
		case fd.Filler != data.ByUser:
		case fd.Kind == data.KindRows:
			rows := fd.RowInputs(rec)
			for j, c := range fd.Rows.Fields {
				if len(rows) > 0 {
					got[fd.Key+"."+c.Key] = rows[len(rows)-1][j] // the row typed is the last
				}
			}
		case fd.Kind == data.KindRated:
			got[fd.Key], got[fd.Key+".notes"] = fd.Input(rec), fd.Rating(rec).Notes
		default:
			got[fd.Key] = fd.Input(rec)
		}
	}
	for k, v := range typed {
		if got[k] != v {
			t.Errorf("%s: %s typed %q, stored %q", r.Table, k, v, got[k])
		}
	}
	if len(typed) == 0 {
		t.Error("nothing typed")
	}
}
