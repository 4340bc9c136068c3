package reports

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/data"
)

// freshDemo returns a new demo library of one case in every state, whose
// store archives dossiers and files cost addenda with this package's
// renderers, as the client's does.
func freshDemo(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.Open(filepath.Join(t.TempDir(), "demo.db"),
		data.Options{Create: true, Dossier: ArchiveDossier, Addendum: AddendumDocument})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.FillDemo(data.DemoOptions{Cases: 16, Now: demoNow, Dossier: ArchiveDossier}); err != nil {
		t.Fatal(err)
	}
	return s
}

func login(t *testing.T, s *data.Store, name string) *data.Session {
	t.Helper()
	ss, err := s.Login(name, data.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// TestStandInSignsTheRequest files a department head's own request, which
// only the stand-in named for the department's head may approve, and
// reads the request form and the dossier back: the approval, its
// signature line and the change history say who signed for whom (代签).
func TestStandInSignsTheRequest(t *testing.T) {
	s := freshDemo(t)
	head, leader, admin := login(t, s, "head"), login(t, s, "leader"), login(t, s, "admin")
	systems, _ := s.Systems()
	c := &data.Case{Title: "流通部自助借还机增加读者证挂失拦截", SystemID: systems[0].ID, Phone: "0571-8800 8102",
		UpgradeType: "feature", Urgency: "routine", Source: "business", Content: "自助借还机不识别已挂失的读者证。",
		Problem: "挂失证仍可借书。", Impact: "流通部自助借还业务。", ExpectedDate: "2027-03-31"}
	if err := s.NewCase(head, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Act(head, data.ActionRequest{CaseID: c.ID, Action: data.ActSubmit}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSubstitute(admin, &data.Substitute{Role: data.RoleDeptHead, DepartmentID: head.User().DepartmentID,
		StandInID: leader.User().ID, Reason: "部门只有一位负责人"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Act(leader, data.ActionRequest{CaseID: c.ID, Action: data.ActApprove, Opinion: "同意（代部门负责人）"}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Dossier(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	signed := stripSpace(leader.User().FullName + " 代 " + head.User().FullName) // 冯志远代刘洋
	text := stripSpace(run(t, "pdftotext", "-enc", "UTF-8", saveTemp(t, writeCase(t, KindRequest, d)), "-"))
	if strings.Count(text, signed) < 2 {
		t.Errorf("the request form names the stand-in's signature %d times, want the approval and the signature line:\n%s",
			strings.Count(text, signed), text)
	}
	if !strings.Contains(text, stripSpace(label("report.signer.dept_head"))+signed+"（签字）") {
		t.Errorf("no signature line for the stand-in:\n%s", text)
	}
	dossier := stripSpace(run(t, "pdftotext", "-enc", "UTF-8", saveTemp(t, writeCase(t, KindDossier, d)), "-"))
	if n := strings.Count(dossier, signed); n < 2 {
		t.Errorf("the dossier names the stand-in's signature %d times, want the approval trail and the history", n)
	}
}

// TestCostAddendumDocument records a cost on an archived case, beyond its
// budget: the store files a 费用补记单 of its own, sealed like the other
// documents, with the cost, the sums and the overrun, while the archived
// dossier stays as it was.
func TestCostAddendumDocument(t *testing.T) {
	s := freshDemo(t)
	rows, _, err := s.ListCases(data.CaseFilter{States: []data.State{data.StateClosed}, Limit: 1})
	if err != nil || len(rows) == 0 {
		t.Fatalf("no archived demo case: %v", err)
	}
	id := rows[0].ID
	_, sealed, err := s.ArchivedDossier(id)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Dossier(id)
	k := &data.Cost{CaseID: id, Item: "系统升级尾款（验收后支付）", Amount: before.Plan.Budget() + 500000,
		InvoiceNo: "FP-2026-0931", Date: "2026-11-18"}
	if err := s.SaveStage(login(t, s, "accountant"), k); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Dossier(id)
	var filed *data.Attachment
	for i := range d.Attachments {
		if strings.Contains(d.Attachments[i].Name, Title(KindAddendum)) {
			filed = &d.Attachments[i]
		}
	}
	if filed == nil {
		t.Fatalf("no 费用补记单 filed: %+v", d.Attachments)
	}
	pdf, err := s.AttachmentContent(filed.ID)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("filed addendum: %v", err)
	}
	path := saveTemp(t, pdf)
	text := stripSpace(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	for _, want := range []string{Title(KindAddendum), Code(KindAddendum, d), k.Item, k.InvoiceNo,
		d.Archive.DossierSHA, d.OverrunText(data.LangZH), label("report.signer.accountant")} {
		if !strings.Contains(text, stripSpace(want)) {
			t.Errorf("%q not in the addendum:\n%s", want, text)
		}
	}
	checkRecordAttachment(t, "addendum", path, KindAddendum, d)
	checkSubsetFonts(t, "addendum", path)
	if _, now, err := s.ArchivedDossier(id); err != nil || !bytes.Equal(now, sealed) {
		t.Errorf("the archived dossier changed: %v", err)
	}
	if _, err := AddendumDocument(before); err == nil {
		t.Error("an addendum of a case without costs after archiving")
	}
}
