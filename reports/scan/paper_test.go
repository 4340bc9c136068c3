package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"upgradedesk/data"
	"upgradedesk/reports"
)

// rasterise prints a PDF to page images as a scanner would (pdftoppm, 200
// dpi, greyscale) and packs them into one copier's PDF (img2pdf).
func rasterise(t testing.TB, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "printed.pdf")
	if err := os.WriteFile(src, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "pdftoppm", "-r", "200", "-gray", "-jpeg", src, filepath.Join(dir, "p"))
	pages, _ := filepath.Glob(filepath.Join(dir, "p-*.jpg"))
	if len(pages) == 0 {
		t.Fatal("pdftoppm made no pages")
	}
	out := filepath.Join(dir, "copier.pdf")
	run(t, "img2pdf", append([]string{"-o", out}, pages...)...)
	return out
}

// A signer's print pack, printed to images as a scanner would, cover and
// all, is filed on the right decisions: the cover is known by its own QR
// code and left out, never sent to 待归类.
func TestPrintPackScannedBack(t *testing.T) {
	need(t, "pdftoppm", "img2pdf")
	s, ss := demo(t, 12)
	due, err := s.PaperOutstanding(data.PaperFilter{})
	if err != nil || len(due) == 0 {
		t.Fatalf("outstanding: %d, %v", len(due), err)
	}
	signer := due[0].Decision.ActorID
	mine, err := s.PaperOutstanding(data.PaperFilter{SignerID: signer})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	docs, err := reports.PrintPack(&buf, s, mine, "待签", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	copies := make([]data.PaperCopy, len(docs))
	for i, d := range docs {
		copies[i] = d.Copy
	}
	if err := s.RecordPrints(ss, copies); err != nil {
		t.Fatal(err)
	}
	rep, err := Import(context.Background(), s, ss, []string{rasterise(t, buf.Bytes())}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Files[0]
	if f.Err != nil || f.Covers == 0 || f.Unsorted != 0 {
		t.Fatalf("import: %+v", f)
	}
	if u, _ := s.UnsortedScans(); len(u) != 0 {
		t.Fatalf("待归类 holds %d pages", len(u))
	}
	filed := 0
	for _, d := range rep.Docs {
		if d.Err != nil || d.Filed == nil || d.Filed.Stale {
			t.Errorf("%s: %+v", d.Code, d)
			continue
		}
		filed++
	}
	if filed != len(docs) {
		t.Fatalf("%d of %d documents filed", filed, len(docs))
	}
	if left, _ := s.PaperOutstanding(data.PaperFilter{SignerID: signer}); len(left) >= len(mine) {
		t.Fatalf("still outstanding for the signer: %d of %d", len(left), len(mine))
	}
}

// A copy printed before the record changed comes back stale: filed as
// 签字件与现记录不一致 with what changed since it was printed, the decision
// it would confirm not marked, and the signer's 待办 asks for a new
// signature.
func TestStaleCopyScannedBack(t *testing.T) {
	need(t, "pdftoppm", "img2pdf")
	s, ss := demo(t, 60)
	// A request its department head approves on paper: the request form
	// confirms that approval, and prints the screening decision to come.
	rows, _, err := s.ListCases(data.CaseFilter{States: []data.State{data.StateDeptReview}})
	if err != nil || len(rows) == 0 {
		t.Fatalf("no request waits for its department head: %v", err)
	}
	c, err := s.Case(rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	users, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	var head *data.Session
	for i := range users {
		if users[i].HasRole(data.RoleDeptHead) && users[i].DepartmentID == c.BusinessDeptID && users[i].ID != c.ApplicantID {
			if head, err = s.Login(users[i].Username, data.DemoPassword); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if head == nil {
		t.Fatalf("%s: no department head to approve it", c.No)
	}
	if _, err := s.Act(head, data.ActionRequest{CaseID: c.ID, Action: data.ActApprove, Opinion: "同意", PaperSigned: true}); err != nil {
		t.Fatal(err)
	}
	due, err := s.PaperOutstanding(data.PaperFilter{CaseID: c.ID, SignerID: head.User().ID})
	if err != nil || len(due) != 1 {
		t.Fatalf("outstanding: %+v, %v", due, err)
	}
	pick := &due[0]
	d, err := s.Dossier(pick.Decision.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	check, confirms, err := reports.Seal(reports.KindRequest, d)
	if err != nil || !containsID(confirms, pick.Decision.ID) {
		t.Fatalf("the request form confirms %v, %v", confirms, err)
	}
	var buf bytes.Buffer
	if err := reports.WriteCase(&buf, reports.KindRequest, d, time.Now()); err != nil {
		t.Fatal(err)
	}
	code := reports.Code(reports.KindRequest, d)
	if err := s.RecordPrints(ss, []data.PaperCopy{{CaseID: d.Case.ID, Code: code, Check: check, Pages: 1}}); err != nil {
		t.Fatal(err)
	}
	// Printed; then the request is screened, which the form prints.
	if _, err := s.Act(ss, data.ActionRequest{CaseID: d.Case.ID, Action: data.ActAccept, Opinion: "纳入本季度评估"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Import(context.Background(), s, ss, []string{rasterise(t, buf.Bytes())}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Docs) != 1 || rep.Docs[0].Filed == nil {
		t.Fatalf("import: %+v %+v", rep.Files, rep.Docs)
	}
	got := rep.Docs[0].Filed
	if !got.Stale || len(got.Marked) != 0 || got.PrintedAt.IsZero() ||
		!strings.Contains(strings.Join(got.Changes, "\n"), "纳入本季度评估") {
		t.Fatalf("filed as %+v", got)
	}
	ds, _ := s.Decisions(d.Case.ID)
	for _, dec := range ds {
		if dec.ID == pick.Decision.ID && dec.ScanID != nil {
			t.Fatalf("a stale copy marked the decision: %+v", dec)
		}
	}
	atts, _ := s.Attachments(d.Case.ID)
	if n := len(atts); n == 0 || !strings.Contains(atts[n-1].Note, "签字件与现记录不一致") {
		t.Fatalf("attachments: %+v", atts)
	}
	signer := pick.Decision.ActorID
	if pick.Decision.ForID != nil {
		signer = *pick.Decision.ForID
	}
	u, err := s.User(signer)
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.Todo(u)
	if err != nil {
		t.Fatal(err)
	}
	asked := false
	for _, it := range items {
		for _, p := range it.Paper {
			asked = asked || p.Decision.ID == pick.Decision.ID && p.Resign()
		}
	}
	if !asked {
		t.Fatalf("the signer's 待办 does not ask for a new signature: %+v", items)
	}
}

// BenchmarkScanImport imports a copier's PDF of signed pages scanned at
// 300 dpi in colour, JPEG quality 50, turned and skewed, into a fresh
// demo database each time; it reports pages/s.
func BenchmarkScanImport(b *testing.B) {
	need(b, "pdftoppm", "convert", "img2pdf")
	s0, _ := demo(b, 12)
	docs := toSign(b, s0, 4)
	dir := b.TempDir()
	var pages []string
	for i, d := range docs {
		pages = append(pages, scanPages(b, dir, fmt.Sprintf("d%02d", i), d.pdf, variant{dpi: 300, turn: 90, skew: 3, noise: true})...)
	}
	pack := filepath.Join(dir, "copier.pdf")
	run(b, "img2pdf", append([]string{"-o", pack}, pages...)...)
	b.ResetTimer()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, ss := demo(b, 12)
		b.StartTimer()
		start := time.Now()
		rep, err := Import(context.Background(), s, ss, []string{pack}, nil)
		elapsed += time.Since(start)
		if err != nil || rep.Files[0].Err != nil {
			b.Fatal(err, rep.Files[0].Err)
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/elapsed.Seconds(), "pages/s")
}
