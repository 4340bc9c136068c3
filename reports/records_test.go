package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"upgradedesk/data"
)

// These tests read the documents back (pdftotext -raw, in content-stream
// order, so that a label and its value, a table's header and each of its
// rows stay together) and compare them with the records' descriptions,
// for every kind of record at once.

// printedRecord is a record, or a list of records, that a document prints.
type printedRecord struct {
	r    *data.Record
	recs []any // the record, or each record of a list
	list bool  // a list of records, printed as a table
}

// docRecords returns the records document k of d prints in full: those of
// its stage of the procedure (procedure.md), and all of them in the
// dossier.
func docRecords(k Kind, d *data.Dossier) []printedRecord {
	type entry struct {
		doc  Kind // "" for records only the dossier prints
		form data.Form
		recs []any
		list bool
	}
	one := func(ok bool, rec any) []any {
		if ok {
			return []any{rec}
		}
		return nil
	}
	all := []entry{
		{KindRequest, data.FormRequest, one(true, &d.Case), false},
		{KindAssessment, data.FormAssessment, one(d.Assessment != nil, d.Assessment), false},
		{KindPlan, data.FormPlan, one(d.Plan != nil, d.Plan), false},
		{KindRollback, data.FormBackup, ptrs(d.Backups), true},
		{"", data.FormImplementation, one(d.Implementation != nil, d.Implementation), false},
		{"", data.FormMigration, one(d.Migration != nil, d.Migration), false},
		{KindAcceptance, data.FormTest, ptrs(d.Tests), true},
		{KindAcceptance, data.FormAcceptance, one(d.Acceptance != nil, d.Acceptance), false},
		{KindRollback, data.FormRollback, one(d.Rollback != nil, d.Rollback), false},
		{KindRegistration, data.FormRegistration, one(d.Registration != nil, d.Registration), false},
		{"", data.FormCost, ptrs(d.Costs), true},
		{"", data.FormTraining, ptrs(d.Trainings), true},
		{"", data.FormEvaluation, one(d.Evaluation != nil, d.Evaluation), false},
		{"", data.FormAttachment, ptrs(d.Attachments), true},
	}
	var out []printedRecord
	for _, e := range all {
		if (e.doc == k || k == KindDossier) && len(e.recs) > 0 {
			out = append(out, printedRecord{data.RecordOf(e.form), e.recs, e.list})
		}
	}
	return out
}

// recordWants returns what the text of a document printing p must hold,
// without white space: every field that holds something with its label
// right before its value (a short field in the grid, a long text under
// its label, a rated field in its row of the criteria), and every table —
// a list of records or a field's rows — as its header of labels and each
// row with its values in the order of the columns (the fields with a
// Width), a row's other fields after the table as "label：value", and a
// total under the last row.
func recordWants(p printedRecord, names data.Names) []string {
	if p.list {
		return tableWants("", p.r, p.recs, "", names)
	}
	var wants []string
	for _, f := range p.r.Fields {
		if f.Filler == data.ByWorkflow {
			continue
		}
		switch rec := p.recs[0]; f.Kind {
		case data.KindRows:
			if !f.Required && f.Len(rec) == 0 { // none, said so in the grid
				wants = append(wants, label(f.LabelKey())+label("report.none"))
				continue
			}
			rows := make([]any, f.Len(rec))
			for i := range rows {
				rows[i] = f.Row(rec, i)
			}
			total := ""
			if f.Total != "" {
				total = f.Sum(rec).String()
			}
			wants = append(wants, tableWants(label(f.LabelKey()), f.Rows, rows, total, names)...)
		case data.KindRated:
			if r := f.Rating(rec); r.Rating != "" || r.Notes != "" {
				wants = append(wants, label(f.LabelKey())+choice(f.List, r.Rating)+r.Notes)
			}
		default:
			if v := f.Text(data.LangZH, rec, names); v != "" {
				wants = append(wants, label(f.LabelKey())+v)
			}
		}
	}
	return wants
}

