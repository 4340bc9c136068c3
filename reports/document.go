package reports

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"

	"upgradedesk/data"
)

// DocInfo describes one document: what its header, footer, first page and
// PDF metadata show.
type DocInfo struct {
	// Title is the document's name, e.g. "软件升级需求申请表". It is printed
	// large on page 1, in the header of every page and as the PDF Title.
	// It must not be empty.
	Title string
	// Code is the document code, e.g. "UD-01-SJ-2026-0001", printed under
	// the title and in the footer.
	Code string
	// Library is the library's name, printed in the header of every page
	// and used as the PDF Author.
	Library string
	// CaseNo is the case number, e.g. "SJ-2026-0001", printed under the
	// title and in the footer. It may be empty (the ledger has none).
	CaseNo string
	// Subject is the PDF Subject.
	Subject string
	// Generated is printed in the footer and used as the PDF creation and
	// modification date. The zero time means the time NewDoc is called;
	// set it for byte-identical output from identical input.
	Generated time.Time
	// BindingMargin is the left margin in millimetres, where the archive
	// copies are bound: 0 means DefaultBindingMargin; other values are
	// kept between MinBindingMargin and MaxBindingMargin.
	BindingMargin float64
	// Mark, when set, is printed in a frame in the header of every page,
	// e.g. "副本（非归档件）".
	Mark string
}

// Field is one label/value pair of a form table (see Doc.Fields).
type Field struct {
	Label string // shown in a shaded cell, e.g. "申请部门"
	Value string // may be long: it wraps and the row grows; may be empty
	Wide  bool   // the pair takes a whole row instead of half of one
}

// Column describes one column of a table (see Doc.Table).
type Column struct {
	Title string  // header text, repeated on every page the table spans
	Width float64 // relative weight; widths are scaled to the page; 0 counts as 1
	Align string  // "L", "C" or "R" for the body cells; anything else means "L"
}

// Doc is a document being built. Create it with NewDoc, add blocks with
// its methods in reading order, then call Write. The methods only record
// the blocks; layout and rendering happen in Write, which may be called
// more than once. A Doc is not safe for concurrent use, but any number of
// Docs may be built and written concurrently.
type Doc struct {
	info   DocInfo // with text cleaned for rendering
	clean  textCleaner
	faces  [numFaces]*fontFile
	blocks []block
	seal   *docSeal // nil for a document without a seal
	// mark is the QR code's text on the pages of a document without a
	// seal that must still be known when scanned (a print pack's cover:
	// PackCoverCode); "" for none.
	mark   string
	qrMask int   // the mask of page 1's QR code, used on every page
	err    error // the first misuse of the API, reported by Write
}

// Creator is the PDF Creator of every document.
const Creator = "UpgradeDesk"

// NewDoc starts a document. It returns an error if the title is empty or
// the bundled fonts cannot be read.
func NewDoc(info DocInfo) (*Doc, error) {
	if strings.TrimSpace(info.Title) == "" {
		return nil, errors.New("new document: empty title")
	}
	// Documents draw bold text with the regular face, filled and stroked
	// (see fpdfCanvas.text): one embedded font instead of two halves the
	// size of the file, and the bold face is not even read.
	regular, err := loadFace(faceRegular)
	if err != nil {
		return nil, fmt.Errorf("new document: %w", err)
	}
	faces := [numFaces]*fontFile{faceRegular: regular, faceBold: regular}
	d := &Doc{clean: newTextCleaner(faces), faces: faces}
	if info.Generated.IsZero() {
		info.Generated = time.Now()
	}
	// What the pages print of the metadata: the library's name is the one
	// a user typed.
	for _, p := range []struct{ where, s string }{{label("field.library_name"), info.Library},
		{label("report.where.title"), info.Title}, {label("report.label.case_no"), info.CaseNo}} {
		if err := data.CheckPrintable(p.where, p.s); err != nil {
			return nil, err
		}
	}
	// The metadata strings are cleaned too: fpdf converts them to UTF-16
	// one unit per character and would garble anything else.
	for _, s := range []*string{&info.Title, &info.Code, &info.Library, &info.CaseNo, &info.Subject, &info.Mark} {
		*s = d.clean.clean(*s, false)
	}
	d.info = info
	return d, nil
}

// Heading adds a section heading: bold text on a shaded bar. A heading is
// never left alone at the bottom of a page.
func (d *Doc) Heading(text string) {
	d.blocks = append(d.blocks, headingBlock{text: d.text(text, text, true)})
}

// partHeading adds a part heading: larger than a heading, on a darker bar.
func (d *Doc) partHeading(text string) {
	d.blocks = append(d.blocks, headingBlock{text: d.text(text, text, true), part: true})
}

// space adds h millimetres of white space.
func (d *Doc) space(h float64) { d.blocks = append(d.blocks, spaceBlock{h: h}) }

