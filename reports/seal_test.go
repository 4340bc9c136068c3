package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"upgradedesk/data"
)

// sealedDoc is one document of the tests' collection.
type sealedDoc struct {
	name string
	code string // the document code its QR codes carry
	// doc is the document it was written from; nil for an archived
	// dossier, read from the database as archived.
	doc *Doc
	pdf []byte
}

// collection is every document of the demo, built once.
var collection struct {
	once sync.Once
	docs []sealedDoc
	err  error
}

// demoDocuments returns every document of every demo case as WriteCase
// writes it (dossiers as copies), the dossier of every archived demo case
// as archived, every document of the fixture case and the ledger.
func demoDocuments(t *testing.T) []sealedDoc {
	t.Helper()
	dossiers := demoDossiers(t)
	s := demoStore(t)
	l := ledgerOf(t, s)
	collection.once.Do(func() { collection.docs, collection.err = collectDocuments(dossiers, s, l) })
	if collection.err != nil {
		t.Fatal(collection.err)
	}
	return collection.docs
}

func collectDocuments(dossiers []*data.Dossier, s *data.Store, l *data.Ledger) ([]sealedDoc, error) {
	var docs []sealedDoc
	add := func(name string, doc *Doc) error {
		var buf bytes.Buffer
		if err := doc.Write(&buf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		docs = append(docs, sealedDoc{name: name, code: doc.info.Code, doc: doc, pdf: buf.Bytes()})
		return nil
	}
	mark := label("report.mark.copy")
	for _, d := range append([]*data.Dossier{fixtureDossier()}, dossiers...) {
		for _, k := range Available(d) {
			doc, err := buildCase(k, d, demoNow, mark)
			if err != nil {
				return nil, err
			}
			if err := add(d.Case.No+" "+string(k), doc); err != nil {
				return nil, err
			}
		}
		if d.Archive != nil && d.Case.ID != fixtureDossier().Case.ID {
			_, pdf, err := s.ArchivedDossier(d.Case.ID)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", d.Case.No, err)
			}
			docs = append(docs, sealedDoc{name: d.Case.No + " archived dossier", code: Code(KindDossier, d), pdf: pdf})
		}
	}
	doc, err := ledgerDoc(s.LibraryName(), l, demoNow)
	if err != nil {
		return nil, err
	}
	return docs, add("ledger", doc)
}

// TestQROnEveryPage renders every page of every document at 150 dpi and
// reads it with zbarimg: each page has one QR code, which says the
// document code, the page and the page count, and the check code that
// is the SHA-256 of the file the document embeds. zbarimg reads the
// footer band of every page (rendering whole pages of all documents
// would take minutes) and the whole page of one document of each kind.
func TestQROnEveryPage(t *testing.T) {
	tool(t, "zbarimg")
	whole := map[string]bool{}
	for _, doc := range demoDocuments(t) {
		kind := doc.name[strings.LastIndex(doc.name, " ")+1:]
		full := !whole[kind]
		whole[kind] = true
		t.Run(doc.name, func(t *testing.T) {
			t.Parallel()
			check := checkCode(embeddedFile(t, doc.pdf))
			path := saveTemp(t, doc.pdf)
			pages := pageCount(t, path)
			got := pageQRs(t, path, pages, full)
			for n := 1; n <= pages; n++ {
				want := fmt.Sprintf("%s %d/%d %s", doc.code, n, pages, check)
				if codes := got[n]; len(codes) != 1 || codes[0] != want {
					t.Errorf("page %d: zbarimg reads %q, want %q", n, codes, want)
				}
			}
		})
	}
}