// tableWants returns what a table of rows described by r must print (see
// recordWants).
func tableWants(caption string, r *data.Record, rows []any, total string, names data.Names) []string {
	var cols, others []*data.Field
	for _, f := range r.Fields {
		switch {
		case f.Filler == data.ByWorkflow:
		case f.Width > 0:
			cols = append(cols, f)
		default:
			others = append(others, f)
		}
	}
	header := caption + label("report.col.no")
	for _, f := range cols {
		header += label(f.LabelKey())
	}
	wants := []string{header}
	for i, row := range rows {
		line := strconv.Itoa(i + 1)
		for _, f := range cols {
			line += f.Text(data.LangZH, row, names)
		}
		wants = append(wants, line)
		for _, f := range others {
			if v := f.Text(data.LangZH, row, names); v != "" {
				wants = append(wants, label(f.LabelKey())+"："+v)
			}
		}
	}
	if total != "" {
		wants = append(wants, label("report.total")+total)
	}
	return wants
}

// refLabels matches the label of any field that refers to another record,
// a colon and digits that are no date, amount or version: an ID printed
// instead of a name, as a change or a note prints it. (In the grid a
// reference's label is followed by its name: recordWants checks that.)
var refLabels = func() *regexp.Regexp {
	seen := map[string]bool{}
	var alts []string
	for _, r := range data.StageRecords {
		for _, table := range []string{r.Table, "users", "systems", "departments", "vendors"} {
			for _, f := range data.RecordFor(table).Fields {
				if l := label(f.LabelKey()); f.Kind.Ref() && !seen[l] {
					seen[l] = true
					alts = append(alts, regexp.QuoteMeta(l))
				}
			}
		}
	}
	return regexp.MustCompile(`(` + strings.Join(alts, "|") + `)：(\d+)([^\d\-./:,]|$)`)
}()

// noiseOf returns the lines a document repeats on the pages its blocks
// continue to: the page header and the continued labels of long texts.
func noiseOf(k Kind, d *data.Dossier) []string {
	mark := label("report.mark.copy") // in the header of a dossier's every page
	noise := []string{d.Library, Title(k), d.Library + Title(k), mark, d.Library + mark + Title(k)}
	for _, r := range data.StageRecords {
		for _, f := range r.Fields {
			if f.Kind == data.KindLongText {
				noise = append(noise, label(f.LabelKey())+continued, continued)
			}
		}
	}
	// The header of the change history, repeated where a tall row
	// continues on the next page.
	header := ""
	for _, c := range historyColumns {
		noise, header = append(noise, c.Title), header+c.Title
	}
	return append(noise, header)
}

// documentProblems checks the text of document k of d: every record it
// prints (see recordWants), the references of the case's header as names,
// and no ID where a name belongs.
func documentProblems(text string, k Kind, d *data.Dossier) []string {
	wants := []string{}
	for _, p := range docRecords(k, d) {
		wants = append(wants, recordWants(p, d.Names)...)
	}
	for _, f := range data.RecordOf(data.FormRequest).Fields {
		if k == KindNotice {
			break // a notice to the readers names no one of the case
		}
		if v := f.Text(data.LangZH, &d.Case, d.Names); f.Kind.Ref() && f.Filler != data.ByWorkflow && v != "" {
			wants = append(wants, label(f.LabelKey())+v)
		}
	}
	var out []string
	for _, w := range wants {
		if !strings.Contains(text, stripSpace(w)) {
			out = append(out, fmt.Sprintf("%q not in the text; %s", shorten(w, 60), firstDifference(text, stripSpace(w))))
		}
	}
	return append(out, idProblems(text)...)
}

// unknownRef is the end of what data.Field.Text prints for a reference to
// a record that does not exist.
var unknownRef = func() string {
	s := stripSpace(data.T(data.LangZH, "value.unknown_ref", map[string]any{"ID": "\x00"}))
	return s[strings.LastIndex(s, "\x00")+1:]
}()

