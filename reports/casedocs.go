package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"upgradedesk/data"
)

// WriteCase writes document k of a case as PDF to w: an A4 form in
// Chinese with the title, the library, the case number and document code,
// a QR code, every field of the stage's records in bordered tables, the
// approvals already given in the app for the stage and blank signature
// lines for the stage's signers (see procedure.md); the dossier instead
// has a cover page, every record, the whole approval trail and the change
// history. The record itself is attached as record.json.
//
// The QR code and the note at the end carry the document code (which
// holds the case number, e.g. "UD-01-SJ-2026-0001") and a record check
// code: the first 12 hex digits of the
// SHA-256 of the record's content (the "record" of record.json), so a
// signed paper copy can be matched to its record and a record changed
// since it was printed gives another code. Approvals and generation time
// are not part of it.
//
// generated is printed in the footer and is the PDF's creation date;
// identical input gives identical bytes. A document the case does not
// have (see Available) is an error (data.EState) saying so.
func WriteCase(w io.Writer, k Kind, d *data.Dossier, generated time.Time) error {
	if d == nil {
		return errors.New("write case document: no dossier")
	}
	if !k.Valid() {
		_, err := ParseKind(string(k))
		return err
	}
	if !has(k, d) {
		return notAvailable(k, d)
	}
	b, err := newCaseBuilder(k, d, generated)
	if err != nil {
		return err
	}
	switch k {
	case KindRequest:
		b.requestDoc()
	case KindAssessment:
		b.assessmentDoc()
	case KindPlan:
		b.planDoc()
	case KindAcceptance:
		b.acceptanceDoc()
	case KindRollback:
		b.rollbackDoc()
	case KindRegistration:
		b.registrationDoc()
	case KindDossier:
		b.dossierDoc()
	}
	return b.doc.Write(w)
}

// signers are the blank signature lines of each document (procedure.md).
var signers = map[Kind][]string{
	KindRequest:      {"申请人", "部门负责人"},
	KindAssessment:   {"编制人（信息管理部门）", "馆领导审批"},
	KindPlan:         {"编制人", "信息主管", "财务经理（预算）"},
	KindAcceptance:   {"业务部门负责人", "数据管理员", "信息主管", "供应商代表"},
	KindRollback:     {"系统管理员", "信息主管"},
	KindRegistration: {"登记人", "信息主管"},
}

// recordFile is the JSON attached to every case document as record.json.
type recordFile struct {
	Document  Kind   `json:"document"`
	Title     string `json:"title"`
	Code      string `json:"code"`
	CaseNo    string `json:"case_no"`
	Library   string `json:"library"`
	State     string `json:"state"`
	Generated string `json:"generated"`
	// RecordSHA256 is the SHA-256 of the JSON encoding of Record; its first
	// 12 hex digits are the check code printed and in the QR code.
	RecordSHA256 string          `json:"record_sha256"`
	Record       any             `json:"record"`
	Approvals    []data.Decision `json:"approvals,omitempty"`
}

// requestRecord is the content of a request form: the case's request
// fields with the names they refer to.
type requestRecord struct {
	No             string `json:"no"`
	Title          string `json:"title"`
	Department     string `json:"department"`
	Applicant      string `json:"applicant"`
	Phone          string `json:"phone"`
	RequestDate    string `json:"request_date"`
	System         string `json:"system"`
	SystemCode     string `json:"system_code"`
	CurrentVersion string `json:"current_version"`
	TargetVersion  string `json:"target_version"`
	Vendor         string `json:"vendor"`
	UpgradeType    string `json:"upgrade_type"`
	Urgency        string `json:"urgency"`
	Source         string `json:"source"`
	Content        string `json:"content"`
	Problem        string `json:"problem"`
	Impact         string `json:"impact"`
	ExpectedDate   string `json:"expected_date"`
}

