package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// A sealed document carries one file, made from everything it prints
// (its printed content, see printedDoc, and whatever its maker adds, such
// as the record as data), embedded as its associated file. The SHA-256 of
// that file's bytes is the document's seal: its first 12 hexadecimal
// digits are the check code, printed in the notes that mention it and in
// the QR code on every page, so the paper, the embedded file and the
// records it was made from can be matched, and any printed value that
// changes changes the code. Only what the seal cannot hold is left out:
// the check code itself, the page numbers and the generation time.

// checkLen is the number of hexadecimal digits of the check code.
const checkLen = 12

// docSeal is the seal of a document.
type docSeal struct {
	name  string                                   // file name, e.g. "record.json"
	build func(printed printedDoc) ([]byte, error) // makes the sealed file
	// check is the check code of the file the last sealFiles made.
	check string
}

// sealWith seals the document with the file build returns for its printed
// content, embedded as name (see above). Notes that print the check code
// are added with sealNote.
func (d *Doc) sealWith(name string, build func(printed printedDoc) ([]byte, error)) {
	d.seal = &docSeal{name: d.clean.clean(name, false), build: build}
}

// sealNote adds a note like Note whose text, given the check code, text
// returns. It is not part of the sealed content: it states the seal.
func (d *Doc) sealNote(text func(check string) string) {
	d.blocks = append(d.blocks, sealNoteBlock{text: text})
}

// sealFiles makes the sealed file and the check code; it returns the file
// to embed, none for a document without a seal.
func (d *Doc) sealFiles() ([]associatedFile, error) {
	if d.seal == nil {
		return nil, nil
	}
	p, err := d.printed()
	if err != nil {
		return nil, err
	}
	file, err := d.seal.build(p)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	d.seal.check = checkCode(file)
	return []associatedFile{{name: d.seal.name, mime: mimeType(d.seal.name), desc: d.info.Title, content: file,
		modified: d.info.Generated, relationship: "Source"}}, nil
}

// checkCode returns the check code of a sealed file: the first 12
// hexadecimal digits of its SHA-256, in upper case (QR alphanumeric mode).
func checkCode(file []byte) string {
	sum := sha256.Sum256(file)
	return strings.ToUpper(hex.EncodeToString(sum[:])[:checkLen])
}

// check returns the document's check code, "" before Write or without a
// seal.
func (d *Doc) check() string {
	if d.seal == nil {
		return ""
	}
	return d.seal.check
}

// qrPayload is the text of the QR code of page n of pages: the document
// code (which holds the case number), the page and the check code, e.g.
// "UD-01-SJ-2026-0001 1/2 3F9A0C11B2D4". It uses only upper-case letters,
// digits, space, "-" and "/", so that it is encoded in the QR code's
// alphanumeric mode and fits version 2 (25 × 25 modules) up to 99 pages.
func (d *Doc) qrPayload(n, pages int) string {
	if d.seal == nil {
		return d.mark + " " + strconv.Itoa(n) + "/" + strconv.Itoa(pages)
	}
	s := strconv.Itoa(n) + "/" + strconv.Itoa(pages) + " " + d.check()
	if d.info.Code != "" {
		s = d.info.Code + " " + s
	}
	return s
}

// mimeType returns the MIME type of a sealed file by its extension.
func mimeType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return "application/json"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}

// printedDoc is everything a document prints but its page furniture
// (page numbers, generation time) and its seal: the content of the
// sealed file's "printed" member.
type printedDoc struct {
	Title   string         `json:"title"`
	Code    string         `json:"code,omitempty"`
	CaseNo  string         `json:"case_no,omitempty"`
	Library string         `json:"library,omitempty"`
	Mark    string         `json:"mark,omitempty"`
	Blocks  []printedBlock `json:"blocks"`
}