// idProblems reports IDs printed where names belong.
func idProblems(text string) []string {
	var out []string
	if m := refLabels.FindStringSubmatch(text); m != nil {
		out = append(out, fmt.Sprintf("an ID where a name belongs: %q", m[0]))
	}
	if unknownRef != "" && strings.Contains(text, unknownRef) {
		out = append(out, "a reference to a record that does not exist")
	}
	return out
}

// TestDocumentsPrintTheirRecords writes every document of the fixture case
// (every record filled in, a rollback and an attachment added) and checks
// each against the descriptions of the records it prints.
func TestDocumentsPrintTheirRecords(t *testing.T) {
	d := fullFixture()
	for _, k := range CaseKinds {
		text := documentText(t, saveTemp(t, writeCase(t, k, d)), noiseOf(k, d)...)
		for _, p := range documentProblems(text, k, d) {
			t.Errorf("%s: %s", k, p)
		}
	}
}

// fullFixture returns the fixture case with a rollback report and an
// attachment as well.
func fullFixture() *data.Dossier {
	d := fixtureDossier()
	d.Rollback = &data.RollbackReport{Meta: data.Meta{ID: 1, UpdatedBy: "李明"}, CaseID: 1, Date: "2026-03-16",
		Problem: "升级后电子发票推送超时。", RestoredVersion: "V3.2.4", RestoreStatus: "restored", Cause: "接口证书未导入。",
		Improvements: "升级前核对证书。"}
	d.Attachments = []data.Attachment{{ID: 1, CaseID: ptr(uint(1)), Name: "验收单签字页.pdf", Note: "签字扫描件",
		MIME: "application/pdf", Size: 48213, SHA256: strings.Repeat("0123456789abcdef", 4), UploadedBy: "李明"}}
	return d
}

// TestDocumentCheckFails makes sure the check above can fail: a value
// under another record's label, a missing row and an ID instead of a name
// are each found.
func TestDocumentCheckFails(t *testing.T) {
	d := fullFixture()
	text := documentText(t, saveTemp(t, writeCase(t, KindDossier, d)), noiseOf(KindDossier, d)...)
	if p := documentProblems(text, KindDossier, d); len(p) > 0 {
		t.Fatalf("the dossier itself fails: %v", p)
	}
	training, content := label("field.training_content"), label("field.content")
	biz := label("field.business_dept") + d.DeptName
	for name, c := range map[string]struct {
		text string
		edit func(d *data.Dossier)
	}{
		"training content under 需求内容": {text: strings.ReplaceAll(text, training, content)},
		"a test record missing":       {text: text, edit: func(d *data.Dossier) { d.Tests = append(d.Tests, d.Tests[0]) }},
		"a department as its ID":      {text: strings.ReplaceAll(text, biz, label("field.business_dept")+"2")},
	} {
		want := fullFixture()
		if c.edit != nil {
			c.edit(want)
		}
		if c.text == text && c.edit == nil || len(documentProblems(c.text, KindDossier, want)) == 0 {
			t.Errorf("%s: not found", name)
		}
	}
}

// TestChangeHistoryLabels checks the 变更记录 of every demo dossier: each
// audit entry's changes under the labels of the record they belong to,
// in the order of its form, with names instead of IDs.
func TestChangeHistoryLabels(t *testing.T) {
	dir := t.TempDir()
	found := map[string]bool{}
	for _, d := range demoDossiers(t) {
		path := filepath.Join(dir, d.Case.No+".pdf")
		if err := os.WriteFile(path, writeCase(t, KindDossier, d), 0o644); err != nil {
			t.Fatal(err)
		}
		text := documentText(t, path, noiseOf(KindDossier, d)...)
		for i := range d.History {
			e := &d.History[i]
			lines := data.ChangeLines(data.LangZH, e.Entity, e.ChangeList(), d.Names)
			checkChangeLabels(t, d.Case.No, e, lines, found)
			cell := strings.Join(historyLines(e, lines), "")
			row := strconv.FormatInt(e.Seq, 10) + tableTime(e.At) + e.ActorName + label("report.op."+e.Op) +
				label("entity."+e.Entity) + cell
			if !strings.Contains(text, stripSpace(row)) {
				t.Errorf("%s: audit entry %d not printed as %q; %s", d.Case.No, e.Seq, shorten(row, 80),
					firstDifference(text, stripSpace(row)))
			}
		}
		for _, p := range idProblems(text) {
			t.Errorf("%s: %s", d.Case.No, p)
		}
	}
	for _, want := range []string{"trainings.content", "rollback_reports.problem", "cases.business_dept_id"} {
		if !found[want] {
			t.Errorf("no demo dossier records a change of %s", want)
		}
	}
}

