package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"upgradedesk/data"
)

// WriteCase writes document k of a case as PDF/A-3b to w: an A4 form in
// Chinese with the title, the library, the case number and document code,
// every field of the stage's records in bordered tables, the approvals
// already given in the app for the stage and blank signature lines for
// the stage's signers (see procedure.md); the dossier instead has a cover
// page with the list of contents, every record, the whole approval trail
// and the change history.
//
// Every document is sealed (see seal.go): its record.json holds
// everything it prints, and the first 12 hex digits of the SHA-256 of
// that file are the check code that its closing note states and the QR
// code on every page carries with the document code and the page.
// Reprinting an unchanged case gives the same code; changing anything
// printed, an opinion, a name, a date, gives another.
//
// A dossier written by WriteCase is a copy: every page is marked
// 副本（非归档件）. The archived dossier, the one file check --file
// recognises, is written once, when the case is closed (ArchiveDossier).
//
// generated is printed in the footer and is the PDF's creation date;
// identical input gives identical bytes. A document the case does not
// have (see Available) is an error (data.EState) saying so.
func WriteCase(w io.Writer, k Kind, d *data.Dossier, generated time.Time) error {
	return renderCase(w, k, d, generated, label("report.mark.copy"))
}

// ArchiveDossier returns the dossier archived when a case is closed: the
// renderer data.Options.Dossier expects. d is the dossier as read inside
// the closing transaction: the case closed, its end time set, and
// d.Archive the entry being made, without the file's SHA-256. The
// dossier is dated with the time of archiving and is not marked as a
// copy.
func ArchiveDossier(d *data.Dossier) ([]byte, error) {
	if d == nil || d.Archive == nil || d.Archive.DossierSHA != "" {
		return nil, errors.New("archive dossier: the dossier of a case being archived is needed")
	}
	var buf bytes.Buffer
	if err := renderCase(&buf, KindDossier, d, d.Archive.ArchivedAt, ""); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderCase writes document k of d; mark, when set, marks every page of
// a dossier.
func renderCase(w io.Writer, k Kind, d *data.Dossier, generated time.Time, mark string) error {
	doc, err := buildCase(k, d, generated, mark)
	if err != nil {
		return err
	}
	return doc.Write(w)
}

// buildCase builds document k of d, sealed, ready to write; mark, when
// set, marks every page of a dossier.
func buildCase(k Kind, d *data.Dossier, generated time.Time, mark string) (*Doc, error) {
	b, err := buildCaseWith(k, d, generated, mark)
	if err != nil {
		return nil, err
	}
	return b.doc, nil
}

// Seal returns the check code document k of d carries now (printed in
// its QR codes, see seal.go) and the decisions a signed paper copy of it
// confirms: those it prints that were taken in the roles of its signature
// lines. The document is built, not laid out.
func Seal(k Kind, d *data.Dossier) (check string, confirms []uint, err error) {
	mark := ""
	if k == KindDossier {
		mark = label("report.mark.copy")
	}
	b, err := buildCaseWith(k, d, time.Time{}, mark)
	if err != nil {
		return "", nil, err
	}
	if _, err := b.doc.sealFiles(); err != nil {
		return "", nil, err
	}
	roles := map[data.Role]bool{}
	for _, key := range signers[k] {
		if r, ok := signerRoles[key]; ok {
			roles[r] = true
		}
	}
	for _, dec := range b.shown {
		if roles[dec.ActorRole] {
			confirms = append(confirms, dec.ID)
		}
	}
	return b.doc.check(), confirms, nil
}

// SealChecks returns the check codes a copy of document k of d may carry
// and still be current: the one it carries now, and the one it carried
// before scans of signed paper were filed on its decisions (filing a scan
// records it on the decisions, which the document prints, but changes
// nothing that was signed). It returns the decisions it confirms, as
// Seal.
func SealChecks(k Kind, d *data.Dossier) (checks []string, confirms []uint, err error) {
	check, confirms, err := Seal(k, d)
	if err != nil {
		return nil, nil, err
	}
	checks = []string{check}
	bare := *d
	bare.Decisions = append([]data.Decision(nil), d.Decisions...)
	filed := false
	for i := range bare.Decisions {
		if bare.Decisions[i].ScanID != nil {
			bare.Decisions[i].ScanID, filed = nil, true
		}
	}
	if filed {
		before, _, err := Seal(k, &bare)
		if err != nil {
			return nil, nil, err
		}
		checks = append(checks, before)
	}
	return checks, confirms, nil
}

// KindOfCode returns the kind of a document code's prefix ("UD-01").
func KindOfCode(prefix string) (Kind, bool) {
	for k, c := range kindCodes {
		if c == prefix {
			return k, true
		}
	}
	return "", false
}

// CheckCodeOf returns the check code of a sealed file (record.json).
func CheckCodeOf(file []byte) string { return checkCode(file) }

// buildCaseWith is buildCase, returning the builder.
func buildCaseWith(k Kind, d *data.Dossier, generated time.Time, mark string) (*caseBuilder, error) {
	if d == nil {
		return nil, errors.New("write case document: no dossier")
	}
	if !k.Valid() {
		_, err := ParseKind(string(k))
		return nil, err
	}
	if !has(k, d) {
		return nil, notAvailable(k, d)
	}
	if k != KindDossier {
		mark = ""
	}
	b, err := newCaseBuilder(k, d, generated, mark)
	if err != nil {
		return nil, err
	}
	switch k {
	case KindRequest:
		b.requestDoc()
	case KindAssessment:
		b.stageDoc(b.assessmentBody, "report.heading.approvals")
	case KindPlan:
		b.stageDoc(b.planBody, "report.heading.approvals")
	case KindNotice:
		b.noticeDoc()
	case KindAcceptance:
		b.stageDoc(b.acceptanceBody, "report.heading.acceptance_approvals")
	case KindRollback:
		b.stageDoc(func() { b.rollbackBody(); b.backupsTable() }, "report.heading.approvals")
	case KindRegistration:
		b.stageDoc(b.registrationBody, "report.heading.approvals")
	case KindAddendum:
		b.addendumDoc()
	case KindDossier:
		b.dossierDoc()
	}
	b.doc.sealWith("record.json", b.recordJSON)
	return b, nil
}

// signers are the translation keys of the blank signature lines of each
// document (procedure.md).
var signers = map[Kind][]string{
	KindRequest:      {"report.signer.applicant", "report.signer.dept_head"},
	KindAssessment:   {"report.signer.assessment_author", "report.signer.leader"},
	KindPlan:         {"report.signer.author", "report.signer.it_director", "report.signer.finance_budget"},
	KindAcceptance:   {"report.signer.business_head", "report.signer.data_admin", "report.signer.it_director", "report.signer.vendor"},
	KindRollback:     {"report.signer.sysadmin", "report.signer.it_director"},
	KindRegistration: {"report.signer.registrar", "report.signer.it_director"},
	KindAddendum:     {"report.signer.accountant", "report.signer.finance_manager", "report.signer.it_director"},
}

// signerRoles are the roles whose decision a signature line confirms on
// paper, by the line's translation key.
var signerRoles = map[string]data.Role{
	"report.signer.dept_head": data.RoleDeptHead, "report.signer.business_head": data.RoleDeptHead,
	"report.signer.leader": data.RoleManagement, "report.signer.it_director": data.RoleITDirector,
	"report.signer.finance_budget": data.RoleFinanceManager, "report.signer.sysadmin": data.RoleSysadmin,
}

// signerLabel returns the label of the signature line of key: the role,
// and when the role's last decision the document prints was a stand-in's,
// who signs for whom: "部门负责人 冯志远 代 刘洋".
func (b *caseBuilder) signerLabel(key string) string {
	role, ok := signerRoles[key]
	if !ok {
		return label(key)
	}
	for i := len(b.shown) - 1; i >= 0; i-- {
		if dec := &b.shown[i]; dec.ActorRole == role {
			if dec.ForName == "" {
				break
			}
			return labelf("report.signer.stand_in", map[string]any{"Role": label(key), "Who": dec.ActorText(data.LangZH)})
		}
	}
	return label(key)
}

// recordFormat names the layout of record.json.
const recordFormat = "upgradedesk-record/2"

// recordFile is record.json, the sealed file of every case document: the
// case's header, the record(s) the document prints as data, every
// decision it shows, and everything it prints, as printed. Its SHA-256 is
// the document's seal. It holds no generation time, so that the same case
// printed again gives the same file.
type recordFile struct {
	Format    string          `json:"format"`
	Document  Kind            `json:"document"`
	Title     string          `json:"title"`
	Code      string          `json:"code"`
	CaseNo    string          `json:"case_no"`
	Library   string          `json:"library"`
	Case      caseSummary     `json:"case"`
	Record    any             `json:"record"`
	Approvals []data.Decision `json:"approvals"`
	Printed   printedDoc      `json:"printed"`
}

// caseSummary is the case's header as record.json holds it: its
// identity, state and the parties and system, by name.
type caseSummary struct {
	No                 string     `json:"no"`
	Title              string     `json:"title"`
	State              data.State `json:"state"`
	StateLabel         string     `json:"state_label"`
	StateAt            time.Time  `json:"state_at"`
	Department         string     `json:"department"`
	BusinessDepartment string     `json:"business_department"`
	Applicant          string     `json:"applicant"`
	System             string     `json:"system"`
	SystemCode         string     `json:"system_code"`
	Vendor             string     `json:"vendor"`
	CurrentVersion     string     `json:"current_version"`
	TargetVersion      string     `json:"target_version"`
	UpgradeType        string     `json:"upgrade_type"`
	OpenedAt           time.Time  `json:"opened_at"`
	ClosedAt           *time.Time `json:"closed_at,omitempty"`
	MergedInto         string     `json:"merged_into,omitempty"`
}

// summary returns the case's header.
func (b *caseBuilder) summary() caseSummary {
	c, d := &b.d.Case, b.d
	text := func(key string) string { return b.value(requestRec.Field(key), c) }
	return caseSummary{No: c.No, Title: c.Title, State: c.State, StateLabel: stateLabel(c.State), StateAt: c.StateAt,
		Department: text("department_id"), BusinessDepartment: text("business_dept_id"), Applicant: text("applicant_id"),
		System: d.System.Name, SystemCode: d.System.Code, Vendor: text("vendor_id"), CurrentVersion: c.CurrentVersion,
		TargetVersion: c.TargetVersion, UpgradeType: text("upgrade_type"), OpenedAt: c.CreatedAt, ClosedAt: c.ClosedAt,
		MergedInto: d.MergedIntoNo}
}

// recordJSON makes record.json from the document's printed content.
func (b *caseBuilder) recordJSON(printed printedDoc) ([]byte, error) {
	f := recordFile{Format: recordFormat, Document: b.kind, Title: Title(b.kind), Code: Code(b.kind, b.d),
		CaseNo: b.d.Case.No, Library: b.d.Library, Case: b.summary(), Record: recordOf(b.kind, b.d),
		Approvals: b.shown, Printed: printed}
	if f.Approvals == nil {
		f.Approvals = []data.Decision{}
	}
	return encodeJSON(f)
}

// encodeJSON returns the indented JSON of v, with <, > and & as they are.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return buf.Bytes(), nil
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

// recordOf returns what document k of d records, as data: the "record"
// of record.json.
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
	case KindNotice:
		return noticeRecord{Windows: d.Plan.Windows, Notice: d.DowntimeNotice(data.LangZH)}
	case KindAcceptance:
		return acceptanceRecord{Implementation: d.Implementation, Tests: d.Tests, Acceptance: d.Acceptance}
	case KindRollback:
		return rollbackRecord{Rollback: d.Rollback, Backups: d.Backups}
	case KindRegistration:
		return d.Registration
	case KindAddendum:
		return addendumOf(d)
	}
	return d
}