// printedBlock is one block as printed. Exactly one group of members is
// set: a heading, a centred line, a form table, a text block (label and
// text), a table (caption or the fields of its group row, columns, rows),
// signature lines or a note.
type printedBlock struct {
	Heading    string         `json:"heading,omitempty"`
	Line       string         `json:"line,omitempty"`
	Fields     []printedField `json:"fields,omitempty"`
	Label      string         `json:"label,omitempty"`
	Text       *string        `json:"text,omitempty"`
	Caption    string         `json:"caption,omitempty"`
	Columns    []string       `json:"columns,omitempty"`
	Rows       [][]string     `json:"rows,omitempty"`
	Signatures []string       `json:"signatures,omitempty"`
	Note       string         `json:"note,omitempty"`
}

// printedField is a label and its value in a form table.
type printedField struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// printer is a block with a printed form; ok is false for blocks that
// print nothing of their own (space, page breaks, anchors, seal notes).
type printer interface {
	printed() (p printedBlock, ok bool)
}

// printed returns the document's printed content. Every block type must
// say what it prints, or the seal would not cover it.
func (d *Doc) printed() (printedDoc, error) {
	p := printedDoc{Title: d.info.Title, Code: d.info.Code, CaseNo: d.info.CaseNo, Library: d.info.Library,
		Mark: d.info.Mark, Blocks: make([]printedBlock, 0, len(d.blocks))}
	for _, b := range d.blocks {
		pb, ok := b.(printer)
		if !ok {
			return p, fmt.Errorf("seal: %T has no printed form", b)
		}
		if v, ok := pb.printed(); ok {
			p.Blocks = append(p.Blocks, v)
		}
	}
	return p, nil
}

func (b headingBlock) printed() (printedBlock, bool) { return printedBlock{Heading: b.text}, true }
func (b centredBlock) printed() (printedBlock, bool) { return printedBlock{Line: b.text}, true }
func (b textBlock) printed() (printedBlock, bool) {
	return printedBlock{Label: b.label, Text: &b.text}, true
}

// printed gives each signature line as printed, e.g. "申请人（签字）：日期：年月日".
func (b signaturesBlock) printed() (printedBlock, bool) {
	date := label("report.sign.date") + label("report.sign.year") + label("report.sign.month") + label("report.sign.day")
	lines := make([]string, len(b.roles))
	for i, r := range b.roles {
		lines[i] = signLabel(r) + date
	}
	return printedBlock{Signatures: lines}, true
}

func (b noteBlock) printed() (printedBlock, bool)    { return printedBlock{Note: b.text}, true }
func (spaceBlock) printed() (printedBlock, bool)     { return printedBlock{}, false }
func (pageBreakBlock) printed() (printedBlock, bool) { return printedBlock{}, false }
func (anchorBlock) printed() (printedBlock, bool)    { return printedBlock{}, false }
func (sealNoteBlock) printed() (printedBlock, bool)  { return printedBlock{}, false }

func (b fieldsBlock) printed() (printedBlock, bool) {
	f := make([]printedField, len(b.fields))
	for i, x := range b.fields {
		f[i] = printedField{Label: x.Label, Value: x.Value}
	}
	return printedBlock{Fields: f}, true
}

// printed gives a grouped table's group row as its fields.
func (b tableBlock) printed() (printedBlock, bool) {
	p := printedBlock{Caption: b.caption, Columns: columnTitles(b.cols), Rows: b.rows}
	for _, f := range b.group {
		p.Fields = append(p.Fields, printedField{Label: f.Label, Value: f.Value})
	}
	return p, true
}

// printed leaves out the page numbers: they are where the parts fell.
func (b contentsBlock) printed() (printedBlock, bool) {
	return printedBlock{Columns: columnTitles(append(append([]Column{}, b.cols...), b.page)), Rows: b.rows}, true
}

// columnTitles returns the titles of columns.
func columnTitles(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Title
	}
	return out
}

// sealNoteBlock is a note that states the check code.
type sealNoteBlock struct{ text func(check string) string }