// pageQRs renders the pages of a PDF at 150 dpi, the footer band or
// (full) the whole page, and returns what zbarimg reads on each page.
func pageQRs(t *testing.T, path string, pages int, full bool) map[int][]string {
	t.Helper()
	const dpi = 150
	dir := t.TempDir()
	args := []string{"-gray", "-r", strconv.Itoa(dpi)}
	if !full {
		px := func(mm float64) string { return strconv.Itoa(int(mm / 25.4 * dpi)) }
		args = append(args, "-x", "0", "-y", px(footerRuleY-4), "-W", px(pageWidth), "-H", px(pageHeight-footerRuleY+4))
	}
	run(t, "pdftoppm", append(args, path, filepath.Join(dir, "p"))...)
	files, err := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	if err != nil || len(files) != pages {
		t.Fatalf("pdftoppm wrote %d images for %d pages: %v", len(files), pages, err)
	}
	out := runStatus(t, []int{0, 4}, "zbarimg", append([]string{"-q", "--xml"}, files...)...) // 4: nothing found
	var res struct {
		Sources []struct {
			Href    string `xml:"href,attr"`
			Symbols []struct {
				Type string `xml:"type,attr"`
				Data string `xml:"data"`
			} `xml:"index>symbol"`
		} `xml:"source"`
	}
	if err := xml.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("zbarimg output: %v\n%s", err, out)
	}
	got := map[int][]string{}
	pageRE := regexp.MustCompile(`-0*(\d+)\.pgm$`)
	for _, s := range res.Sources {
		m := pageRE.FindStringSubmatch(s.Href)
		if m == nil {
			t.Fatalf("zbarimg read %q", s.Href)
		}
		n, _ := strconv.Atoi(m[1])
		for _, sym := range s.Symbols {
			got[n] = append(got[n], sym.Type+":"+sym.Data)
		}
	}
	for n, codes := range got {
		for i, c := range codes {
			got[n][i] = strings.TrimPrefix(c, "QR-Code:")
		}
	}
	return got
}

