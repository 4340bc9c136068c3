package reports

import (
	"slices"
	"strconv"
	"strings"

	"upgradedesk/data"
)

// dossierPart is one numbered part of the dossier: its title, what the
// list of contents says it holds ("" for nothing) and how it is printed
// when it holds something.
type dossierPart struct {
	key   string // the title's translation key
	holds string
	body  func()
}

// dossierDoc is the 升级事项案卷: a cover page with the case's identity,
// its archive entry and the list of contents with the page each part
// starts on, then every record of the case in the order of the
// procedure, the whole approval trail and the change history.
func (b *caseBuilder) dossierDoc() {
	parts := b.dossierParts()
	b.cover(parts)
	b.doc.PageBreak()
	for i, p := range parts {
		b.section = 0
		b.doc.anchor(p.key)
		b.doc.partHeading(labelf("report.section", map[string]any{"N": chineseNumber(i + 1), "Text": label(p.key)}))
		if p.holds == "" {
			b.doc.Note(label("report.note.none"))
			continue
		}
		p.body()
	}
	b.closing()
}

// dossierParts lists the parts of the dossier.
func (b *caseBuilder) dossierParts() []dossierPart {
	d := b.d
	return []dossierPart{
		{"report.part.request", holds(Title(KindRequest), stateLabel(d.Case.State)), func() {
			b.requestBody()
			if data.KindOf(&d.Case) == data.ChangeEmergency { // what the request form leaves to the decisions
				b.heading(label("field.change_kind"))
				b.doc.Fields(b.kindFields(0))
			}
			b.heading(label("report.heading.outcome"))
			b.doc.Fields(b.outcome(nil))
		}},
		{"report.part.assessment", holds(present(d.Assessment != nil, Title(KindAssessment))), b.assessmentBody},
		{"report.part.plan", holds(present(d.Plan != nil, Title(KindPlan))), b.planBody},
		{"report.part.implementation", holds(count(len(d.Backups), backupRec, "report.count.copies"),
			present(d.Implementation != nil, label(implementationRec.LabelKey())),
			present(d.Migration != nil, label(migrationRec.LabelKey()))), b.implementationBody},
		{"report.part.acceptance", holds(count(len(d.Tests), testRec, "report.count.copies"),
			present(d.Acceptance != nil, Title(KindAcceptance))), b.testsAndAcceptance},
		{"report.part.rollback", holds(present(d.Rollback != nil, Title(KindRollback))), b.rollbackBody},
		{"report.part.registration", holds(present(d.Registration != nil, Title(KindRegistration))), b.registrationBody},
		{"report.part.costs", holds(count(len(d.Costs), costRec, "report.count.sums")), b.costsBody},
		{"report.part.follow_up", holds(count(len(d.Trainings), trainingRec, "report.count.times"),
			present(d.Evaluation != nil, label(evaluationRec.LabelKey()))), b.followUpBody},
		{"report.part.attachments", holds(count(len(d.Attachments), attachmentRec, "report.count.files")), func() {
			b.recordTable("", attachmentRec, ptrs(d.Attachments), nil)
		}},
		{"report.part.approvals", holds(countOf(len(d.Decisions), "entity.decisions", "report.count.entries")), func() {
			b.approvals(d.Decisions)
		}},
		{"report.part.history", holds(countOf(len(d.History), "report.part.history", "report.count.entries")),
			b.historyTable},
	}
}