// acceptanceRecord is the content of an acceptance form.
type acceptanceRecord struct {
	Implementation *data.Implementation `json:"implementation"`
	Tests          []data.TestRecord    `json:"tests"`
	Acceptance     *data.Acceptance     `json:"acceptance"`
}

// rollbackRecord is the content of a rollback report.
type rollbackRecord struct {
	Rollback *data.RollbackReport `json:"rollback"`
	Backups  []data.Backup        `json:"backups"`
}

// recordOf returns what document k of d records: the part of the case
// whose hash the check code is.
func recordOf(k Kind, d *data.Dossier) any {
	c := &d.Case
	switch k {
	case KindRequest:
		return requestRecord{No: c.No, Title: c.Title, Department: d.DeptName, Applicant: d.ApplicantName,
			Phone: c.Phone, RequestDate: c.RequestDate, System: d.System.Name, SystemCode: d.System.Code,
			CurrentVersion: c.CurrentVersion, TargetVersion: c.TargetVersion, Vendor: vendorName(d.Vendor),
			UpgradeType: c.UpgradeType, Urgency: c.Urgency, Source: c.Source, Content: c.Content,
			Problem: c.Problem, Impact: c.Impact, ExpectedDate: c.ExpectedDate}
	case KindAssessment:
		return d.Assessment
	case KindPlan:
		return d.Plan
	case KindAcceptance:
		return acceptanceRecord{Implementation: d.Implementation, Tests: d.Tests, Acceptance: d.Acceptance}
	case KindRollback:
		return rollbackRecord{Rollback: d.Rollback, Backups: d.Backups}
	case KindRegistration:
		return d.Registration
	}
	return d
}

// caseBuilder writes the blocks of one case document.
type caseBuilder struct {
	doc   *Doc
	d     *data.Dossier
	kind  Kind
	check string // record check code: 12 upper-case hex digits

	dossier bool // sections are parts of the dossier: number them （一）
	part    int  // dossier part number
	section int  // section number within the document or part
}

// newCaseBuilder starts document k of d: its metadata, QR code and
// attachment.
func newCaseBuilder(k Kind, d *data.Dossier, generated time.Time) (*caseBuilder, error) {
	rec := recordOf(k, d)
	recJSON, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("%s of %s: encode record: %w", k, d.Case.No, err)
	}
	sum := sha256.Sum256(recJSON)
	full := hex.EncodeToString(sum[:])
	check := strings.ToUpper(full[:12])
	code := Code(k, d)
	file := recordFile{Document: k, Title: Title(k), Code: code, CaseNo: d.Case.No, Library: d.Library,
		State: string(d.Case.State), Generated: generated.Format(time.RFC3339), RecordSHA256: full, Record: rec}
	if k != KindDossier { // the dossier's record holds every decision already
		file.Approvals = stageDecisions(k, d)
	}
	attachment, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%s of %s: encode record: %w", k, d.Case.No, err)
	}
	doc, err := NewDoc(DocInfo{
		Title: Title(k), Code: code, Library: d.Library, CaseNo: d.Case.No,
		Subject:   d.Case.No + " " + d.Case.Title,
		Generated: generated,
		// The document code holds the case number. Upper-case letters,
		// digits, a space and hyphens only, 31 characters: the QR code uses
		// its compact alphanumeric mode and stays at version 2 (25 × 25
		// modules, 0.8 mm each), easy to scan from paper.
		QRPayload:      code + " " + check,
		AttachmentName: "record.json", Attachment: attachment,
	})
	if err != nil {
		return nil, err
	}
	return &caseBuilder{doc: doc, d: d, kind: k, check: check, dossier: k == KindDossier}, nil
}

// heading adds a numbered section heading: "一、…" in a case document,
// "（一）…" within a part of the dossier.
func (b *caseBuilder) heading(text string) {
	b.section++
	if b.dossier {
		b.doc.Heading("（" + chineseNumber(b.section) + "）" + text)
		return
	}
	b.doc.Heading(chineseNumber(b.section) + "、" + text)
}