// TestSealCoversWhatIsPrinted lays out every document and checks that
// every piece of text on its pages, but the page furniture (header and
// footer: library, title, case number, code, page numbers, generation
// time), is in its sealed file's printed content, or is the note stating
// the seal, the title block's code line, a continued label or a page
// number of the list of contents; and that the embedded file is the
// sealed one.
func TestSealCoversWhatIsPrinted(t *testing.T) {
	for _, doc := range demoDocuments(t) {
		if doc.doc == nil {
			continue
		}
		d := doc.doc
		p, err := d.printed()
		if err != nil {
			t.Fatal(err)
		}
		var corpus []string
		addText := func(ss ...string) {
			for _, s := range ss {
				if s = stripSpace(s); s != "" {
					corpus = append(corpus, s)
				}
			}
		}
		addText(p.Title, p.Code, p.CaseNo, p.Library, p.Mark)
		for _, b := range p.Blocks {
			addText(b.Heading, b.Line, b.Label, b.Caption, b.Note)
			if b.Text != nil {
				addText(*b.Text)
			}
			for _, f := range b.Fields {
				addText(f.Label, f.Value)
			}
			addText(b.Columns...)
			addText(b.Signatures...)
			for _, r := range b.Rows {
				addText(r...)
			}
		}
		var sealNotes []string
		for _, b := range d.resolve(nil) {
			if n, ok := b.(noteBlock); ok && strings.Contains(n.text, d.check()) {
				sealNotes = append(sealNotes, stripSpace(n.text))
			}
		}
		if len(sealNotes) == 0 {
			t.Errorf("%s: no note states the check code %s", doc.name, d.check())
		}
		allowed := append(append(corpus, sealNotes...), stripSpace(d.metaLine()))
		pageRefs := map[string]bool{} // the page numbers of a list of contents
		for _, p := range anchorPages(d.layoutOnce(d.resolve(nil), nil).pages) {
			pageRefs[strconv.Itoa(p)] = true
		}
		covered := func(s string) bool {
			s = strings.TrimSuffix(s, stripSpace(continued))
			return pageRefs[s] || slices.ContainsFunc(allowed, func(c string) bool { return strings.Contains(c, s) })
		}
		for i, pg := range d.layout() {
			for _, op := range pg.ops {
				o, ok := op.(textOp)
				if !ok || o.y < contentTop || o.y > contentBottom+1 {
					continue // header and footer
				}
				if s := stripSpace(o.s); s != "" && !covered(s) {
					t.Errorf("%s page %d: %q is printed but not sealed", doc.name, i+1, o.s)
				}
			}
		}
		want, err := d.seal.build(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := embeddedFile(t, doc.pdf); !bytes.Equal(got, want) {
			t.Errorf("%s: the embedded file is not the sealed one", doc.name)
		}
	}
}

// sealOf returns the check code of document k of d, as WriteCase writes it.
func sealOf(t *testing.T, k Kind, d *data.Dossier) string {
	t.Helper()
	doc, err := buildCase(k, d, sampleGenerated, label("report.mark.copy"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := doc.sealFiles(); err != nil {
		t.Fatal(err)
	}
	return doc.check()
}

// TestCheckCodeFollowsPrintedValues changes one printed value at a time
// in the fixture case, the department head's opinion 同意 → 不同意, a
// decision's time, the applicant's name, the business department's name,
// whether a decision was signed on paper, and checks that the check code
// of every document that prints it changes; and that printing later, which
// changes only the footer's time, keeps it.
func TestCheckCodeFollowsPrintedValues(t *testing.T) {
	changes := []struct {
		name  string
		kinds []Kind
		edit  func(d *data.Dossier)
	}{
		{"department head's opinion", []Kind{KindRequest, KindDossier}, func(d *data.Dossier) {
			d.Decisions[1].Opinion = strings.Replace(d.Decisions[1].Opinion, "同意", "不同意", 1)
		}},
		{"time of the budget approval", []Kind{KindPlan, KindDossier}, func(d *data.Dossier) {
			d.Decisions[5].At = d.Decisions[5].At.Add(24 * time.Hour)
		}},
		{"signed on paper", []Kind{KindAcceptance, KindDossier}, func(d *data.Dossier) {
			d.Decisions[6].PaperSigned = !d.Decisions[6].PaperSigned
		}},
		{"applicant's name", []Kind{KindRequest, KindAssessment, KindPlan, KindAcceptance, KindRegistration, KindDossier},
			func(d *data.Dossier) {
				d.ApplicantName = "张俪"
				d.Names[data.KindUser][d.Case.ApplicantID] = "张俪"
			}},
		{"business department's name", []Kind{KindRequest, KindAssessment, KindPlan, KindAcceptance, KindRegistration, KindDossier},
			func(d *data.Dossier) {
				d.DeptName = "借阅部"
				d.Names[data.KindDept][d.Case.BusinessDeptID] = "借阅部"
			}},
	}
	base := fixtureDossier()
	codes := map[Kind]string{}
	for _, k := range Available(base) {
		codes[k] = sealOf(t, k, base)
		later := fixtureDossier()
		doc, err := buildCase(k, later, sampleGenerated.Add(72*time.Hour), label("report.mark.copy"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := doc.sealFiles(); err != nil {
			t.Fatal(err)
		}
		if doc.check() != codes[k] {
			t.Errorf("%s: printing later changed the code", k)
		}
	}
	for _, c := range changes {
		d := fixtureDossier()
		c.edit(d)
		for _, k := range c.kinds {
			if got := sealOf(t, k, d); got == codes[k] {
				t.Errorf("%s: changing the %s keeps the check code %s", k, c.name, got)
			}
		}
	}
}

// TestArchivedDossier checks the dossiers archived in the demo: each is
// the archive original (state 已归档, its end time, no copy mark, the
// list of contents with the page each part starts on, as it is), and a
// rendering of the same case now is marked as a copy on every page.
func TestArchivedDossier(t *testing.T) {
	s := demoStore(t)
	archived, overridden := 0, 0
	for _, d := range demoDossiers(t) {
		if d.Archive == nil {
			continue
		}
		archived++
		e, pdf, err := s.ArchivedDossier(d.Case.ID)
		if err != nil {
			t.Fatal(err)
		}
		if data.SHA256Hex(pdf) != e.DossierSHA {
			t.Fatalf("%s: archived file differs from its SHA-256", d.Case.No)
		}
		path := saveTemp(t, pdf)
		pages := pageCount(t, path)
		mark := label("report.mark.copy")
		cover := stripSpace(pageText(t, path, 1))
		for _, want := range []string{label("report.label.state") + stateLabel(data.StateClosed),
			label("report.label.closed_at") + dateTimePtr(d.Case.ClosedAt), label("report.label.archived_by") + e.ArchivedBy} {
			if d.Case.ClosedAt == nil || !strings.Contains(cover, stripSpace(want)) {
				t.Errorf("%s: the cover lacks %q", d.Case.No, want)
			}
		}
		// Archived with signed paper outstanding: the reason and what is
		// outstanding are on the cover.
		if e.PaperOverride != "" {
			overridden++
			for _, want := range []string{label("report.label.paper_override") + e.PaperOverride,
				label("report.label.paper_due")} {
				if len(d.PaperDue) == 0 || !strings.Contains(cover, stripSpace(want)) {
					t.Errorf("%s: the cover lacks %q", d.Case.No, want)
				}
			}
		}
		var texts []string
		for n := 1; n <= pages; n++ {
			texts = append(texts, stripSpace(pageText(t, path, n)))
			if strings.Contains(texts[n-1], stripSpace(mark)) {
				t.Errorf("%s: the archived dossier is marked as a copy on page %d", d.Case.No, n)
			}
		}
		// 卷内目录: each row ends with the page its part's heading is on.
		layoutText := run(t, "pdftotext", "-layout", "-f", "1", "-l", "1", "-enc", "UTF-8", path, "-")
		for i, key := range []string{"report.part.request", "report.part.plan", "report.part.history"} {
			n := []int{1, 3, 12}[i]
			re := regexp.MustCompile(`(?m)^\s*` + chineseNumber(n) + `\s+` + regexp.QuoteMeta(label(key)) + `\s.*\s(\d+)\s*$`)
			m := re.FindStringSubmatch(layoutText)
			if m == nil {
				t.Errorf("%s: no page number for %s in the list of contents:\n%s", d.Case.No, label(key), layoutText)
				continue
			}
			page, _ := strconv.Atoi(m[1])
			heading := stripSpace(labelf("report.section", map[string]any{"N": chineseNumber(n), "Text": label(key)}))
			if page < 2 || page > pages || !strings.Contains(texts[page-1], heading) {
				t.Errorf("%s: %s listed on page %d, not there", d.Case.No, heading, page)
			}
		}
		var copyPDF bytes.Buffer
		if err := WriteCase(&copyPDF, KindDossier, d, demoNow); err != nil {
			t.Fatal(err)
		}
		cp := saveTemp(t, copyPDF.Bytes())
		for n := 1; n <= pageCount(t, cp); n++ {
			if !strings.Contains(stripSpace(pageText(t, cp, n)), stripSpace(mark)) {
				t.Errorf("%s: copy page %d is not marked %s", d.Case.No, n, mark)
			}
		}
		var rec struct {
			Printed printedDoc `json:"printed"`
		}
		if err := json.Unmarshal(embeddedFile(t, pdf), &rec); err != nil || rec.Printed.Mark != "" {
			t.Errorf("%s: archived record.json %v, mark %q", d.Case.No, err, rec.Printed.Mark)
		}
	}
	if archived == 0 || overridden == 0 {
		t.Fatalf("%d demo cases archived, %d with signed paper outstanding", archived, overridden)
	}
}

// runStatus runs a program that may exit with one of the statuses ok
// and returns its standard output.
func runStatus(t *testing.T, ok []int, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8", "TZ=UTC")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); err != nil && !slices.Contains(ok, code) {
		t.Fatalf("%s: %v\n%s", name, err, stderr.String())
	}
	return stdout.String()
}