// cover writes the dossier's cover page.
func (b *caseBuilder) cover(parts []dossierPart) {
	c, d := &b.d.Case, b.d
	b.doc.space(14)
	b.doc.centred(c.Title, true, sizeCover)
	b.doc.centred(c.No, false, sizeHeading)
	b.doc.space(8)
	f := []Field{{Label: label("report.label.case_no"), Value: c.No}, {Label: label("report.label.state"), Value: stateLabel(c.State)}}
	for _, key := range caseHeader[:5] {
		f = append(f, b.gridField(requestRec.Field(key), c))
	}
	f = append(f, Field{Label: label("report.label.version_change"), Value: versionChange(d)},
		b.gridField(requestRec.Field("upgrade_type"), c),
		Field{Label: label("report.label.opened_at"), Value: dateTime(c.CreatedAt)},
		Field{Label: label("report.label.closed_at"), Value: dateTimePtr(c.ClosedAt)})
	f = append(f, Field{Label: label("field.change_kind"), Value: kindSummary(d)})
	if c.MergedIntoID != nil {
		merged := b.gridField(requestRec.Field("merged_into_id"), c)
		merged.Wide = true
		f = append(f, merged)
	}
	if a := d.Archive; a != nil {
		f = append(f, Field{Label: label("report.label.archived_at"), Value: dateTime(a.ArchivedAt)},
			Field{Label: label("report.label.archived_by"), Value: a.ArchivedBy})
		if a.DossierSHA != "" {
			f = append(f, Field{Label: label("report.label.dossier_sha256"), Value: a.DossierSHA, Wide: true})
		}
		if a.PaperOverride != "" {
			f = append(f, Field{Label: label("report.label.paper_override"), Value: a.PaperOverride, Wide: true})
		}
	}
	if len(d.PaperDue) > 0 {
		f = append(f, Field{Label: label("report.label.paper_due"), Value: paperDueText(d.PaperDue), Wide: true})
	}
	b.doc.Fields(f)
	b.doc.sealNote(func(check string) string {
		return labelf("report.note.dossier_check", map[string]any{"Check": check})
	})
	b.doc.centred(label("report.heading.contents"), true, sizeHeading)
	rows := make([][]string, len(parts))
	anchors := make([]string, len(parts))
	for i, p := range parts {
		rows[i] = []string{chineseNumber(i + 1), label(p.key), p.holds}
		if p.holds == "" {
			rows[i][2] = label("report.none")
		}
		anchors[i] = p.key
	}
	b.doc.contents([]Column{noColumn, {Title: label("report.col.contents"), Width: 50},
		{Title: label("report.col.holds"), Width: 99}}, rows, anchors,
		Column{Title: label("report.col.page"), Width: 14, Align: "C"})
	switch {
	case d.Archive != nil && d.Archive.DossierSHA == "":
		b.doc.Note(label("report.note.dossier_archived"))
	case d.Archive != nil:
		b.doc.Note(label("report.note.dossier_copy_archived"))
	default:
		b.doc.Note(label("report.note.dossier_copy"))
	}
}

// kindSummary names the case's kind of change in a few words, for the
// cover: "标准升级（BZ-2026-01）"; the request part prints what it rests on.
func kindSummary(d *data.Dossier) string {
	kind := label(data.ChoiceKey("change_kind", data.KindOf(&d.Case)))
	if t := d.Template; t != nil {
		return labelf("report.kind_template", map[string]any{"Kind": kind, "No": t.No})
	}
	return kind
}

// coverPaperSigners is how many signers the cover names of the
// outstanding signatures; more are counted.
const coverPaperSigners = 4

// paperDueText sums the outstanding signatures up in one line for the
// cover: "3 份：刘洋（部门负责人）、王磊（馆领导）".
func paperDueText(due []data.PaperDue) string {
	var names []string
	for i := range due {
		n := due[i].Decision.ActorText(data.LangZH)
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	more := ""
	if len(names) > coverPaperSigners {
		more = labelf("report.paper_due_more", map[string]any{"Count": len(names) - coverPaperSigners})
		names = names[:coverPaperSigners]
	}
	return labelf("report.paper_due_count", map[string]any{"Count": len(due), "Signers": strings.Join(names, "、"), "More": more})
}

// versionChange returns "old → new" for the case: as registered, or as
// requested.
func versionChange(d *data.Dossier) string {
	from, to := d.Case.CurrentVersion, d.Case.TargetVersion
	if r := d.Registration; r != nil {
		from, to = r.OldVersion, r.NewVersion
	}
	if from == "" && to == "" {
		return ""
	}
	return labelf("report.change.versions", map[string]any{"Old": from, "New": to})
}

// holds joins what a part of the dossier holds, "" for nothing.
func holds(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, label("value.sentence_sep"))
}

// present returns what when a record is present, else "".
func present(ok bool, what string) string {
	if ok {
		return what
	}
	return ""
}

// count says how many records of r there are, e.g. "测试记录 3 份", or ""
// for none; unit is the translation key of the phrase.
func count(n int, r *data.Record, unit string) string { return countOf(n, r.LabelKey(), unit) }

// countOf says how many there are of what the label of key names.
func countOf(n int, key, unit string) string {
	if n == 0 {
		return ""
	}
	return labelf(unit, map[string]any{"What": label(key), "N": n})
}

// implementationBody prints the backups, the implementation record and
// the data migration record.
func (b *caseBuilder) implementationBody() {
	b.backupsTable()
	b.heading(label(implementationRec.LabelKey()))
	im := b.d.Implementation
	if im == nil {
		im = &data.Implementation{}
	}
	b.record(implementationRec, im, nil, nil)
	b.heading(label(migrationRec.LabelKey()))
	if m := b.d.Migration; m != nil {
		b.record(migrationRec, m, nil, byline("report.label.filled_by", "", m.Meta))
	} else {
		b.doc.Note(label("report.note.none"))
	}
}