// text adds a free-text block (an empty one leaves room to write by hand).
func (b *caseBuilder) text(label, text string) { b.doc.Text(label, text) }

// table adds a table, with one blank row when there are no rows so that
// the form shows where they would go.
func (b *caseBuilder) table(cols []Column, rows [][]string) {
	if len(rows) == 0 {
		rows = [][]string{{}}
	}
	b.doc.Table(cols, rows)
}

// closing adds the signature lines of the document and the note with the
// record check code.
func (b *caseBuilder) closing() {
	if roles := signers[b.kind]; len(roles) > 0 {
		b.doc.Signatures(roles)
	}
	note := "注：本" + noun(b.kind) + "由升级报备台根据系统记录生成，记录以系统为准。记录校验码 " + b.check +
		"（记录内容 SHA-256 的前 12 位，与右上角二维码一致；记录修改后校验码随之改变）。"
	if b.kind != KindDossier {
		note += "已在系统中作出的审批见上表；纸质签字后请扫描上传至本事项的附件。"
	}
	b.doc.Note(note)
}

// noun returns what a document calls itself: 表, 报告, 计划, 单, 案卷.
func noun(k Kind) string {
	switch k {
	case KindAssessment, KindRollback:
		return "报告"
	case KindPlan:
		return "计划"
	case KindAcceptance:
		return "单"
	case KindDossier:
		return "案卷"
	}
	return "表"
}

// caseFields are the case's identity and request summary, at the top of
// every document after the request.
func (b *caseBuilder) caseFields() []Field {
	c, d := &b.d.Case, b.d
	return []Field{
		{Label: "事项编号", Value: c.No}, {Label: "当前状态", Value: stateLabel(c.State)},
		{Label: "事项名称", Value: c.Title, Wide: true},
		{Label: fieldLabel("system"), Value: systemName(d.System)}, {Label: fieldLabel("vendor"), Value: vendorName(d.Vendor)},
		{Label: fieldLabel("department"), Value: d.DeptName}, {Label: fieldLabel("applicant"), Value: d.ApplicantName},
		{Label: fieldLabel("current_version"), Value: c.CurrentVersion}, {Label: fieldLabel("target_version"), Value: c.TargetVersion},
	}
}

// stageStates are the states whose decisions each document shows.
var stageStates = map[Kind][]data.State{
	KindRequest:      {data.StateDraft, data.StateDeptReview, data.StateScreening},
	KindAssessment:   {data.StateAssessing, data.StateMgmtApproval},
	KindPlan:         {data.StatePlanning, data.StatePlanApproval},
	KindAcceptance:   {data.StateImplementing, data.StateAccepting},
	KindRollback:     {data.StateRolledBack},
	KindRegistration: {data.StateRegistering},
}

// stageDecisions returns the decisions taken in the states of document k
// (for the rollback report also the decision that rolled the case back,
// a rollback or a failed acceptance's signature; for the dossier all).
func stageDecisions(k Kind, d *data.Dossier) []data.Decision {
	if k == KindDossier {
		return d.Decisions
	}
	var out []data.Decision
	for _, dec := range d.Decisions {
		in := k == KindRollback && (dec.Action == data.ActRollback || dec.ToState == data.StateRolledBack)
		for _, s := range stageStates[k] {
			in = in || dec.FromState == s
		}
		if in {
			out = append(out, dec)
		}
	}
	return out
}

// decisionColumns are the columns of an approval table.
var decisionColumns = []Column{
	noColumn, {Title: "环节", Width: 24, Align: "C"},
	{Title: "处理人", Width: 18, Align: "C"}, {Title: "角色", Width: 22, Align: "C"},
	{Title: "决定", Width: 18, Align: "C"}, {Title: fieldLabel("opinion"), Width: 41},
	{Title: "时间", Width: 22, Align: "C"}, {Title: "确认方式", Width: 18, Align: "C"},
}

