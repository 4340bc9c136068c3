package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"upgradedesk/data"
)

// writeCase writes document k of d and returns the PDF.
func writeCase(t testing.TB, k Kind, d *data.Dossier) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCase(&buf, k, d, sampleGenerated); err != nil {
		t.Fatalf("%s of %s: %v", k, d.Case.No, err)
	}
	return buf.Bytes()
}

// furniture matches the lines of page headers and footers in pdftotext
// output (without white space).
var furniture = regexp.MustCompile(`^(第\d+页/共\d+页|.*第\d+页/共\d+页|生成时间：.*)$`)

// documentText returns the text of a PDF in content-stream order
// (pdftotext -raw, so the lines of each table cell stay together),
// without white space and without the page header and footer lines and
// the lines in noise, which repeat on every page a block continues to.
func documentText(t *testing.T, path string, noise ...string) string {
	t.Helper()
	skip := map[string]bool{}
	for _, s := range noise {
		skip[stripSpace(s)] = true
	}
	var b strings.Builder
	for _, line := range strings.Split(run(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-"), "\n") {
		s := stripSpace(line)
		if s == "" || skip[s] || furniture.MatchString(s) {
			continue
		}
		b.WriteString(s)
	}
	return b.String()
}

// approvalValues returns what the approvals document k of d prints hold.
func approvalValues(k Kind, d *data.Dossier) []string {
	var v []string
	for _, dec := range stageDecisions(k, d) {
		for _, s := range []string{dec.ActorName, roleLabel(dec.ActorRole), label(dec.LabelKey()), dec.Opinion} {
			if strings.TrimSpace(s) != "" {
				v = append(v, s)
			}
		}
	}
	return v
}

// checkValues checks that every expected value is in the text.
func checkValues(t *testing.T, what string, text string, values []string) {
	t.Helper()
	for _, v := range values {
		if !strings.Contains(text, stripSpace(v)) {
			t.Errorf("%s: %q not in the extracted text", what, shorten(v, 60))
		}
	}
}

// TestEveryDocumentOfTheDemo writes every available document of every
// demo case (two cases in every state) and reads it back: every record
// it prints, field by field next to its label (documentProblems), and
// its approvals are in the text, no ID stands where a name belongs, the
// fonts are embedded as subsets, the record is attached, and documents
// other than the dossier stay under 150 KB.
func TestEveryDocumentOfTheDemo(t *testing.T) {
	dossiers := demoDossiers(t)
	seen := map[Kind]int{}
	states := map[data.State]bool{}
	dir := t.TempDir()
	for _, d := range dossiers {
		states[d.Case.State] = true
		for _, k := range Available(d) {
			seen[k]++
			pdf := writeCase(t, k, d)
			path := filepath.Join(dir, FileName(k, d))
			if err := os.WriteFile(path, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			what := d.Case.No + " " + string(k)
			if k != KindDossier && len(pdf) >= 150<<10 {
				t.Errorf("%s: %d bytes, want under 150 KB", what, len(pdf))
			}
			text := documentText(t, path, noiseOf(k, d)...)
			for _, p := range documentProblems(text, k, d) {
				t.Errorf("%s: %s", what, p)
			}
			checkValues(t, what, text, approvalValues(k, d))
			if (k == KindRollback || k == KindRegistration && d.Registration.Registered) && len(stageDecisions(k, d)) == 0 {
				t.Errorf("%s: no approval of the stage, though the case is past it", what)
			}
			if seen[k] == 1 { // the slower checks once per kind
				checkSubsetFonts(t, what, path)
				checkRecordAttachment(t, what, path, k, d)
			}
		}
	}
	for _, k := range CaseKinds {
		if seen[k] == 0 {
			t.Errorf("no demo case has a %s document", k)
		}
	}
	for _, s := range data.AllStates {
		if !states[s] {
			t.Errorf("no demo case in state %s", s)
		}
	}
}

// checkSubsetFonts checks with pdffonts that every font is an embedded
// subset with a ToUnicode map.
func checkSubsetFonts(t *testing.T, what, path string) {
	t.Helper()
	out := run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
	re := regexp.MustCompile(`^[A-Z]{6}\+NotoSansSC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s`)
	if len(lines) == 0 || len(lines) > 2 {
		t.Errorf("%s: %d fonts:\n%s", what, len(lines), out)
	}
	for _, l := range lines {
		if !re.MatchString(l) {
			t.Errorf("%s: font not an embedded subset with ToUnicode: %s", what, l)
		}
	}
}

// checkRecordAttachment extracts record.json and checks that it holds
// the record, that its SHA-256 gives the check code the document prints
// and that it holds what the document prints.
func checkRecordAttachment(t *testing.T, what, path string, k Kind, d *data.Dossier) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "record.json")
	run(t, "pdfdetach", "-save", "1", "-o", out, path)
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Document Kind            `json:"document"`
		Code     string          `json:"code"`
		CaseNo   string          `json:"case_no"`
		Record   json.RawMessage `json:"record"`
		Case     struct {
			BusinessDepartment string `json:"business_department"`
		} `json:"case"`
		Printed printedDoc `json:"printed"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%s: record.json: %v", what, err)
	}
	if f.Document != k || f.CaseNo != d.Case.No || f.Code != Code(k, d) {
		t.Errorf("%s: record.json says %s %s %s", what, f.Document, f.CaseNo, f.Code)
	}
	want, _ := json.Marshal(recordOf(k, d))
	var compact bytes.Buffer
	json.Compact(&compact, f.Record)
	if !bytes.Equal(compact.Bytes(), want) {
		t.Errorf("%s: record.json holds another record", what)
	}
	if len(f.Printed.Blocks) == 0 || f.Printed.Title != Title(k) {
		t.Errorf("%s: record.json holds no printed content", what)
	}
	sum := sha256.Sum256(raw)
	check := strings.ToUpper(hex.EncodeToString(sum[:])[:12])
	if !strings.Contains(stripSpace(run(t, "pdftotext", "-enc", "UTF-8", path, "-")), check) {
		t.Errorf("%s: check code %s not printed", what, check)
	}
}

// TestFixtureDocuments writes every document of the fixture case, which
// has every record, and checks the values and the page furniture.
func TestFixtureDocuments(t *testing.T) {
	d := fixtureDossier()
	if got := Available(d); len(got) != len(CaseKinds)-1 { // no rollback
		t.Fatalf("available %v", got)
	}
	d.Rollback = &data.RollbackReport{Meta: data.Meta{ID: 1, UpdatedBy: "李明"}, CaseID: 1, Date: "2026-03-16",
		Problem: "升级后电子发票推送超时。", RestoredVersion: "V3.2.4", RestoreStatus: "restored", Cause: "接口证书未导入。",
		Improvements: "升级前核对证书。"}
	for _, k := range CaseKinds {
		path := saveTemp(t, writeCase(t, k, d))
		text := documentText(t, path, noiseOf(k, d)...)
		for _, p := range documentProblems(text, k, d) {
			t.Errorf("%s: %s", k, p)
		}
		checkValues(t, string(k), text, approvalValues(k, d))
		for _, key := range signers[k] {
			if role := label(key); !strings.Contains(text, signLabel(role)) {
				t.Errorf("%s: no signature line for %s", k, role)
			}
		}
		first := stripSpace(pageText(t, path, 1))
		for _, want := range []string{Title(k), "文档编号：" + Code(k, d), "事项编号：SJ-2026-0001", d.Library, "生成时间：2026-03-0514:30"} {
			if !strings.Contains(first, stripSpace(want)) {
				t.Errorf("%s: page 1 lacks %q", k, want)
			}
		}
		if k == KindRequest && (!strings.Contains(text, "纸质签字") || !strings.Contains(text, "系统确认")) {
			t.Errorf("request: approvals do not say how they were confirmed")
		}
		if k == KindDossier {
			for _, want := range []string{"卷内目录", "停机说明：2026-03-1608:30–11:00→2026-03-1608:30–12:00",
				"状态：起草中→部门审核中", "紧急程度：一般"} {
				if !strings.Contains(text, stripSpace(want)) {
					t.Errorf("dossier lacks %q", want)
				}
			}
		}
	}
}

// TestFinalStateAndReason checks that rejected, merged and cancelled
// cases still print, with their final state and reason.
func TestFinalStateAndReason(t *testing.T) {
	for _, c := range []struct {
		state  data.State
		action data.Action
		want   []string
	}{
		{data.StateRejected, data.ActReject, []string{"已驳回", "不予受理的理由", "不符合本年度升级计划。"}},
		{data.StateMerged, data.ActMerge, []string{"已合并", "合并到事项", "SJ-2026-0007", "与 SJ-2026-0007 内容相同。"}},
		{data.StateCancelled, data.ActCancel, []string{"已撤销", "撤销事项的理由", "需求已由其他方式解决。"}},
	} {
		d := fixtureDossier()
		d.Case.State, d.Case.ClosedAt = c.state, nil
		d.Assessment, d.Plan, d.Tests, d.Acceptance, d.Registration = nil, nil, nil, nil, nil
		opinion := c.want[len(c.want)-1]
		if c.state == data.StateMerged {
			d.Case.MergedIntoID, d.MergedIntoNo = ptr(uint(7)), "SJ-2026-0007"
			d.Names.Add(data.KindCase, 7, d.MergedIntoNo)
		}
		d.Decisions = append(d.Decisions[:3:3], data.Decision{Action: c.action, FromState: data.StateScreening, ToState: c.state,
			ActorName: "李明", ActorRole: data.RoleSysadmin, Opinion: opinion, At: fixtureTime(5, 9, 0)})
		if got := Available(d); len(got) != 2 {
			t.Errorf("%s: available %v, want the request and the dossier", c.state, got)
		}
		for _, k := range []Kind{KindRequest, KindDossier} {
			text := documentText(t, saveTemp(t, writeCase(t, k, d)))
			for _, w := range c.want {
				if !strings.Contains(text, stripSpace(w)) {
					t.Errorf("%s %s lacks %q", c.state, k, w)
				}
			}
		}
	}
}

// TestLongTextAndLongTable puts 2,000 characters of Chinese text in the
// request and 200 risks in the plan: no character is lost, the plan runs
// over many pages and the risk table's header is on every page it spans.
func TestLongTextAndLongTable(t *testing.T) {
	d := fixtureDossier()
	d.Case.Content = chineseText(2000, 42, true)
	d.Case.Problem = chineseText(2000, 43, false)
	d.Plan.Risks = make([]data.Risk, 200)
	for i := range d.Plan.Risks {
		d.Plan.Risks[i] = data.Risk{Risk: fmt.Sprintf("R%03d %s", i+1, chineseText(10+i%40, uint64(i), false)),
			Likelihood: data.Likelihoods[i%3], Impact: data.Likelihoods[(i+1)%3], Countermeasure: chineseText(20+i%30, uint64(1000+i), false)}
	}
	for _, k := range []Kind{KindRequest, KindDossier} {
		path := saveTemp(t, writeCase(t, k, d))
		text := documentText(t, path, append(noiseOf(k, d), label("field.content")+continued, label("field.problem")+continued,
			continued, label("field.problem"))...)
		for i, s := range []string{d.Case.Content, d.Case.Problem} {
			if want := stripSpace(s); !strings.Contains(text, want) {
				t.Errorf("%s: text %d not extracted whole; %s", k, i, firstDifference(text, want))
			}
		}
	}
	path := saveTemp(t, writeCase(t, KindPlan, d))
	n := pageCount(t, path)
	if n < 8 {
		t.Fatalf("a plan with 200 risks has %d pages", n)
	}
	next, riskPages := 1, 0
	for p := 1; p <= n; p++ {
		text := pageText(t, path, p)
		flat := stripSpace(text)
		if !strings.Contains(flat, fmt.Sprintf("第%d页/共%d页", p, n)) {
			t.Errorf("page %d: no page number", p)
		}
		rows := regexp.MustCompile(`R(\d{3})`).FindAllStringSubmatch(text, -1)
		if len(rows) == 0 {
			continue
		}
		riskPages++
		for _, h := range []string{"风险", "可能性", "影响程度", "应对措施"} {
			if !strings.Contains(flat, h) {
				t.Errorf("page %d: risk table without header %q", p, h)
			}
		}
		for _, m := range rows {
			if got, _ := strconv.Atoi(m[1]); got != next {
				t.Fatalf("page %d: risk %d where %d was expected", p, got, next)
			}
			next++
		}
	}
	if next != 201 || riskPages < 5 {
		t.Errorf("found %d risks on %d pages", next-1, riskPages)
	}
}

// TestCheckCode checks the QR code on page 1 of a request form: the
// document code (with the case number), the page and the check code; the
// same record printed at another time gives the same code, a changed
// record another one.
func TestCheckCode(t *testing.T) {
	d := fixtureDossier()
	code := func(d *data.Dossier, generated time.Time) string {
		var buf bytes.Buffer
		if err := WriteCase(&buf, KindRequest, d, generated); err != nil {
			t.Fatal(err)
		}
		return footerQR(t, saveTemp(t, buf.Bytes()), 1)
	}
	first := code(d, sampleGenerated)
	if !regexp.MustCompile(`^UD-01-SJ-2026-0001 1/[1-9] [0-9A-F]{12}$`).MatchString(first) {
		t.Fatalf("QR code says %q", first)
	}
	if again := code(d, sampleGenerated.Add(48*time.Hour)); again != first {
		t.Errorf("printing later changed the code: %q, %q", first, again)
	}
	d.Case.Impact += "另需通知读者。"
	if changed := code(d, sampleGenerated); changed == first {
		t.Errorf("a changed record keeps the code %q", first)
	}
}

func TestCaseDocumentByteStable(t *testing.T) {
	d := fixtureDossier()
	for _, k := range []Kind{KindRequest, KindDossier} {
		if !bytes.Equal(writeCase(t, k, d), writeCase(t, k, fixtureDossier())) {
			t.Errorf("%s: identical input, different bytes", k)
		}
	}
}

func TestKinds(t *testing.T) {
	d := fixtureDossier()
	titles := map[Kind]string{KindRequest: "软件升级需求申请表", KindAssessment: "软件升级需求评估报告", KindPlan: "软件升级计划",
		KindAcceptance: "软件升级验收单", KindRollback: "软件升级回退报告", KindRegistration: "软件版本升级登记表", KindDossier: "升级事项案卷",
		KindNotice: "系统停机公告"}
	for _, k := range CaseKinds {
		if Title(k) != titles[k] {
			t.Errorf("Title(%s) = %q", k, Title(k))
		}
		if got, err := ParseKind(" " + strings.ToUpper(string(k))); err != nil || got != k {
			t.Errorf("ParseKind(%s) = %v, %v", k, got, err)
		}
	}
	if _, err := ParseKind("invoice"); data.ErrorCode(err) != data.EInvalid || !strings.Contains(data.ErrorMessage(err, data.LangEN), "plan") {
		t.Errorf("ParseKind(invoice): %v", err)
	}
	if got := FileName(KindRequest, d); got != "SJ-2026-0001-软件升级需求申请表.pdf" {
		t.Errorf("FileName = %q", got)
	}
	if got := safeFileName(`a<b>c:d"e/f\g|h?i*j` + "\x01. "); got != "a_b_c_d_e_f_g_h_i_j_" {
		t.Errorf("safeFileName = %q", got)
	}
	d.Plan = nil
	err := WriteCase(&bytes.Buffer{}, KindPlan, d, sampleGenerated)
	var de *data.Error
	if !errors.As(err, &de) || de.Code != data.EState || !strings.Contains(de.Message(data.LangZH), "还没有升级计划") ||
		!strings.Contains(de.Message(data.LangEN), "no upgrade plan") {
		t.Errorf("plan of a case without one: %v", err)
	}
}

// TestLedgerDocument writes the demo ledger and reads back every system,
// version and vendor.
func TestLedgerDocument(t *testing.T) {
	s := demoStore(t)
	l := ledgerOf(t, s)
	var buf bytes.Buffer
	if err := WriteLedger(&buf, s.LibraryName(), l, sampleGenerated); err != nil {
		t.Fatal(err)
	}
	path := saveTemp(t, buf.Bytes())
	text := documentText(t, path)
	var want []string
	for _, sys := range l.Systems {
		want = append(want, sys.Name, sys.CurrentVersion)
		for _, v := range l.History[sys.ID] {
			want = append(want, v.Version, v.EffectiveDate, v.CaseNo)
		}
	}
	for _, v := range l.Vendors {
		want = append(want, v.Name, v.Contact, v.Phone, v.Email)
	}
	checkValues(t, "ledger", text, want)
	checkSubsetFonts(t, "ledger", path)
	if !strings.Contains(stripSpace(pageText(t, path, 1)), "软件版本台账") {
		t.Error("no title")
	}
}