// costsBody prints the cost records, the budget and what was spent.
func (b *caseBuilder) costsBody() {
	b.recordTable("", costRec, ptrs(b.d.Costs), nil)
	var f []Field
	if p := b.d.Plan; p != nil {
		f = append(f, Field{Label: label("report.label.budget"), Value: p.Budget().String()})
	}
	f = append(f, Field{Label: label("report.label.spent"), Value: b.d.TotalCost().String()})
	if over := b.d.OverrunText(data.LangZH); over != "" {
		f = append(f, Field{Label: label("report.label.overrun"), Value: over, Wide: true})
	}
	b.doc.Fields(f)
}

// followUpBody prints the trainings and the post-evaluation.
func (b *caseBuilder) followUpBody() {
	b.heading(label(trainingRec.LabelKey()))
	b.recordTable("", trainingRec, ptrs(b.d.Trainings), nil)
	b.heading(label(evaluationRec.LabelKey()))
	if ev := b.d.Evaluation; ev != nil {
		b.record(evaluationRec, ev, nil, byline("report.label.evaluated_by", "", ev.Meta))
	} else {
		b.doc.Note(label("report.note.none"))
	}
}

// changeMaxRunes is how much of an old or new value the change history
// prints; the records themselves are printed whole in their parts.
const changeMaxRunes = 80

// historyTable prints the change history: every audit entry of the case
// with its decision, comment and changed fields (data.ChangeLines: each
// field under its own record's label, in form order, names for IDs).
func (b *caseBuilder) historyTable() {
	rows := make([][]string, len(b.d.History))
	for i := range b.d.History {
		e := &b.d.History[i]
		rows[i] = []string{strconv.FormatInt(e.Seq, 10), tableTime(e.At), e.ActorText(data.LangZH),
			label("report.op."+e.Op) + label("entity."+e.Entity), strings.Join(b.entryLines(e), "\n")}
	}
	b.doc.Table(historyColumns, rows)
}

// historyColumns are the columns of the change history.
var historyColumns = []Column{{Title: label("report.col.audit_seq"), Width: 18, Align: "C"},
	{Title: label("report.col.time"), Width: 22, Align: "C"}, {Title: label("report.col.operator"), Width: 18, Align: "C"},
	{Title: label("report.col.operation"), Width: 26}, {Title: label("report.col.changes"), Width: 90}}

// entryLines returns the lines of an audit entry in the change history.
func (b *caseBuilder) entryLines(e *data.AuditEntry) []string {
	var lines []string
	if b.afterTheFactEntry(e) {
		lines = append(lines, label("report.change.after_the_fact"))
	}
	if e.Decision != "" {
		lines = append(lines, labelf("report.change.decision", map[string]any{"Action": label(e.DecisionKey())}))
	}
	if e.Comment != "" {
		lines = append(lines, labelf("report.change.comment", map[string]any{"Text": changeText(e.Comment)}))
	}
	for _, l := range data.ChangeLines(data.LangZH, e.Entity, e.ChangeList(), b.d.Names) {
		lines = append(lines, changeLine(e.Op, l))
	}
	return lines
}

// afterTheFactEntry reports whether an entry of the change history is
// one of the steps an emergency change completed after its implementation
// had started: its assessment report, its plan, the 馆领导's confirmation.
func (b *caseBuilder) afterTheFactEntry(e *data.AuditEntry) bool {
	switch {
	case e.Entity == "assessments" || e.Entity == "plans":
	case e.Op == data.OpTransition && e.Decision == string(data.ActRatify):
	default:
		return false
	}
	return b.d.AfterTheFact(e.At)
}

// changeLine prints one changed field: "字段：新值" for a created record,
// "字段：原值" for a deleted one, otherwise "字段：原值 → 新值".
func changeLine(op string, l data.ChangeLine) string {
	args := map[string]any{"Label": l.Label, "Old": changeText(l.Old), "New": changeText(l.New)}
	switch op {
	case data.OpCreate:
		return labelf("report.change.created", args)
	case data.OpDelete:
		return labelf("report.change.deleted", args)
	}
	return labelf("report.change.updated", args)
}

// changeText returns a value of the change history on one line, cut to
// changeMaxRunes.
func changeText(s string) string { return shorten(oneLine(s), changeMaxRunes) }