// noColumn is the first column of most tables, "序号". Column widths of
// the documents' tables are given in millimetres and add up to the
// content width, 174 mm.
var noColumn = Column{Title: "序号", Width: 11, Align: "C"}

// approvals adds the table of decisions, or a note that there are none.
func (b *caseBuilder) approvals(ds []data.Decision) {
	if len(ds) == 0 {
		b.doc.Note("尚无在系统中作出的审批或处理意见。")
		return
	}
	rows := make([][]string, len(ds))
	for i, dec := range ds {
		rows[i] = []string{strconv.Itoa(i + 1), stateLabel(dec.FromState), dec.ActorName, roleLabel(dec.ActorRole),
			actionLabel(dec.Action), dec.Opinion, tableTime(dec.At), signMethod(dec.PaperSigned)}
	}
	b.doc.Table(decisionColumns, rows)
}

// lastDecision returns the opinion of the last decision with action a.
func (b *caseBuilder) lastDecision(a data.Action) *data.Decision {
	for i := len(b.d.Decisions) - 1; i >= 0; i-- {
		if b.d.Decisions[i].Action == a {
			return &b.d.Decisions[i]
		}
	}
	return nil
}

// outcome returns the fields saying how a case ended or where it stands:
// its state and, for a rejected, merged or cancelled case, the reason.
func (b *caseBuilder) outcome() []Field {
	c := &b.d.Case
	f := []Field{{Label: "办理状态", Value: stateLabel(c.State)}, {Label: "状态时间", Value: dateTime(c.StateAt)}}
	var dec *data.Decision
	switch c.State {
	case data.StateRejected:
		dec = b.lastDecision(data.ActReject)
	case data.StateMerged:
		dec = b.lastDecision(data.ActMerge)
		f = append(f, Field{Label: fieldLabel("merge_into"), Value: b.d.MergedIntoNo, Wide: true})
	case data.StateCancelled:
		dec = b.lastDecision(data.ActCancel)
	case data.StateClosed:
		f = append(f, Field{Label: "结束时间", Value: dateTimePtr(c.ClosedAt), Wide: true})
	}
	if dec != nil {
		f = append(f, Field{Label: "处理人", Value: dec.ActorName + "（" + roleLabel(dec.ActorRole) + "）"},
			Field{Label: "处理时间", Value: dateTime(dec.At)},
			Field{Label: actionLabel(dec.Action) + "理由", Value: dec.Opinion, Wide: true})
	}
	return f
}

// requestDoc is the 软件升级需求申请表.
func (b *caseBuilder) requestDoc() {
	b.requestBody()
	b.heading("审核与受理")
	b.doc.Fields(b.outcome())
	b.approvals(stageDecisions(KindRequest, b.d))
	b.closing()
}

// requestBody prints the request's fields and texts.
func (b *caseBuilder) requestBody() {
	c, d := &b.d.Case, b.d
	b.heading("申请信息")
	b.doc.Fields([]Field{
		{Label: "事项编号", Value: c.No}, {Label: fieldLabel("request_date"), Value: c.RequestDate},
		{Label: "事项名称", Value: c.Title, Wide: true},
		{Label: fieldLabel("department"), Value: d.DeptName}, {Label: fieldLabel("applicant"), Value: d.ApplicantName},
		{Label: fieldLabel("phone"), Value: c.Phone}, {Label: fieldLabel("expected_date"), Value: c.ExpectedDate},
		{Label: fieldLabel("system"), Value: systemName(d.System)}, {Label: fieldLabel("vendor"), Value: vendorName(d.Vendor)},
		{Label: fieldLabel("current_version"), Value: c.CurrentVersion}, {Label: fieldLabel("target_version"), Value: c.TargetVersion},
		{Label: fieldLabel("upgrade_type"), Value: choice("upgrade_type", c.UpgradeType)},
		{Label: fieldLabel("urgency"), Value: choice("urgency", c.Urgency)},
		{Label: fieldLabel("source"), Value: choice("source", c.Source)}, {Label: "填报时间", Value: dateTime(c.CreatedAt)},
	})
	b.heading("需求说明")
	b.text(fieldLabel("content"), c.Content)
	b.text(fieldLabel("problem"), c.Problem)
	b.text(fieldLabel("impact"), c.Impact)
}

