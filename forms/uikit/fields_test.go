package uikit

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// newTestWindow starts a test app under the bundled fonts, in Chinese, and
// returns a window of a fixed size.
func newTestWindow(t *testing.T) fyne.Window {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	if err := SetLanguage(data.LangZH); err != nil {
		t.Fatal(err)
	}
	w := a.NewWindow("test")
	w.Resize(fyne.NewSize(800, 600))
	return w
}

func TestValidatorSpeaksTheUsersLanguage(t *testing.T) {
	newTestWindow(t)
	defer SetLanguage(data.LangZH)
	for _, c := range []struct {
		name   string
		valid  func(string) error
		in     string
		zh, en string
	}{
		{"date", data.ValidDate, "2026/3/15", "日期格式为 年-月-日", "YYYY-MM-DD"},
		{"required", data.Required, " ", "必填", "Required"},
		{"money", data.ValidMoney, "12.345", "金额", "amount"},
		{"valid", data.ValidDate, "2026-03-15", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := Validator(c.valid)
			for _, l := range []struct{ code, want string }{{data.LangZH, c.zh}, {data.LangEN, c.en}} {
				if err := SetLanguage(l.code); err != nil {
					t.Fatal(err)
				}
				err := v(c.in)
				switch {
				case l.want == "" && err != nil:
					t.Errorf("%s: %v", l.code, err)
				case l.want != "" && (err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(l.want))):
					t.Errorf("%s: %v, want %q", l.code, err, l.want)
				}
			}
		})
	}
	if Validator(nil) != nil {
		t.Error("no validator should stay none")
	}
}

func TestChoiceShowsLabelsAndReportsValues(t *testing.T) {
	newTestWindow(t)
	c := NewChoice("urgency", data.Urgencies)
	if strings.Join(c.Options, ",") != "一般,紧急" || c.Value() != "" {
		t.Fatalf("options %v, value %q", c.Options, c.Value())
	}
	c.SetValue("urgent")
	if c.Selected != "紧急" || c.Value() != "urgent" {
		t.Errorf("selected %q value %q", c.Selected, c.Value())
	}
	c.SetValue("")
	if c.Selected != "" || c.Value() != "" {
		t.Error("an empty value did not clear the choice")
	}
	p := NewPick([]string{"1", "2"}, []string{"图书馆集成管理系统", "门禁系统"})
	p.SetValue("2")
	p.SetChoices([]string{"2", "3"}, []string{"门禁系统（新）", "自助借还系统"})
	if p.Value() != "2" || p.Selected != "门禁系统（新）" {
		t.Errorf("new choices lost the value: %q %q", p.Value(), p.Selected)
	}
}

func TestFieldsTrackChangesAndLock(t *testing.T) {
	w := newTestWindow(t)
	f := NewFields()
	changes := 0
	f.OnChanged = func() { changes++ }
	f.Section("申请信息")
	date := f.Entry(Spec{Label: "申请日期", Required: true, Valid: data.ValidDate, Placeholder: "年-月-日"})
	urgency := f.Choice(Spec{Label: "紧急程度"}, "urgency")
	paper := f.Check(Spec{Label: "纸质"}, "已签字")
	rating, note := f.Rated(Spec{Label: "合理性", Lines: 2}, "rating")
	rows := f.Rows(Spec{Label: "参会人员"}, NewRows(w, "参会人员", Column{Spec: Spec{Label: "姓名"}, Width: 100}))
	w.SetContent(f.Content())

	test.Type(date, "2026-04-13")
	urgency.SetValue("urgent")
	test.Tap(paper)
	rating.SetValue("high")
	test.Type(note, "理由")
	if changes != len("2026-04-13")+5 {
		t.Errorf("%d changes reported", changes)
	}
	want := []LabelText{{"申请日期", "2026-04-13"}, {"紧急程度", "紧急"}, {"纸质", "是"}, {"合理性", "高：理由"}, {"参会人员", ""}}
	for i, lt := range f.Texts() {
		if lt != want[i] {
			t.Errorf("text %d = %+v, want %+v", i, lt, want[i])
		}
	}
	date.SetText("")
	if date.Validate() == nil || !showsText(f.Content(), "必填") {
		t.Fatal("an empty required entry passed")
	}
	f.SetReadOnly(true)
	if !date.Disabled() || !urgency.Disabled() || !paper.Disabled() || !note.Disabled() || rows.AddButton.Visible() {
		t.Error("read-only left an input unlocked")
	}
	if date.PlaceHolder != "" {
		t.Error("a locked entry shows its placeholder as if it were a value")
	}
	if err := date.Validate(); err != nil || showsText(f.Content(), "必填") {
		t.Errorf("a locked entry says what it lacks: %v", err)
	}
	f.SetReadOnly(false)
	if date.Disabled() || date.PlaceHolder != "年-月-日" || !rows.AddButton.Visible() {
		t.Error("unlocking did not restore the inputs")
	}
	if date.Validate() == nil {
		t.Error("unlocking did not restore the entry's checks")
	}
}

// TestFieldsRelabel checks a field required only at times: its star and
// its hint follow Needed, and a read-only text is no input.
func TestFieldsRelabel(t *testing.T) {
	w := newTestWindow(t)
	f := NewFields()
	need := true
	plan := f.Entry(Spec{Key: "plan", Label: "初步实施计划", Needed: func() bool { return need }})
	f.Static(Spec{Key: "dept", Label: "申请部门"})
	w.SetContent(f.Content())
	if f.Label("plan") != "初步实施计划 *" || plan.Validate() == nil {
		t.Errorf("required now: label %q, blank accepted %v", f.Label("plan"), plan.Validate() == nil)
	}
	need = false
	f.Relabel()
	if f.Label("plan") != "初步实施计划" || plan.Validate() != nil {
		t.Errorf("optional now: label %q, blank refused %v", f.Label("plan"), plan.Validate())
	}
	if f.Label("dept") != "申请部门" || len(f.Texts()) != 1 {
		t.Errorf("read-only text: label %q, %d inputs", f.Label("dept"), len(f.Texts()))
	}
}

func TestProblemMessages(t *testing.T) {
	newTestWindow(t)
	p := FieldProblem("联系电话", data.ValidPhone("abc"))
	if !strings.HasPrefix(p.Error(), "联系电话：请填写电话号码") {
		t.Errorf("field problem %q", p.Error())
	}
	if Message(p) != p.Error() {
		t.Error("Message does not show a Problem as it is")
	}
	if got := Message(errors.New("sql: no rows")); strings.Contains(got, "sql") {
		t.Errorf("raw error text shown: %q", got)
	}
	if !errors.Is(NewProblem("uikit.close", data.ValidPhone("abc")), &data.Error{Code: data.EInvalid}) {
		t.Error("a Problem hides its cause")
	}
}

// buttonIn returns the button labelled text in the window's top overlay.
func buttonIn(w fyne.Window, text string) *Button {
	var found *Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*Button); ok && b.Text == text && found == nil {
			found = b
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	if top := w.Canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	return found
}

// showsText reports whether a visible text inside o reads text.
func showsText(o fyne.CanvasObject, text string) bool {
	if o == nil || !o.Visible() {
		return false
	}
	switch x := o.(type) {
	case *canvas.Text:
		return x.Text == text
	case *fyne.Container:
		for _, c := range x.Objects {
			if showsText(c, text) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if showsText(c, text) {
				return true
			}
		}
	}
	return false
}