// caseBuilder writes the blocks of one case document.
type caseBuilder struct {
	doc   *Doc
	d     *data.Dossier
	kind  Kind
	shown []data.Decision // the decisions the document prints, in order
	seen  map[uint]bool   // their IDs

	dossier bool // sections are parts of the dossier: number them （一）
	section int  // section number within the document or part
}

// newCaseBuilder starts document k of d, marked with mark.
func newCaseBuilder(k Kind, d *data.Dossier, generated time.Time, mark string) (*caseBuilder, error) {
	doc, err := NewDoc(DocInfo{
		Title: Title(k), Code: Code(k, d), Library: d.Library, CaseNo: d.Case.No,
		Subject:       d.Case.No + " " + d.Case.Title,
		Generated:     generated,
		Mark:          mark,
		BindingMargin: d.BindingMargin,
	})
	if err != nil {
		return nil, err
	}
	return &caseBuilder{doc: doc, d: d, kind: k, seen: map[uint]bool{}, dossier: k == KindDossier}, nil
}

// show records that the document prints decisions.
func (b *caseBuilder) show(ds ...data.Decision) {
	for _, dec := range ds {
		if !b.seen[dec.ID] {
			b.seen[dec.ID] = true
			b.shown = append(b.shown, dec)
		}
	}
}