// centred adds a line of text centred on the page, bold or regular, of
// the given size in points.
func (d *Doc) centred(text string, bold bool, sizePt float64) {
	f := faceRegular
	if bold {
		f = faceBold
	}
	d.blocks = append(d.blocks, centredBlock{text: d.text(label("report.where.title"), text, false), face: f, size: sizePt})
}

// Fields adds a bordered form table. Each row holds two label/value pairs,
// or one when a Field is Wide (or has no narrow neighbour to pair with).
// Label cells are shaded. Long values wrap and their row grows; a row moves
// to the next page rather than split, unless it is taller than a page.
func (d *Doc) Fields(fields []Field) {
	d.blocks = append(d.blocks, fieldsBlock{fields: d.cleanFields(fields)})
}

// cleanFields returns fields with their text cleaned for rendering.
func (d *Doc) cleanFields(fields []Field) []Field {
	cleaned := make([]Field, len(fields))
	for i, f := range fields {
		cleaned[i] = Field{Label: d.text(f.Label, f.Label, true), Value: d.text(f.Label, f.Value, true), Wide: f.Wide}
	}
	return cleaned
}

// Text adds a bordered box of free text with a shaded label on its left.
// The box is as tall as the text, and leaves room to write by hand when
// the text is empty. The text may be thousands of characters long; its
// newlines are kept, and it continues across pages, with the label
// repeated as "label（续）". Consecutive text boxes join into one table.
func (d *Doc) Text(label, text string) {
	if n := len(d.blocks); n > 0 {
		if prev, ok := d.blocks[n-1].(textBlock); ok {
			prev.joined = true // consecutive text boxes make one form table
			d.blocks[n-1] = prev
		}
	}
	d.blocks = append(d.blocks, textBlock{label: d.text(label, label, false), text: d.text(label, text, true)})
}

// Table adds a bordered table. Column widths are relative weights scaled
// to the page. The bold, shaded header row is repeated on every page the
// table continues to. Cells wrap and each row is as tall as its tallest
// cell; rows missing cells get empty ones. A row with more cells than
// there are columns is an error, reported by Write.
func (d *Doc) Table(cols []Column, rows [][]string) { d.CaptionedTable("", cols, rows) }

// CaptionedTable adds a table like Table under a shaded caption, such as
// the label of a form's table; the caption is not repeated on the pages
// the table continues to.
func (d *Doc) CaptionedTable(caption string, cols []Column, rows [][]string) {
	if len(cols) == 0 {
		d.fail(errors.New("table without columns"))
		return
	}
	b := tableBlock{caption: d.text(caption, caption, false), cols: make([]Column, len(cols)), rows: make([][]string, len(rows))}
	for i, c := range cols {
		b.cols[i] = Column{Title: d.text(c.Title, c.Title, true), Width: c.Width, Align: c.Align}
	}
	for i, row := range rows {
		if len(row) > len(cols) {
			d.fail(fmt.Errorf("table row %d has %d cells for %d columns", i+1, len(row), len(cols)))
			return
		}
		b.rows[i] = make([]string, len(row))
		for j, cell := range row {
			where := caption
			if j < len(cols) {
				where = cols[j].Title
			}
			b.rows[i][j] = d.text(where, cell, true)
		}
	}
	d.blocks = append(d.blocks, b)
}

// GroupedTable adds a table like Table under a row of fields naming the
// group its rows belong to, such as the system of a version history. The
// group row, the header and the first row are kept on one page, and the
// group row (its first label marked "（续）") and the header repeat on
// every page the table continues to.
func (d *Doc) GroupedTable(group []Field, cols []Column, rows [][]string) {
	d.CaptionedTable("", cols, rows)
	if b, ok := d.blocks[len(d.blocks)-1].(tableBlock); ok && d.err == nil {
		b.group = d.cleanFields(group)
		d.blocks[len(d.blocks)-1] = b
	}
}

// Signatures adds one blank signature line per role, laid out as
// "角色（签字）：________  日期：____年__月__日". The lines are kept
// together on one page, with the end of the block before them.
func (d *Doc) Signatures(roles []string) {
	if len(roles) == 0 {
		return
	}
	cleaned := make([]string, len(roles))
	for i, r := range roles {
		cleaned[i] = d.text(r, r, false)
	}
	d.blocks = append(d.blocks, signaturesBlock{roles: cleaned})
}

// Note adds small grey text, wrapped to the page width, such as a remark
// at the end of a form. Its newlines are kept. A note is kept on the page
// where the block before it ends, whole unless it is long.
func (d *Doc) Note(text string) {
	d.blocks = append(d.blocks, noteBlock{text: d.text(label("report.where.note"), text, true)})
}

// PageBreak makes the next block start on a new page. It does nothing on
// a page that is still empty or at the end of the document.
func (d *Doc) PageBreak() {
	d.blocks = append(d.blocks, pageBreakBlock{})
}

