package data

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// allRecords returns every described record, row tables included.
func allRecords() []*Record {
	var out []*Record
	seen := map[*Record]bool{}
	var add func(r *Record)
	add = func(r *Record) {
		if seen[r] {
			return
		}
		seen[r] = true
		out = append(out, r)
		for _, f := range r.Fields {
			if f.Kind == KindRows {
				add(f.Rows)
			}
		}
	}
	for _, r := range append(append([]*Record{}, StageRecords...), masterRecords...) {
		add(r)
	}
	return out
}

// TestEveryFieldIsLabelled checks that every field, section, record and
// choice of every description has a Chinese and an English text.
func TestEveryFieldIsLabelled(t *testing.T) {
	for _, r := range allRecords() {
		keys := []string{r.LabelKey()}
		if r.Form != "" {
			keys = append(keys, "form."+string(r.Form))
		}
		for _, f := range r.Fields {
			keys = append(keys, f.LabelKey())
			if f.Section != "" {
				keys = append(keys, f.Section)
			}
			if f.Kind == KindChoice || f.Kind == KindRated {
				vals, ok := ChoiceLists[f.List]
				if !ok {
					t.Errorf("%s.%s: no choice list %q", r.Table, f.Key, f.List)
				}
				for _, v := range vals {
					keys = append(keys, ChoiceKey(f.List, v))
				}
			}
			if f.Kind == KindText && f.Max == 0 {
				t.Errorf("%s.%s: a text field without a length limit", r.Table, f.Key)
			}
			if f.NotBefore != "" && r.Field(f.NotBefore) == nil {
				t.Errorf("%s.%s: NotBefore names no field", r.Table, f.Key)
			}
		}
		for _, k := range keys {
			for _, l := range []string{LangZH, LangEN} {
				if T(l, k, nil) == k {
					t.Errorf("%s: %s has no %s text", r.Table, k, l)
				}
			}
		}
	}
}

// TestEveryStoredFieldIsDescribed checks that every field an audit entry
// can carry for a record is described, so that the change history labels
// it in its own record's context — or is bookkeeping it leaves out.
func TestEveryStoredFieldIsDescribed(t *testing.T) {
	for _, r := range allRecords() {
		for key := range jsonFields(r.New()) {
			if metaFields[key] || bookkeeping[key] {
				continue
			}
			if r.Field(key) == nil {
				t.Errorf("%s: stored field %q is not described", r.Table, key)
			}
		}
	}
}

// TestRequiredIsWhatMissingReports checks, for every record, that an
// empty record lacks exactly the fields marked required, and that a row
// lacking a required field is named with its row.
func TestRequiredIsWhatMissingReports(t *testing.T) {
	for _, r := range allRecords() {
		rec := r.New()
		if got, want := r.Missing(rec), r.Required(); !slices.Equal(got, want) {
			t.Errorf("%s: missing %v, required %v", r.Table, got, want)
		}
		for _, f := range r.Fields {
			if f.Kind != KindRows || len(f.Rows.Required()) == 0 {
				continue
			}
			rows := make([][]string, 2)
			if err := f.SetRowInputs(rec, rows); err != nil {
				t.Fatal(err)
			}
			miss := strings.Join(r.Missing(rec), " ")
			for _, l := range f.Rows.Required() {
				if want := f.Label + ".2." + l; !strings.Contains(miss, want) {
					t.Errorf("%s: missing %q does not name %s", r.Table, miss, want)
				}
			}
		}
	}
}

// sampleInput returns a valid value of a field as a form would hold it.
func sampleInput(f *Field) string {
	if f.Later { // an end later than its start
		return "2026-03-15 23:30"
	}
	switch f.Kind {
	case KindDate:
		return "2026-03-15"
	case KindDateTime:
		return "2026-03-15 20:30"
	case KindMoney:
		return "12,800.50"
	case KindCount:
		return "42"
	case KindChoice, KindRated:
		return ChoiceLists[f.List][0]
	case KindVersion:
		return "V3.2.1"
	case KindPhone:
		return "010-6253 1234"
	case KindEmail:
		return "it@library.example.cn"
	case KindBool:
		return "true"
	case KindUser, KindDept, KindSystem, KindVendor, KindCase:
		return "7"
	case KindSystems:
		return "7,9"
	case KindState:
		return string(StatePlanning)
	}
	return "文本 text"
}