// place is never called: resolve turns the block into a note.
func (b sealNoteBlock) place(*layout) {}

// anchorBlock marks where a part of the document starts, for the list of
// contents (see contents).
type anchorBlock struct{ name string }

func (b anchorBlock) place(l *layout) { l.add(anchorOp{name: b.name}) }

// anchorOp marks in a laid-out page where an anchor was placed; the part
// it marks starts where the next drawing operation is. Anchors are removed
// from the pages before they are drawn.
type anchorOp struct{ name string }

func (anchorOp) drawOn(canvas) {}

// anchor marks the start of a part of the document named name, whose
// first page a list of contents prints.
func (d *Doc) anchor(name string) { d.blocks = append(d.blocks, anchorBlock{name: name}) }

// contentsBlock is a table like a tableBlock with one more column: the
// page on which the part anchored as anchors[i] starts, for row i.
type contentsBlock struct {
	cols    []Column
	rows    [][]string
	anchors []string
	page    Column // the title, width and alignment of the page column
}

// place is never called: resolve turns the block into a table.
func (b contentsBlock) place(*layout) {}

// contents adds a list of contents: a table like Table with a last column
// page, which holds for each row the number of the page where the part
// anchored (see anchor) as anchors[i] starts.
func (d *Doc) contents(cols []Column, rows [][]string, anchors []string, page Column) {
	b := contentsBlock{cols: make([]Column, len(cols)), rows: make([][]string, len(rows)), anchors: anchors,
		page: Column{Title: d.clean.clean(page.Title, true), Width: page.Width, Align: page.Align}}
	for i, c := range cols {
		b.cols[i] = Column{Title: d.clean.clean(c.Title, true), Width: c.Width, Align: c.Align}
	}
	for i, row := range rows {
		b.rows[i] = make([]string, len(row))
		for j, cell := range row {
			b.rows[i][j] = d.clean.clean(cell, true)
		}
	}
	d.blocks = append(d.blocks, b)
}

// hasContents reports whether the document has a list of contents.
func (d *Doc) hasContents() bool {
	for _, b := range d.blocks {
		if _, ok := b.(contentsBlock); ok {
			return true
		}
	}
	return false
}

// resolve returns the blocks to lay out: seal notes with the check code,
// lists of contents as tables with the page numbers of starts (empty
// when not known yet).
func (d *Doc) resolve(starts map[string]int) []block {
	out := make([]block, len(d.blocks))
	for i, b := range d.blocks {
		switch x := b.(type) {
		case sealNoteBlock:
			b = noteBlock{text: d.clean.clean(x.text(d.check()), true)}
		case contentsBlock:
			t := tableBlock{cols: append(append([]Column{}, x.cols...), x.page), rows: make([][]string, len(x.rows))}
			for j, row := range x.rows {
				cells := make([]string, len(x.cols)+1)
				copy(cells, row)
				if p, ok := starts[x.anchors[j]]; ok {
					cells[len(x.cols)] = strconv.Itoa(p)
				}
				t.rows[j] = cells
			}
			b = t
		}
		out[i] = b
	}
	return out
}

// anchorPages returns the page number (from 1) on which each anchor's
// part starts: the page of the first drawing operation after it.
func anchorPages(pages []*page) map[string]int {
	out := map[string]int{}
	var pending []string
	for i, p := range pages {
		for _, op := range p.ops {
			if a, ok := op.(anchorOp); ok {
				pending = append(pending, a.name)
				continue
			}
			for _, name := range pending {
				out[name] = i + 1
			}
			pending = pending[:0]
		}
	}
	for _, name := range pending {
		out[name] = len(pages)
	}
	return out
}

// stripAnchors removes the anchors from a laid-out page.
func stripAnchors(p *page) {
	ops := p.ops[:0]
	for _, op := range p.ops {
		if _, ok := op.(anchorOp); !ok {
			ops = append(ops, op)
		}
	}
	p.ops = ops
}
