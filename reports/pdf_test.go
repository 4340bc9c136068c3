package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"upgradedesk/data"
)

// tool returns the path of a program the tests read PDFs back with; the
// test fails if it is not installed (make test installs them).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed (Debian: apt-get install poppler-utils qpdf zbar-tools; make test installs them)", name)
	}
	return p
}

// run runs a program and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8", "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	if strings.Contains(stderr.String(), "Syntax Error") { // poppler repaired a broken file
		t.Fatalf("%s %s reports errors:\n%s", name, strings.Join(args, " "), stderr.String())
	}
	return string(out)
}

// saveTemp writes a PDF to a temporary file and returns its path.
func saveTemp(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// write writes a document and returns the PDF.
func write(t testing.TB, d *Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// newTestDoc starts a document with the sample info and extra settings.
func newTestDoc(t testing.TB, edit func(*DocInfo)) *Doc {
	t.Helper()
	info := sampleInfo()
	if edit != nil {
		edit(&info)
	}
	d, err := NewDoc(info)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pageCount returns the page count pdfinfo reports.
func pageCount(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(run(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo reports no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pageText returns the text of page n (1-based) as pdftotext extracts it.
func pageText(t *testing.T, path string, n int) string {
	t.Helper()
	return run(t, "pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-enc", "UTF-8", path, "-")
}

// stripSpace removes all white space.
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// bodyText returns the text of all pages without white space and without
// the lines that are page furniture: the header, the footer and the
// strings in noise, each compared without white space.
func bodyText(t *testing.T, path string, d *Doc, noise ...string) string {
	t.Helper()
	skip := map[string]bool{stripSpace(d.info.Library): true, stripSpace(d.info.Title): true,
		stripSpace(d.info.Library + d.info.Title): true}
	for _, s := range noise {
		skip[stripSpace(s)] = true
	}
	furniture := regexp.MustCompile(`^(第\d+页/共\d+页|事项编号：.*|文档编号：.*|生成时间：.*)$`)
	var b strings.Builder
	for p := 1; p <= pageCount(t, path); p++ {
		for _, line := range strings.Split(pageText(t, path, p), "\n") {
			s := stripSpace(line)
			if s == "" || skip[s] || furniture.MatchString(s) {
				continue
			}
			b.WriteString(s)
		}
	}
	return b.String()
}

// TestLongTextExtracts puts 2,000 characters of varied Chinese text in a
// Text block, a table cell and a form field, and checks that pdftotext
// gives back every character in order.
func TestLongTextExtracts(t *testing.T) {
	texts := []string{chineseText(2000, 101, true), chineseText(2000, 102, true), chineseText(2000, 103, true)}
	d := newTestDoc(t, nil)
	d.Text("长文本", texts[0])
	d.Table([]Column{{Title: "序号", Width: 1, Align: "C"}, {Title: "内容", Width: 9}}, [][]string{{"1", texts[1]}})
	d.Fields([]Field{{Label: "说明", Value: texts[2], Wide: true}})
	path := saveTemp(t, write(t, d))
	body := bodyText(t, path, d, "长文本", "长文本"+continued, "序号内容", "序号", "内容")
	for i, text := range texts {
		want := stripSpace(text)
		if !strings.Contains(body, want) {
			t.Errorf("text %d not extracted in order; first difference near: %s", i, firstDifference(body, want))
		}
	}
}

// firstDifference describes where want stops matching inside got.
func firstDifference(got, want string) string {
	w := []rune(want)
	for n := len(w); n > 0; n /= 2 {
		if strings.Contains(got, string(w[:n])) {
			return fmt.Sprintf("the first %d of %d runes match; then %q", n, len(w), string(w[n:min(len(w), n+20)]))
		}
	}
	return "no match at all"
}

// TestFieldsExtract checks that form labels and values come out whole.
func TestFieldsExtract(t *testing.T) {
	d := newTestDoc(t, nil)
	fields := []Field{
		{Label: "申请部门", Value: "流通部"}, {Label: "软件名称", Value: "图书馆集成管理系统（ILAS）v5.2"},
		{Label: "需求说明", Value: chineseText(300, 9, true), Wide: true},
	}
	d.Fields(fields)
	path := saveTemp(t, write(t, d))
	body := bodyText(t, path, d)
	for _, f := range fields {
		if !strings.Contains(body, stripSpace(f.Label)) || !strings.Contains(body, stripSpace(f.Value)) {
			t.Errorf("field %q not extracted whole", f.Label)
		}
	}
}

// TestTableHeaderOnEveryPage writes a 200-row table and checks, page by
// page, the repeated header row, the "第 x 页 / 共 y 页" footer and that
// every row appears once, in order.
func TestTableHeaderOnEveryPage(t *testing.T) {
	d := newTestDoc(t, nil)
	cols := []Column{{Title: "序号", Width: 1, Align: "R"}, {Title: "软件名称", Width: 3}, {Title: "版本号", Width: 2, Align: "C"}, {Title: "登记日期", Width: 2}}
	rows := make([][]string, 200)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("R%03d", i+1), chineseText(5+i%30, uint64(i), false), "v" + strconv.Itoa(i), "2026-03-05"}
	}
	d.Table(cols, rows)
	path := saveTemp(t, write(t, d))
	n := pageCount(t, path)
	if n < 4 {
		t.Fatalf("200 rows fit on %d pages; want several", n)
	}
	next := 1
	for p := 1; p <= n; p++ {
		text := pageText(t, path, p)
		for _, c := range cols {
			if !strings.Contains(text, c.Title) {
				t.Errorf("page %d lacks header %q", p, c.Title)
			}
		}
		footer := fmt.Sprintf("第%d页/共%d页", p, n) // pdftotext drops the narrow spaces
		if !strings.Contains(stripSpace(text), footer) {
			t.Errorf("page %d lacks footer %q", p, footer)
		}
		for _, m := range regexp.MustCompile(`R(\d{3})`).FindAllStringSubmatch(text, -1) {
			if got, _ := strconv.Atoi(m[1]); got != next {
				t.Fatalf("page %d: row %d where row %d was expected", p, got, next)
			}
			next++
		}
	}
	if next != 201 {
		t.Errorf("found %d rows, want 200", next-1)
	}
}

// TestFontsEmbeddedAsSubsets checks pdffonts: Noto Sans SC embedded once,
// as a subset, with a ToUnicode map; bold text is drawn with it, stroked.
func TestFontsEmbeddedAsSubsets(t *testing.T) {
	path := saveTemp(t, writeSample(t))
	out := run(t, "pdffonts", path)
	re := regexp.MustCompile(`(?m)^[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s`)
	if !re.MatchString(out) {
		t.Errorf("pdffonts shows no embedded subset of NotoSansSC-Regular with ToUnicode:\n%s", out)
	}
	if n := strings.Count(out, "CID TrueType"); n != 1 {
		t.Errorf("%d fonts embedded, want 1:\n%s", n, out)
	}
}

// TestPDFStructure checks the file structure (cross-reference table,
// object syntax, stream lengths and compression) with qpdf, if installed;
// poppler would repair some errors silently.
func TestPDFStructure(t *testing.T) {
	out := run(t, "qpdf", "--check", saveTemp(t, writeSample(t)))
	if !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", out)
	}
}

// TestTypicalDocumentSize checks that the two-page sample stays small.
func TestTypicalDocumentSize(t *testing.T) {
	pdf := writeSample(t)
	if n := pageCount(t, saveTemp(t, pdf)); n != 2 {
		t.Errorf("sample has %d pages, want 2", n)
	}
	if len(pdf) >= 150<<10 {
		t.Errorf("sample is %d bytes, want under 150 KB", len(pdf))
	}
	t.Logf("sample: %d bytes", len(pdf))
}

func TestMetadata(t *testing.T) {
	out := run(t, "pdfinfo", "-isodates", saveTemp(t, writeSample(t)))
	info := sampleInfo()
	for _, want := range []string{
		"Title:           " + info.Title,
		"Subject:         " + info.Subject,
		"Author:          " + info.Library,
		"Creator:         UpgradeDesk",
		// The dates carry their time zone (UTC+8 in the tests).
		"CreationDate:    2026-03-05T14:30:00+08",
		"ModDate:         2026-03-05T14:30:00+08",
		"Page size:       595.28 x 841.89 pts (A4)",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
}

// TestByteStable checks that identical input gives identical bytes, from
// the same Doc and from two Docs.
func TestByteStable(t *testing.T) {
	d := sampleDoc(t)
	a, b, c := write(t, d), write(t, d), writeSample(t)
	if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
		t.Error("identical documents differ")
	}
	other := newTestDoc(t, func(i *DocInfo) { i.Generated = i.Generated.Add(1e9) })
	if bytes.Equal(write(t, other), write(t, newTestDoc(t, nil))) {
		t.Error("documents with different generation times are identical")
	}
}

func TestAttachment(t *testing.T) {
	path := saveTemp(t, writeSample(t))
	if list := run(t, "pdfdetach", "-list", path); !strings.Contains(list, "1: record.json") {
		t.Fatalf("pdfdetach -list:\n%s", list)
	}
	out := filepath.Join(t.TempDir(), "out.json")
	run(t, "pdfdetach", "-save", "1", "-o", out, path)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	d := sampleDoc(t)
	p, err := d.printed()
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := sampleRecord(p); !bytes.Equal(got, want) {
		t.Errorf("attachment = %q, want %q", got, want)
	}
}

// TestUnprintableRefused checks that a document holding characters the
// fonts cannot print is refused with an error naming each character and
// its field, in every kind of block, instead of printing □.
func TestUnprintableRefused(t *testing.T) {
	for name, c := range map[string]struct {
		add   func(d *Doc)
		where string
		chars []rune
	}{
		"field": {func(d *Doc) { d.Fields([]Field{{Label: "申请人", Value: "王𠀀A😀B"}}) }, "申请人", []rune{0x20000, 0x1F600}},
		"text":  {func(d *Doc) { d.Text("需求内容", "第一行\n𪚥与鿰") }, "需求内容", []rune{0x2A6A5, 0x9FF0}},
		"table": {func(d *Doc) { d.Table([]Column{{Title: "序号"}, {Title: "意见"}}, [][]string{{"1", "同意👍"}}) }, "意见", []rune{0x1F44D}},
		"note":  {func(d *Doc) { d.Note("注：\x07") }, label("report.where.note"), []rune{7}},
		"fields": {func(d *Doc) {
			d.GroupedTable([]Field{{Label: "系统", Value: "𠀀"}}, []Column{{Title: "版本"}}, nil)
		}, "系统", []rune{0x20000}},
	} {
		d := newTestDoc(t, nil)
		c.add(d)
		err := d.Write(io.Discard)
		msg := data.ErrorMessage(err, data.LangZH)
		if err == nil || data.ErrorCode(err) != data.EInvalid || !strings.Contains(msg, "“"+c.where+"”") {
			t.Errorf("%s: %v (%q)", name, err, msg)
			continue
		}
		for _, r := range c.chars {
			if !strings.Contains(msg, fmt.Sprintf("U+%04X", r)) {
				t.Errorf("%s: %q does not name %U", name, msg, r)
			}
		}
	}
	if _, err := NewDoc(DocInfo{Title: "标题", Library: "图书馆😀"}); !strings.Contains(data.ErrorMessage(err, data.LangZH), "U+1F600") {
		t.Errorf("library name with an emoji: %v", err)
	}
	// Format characters and variation selectors only modify their
	// neighbours: they are dropped, not refused.
	d := newTestDoc(t, nil)
	d.Fields([]Field{{Label: "申请人", Value: "王\u200b明\ufe0f"}})
	if err := d.Write(io.Discard); err != nil {
		t.Errorf("format characters refused: %v", err)
	}
}

// TestEmptyValues checks that empty labels, values, cells, texts and
// tables render without error.
func TestEmptyValues(t *testing.T) {
	d := newTestDoc(t, func(i *DocInfo) {
		i.Code, i.CaseNo, i.Library, i.Subject = "", "", "", ""
	})
	d.Heading("")
	d.Fields(nil)
	d.Fields([]Field{{}, {Label: "只有标签"}, {Value: "只有值", Wide: true}})
	d.Text("", "")
	d.Table([]Column{{Title: "甲"}, {}}, nil)
	d.Table([]Column{{Title: "甲"}, {Title: "乙"}}, [][]string{{}, {"", ""}, {"只有一格"}})
	d.Signatures(nil)
	d.Signatures([]string{""})
	d.Note("")
	d.PageBreak()
	d.PageBreak()
	path := saveTemp(t, write(t, d))
	if n := pageCount(t, path); n != 1 {
		t.Errorf("%d pages, want 1 (a page break on an empty page does nothing)", n)
	}
	text := stripSpace(pageText(t, path, 1))
	for _, want := range []string{"只有标签", "只有值", "只有一格", "第1页/共1页"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestAPIErrors(t *testing.T) {
	if _, err := NewDoc(DocInfo{Title: " "}); err == nil {
		t.Error("NewDoc accepted an empty title")
	}
	d := newTestDoc(t, func(i *DocInfo) { i.Code = strings.Repeat("很长", 2000) })
	d.sealWith("record.json", sampleRecord)
	if err := d.Write(&bytes.Buffer{}); err == nil {
		t.Error("Write accepted a document code too long for the QR code")
	}
	d = newTestDoc(t, nil)
	d.sealWith("record.json", func(printedDoc) ([]byte, error) { return nil, errors.New("no record") })
	if err := d.Write(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "no record") {
		t.Errorf("Write with a failing seal: %v", err)
	}
	d = newTestDoc(t, nil)
	d.Table([]Column{{Title: "甲"}}, [][]string{{"1", "2"}})
	if err := d.Write(&bytes.Buffer{}); err == nil {
		t.Error("Write accepted a row with more cells than columns")
	}
	d = newTestDoc(t, nil)
	d.Table(nil, nil)
	if err := d.Write(&bytes.Buffer{}); err == nil {
		t.Error("Write accepted a table without columns")
	}
}

// TestConcurrentWrite builds and writes documents on many goroutines at
// once (run it with -race) and checks each against a sequential write.
func TestConcurrentWrite(t *testing.T) {
	build := func(i int) *Doc {
		d := newTestDoc(t, func(info *DocInfo) { info.CaseNo = fmt.Sprintf("SJ-2026-%04d", i) })
		d.Heading("一、内容")
		d.Text("说明", chineseText(300+20*i, uint64(i), true))
		d.Table([]Column{{Title: "序号"}, {Title: "内容", Width: 5}}, [][]string{{strconv.Itoa(i), chineseText(50, uint64(i), false)}})
		return d
	}
	const n = 8
	want := make([][]byte, n)
	for i := range want {
		want[i] = write(t, build(i))
	}
	got := make([][]byte, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := build(i).Write(&buf); err != nil {
				t.Error(err)
			}
			got[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("document %d written concurrently differs from the sequential write", i)
		}
	}
}