// TestInputRoundTrip checks that every field of every record reads back
// what a form stored into it, and that the stored record passes Check.
func TestInputRoundTrip(t *testing.T) {
	for _, r := range allRecords() {
		rec := r.New()
		for _, f := range r.Fields {
			if f.Kind == KindRows {
				row := make([]string, len(f.Rows.Fields))
				for j, c := range f.Rows.Fields {
					row[j] = sampleInput(c)
				}
				if err := f.SetRowInputs(rec, [][]string{row}); err != nil {
					t.Fatalf("%s.%s: %v", r.Table, f.Key, err)
				}
				if got := f.RowInputs(rec); !reflect.DeepEqual(got, [][]string{row}) {
					t.Errorf("%s.%s: rows %q, want %q", r.Table, f.Key, got, row)
				}
				continue
			}
			in := sampleInput(f)
			if err := f.SetInput(rec, in); err != nil {
				t.Fatalf("%s.%s: %v", r.Table, f.Key, err)
			}
			if got := f.Input(rec); got != in {
				t.Errorf("%s.%s: input %q reads back as %q", r.Table, f.Key, in, got)
			}
			if f.Kind == KindRated {
				f.Rating(rec).Notes = "说明"
			}
		}
		if err := r.Check(rec, time.Date(2027, 1, 1, 0, 0, 0, 0, time.Local)); err != nil {
			t.Errorf("%s: a record of valid values fails Check: %v", r.Table, err)
		}
	}
}

// TestCheckReportsEveryProblem checks that Check names every bad field at
// once, rows by their number, in the language asked for.
func TestCheckReportsEveryProblem(t *testing.T) {
	p := &Plan{Milestones: []Milestone{{Name: "切换", Start: "2026-05-02", End: "2026-05-01"}},
		BudgetItems: []BudgetItem{{Item: strings.Repeat("长", 201)}}, DowntimeWindow: "bad\x01"}
	err := planRecord.Check(p, time.Now())
	e, ok := err.(*Error)
	if !ok || e.Code != EInvalid {
		t.Fatalf("got %v", err)
	}
	zh := e.Message(LangZH)
	for _, want := range []string{"3 处", "时间安排第 1 行的结束日期：不能早于开始日期", "预算第 1 行的预算项目", "停机说明"} {
		if !strings.Contains(zh, want) {
			t.Errorf("message does not say %q: %s", want, zh)
		}
	}
	if en := e.Message(LangEN); !strings.Contains(en, "End date in row 1 of Schedule") {
		t.Errorf("English: %s", en)
	}
	future := time.Now().Add(time.Hour)
	im := &Implementation{ActualStart: &future}
	if err := implementationRecord.Check(im, time.Now()); ErrorCode(err) != EInvalid || !strings.Contains(err.Error(), "晚于现在") {
		t.Errorf("a start in the future: %v", err)
	}
	c := &Case{RequestDate: "2026-05-02", ExpectedDate: "2026-05-01"}
	if err := requestRecord.Check(c, time.Now()); err == nil || !strings.Contains(err.Error(), "期望完成日期：不能早于申请日期") {
		t.Errorf("expected before requested: %v", err)
	}
	if err := requestRecord.Check(&Case{RequestDate: "2026-02-30"}, time.Now()); err == nil {
		t.Error("2026-02-30 passes")
	}
}

// TestChangeLinesLabelEachRecord checks that changes are labelled in the
// context of their own record, show names instead of IDs and follow the
// order of the form.
func TestChangeLinesLabelEachRecord(t *testing.T) {
	names := NameBook{}
	names.Add(KindDept, 2, "信息管理部")
	names.Add(KindDept, 5, "流通部")
	lines := ChangeLines(LangZH, "cases", []Change{
		{Field: "urgency", New: "urgent"}, {Field: "business_dept_id", Old: "2", New: "5"},
		{Field: "title", New: "升级"}, {Field: "state_seq", Old: "1", New: "2"},
	}, names)
	var got []string
	for _, l := range lines {
		got = append(got, l.Label+"："+l.Old+"→"+l.New)
	}
	want := []string{"事项名称：（空）→升级", "业务部门：信息管理部→流通部", "紧急程度：（空）→紧急"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	cases := map[string]string{
		"trainings.content": "培训内容", "acceptances.conclusion": "验收结论", "rollback_reports.problem": "出现的问题",
		"backups.scope": "备份范围", "migrations.scope": "迁移范围", "assessments.impact": "对现有系统的影响",
		"evaluations.improvements": "流程改进",
	}
	for key, label := range cases {
		entity, field, _ := strings.Cut(key, ".")
		l := ChangeLines(LangZH, entity, []Change{{Field: field, New: "x"}}, nil)
		if len(l) != 1 || l[0].Label != label {
			t.Errorf("%s: %+v, want %s", key, l, label)
		}
	}
}

// TestSortByNameFollowsPinyin checks that people, departments and systems
// are listed in the order of their names' pinyin, after Latin names.
func TestSortByNameFollowsPinyin(t *testing.T) {
	names := []string{"张丽", "赵敏", "李明", "王建国", "周涛", "陈静", "RFID 自助借还系统", "阅览部", "采编部"}
	SortByName(names, func(s *string) string { return *s })
	want := []string{"RFID 自助借还系统", "采编部", "陈静", "李明", "王建国", "阅览部", "张丽", "赵敏", "周涛"}
	if !slices.Equal(names, want) {
		t.Errorf("sorted %v, want %v", names, want)
	}
}