// assessmentDoc is the 软件升级需求评估报告.
func (b *caseBuilder) assessmentDoc() {
	b.heading("基本情况")
	b.doc.Fields(b.caseFields())
	b.assessmentBody()
	b.heading("审批意见")
	b.approvals(stageDecisions(KindAssessment, b.d))
	b.closing()
}

// assessmentBody prints the meeting, the six criteria and the conclusion.
func (b *caseBuilder) assessmentBody() {
	a := b.d.Assessment
	b.heading("评估会议")
	b.doc.Fields([]Field{
		{Label: fieldLabel("meeting_date"), Value: a.MeetingDate}, {Label: fieldLabel("meeting_place"), Value: a.MeetingPlace},
	})
	rows := make([][]string, len(a.Participants))
	for i, p := range a.Participants {
		rows[i] = []string{strconv.Itoa(i + 1), p.Name, choice("side", p.Side), p.Org}
	}
	b.table([]Column{noColumn, {Title: "参会人员", Width: 38, Align: "C"},
		{Title: "所属方", Width: 38, Align: "C"}, {Title: "单位或部门", Width: 87}}, rows)
	b.heading("评估内容")
	rows = make([][]string, len(data.Criteria))
	for i, k := range data.Criteria {
		r := a.Criterion(k)
		rows[i] = []string{strconv.Itoa(i + 1), label("criterion."+k, k), choice("rating", r.Rating), r.Notes}
	}
	b.doc.Table([]Column{noColumn, {Title: "评估项", Width: 34, Align: "C"},
		{Title: "评级", Width: 14, Align: "C"}, {Title: "评估意见", Width: 115}}, rows)
	b.heading("评估结论")
	b.doc.Fields([]Field{
		{Label: fieldLabel("conclusion"), Value: choice("feasibility", a.Conclusion)},
		{Label: fieldLabel("estimated_cost"), Value: yuan(a.EstimatedCost)},
		{Label: "编制人", Value: a.UpdatedBy}, {Label: "编制时间", Value: dateTime(a.UpdatedAt)},
	})
	b.text(fieldLabel("recommendation"), a.Recommendation)
	b.text(fieldLabel("preliminary_plan"), a.PreliminaryPlan)
}

// planDoc is the 软件升级计划.
func (b *caseBuilder) planDoc() {
	b.heading("基本情况")
	b.doc.Fields(b.caseFields())
	b.planBody()
	b.heading("审批意见")
	b.approvals(stageDecisions(KindPlan, b.d))
	b.closing()
}