// heading adds a numbered section heading: "一、…" in a case document,
// "（一）…" within a part of the dossier.
func (b *caseBuilder) heading(text string) {
	b.section++
	key := "report.section"
	if b.dossier {
		key = "report.subsection"
	}
	b.doc.Heading(labelf(key, map[string]any{"N": chineseNumber(b.section), "Text": text}))
}

// closing adds the signature lines of the document and the note with the
// check code.
func (b *caseBuilder) closing() {
	if keys := signers[b.kind]; len(keys) > 0 {
		roles := make([]string, len(keys))
		for i, k := range keys {
			roles[i] = b.signerLabel(k)
		}
		b.doc.Signatures(roles)
	}
	b.doc.sealNote(func(check string) string {
		note := labelf("report.note.generated", map[string]any{"Noun": label("report.noun." + string(b.kind)), "Check": check})
		if len(signers[b.kind]) > 0 {
			note += label("report.note.sign_and_scan")
		}
		return note
	})
}

// Descriptions of the records the documents print.
var (
	requestRec        = data.RecordOf(data.FormRequest)
	assessmentRec     = data.RecordOf(data.FormAssessment)
	planRec           = data.RecordOf(data.FormPlan)
	backupRec         = data.RecordOf(data.FormBackup)
	implementationRec = data.RecordOf(data.FormImplementation)
	migrationRec      = data.RecordOf(data.FormMigration)
	testRec           = data.RecordOf(data.FormTest)
	acceptanceRec     = data.RecordOf(data.FormAcceptance)
	rollbackRec       = data.RecordOf(data.FormRollback)
	registrationRec   = data.RecordOf(data.FormRegistration)
	costRec           = data.RecordOf(data.FormCost)
	trainingRec       = data.RecordOf(data.FormTraining)
	evaluationRec     = data.RecordOf(data.FormEvaluation)
	attachmentRec     = data.RecordOf(data.FormAttachment)
)