// checkChangeLabels checks the lines of an audit entry against the
// description of its record: each field under its own label, in form
// order, references as names. found collects the entity.field seen.
func checkChangeLabels(t *testing.T, no string, e *data.AuditEntry, lines []data.ChangeLine, found map[string]bool) {
	t.Helper()
	r := data.RecordFor(e.Entity)
	last := -1
	for _, l := range lines {
		found[e.Entity+"."+l.Field] = true
		var f *data.Field
		if r != nil {
			f = r.Field(l.Field)
		}
		if f == nil {
			continue
		}
		if want := label(f.LabelKey()); l.Label != want {
			t.Errorf("%s: %s.%s labelled %q, want %q", no, e.Entity, l.Field, l.Label, want)
		}
		pos := slicesIndex(r.Fields, f)
		if pos < last {
			t.Errorf("%s: audit entry %d: %s out of form order", no, e.Seq, l.Field)
		}
		last = pos
		if f.Kind.Ref() && (isDigits(l.Old) || isDigits(l.New)) {
			t.Errorf("%s: %s.%s printed as an ID: %q → %q", no, e.Entity, l.Field, l.Old, l.New)
		}
	}
}

// historyLines returns the lines the change history prints for an entry:
// its decision, its comment and its changed fields.
func historyLines(e *data.AuditEntry, lines []data.ChangeLine) []string {
	var out []string
	if e.Decision != "" {
		out = append(out, "决定："+label(e.DecisionKey()))
	}
	if e.Comment != "" {
		out = append(out, "意见："+changeText(e.Comment))
	}
	for _, l := range lines {
		v := changeText(l.Old) + "→" + changeText(l.New)
		switch e.Op {
		case data.OpCreate:
			v = changeText(l.New)
		case data.OpDelete:
			v = changeText(l.Old)
		}
		out = append(out, l.Label+"："+v)
	}
	return out
}

func slicesIndex(fs []*data.Field, f *data.Field) int {
	for i, x := range fs {
		if x == f {
			return i
		}
	}
	return -1
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// TestDatesFitTheirColumns checks that in every table of records a date
// stays on one line: each date column is wide enough for one.
func TestDatesFitTheirColumns(t *testing.T) {
	l := newLayout(mustFaces(t), DefaultBindingMargin)
	need := l.textWidth("2026-12-31", faceRegular, sizeTable) + 2*cellPadX
	var tables []*data.Record
	for _, r := range data.StageRecords {
		tables = append(tables, r)
		for _, f := range r.Fields {
			if f.Kind == data.KindRows {
				tables = append(tables, f.Rows)
			}
		}
	}
	for _, r := range tables {
		fs := tableFields(r)
		cols := tableColumns(fs)
		for i, f := range fs {
			if f.Kind == data.KindDate && cols[i+1].Width < need {
				t.Errorf("%s.%s: a column of %.1f mm, a date needs %.1f mm", r.Table, f.Key, cols[i+1].Width, need)
			}
		}
	}
}

// TestOneLine checks how a value of several lines is put on one line in
// the change history.
func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"a":                   "a",
		"甲、1\n乙、2":            "甲、1；乙、2",
		"先备份。\n再升级\n\n  验证  ": "先备份。再升级；验证",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