// text returns s cleaned for rendering (see textCleaner), and records as
// the document's error every character of s it cannot print, naming them
// and where they are (the label of their field): such a document is
// refused rather than printed with □ in their place.
func (d *Doc) text(where, s string, multiline bool) string {
	if err := data.CheckPrintable(where, s); err != nil {
		d.fail(err)
	}
	return d.clean.clean(s, multiline)
}

// fail records the first misuse of the API.
func (d *Doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// Write lays the document out and writes it as PDF/A-3b to w (see
// pdfa.go): A4 pages with the library name and title in the header of
// every page, and the case number, document code, "第 x 页 / 共 y 页" and
// generation time in the footer; a sealed document (see seal) also has
// its QR code on every page and its sealed file attached. The output
// depends only on the document's content, so identical input (with
// Generated set) gives identical bytes.
func (d *Doc) Write(w io.Writer) error {
	if d.err != nil {
		return fmt.Errorf("write %q: %w", d.info.Title, d.err)
	}
	files, err := d.sealFiles()
	if err != nil {
		return fmt.Errorf("write %q: %w", d.info.Title, err)
	}
	pages := d.layout()
	if d.err != nil {
		return fmt.Errorf("write %q: %w", d.info.Title, d.err)
	}
	if err := renderPDF(w, d.info, pages, d.faces, files); err != nil {
		return fmt.Errorf("write %q: %w", d.info.Title, err)
	}
	return nil
}

// layout places the title block and every recorded block on pages, then
// adds each page's header and footer. A document with a list of contents
// (see contents) is laid out again until the page numbers it prints are
// those its parts start on.
func (d *Doc) layout() []*page {
	l := d.place()
	for i := range l.pages {
		d.decorate(l, i)
	}
	return l.pages
}

// place lays out the title block and the blocks on pages, without their
// headers and footers, again until a list of contents prints the pages
// its parts start on.
func (d *Doc) place() *layout {
	var l *layout
	var starts map[string]int
	for range maxLayoutPasses {
		var wraps map[wrapKey][]string
		if l != nil {
			wraps = l.wraps // the texts wrapped before wrap alike
		}
		l = d.layoutOnce(d.resolve(starts), wraps)
		found := anchorPages(l.pages)
		if !d.hasContents() || maps.Equal(found, starts) {
			break
		}
		starts = found
	}
	for _, p := range l.pages {
		stripAnchors(p)
	}
	return l
}

// maxLayoutPasses bounds the layouts of a document with a list of
// contents: the page numbers it prints only change its own rows, so the
// second pass normally settles them.
const maxLayoutPasses = 4

// layoutOnce places the title block and blocks on pages, with the lines
// of the texts in wraps (which may be nil) already wrapped.
func (d *Doc) layoutOnce(blocks []block, wraps map[wrapKey][]string) *layout {
	l := newLayout(d.faces, d.bindingMargin())
	if wraps != nil {
		l.wraps = wraps
	}
	d.placeTitle(l)
	placeBlocks(l, blocks)
	for len(l.pages) > 1 && len(l.cur().ops) == 0 { // left by a final PageBreak
		l.pages = l.pages[:len(l.pages)-1]
	}
	return l
}

// bindingMargin returns the document's left margin (see DocInfo).
func (d *Doc) bindingMargin() float64 {
	if d.info.BindingMargin == 0 {
		return DefaultBindingMargin
	}
	return min(max(d.info.BindingMargin, MinBindingMargin), MaxBindingMargin)
}

// placeBlocks places blocks in order, keeping together what the
// pagination rules keep together:
//
//   - a heading stays on the page where the block after it starts (the
//     start being that block's leadHeight: the header and first row of a
//     table, two lines of flowing text, all of a row that is not split);
//   - a follower (the signatures, a note) stays on the page where the
//     block before it ends: that block, when it is placed, keeps the
//     follower's lead free below its end, moving its last row or lines
//     to the next page if need be;
//
// both through the room l.tail each block is given to keep below its end.
func placeBlocks(l *layout, blocks []block) {
	tails := make([]float64, len(blocks))
	lead := 0.0 // lead height of the block after i
	for i := len(blocks) - 1; i >= 0; i-- {
		if i+1 < len(blocks) {
			_, heading := blocks[i].(headingBlock)
			_, follower := blocks[i+1].(follower)
			switch {
			case follower:
				tails[i] = lead + blockGap // and the gap between them
			case heading:
				tails[i] = lead
			}
		}
		lead = 0
		if ld, ok := blocks[i].(leader); ok {
			lead = ld.leadHeight(l, tails[i])
		}
	}
	for i, b := range blocks {
		l.block, l.tail = i, tails[i]
		b.place(l)
	}
	l.tail = 0
}
