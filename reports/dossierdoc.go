package reports

import (
	"encoding/json"
	"strconv"
	"strings"

	"upgradedesk/data"
)

// dossierDoc is the 升级事项案卷: a cover page with the case's identity,
// its archive entry and the list of contents, then every record of the
// case in the order of the procedure, the whole approval trail and the
// change history.
func (b *caseBuilder) dossierDoc() {
	b.cover()
	b.doc.PageBreak()

	b.startPart("需求申请")
	b.requestBody()
	b.heading("办理结果")
	b.doc.Fields(b.outcome())

	b.startPart("需求评估")
	if b.d.Assessment != nil {
		b.assessmentBody()
	} else {
		b.none()
	}

	b.startPart("升级计划")
	if b.d.Plan != nil {
		b.planBody()
	} else {
		b.none()
	}

	b.startPart("升级实施")
	if b.hasImplementation() {
		b.implementationBody()
	} else {
		b.none()
	}

	b.startPart("测试验收")
	if len(b.d.Tests) > 0 || b.d.Acceptance != nil {
		b.testsBody()
		b.acceptanceBody()
	} else {
		b.none()
	}

	b.startPart("回退")
	if b.d.Rollback != nil {
		b.rollbackBody()
	} else {
		b.none()
	}

	b.startPart("版本登记")
	if b.d.Registration != nil {
		b.registrationBody()
	} else {
		b.none()
	}

	b.startPart("费用核算")
	if len(b.d.Costs) > 0 {
		b.costsBody()
	} else {
		b.none()
	}

	b.startPart("培训与后评估")
	if len(b.d.Trainings) > 0 || b.d.Evaluation != nil {
		b.followUpBody()
	} else {
		b.none()
	}

	b.startPart("附件")
	if len(b.d.Attachments) > 0 {
		b.attachmentsTable()
	} else {
		b.none()
	}

	b.startPart("审批记录")
	b.approvals(b.d.Decisions)

	b.startPart("变更记录")
	b.historyTable()
	b.closing()
}

// startPart starts a numbered part of the dossier, "一、…".
func (b *caseBuilder) startPart(title string) {
	b.part++
	b.section = 0
	b.doc.partHeading(chineseNumber(b.part) + "、" + title)
}

// none notes that a part of the dossier has no record.
func (b *caseBuilder) none() { b.doc.Note("本阶段无记录。") }

// cover writes the dossier's cover page.
func (b *caseBuilder) cover() {
	c, d := &b.d.Case, b.d
	b.doc.space(14)
	b.doc.centred(c.Title, true, sizeCover)
	b.doc.centred(c.No, false, sizeHeading)
	b.doc.space(8)
	f := []Field{
		{Label: "事项编号", Value: c.No}, {Label: "办理状态", Value: stateLabel(c.State)},
		{Label: fieldLabel("system"), Value: systemName(d.System)}, {Label: fieldLabel("vendor"), Value: vendorName(d.Vendor)},
		{Label: fieldLabel("department"), Value: d.DeptName}, {Label: fieldLabel("applicant"), Value: d.ApplicantName},
		{Label: "版本变更", Value: versionChange(d)}, {Label: fieldLabel("upgrade_type"), Value: choice("upgrade_type", c.UpgradeType)},
		{Label: "立项时间", Value: dateTime(c.CreatedAt)}, {Label: "结束时间", Value: dateTimePtr(c.ClosedAt)},
	}
	if d.MergedIntoNo != "" {
		f = append(f, Field{Label: fieldLabel("merge_into"), Value: d.MergedIntoNo, Wide: true})
	}
	if a := d.Archive; a != nil {
		f = append(f, Field{Label: "归档时间", Value: dateTime(a.ArchivedAt)}, Field{Label: "归档人", Value: a.ArchivedBy},
			Field{Label: "归档案卷 SHA-256", Value: a.DossierSHA, Wide: true})
	}
	f = append(f, Field{Label: "记录校验码", Value: b.check, Wide: true})
	b.doc.Fields(f)
	b.doc.centred("卷内目录", true, sizeHeading)
	b.doc.Table([]Column{noColumn, {Title: "内容", Width: 50}, {Title: "记录情况", Width: 113}}, b.contents())
	b.doc.Note("本案卷由升级报备台根据系统记录生成，作为归档副本，无需签字。审批记录中“纸质签字”表示该决定另有签字的纸质文件。")
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
	return from + " → " + to
}