// planBody prints every part of the plan.
func (b *caseBuilder) planBody() {
	p := b.d.Plan
	b.heading("升级目标与范围")
	b.text(fieldLabel("goals"), p.Goals)
	b.text(fieldLabel("scope"), p.Scope)
	b.heading("时间安排")
	rows := make([][]string, len(p.Milestones))
	for i, m := range p.Milestones {
		rows[i] = []string{strconv.Itoa(i + 1), m.Name, m.Start, m.End}
	}
	b.table([]Column{noColumn, {Title: "阶段或任务", Width: 97},
		{Title: "开始日期", Width: 33, Align: "C"}, {Title: "结束日期", Width: 33, Align: "C"}}, rows)
	b.doc.Fields([]Field{{Label: fieldLabel("downtime_window"), Value: p.DowntimeWindow, Wide: true}})
	b.heading("责任人员")
	rows = make([][]string, len(p.Responsibilities))
	for i, r := range p.Responsibilities {
		rows[i] = []string{strconv.Itoa(i + 1), r.Task, r.Person}
	}
	b.table([]Column{noColumn, {Title: "工作任务", Width: 121}, {Title: "责任人", Width: 42, Align: "C"}}, rows)
	b.heading("技术方案")
	b.text(fieldLabel("tech_approach"), p.TechApproach)
	b.heading("风险评估与应对措施")
	rows = make([][]string, len(p.Risks))
	for i, r := range p.Risks {
		rows[i] = []string{strconv.Itoa(i + 1), r.Risk, choice("likelihood", r.Likelihood), choice("likelihood", r.Impact), r.Countermeasure}
	}
	b.table([]Column{noColumn, {Title: "风险", Width: 62},
		{Title: "可能性", Width: 17, Align: "C"}, {Title: "影响程度", Width: 20, Align: "C"},
		{Title: fieldLabel("countermeasure"), Width: 64}}, rows)
	b.heading("回退方案与培训计划")
	b.text(fieldLabel("rollback_plan"), p.RollbackPlan)
	b.text(fieldLabel("training_plan"), p.TrainingPlan)
	b.heading("预算")
	rows = make([][]string, 0, len(p.BudgetItems)+1)
	for i, it := range p.BudgetItems {
		rows = append(rows, []string{strconv.Itoa(i + 1), it.Item, yuan(it.Amount)})
	}
	rows = append(rows, []string{"", "合计", yuan(p.Budget())})
	b.doc.Table([]Column{noColumn, {Title: "预算项目", Width: 121}, {Title: fieldLabel("amount"), Width: 42, Align: "R"}}, rows)
	b.doc.Fields([]Field{{Label: "编制人", Value: p.UpdatedBy}, {Label: "编制时间", Value: dateTime(p.UpdatedAt)}})
}

// acceptanceDoc is the 软件升级验收单 with the test records.
func (b *caseBuilder) acceptanceDoc() {
	b.heading("基本情况")
	b.doc.Fields(b.caseFields())
	b.heading("实施情况")
	b.implementationFields()
	b.testsBody()
	b.acceptanceBody()
	b.heading("审批与签字记录")
	b.approvals(stageDecisions(KindAcceptance, b.d))
	b.closing()
}

// implementationFields prints the implementation record's summary.
func (b *caseBuilder) implementationFields() {
	im := b.d.Implementation
	if im == nil {
		im = &data.Implementation{}
	}
	b.doc.Fields([]Field{
		{Label: fieldLabel("actual_start"), Value: dateTimePtr(im.ActualStart)},
		{Label: fieldLabel("actual_end"), Value: dateTimePtr(im.ActualEnd)},
		{Label: fieldLabel("downtime_minutes"), Value: itoa(int64(im.DowntimeMinutes))},
		{Label: fieldLabel("vendor_staff"), Value: im.VendorStaff},
	})
}

// testsBody prints the test records.
func (b *caseBuilder) testsBody() {
	b.heading("测试记录")
	rows := make([][]string, len(b.d.Tests))
	for i, t := range b.d.Tests {
		rows[i] = []string{strconv.Itoa(i + 1), choice("test_type", t.Type), t.Date, t.Tester, t.Items,
			choice("test_result", t.Result), t.Notes}
	}
	b.table([]Column{noColumn, {Title: fieldLabel("test_type"), Width: 29, Align: "C"},
		{Title: fieldLabel("test_date"), Width: 22, Align: "C"}, {Title: fieldLabel("tester"), Width: 16, Align: "C"},
		{Title: fieldLabel("test_items"), Width: 48}, {Title: "结果", Width: 13, Align: "C"},
		{Title: fieldLabel("notes"), Width: 35}}, rows)
}

// acceptanceBody prints the acceptance conclusion.
func (b *caseBuilder) acceptanceBody() {
	ac := b.d.Acceptance
	if ac == nil {
		ac = &data.Acceptance{}
	}
	b.heading("验收结论")
	b.doc.Fields([]Field{
		{Label: fieldLabel("acceptance_result"), Value: choice("acceptance", ac.Conclusion)},
		{Label: "填写人", Value: ac.UpdatedBy},
	})
	b.text(fieldLabel("outstanding"), ac.Outstanding)
	b.text(fieldLabel("notes"), ac.Notes)
}