// caseHeader are the fields of the request that every document after the
// request repeats under 基本情况, in the request's order: who asked, the
// business department that tests and signs, and what is upgraded.
var caseHeader = []string{"department_id", "applicant_id", "business_dept_id", "system_id", "vendor_id",
	"current_version", "target_version", "upgrade_type"}

// caseFields are the case's identity and request summary, at the top of
// every document after the request.
func (b *caseBuilder) caseFields() []Field {
	c := &b.d.Case
	f := []Field{{Label: label("report.label.case_no"), Value: c.No},
		{Label: label("report.label.state_now"), Value: stateLabel(c.State)},
		b.gridField(requestRec.Field("title"), c)}
	f[2].Wide = true
	for _, key := range caseHeader {
		f = append(f, b.gridField(requestRec.Field(key), c))
	}
	return f
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

// noColumn is the first column of most tables, "序号". Column widths of
// the documents' tables are given in millimetres and add up to
// columnsWidth.
var noColumn = Column{Title: label("report.col.no"), Width: 11, Align: "C"}

// decisionColumns are the columns of an approval table.
var decisionColumns = []Column{
	noColumn, {Title: label("report.col.stage"), Width: 22, Align: "C"},
	{Title: label("report.col.actor"), Width: 16, Align: "C"}, {Title: label("report.col.role"), Width: 22, Align: "C"},
	{Title: label("report.col.decision"), Width: 18, Align: "C"}, {Title: label("field.opinion"), Width: 45},
	{Title: label("report.col.time"), Width: 22, Align: "C"}, {Title: label("report.col.sign_method"), Width: 18, Align: "C"},
}

// approvals adds the table of decisions, or a note that there are none.
func (b *caseBuilder) approvals(ds []data.Decision) {
	b.show(ds...)
	if len(ds) == 0 {
		b.doc.Note(label("report.note.no_approvals"))
		return
	}
	rows := make([][]string, len(ds))
	for i, dec := range ds {
		rows[i] = []string{strconv.Itoa(i + 1), stateLabel(dec.FromState), dec.ActorText(data.LangZH), roleLabel(dec.ActorRole),
			label(dec.LabelKey()), opinionWithWarning(&dec), tableTime(dec.At), signMethod(dec.PaperSigned)}
	}
	b.doc.Table(decisionColumns, rows)
}

// lastDecision returns the last decision with action a.
func (b *caseBuilder) lastDecision(a data.Action) *data.Decision {
	for i := len(b.d.Decisions) - 1; i >= 0; i-- {
		if b.d.Decisions[i].Action == a {
			return &b.d.Decisions[i]
		}
	}
	return nil
}

// outcome returns the fields saying how a case ended or where it stands:
// its state and, for a rejected, merged or cancelled case, the reason,
// with who decided and when unless the decision is one of shown, the
// approvals printed with it.
func (b *caseBuilder) outcome(shown []data.Decision) []Field {
	c := &b.d.Case
	when := Field{Label: label("report.label.state_at"), Value: dateTime(c.StateAt)}
	if c.State.Terminal() { // a finished case's state dates from its end
		when = Field{Label: label("report.label.closed_at"), Value: dateTimePtr(c.ClosedAt)}
	}
	f := []Field{{Label: label("report.label.state"), Value: stateLabel(c.State)}, when}
	var dec *data.Decision
	switch c.State {
	case data.StateRejected:
		dec = b.lastDecision(data.ActReject)
	case data.StateMerged:
		dec = b.lastDecision(data.ActMerge)
		merged := b.gridField(requestRec.Field("merged_into_id"), c)
		merged.Wide = true
		f = append(f, merged)
	case data.StateCancelled:
		dec = b.lastDecision(data.ActCancel)
	}
	if dec != nil {
		b.show(*dec)
		if !slices.ContainsFunc(shown, func(s data.Decision) bool { return s.ID == dec.ID && s.At.Equal(dec.At) }) {
			f = append(f, Field{Label: label("report.label.actor"),
				Value: labelf("report.actor_role", map[string]any{"Name": dec.ActorText(data.LangZH), "Role": roleLabel(dec.ActorRole)})},
				Field{Label: label("report.label.acted_at"), Value: dateTime(dec.At)})
		}
		f = append(f, Field{Label: labelf("report.label.reason", map[string]any{"Action": label(dec.LabelKey())}), Value: dec.Opinion, Wide: true})
	}
	return f
}

// byline returns who saved a record last, under the label of key, and
// when, under the label of atKey unless that is "".
func byline(key, atKey string, m data.Meta) []Field {
	f := []Field{{Label: label(key), Value: m.UpdatedBy}}
	if atKey != "" {
		f = append(f, Field{Label: label(atKey), Value: dateTime(m.UpdatedAt)})
	}
	return f
}

// stageDoc prints a document after the request: the case's basics, the
// stage's records (body), and its approvals under the heading of
// approvalsKey.
func (b *caseBuilder) stageDoc(body func(), approvalsKey string) {
	b.heading(label("report.heading.basics"))
	b.doc.Fields(b.caseFields())
	body()
	b.heading(label(approvalsKey))
	b.approvals(stageDecisions(b.kind, b.d))
	b.closing()
}

// requestDoc is the 软件升级需求申请表.
func (b *caseBuilder) requestDoc() {
	b.requestBody()
	b.heading(label("report.heading.review"))
	approvals := stageDecisions(KindRequest, b.d)
	b.doc.Fields(b.outcome(approvals))
	b.approvals(approvals)
	b.closing()
}

// requestBody prints the request, with the case number and when it was
// filed.
func (b *caseBuilder) requestBody() {
	c := &b.d.Case
	b.record(requestRec, c, []Field{{Label: label("report.label.case_no"), Value: c.No},
		{Label: label("report.label.filed_at"), Value: dateTime(c.CreatedAt)}}, nil)
}

// assessmentBody prints the assessment report, with the systems that
// depend on the case's system (对现有系统的影响).
func (b *caseBuilder) assessmentBody() {
	a := b.d.Assessment
	b.record(assessmentRec, a, nil, append([]Field{dependantsField(b.d)},
		byline("report.label.prepared_by", "report.label.prepared_at", a.Meta)...))
}

// planBody prints the plan.
func (b *caseBuilder) planBody() {
	p := b.d.Plan
	b.record(planRec, p, nil, byline("report.label.prepared_by", "report.label.prepared_at", p.Meta))
}

// acceptanceBody prints the implementation's summary, the tests and the
// acceptance.
func (b *caseBuilder) acceptanceBody() {
	im := b.d.Implementation
	if im == nil {
		im = &data.Implementation{}
	}
	b.heading(label("report.heading.implementation"))
	b.doc.Fields(b.shortFields(implementationRec, im))
	b.testsAndAcceptance()
}

// testsAndAcceptance prints the test records and the acceptance.
func (b *caseBuilder) testsAndAcceptance() {
	b.heading(label(testRec.LabelKey()))
	b.recordTable("", testRec, ptrs(b.d.Tests), nil)
	ac := b.d.Acceptance
	if ac == nil {
		ac = &data.Acceptance{}
	}
	b.heading(label("report.heading.acceptance"))
	b.record(acceptanceRec, ac, nil, byline("report.label.filled_by", "", ac.Meta))
}

// rollbackBody prints the rollback report.
func (b *caseBuilder) rollbackBody() {
	r := b.d.Rollback
	b.heading(label("report.heading.rollback"))
	b.record(rollbackRec, r, nil, byline("report.label.filled_by", "", r.Meta))
}

// backupsTable prints the backup records.
func (b *caseBuilder) backupsTable() {
	b.heading(label(backupRec.LabelKey()))
	b.recordTable("", backupRec, ptrs(b.d.Backups), nil)
}

// registrationBody prints the registration.
func (b *caseBuilder) registrationBody() {
	b.heading(label("report.heading.registration"))
	b.record(registrationRec, b.d.Registration, nil, nil)
}