// contents lists the parts of the dossier and what each holds.
func (b *caseBuilder) contents() [][]string {
	d := b.d
	items := [][2]string{
		{"需求申请", "软件升级需求申请表；" + stateLabel(d.Case.State)},
		{"需求评估", holds(present(d.Assessment != nil, "软件升级需求评估报告"))},
		{"升级计划", holds(present(d.Plan != nil, "软件升级计划"))},
		{"升级实施", holds(count(len(d.Backups), "备份记录", "份"), present(d.Implementation != nil, "实施记录"),
			present(d.Migration != nil, "数据迁移记录"))},
		{"测试验收", holds(count(len(d.Tests), "测试记录", "份"), present(d.Acceptance != nil, "软件升级验收单"))},
		{"回退", holds(present(d.Rollback != nil, "软件升级回退报告"))},
		{"版本登记", holds(present(d.Registration != nil, "软件版本升级登记表"))},
		{"费用核算", holds(count(len(d.Costs), "费用记录", "笔"))},
		{"培训与后评估", holds(count(len(d.Trainings), "培训记录", "次"), present(d.Evaluation != nil, "后评估"))},
		{"附件", holds(count(len(d.Attachments), "附件", "个"))},
		{"审批记录", holds(count(len(d.Decisions), "审批记录", "条"))},
		{"变更记录", holds(count(len(d.History), "变更记录", "条"))},
	}
	rows := make([][]string, len(items))
	for i, it := range items {
		rows[i] = []string{chineseNumber(i + 1), it[0], it[1]}
	}
	return rows
}

// holds joins what a part of the dossier holds, "无" for nothing.
func holds(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return "无"
	}
	return strings.Join(out, "；")
}

// present returns what when a record is present, else "".
func present(ok bool, what string) string {
	if ok {
		return what
	}
	return ""
}

// count returns "what n unit", e.g. "测试记录 3 份", or "" for none.
func count(n int, what, unit string) string {
	if n == 0 {
		return ""
	}
	return what + " " + strconv.Itoa(n) + " " + unit
}

// hasImplementation reports whether any record of the implementation stage exists.
func (b *caseBuilder) hasImplementation() bool {
	return len(b.d.Backups) > 0 || b.d.Implementation != nil || b.d.Migration != nil
}

// implementationBody prints the backups, the implementation record and
// the data migration record.
func (b *caseBuilder) implementationBody() {
	b.heading("备份记录")
	b.backupsTable()
	b.heading("实施记录")
	b.implementationFields()
	im := b.d.Implementation
	if im == nil {
		im = &data.Implementation{}
	}
	b.text(fieldLabel("steps"), im.Steps)
	b.text(fieldLabel("problems"), im.Problems)
	b.heading("数据迁移记录")
	m := b.d.Migration
	if m == nil {
		b.none()
		return
	}
	b.doc.Fields([]Field{{Label: fieldLabel("migration_records"), Value: itoa(m.Records)}, {Label: "填写人", Value: m.UpdatedBy}})
	b.text(fieldLabel("migration_scope"), m.Scope)
	b.text(fieldLabel("migration_checks"), m.Checks)
	b.text(fieldLabel("notes"), m.Notes)
}

// costsBody prints the cost records with their total and the budget.
func (b *caseBuilder) costsBody() {
	rows := make([][]string, 0, len(b.d.Costs)+1)
	for i, c := range b.d.Costs {
		rows = append(rows, []string{strconv.Itoa(i + 1), c.Item, yuan(c.Amount), c.InvoiceNo, c.Date, c.Notes})
	}
	rows = append(rows, []string{"", "合计", yuan(b.d.TotalCost())})
	b.doc.Table([]Column{noColumn, {Title: fieldLabel("cost_item"), Width: 50},
		{Title: fieldLabel("amount"), Width: 28, Align: "R"}, {Title: fieldLabel("invoice_no"), Width: 28},
		{Title: fieldLabel("cost_date"), Width: 22, Align: "C"}, {Title: fieldLabel("notes"), Width: 35}}, rows)
	if p := b.d.Plan; p != nil {
		b.doc.Fields([]Field{{Label: "计划预算（元）", Value: yuan(p.Budget())}, {Label: "实际费用（元）", Value: yuan(b.d.TotalCost())}})
	}
}

// followUpBody prints the trainings and the post-evaluation.
func (b *caseBuilder) followUpBody() {
	b.heading("培训记录")
	rows := make([][]string, len(b.d.Trainings))
	for i, t := range b.d.Trainings {
		rows[i] = []string{strconv.Itoa(i + 1), t.Date, t.Audience, t.Content, t.Trainer, strconv.Itoa(t.Attendees), t.Feedback}
	}
	b.table([]Column{noColumn, {Title: fieldLabel("training_date"), Width: 22, Align: "C"},
		{Title: fieldLabel("audience"), Width: 28}, {Title: fieldLabel("training_content"), Width: 48},
		{Title: fieldLabel("trainer"), Width: 17, Align: "C"}, {Title: "人数", Width: 13, Align: "C"},
		{Title: fieldLabel("feedback"), Width: 35}}, rows)
	b.heading("后评估")
	ev := b.d.Evaluation
	if ev == nil {
		b.none()
		return
	}
	b.doc.Fields([]Field{{Label: fieldLabel("outcome"), Value: choice("outcome", ev.Outcome)}, {Label: "评估人", Value: ev.UpdatedBy}})
	b.text(fieldLabel("effect"), ev.Effect)
	b.text(fieldLabel("process_improvements"), ev.Improvements)
	b.text(fieldLabel("cost_benefit"), ev.CostBenefit)
	b.text(fieldLabel("evaluation_conclusion"), ev.Conclusion)
}