// rollbackDoc is the 软件升级回退报告.
func (b *caseBuilder) rollbackDoc() {
	b.heading("基本情况")
	b.doc.Fields(b.caseFields())
	b.rollbackBody()
	b.heading("备份记录")
	b.backupsTable()
	b.heading("审批意见")
	b.approvals(stageDecisions(KindRollback, b.d))
	b.closing()
}

// rollbackBody prints the rollback report.
func (b *caseBuilder) rollbackBody() {
	r := b.d.Rollback
	b.heading("回退情况")
	b.doc.Fields([]Field{
		{Label: fieldLabel("rollback_date"), Value: r.Date}, {Label: fieldLabel("restored_version"), Value: r.RestoredVersion},
		{Label: fieldLabel("restore_status"), Value: choice("restore", r.RestoreStatus)}, {Label: "填写人", Value: r.UpdatedBy},
	})
	b.text(fieldLabel("rollback_problem"), r.Problem)
	b.text(fieldLabel("cause"), r.Cause)
	b.text(fieldLabel("improvements"), r.Improvements)
}

// backupsTable prints the backup records.
func (b *caseBuilder) backupsTable() {
	rows := make([][]string, len(b.d.Backups))
	for i, bk := range b.d.Backups {
		rows[i] = []string{strconv.Itoa(i + 1), choice("backup_kind", bk.Kind), tableTime(bk.TakenAt), bk.Scope,
			bk.Method, bk.Location, yesNo(bk.Verified), bk.Operator}
	}
	b.table([]Column{noColumn, {Title: "类别", Width: 16, Align: "C"},
		{Title: fieldLabel("taken_at"), Width: 22, Align: "C"}, {Title: fieldLabel("backup_scope"), Width: 34},
		{Title: fieldLabel("backup_method"), Width: 28}, {Title: fieldLabel("backup_location"), Width: 32},
		{Title: fieldLabel("verified"), Width: 15, Align: "C"}, {Title: fieldLabel("operator"), Width: 16, Align: "C"}}, rows)
	for _, bk := range b.d.Backups {
		if bk.Notes != "" || bk.VerifiedAt != nil {
			b.doc.Note(fmt.Sprintf("%s备份（%s）：验证时间 %s。%s", choice("backup_kind", bk.Kind), dateTime(bk.TakenAt),
				dateTimePtr(bk.VerifiedAt), bk.Notes))
		}
	}
}

// registrationDoc is the 软件版本升级登记表.
func (b *caseBuilder) registrationDoc() {
	b.registrationBody()
	b.heading("审批意见")
	b.approvals(stageDecisions(KindRegistration, b.d))
	b.closing()
}

// registrationBody prints the registration.
func (b *caseBuilder) registrationBody() {
	r, c, d := b.d.Registration, &b.d.Case, b.d
	b.heading("登记信息")
	b.doc.Fields([]Field{
		{Label: "事项编号", Value: c.No}, {Label: "事项名称", Value: c.Title},
		{Label: fieldLabel("system"), Value: d.System.Name}, {Label: fieldLabel("system_code"), Value: d.System.Code},
		{Label: fieldLabel("old_version"), Value: r.OldVersion}, {Label: fieldLabel("new_version"), Value: r.NewVersion},
		{Label: fieldLabel("effective_date"), Value: r.EffectiveDate}, {Label: fieldLabel("upgrade_type"), Value: choice("upgrade_type", r.UpgradeType)},
		{Label: fieldLabel("vendor"), Value: vendorName(d.Vendor)}, {Label: fieldLabel("department"), Value: d.DeptName},
		{Label: fieldLabel("registrar"), Value: r.Registrar}, {Label: "已记入台账", Value: yesNo(r.Registered)},
	})
	b.text(fieldLabel("notes"), r.Notes)
}