// attachmentsTable lists the case's attachments (their content is kept
// in the database, not in the dossier).
func (b *caseBuilder) attachmentsTable() {
	rows := make([][]string, len(b.d.Attachments))
	for i, a := range b.d.Attachments {
		rows[i] = []string{strconv.Itoa(i + 1), a.Name, data.FormatSize(a.Size), a.UploadedBy, tableTime(a.CreatedAt),
			a.Note, shortHash(a.SHA256)}
	}
	b.doc.Table([]Column{noColumn, {Title: fieldLabel("file_name"), Width: 46},
		{Title: "大小", Width: 18, Align: "R"}, {Title: "上传人", Width: 17, Align: "C"},
		{Title: "上传时间", Width: 22, Align: "C"}, {Title: fieldLabel("attachment_note"), Width: 30},
		{Title: "SHA-256（前 12 位）", Width: 30, Align: "C"}}, rows)
}

// shortHash returns the first 12 hex digits of a hash.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// historyTable prints the change history: every audit entry of the case,
// with each changed field as "字段：旧值 → 新值".
func (b *caseBuilder) historyTable() {
	if len(b.d.History) == 0 {
		b.none()
		return
	}
	rows := make([][]string, len(b.d.History))
	for i := range b.d.History {
		e := &b.d.History[i]
		op := label("report.op."+e.Op, e.Op) + label("entity."+e.Entity, e.Entity)
		var lines []string
		if e.Decision != "" {
			lines = append(lines, "决定："+actionLabel(data.Action(e.Decision)))
		}
		if e.Comment != "" {
			lines = append(lines, "意见："+shorten(e.Comment, changeMaxRunes))
		}
		for _, ch := range e.ChangeList() {
			if !hiddenChangeFields[ch.Field] {
				lines = append(lines, b.changeLine(e, ch))
			}
		}
		rows[i] = []string{strconv.FormatInt(e.Seq, 10), tableTime(e.At), e.ActorName, op, strings.Join(lines, "\n")}
	}
	b.doc.Table([]Column{{Title: "审计序号", Width: 18, Align: "C"}, {Title: "时间", Width: 22, Align: "C"},
		{Title: "操作人", Width: 18, Align: "C"}, {Title: "操作", Width: 26}, {Title: "变更内容（字段：原值 → 新值）", Width: 90}}, rows)
}

// hiddenChangeFields are bookkeeping fields the change history leaves out.
var hiddenChangeFields = map[string]bool{"case_id": true, "state_seq": true, "state_at": true, "year": true, "seq": true}

// changeLine describes one changed field of an audit entry: "字段：新值"
// for a created record, "字段：原值" for a deleted one, otherwise
// "字段：原值 → 新值".
func (b *caseBuilder) changeLine(e *data.AuditEntry, ch data.Change) string {
	name := fieldLabel(ch.Field) + "："
	switch e.Op {
	case data.OpCreate:
		return name + b.changeText(e.Entity, ch.Field, ch.New)
	case data.OpDelete:
		return name + b.changeText(e.Entity, ch.Field, ch.Old)
	}
	return name + b.changeText(e.Entity, ch.Field, ch.Old) + " → " + b.changeText(e.Entity, ch.Field, ch.New)
}

// changeText returns a value of the change history: the names behind the
// case's own references (system, department, applicant, vendor, merged
// case), the number of rows of a list, otherwise changeValue.
func (b *caseBuilder) changeText(entity, field, v string) string {
	d := b.d
	id := func(n uint) string { return strconv.FormatUint(uint64(n), 10) }
	switch {
	case v == "":
	case field == "system_id" && v == id(d.System.ID):
		return systemName(d.System)
	case (field == "department_id" || field == "business_dept_id") && v == id(d.Case.DepartmentID):
		return d.DeptName
	case field == "applicant_id" && v == id(d.Case.ApplicantID):
		return d.ApplicantName
	case field == "vendor_id" && d.Vendor != nil && v == id(d.Vendor.ID):
		return d.Vendor.Name
	case field == "merged_into_id" && d.MergedIntoNo != "":
		return d.MergedIntoNo
	case strings.HasPrefix(v, "["):
		var rows []json.RawMessage
		if json.Unmarshal([]byte(v), &rows) == nil {
			if len(rows) == 0 {
				return "无"
			}
			return strconv.Itoa(len(rows)) + " 项（见上文）"
		}
	}
	return changeValue(entity, field, v)
}
