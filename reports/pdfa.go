package reports

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	zlib "github.com/klauspost/compress/zlib"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"upgradedesk/assets"
)

// This file makes every document a PDF/A-3b file (ISO 19005-3, level B:
// the pages are reproduced exactly; the text need not be tagged).
//
// fpdf writes the pages, their fonts and resources. The objects that
// describe the document as a whole are written here instead, from one
// description (pdfMeta), after fpdf's output: the document information
// dictionary, the XMP metadata (pdfaid:part 3, conformance B, Dublin Core
// and the other properties equal to the information dictionary, as PDF/A
// requires), the sRGB output intent, the associated file (record.json:
// embedded, with its MIME type and modification date, related to the
// document as its /Source through the catalog's /AF), the catalog and a
// trailer with a file identifier. fpdf cannot write these (its
// attachments have no /AF, /AFRelationship, /Subtype or /ModDate, its
// dates no time zone, its trailer no /ID) and gets none of them to write,
// so that nothing is described twice. Everything else of PDF/A that a
// writer must take care of holds for fpdf's output as the documents use
// it: every font is an embedded TrueType subset with a ToUnicode map,
// colours are DeviceGray under the RGB output intent, there is no
// encryption, JavaScript, LZW, transparency or annotation. The PDF/A
// structure test (pdfa_test.go) checks all of it on every demo document.

// pdfMeta is what a document says about itself: the information
// dictionary and the XMP metadata are both written from it.
type pdfMeta struct {
	title, author, subject, keywords, creator, producer string
	lang                                                string // BCP 47, e.g. "zh-CN"
	created                                             time.Time
}

// associatedFile is a file embedded in a document as one of its associated
// files (PDF/A-3, ISO 32000-2 §14.13).
type associatedFile struct {
	name     string
	mime     string // e.g. "application/json"
	desc     string
	content  []byte
	modified time.Time
	// relationship is the /AFRelationship: "Source" for the data the
	// document was made from.
	relationship string
}

// pdfVersion is the version the files declare: PDF/A-3 is based on PDF 1.7.
const pdfVersion = "1.7"

// srgbCondition identifies the output intent's colour space.
const srgbCondition = "sRGB IEC61966-2.1"

// finishPDFA rewrites the document-level objects of a file fpdf wrote
// (out, which it may modify), writes its fonts and writes the PDF/A-3b
// file to dst.
//
// fpdf writes its objects in order and ends with the information
// dictionary and the catalog, then the cross-reference table. The
// objects before the information dictionary are copied in their order,
// their streams compressed, and each font's placeholder replaced by the
// font (see pdffont.go); the information dictionary and the catalog are
// replaced, the new objects follow (the fonts' other objects last), and
// the cross-reference table and trailer are written anew.
func finishPDFA(dst *bytes.Buffer, out []byte, m pdfMeta, files []associatedFile, fonts []*pdfFont) error {
	f, err := parseFpdfOutput(out)
	if err != nil {
		return fmt.Errorf("PDF/A: %w", err)
	}
	copy(out[len("%PDF-"):], pdfVersion)           // same length as fpdf's "1.3"
	size := len(out) + len(srgbProfile()) + 16<<10 // the pages' content shrinks, the objects added are small
	for _, ft := range fonts {
		size += len(ft.sub.data) // the most its program takes compressed
	}
	dst.Grow(size)
	w := &pdfWriter{buf: dst}

	next := f.root + 1
	newObj := func() int { next++; return next - 1 }
	xmpObj, iccObj := newObj(), newObj()
	fileObjs := make([][2]int, len(files)) // embedded file stream, file specification
	for i := range files {
		fileObjs[i] = [2]int{newObj(), newObj()}
	}
	fontObjs := make([]fontObjects, len(fonts))
	for i, ft := range fonts {
		o := fontObjects{cidFont: newObj(), descriptor: newObj(), program: newObj(), toUnicode: newObj()}
		if !ft.identityGIDs() {
			o.cidToGID = newObj()
		}
		fontObjs[i] = o
	}
	if err := w.copyObjects(out, f, fonts, fontObjs); err != nil {
		return fmt.Errorf("PDF/A: %w", err)
	}

	w.begin(f.info)
	w.printf("<<\n/Title %s\n", pdfText(m.title))
	if m.author != "" {
		w.printf("/Author %s\n", pdfText(m.author))
	}
	if m.subject != "" {
		w.printf("/Subject %s\n", pdfText(m.subject))
	}
	if m.keywords != "" {
		w.printf("/Keywords %s\n", pdfText(m.keywords))
	}
	w.printf("/Creator %s\n/Producer %s\n", pdfText(m.creator), pdfText(m.producer))
	w.printf("/CreationDate %s\n/ModDate %s\n>>\n", pdfDate(m.created), pdfDate(m.created))
	w.end()

	w.begin(f.root)
	w.printf("<<\n/Type /Catalog\n/Pages 1 0 R\n/Metadata %d 0 R\n", xmpObj)
	w.printf("/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier %s /Info %s "+
		"/RegistryName (http://www.color.org) /DestOutputProfile %d 0 R >>]\n",
		pdfLiteral(srgbCondition), pdfLiteral(srgbCondition), iccObj)
	if m.lang != "" {
		w.printf("/Lang %s\n", pdfLiteral(m.lang))
	}
	w.printf("/ViewerPreferences << /DisplayDocTitle true >>\n")
	if len(files) > 0 {
		w.printf("/Names << /EmbeddedFiles << /Names [")
		for i, af := range files {
			w.printf(" %s %d 0 R", pdfText(af.name), fileObjs[i][1])
		}
		w.printf(" ] >> >>\n/AF [")
		for i := range files {
			w.printf(" %d 0 R", fileObjs[i][1])
		}
		w.printf(" ]\n")
	}
	w.printf(">>\n")
	w.end()

	xmp := xmpPacket(m)
	w.begin(xmpObj)
	w.printf("<< /Type /Metadata /Subtype /XML /Length %d >>\n", len(xmp))
	w.stream(xmp)
	w.end()

	icc := srgbProfile()
	w.begin(iccObj)
	w.printf("<< /N 3 /Alternate /DeviceRGB /Filter /FlateDecode /Length %d >>\n", len(icc))
	w.stream(icc)
	w.end()

	for i, af := range files {
		z, err := deflate(af.content)
		if err != nil {
			return fmt.Errorf("PDF/A: embed %s: %w", af.name, err)
		}
		sum := md5.Sum(af.content)
		w.begin(fileObjs[i][0])
		w.printf("<< /Type /EmbeddedFile /Subtype %s /Params << /Size %d /ModDate %s /CheckSum <%x> >> "+
			"/Filter /FlateDecode /Length %d >>\n", pdfNameOf(af.mime), len(af.content), pdfDate(af.modified), sum, len(z))
		w.stream(z)
		w.end()
		w.begin(fileObjs[i][1])
		w.printf("<< /Type /Filespec /F %s /UF %s /Desc %s /AFRelationship /%s /EF << /F %d 0 R /UF %d 0 R >> >>\n",
			pdfLiteral(asciiFileName(af.name)), pdfText(af.name), pdfText(af.desc), af.relationship,
			fileObjs[i][0], fileObjs[i][0])
		w.end()
	}
	for i, ft := range fonts {
		if err := ft.writeObjects(w, fontObjs[i]); err != nil {
			return fmt.Errorf("PDF/A: font %s: %w", ft.name, err)
		}
	}
	w.finish(f.root, f.info)
	return nil
}

// fpdfOutput is what finishPDFA needs to know of the file fpdf wrote.
type fpdfOutput struct {
	offsets    []int // offsets[n] is the offset of object n; offsets[0] is unused
	root, info int
}

// parseFpdfOutput reads the cross-reference table and trailer of a file
// written by fpdf and checks that it is laid out as finishPDFA expects.
func parseFpdfOutput(out []byte) (*fpdfOutput, error) {
	if !bytes.HasPrefix(out, []byte("%PDF-1.")) || len(out) < 16 {
		return nil, errors.New("no PDF header")
	}
	// The header's second line, a comment of at least four bytes above
	// 127, tells programs the file is binary (PDF/A requires it).
	nl := bytes.IndexByte(out, '\n')
	second := out[nl+1:]
	if len(second) < 5 || second[0] != '%' || second[1] < 128 || second[2] < 128 || second[3] < 128 || second[4] < 128 {
		return nil, errors.New("no binary comment after the header")
	}
	sx := bytes.LastIndex(out, []byte("\nstartxref\n"))
	if sx < 0 {
		return nil, errors.New("no startxref")
	}
	rest := out[sx+len("\nstartxref\n"):]
	xref, err := strconv.Atoi(string(rest[:max(bytes.IndexByte(rest, '\n'), 0)]))
	if err != nil || xref <= 0 || xref >= sx {
		return nil, errors.New("bad startxref")
	}
	var size int
	if _, err := fmt.Sscanf(string(out[xref:min(xref+32, len(out))]), "xref\n0 %d\n", &size); err != nil || size < 3 {
		return nil, errors.New("bad cross-reference table")
	}
	start := xref + bytes.IndexByte(out[xref+5:], '\n') + 6
	entries := out[start:sx]
	if len(entries) < size*20 {
		return nil, errors.New("short cross-reference table")
	}
	f := &fpdfOutput{offsets: make([]int, size)}
	for n := 1; n < size; n++ {
		e := entries[n*20 : n*20+20]
		if e[17] != 'n' {
			return nil, fmt.Errorf("object %d is not in use", n)
		}
		if f.offsets[n], err = strconv.Atoi(string(e[:10])); err != nil {
			return nil, fmt.Errorf("object %d: bad offset", n)
		}
	}
	trailer := string(entries[size*20:])
	if _, err := fmt.Sscanf(trailer[strings.Index(trailer, "/Root ")+1:], "Root %d 0 R", &f.root); err != nil {
		return nil, errors.New("no /Root in the trailer")
	}
	if _, err := fmt.Sscanf(trailer[strings.Index(trailer, "/Info ")+1:], "Info %d 0 R", &f.info); err != nil {
		return nil, errors.New("no /Info in the trailer")
	}
	// The information dictionary and the catalog are the last two objects.
	if f.root != size-1 || f.info != size-2 || f.offsets[f.info] >= f.offsets[f.root] {
		return nil, fmt.Errorf("info %d and catalog %d are not the last of %d objects", f.info, f.root, size-1)
	}
	for n := 1; n < f.info; n++ {
		if f.offsets[n] >= f.offsets[f.info] {
			return nil, fmt.Errorf("object %d follows the information dictionary", n)
		}
	}
	if !bytes.Contains(out[f.offsets[f.root]:xref], []byte("/Pages 1 0 R")) {
		return nil, errors.New("the catalog's pages are not object 1")
	}
	return f, nil
}

// copyObjects writes the header and the objects fpdf wrote before the
// information dictionary, in the order they are in the file, compressing
// the streams fpdf left uncompressed (the pages' content, see renderPDF)
// and writing each font's Type0 dictionary in place of its placeholder.
// Every placeholder must be found exactly once.
func (w *pdfWriter) copyObjects(out []byte, f *fpdfOutput, fonts []*pdfFont, objs []fontObjects) error {
	placeholders := make([][]byte, len(fonts))
	for i, ft := range fonts {
		placeholders[i] = ft.placeholderObject()
	}
	order := make([]int, 0, f.info)
	for n := 1; n < f.info; n++ {
		order = append(order, n)
	}
	slices.SortFunc(order, func(a, b int) int { return f.offsets[a] - f.offsets[b] })
	w.buf.Write(out[:f.offsets[order[0]]])
	w.offsets = make([]int, f.info)
	for i, n := range order {
		end := f.offsets[f.info]
		if i+1 < len(order) {
			end = f.offsets[order[i+1]]
		}
		obj := out[f.offsets[n]:end]
		head := fmt.Appendf(nil, "%d 0 obj\n", n)
		if !bytes.HasPrefix(obj, head) {
			return fmt.Errorf("object %d is not at its offset", n)
		}
		body := obj[len(head):]
		if k := slices.IndexFunc(placeholders, func(p []byte) bool { return bytes.Equal(p, body) }); k >= 0 {
			if objs[k].font != 0 {
				return fmt.Errorf("font %s: placeholder found twice", fonts[k].name)
			}
			objs[k].font = n
			w.begin(n)
			fonts[k].writeType0(w, objs[k])
			w.end()
			continue
		}
		data, ok := plainStream(body)
		if !ok {
			w.offsets[n] = w.buf.Len()
			w.buf.Write(obj)
			continue
		}
		if err := w.deflateStream(n, "", data); err != nil {
			return err
		}
	}
	for k, o := range objs {
		if o.font == 0 {
			return fmt.Errorf("font %s: placeholder not found", fonts[k].name)
		}
	}
	return nil
}

// plainStream returns the data of an object that is a stream with no
// other entry than its length, as fpdf writes uncompressed streams:
// "<</Length n>>", "stream", the data, "endstream", "endobj".
func plainStream(body []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(body, []byte("<</Length "))
	if !ok {
		return nil, false
	}
	i := bytes.Index(rest, []byte(">>\nstream\n"))
	if i < 0 {
		return nil, false
	}
	n, err := strconv.Atoi(string(rest[:i]))
	start := i + len(">>\nstream\n")
	if err != nil || n < 0 || start+n > len(rest) || string(rest[start+n:]) != "\nendstream\nendobj\n" {
		return nil, false
	}
	return rest[start : start+n], true
}

// pdfWriter appends objects to a PDF file and writes its
// cross-reference table.
type pdfWriter struct {
	buf     *bytes.Buffer
	offsets []int        // by object number; 0 unused
	z       bytes.Buffer // compressed stream data, reused
}

// deflateStream writes object n: a stream of data compressed, its
// dictionary holding extra (empty, or entries each followed by a space)
// besides its filter and length.
func (w *pdfWriter) deflateStream(n int, extra string, data []byte) error {
	w.z.Reset()
	if err := deflateTo(&w.z, data); err != nil {
		return err
	}
	w.begin(n)
	w.printf("<<%s/Filter /FlateDecode /Length %d>>\n", extra, w.z.Len())
	w.stream(w.z.Bytes())
	w.end()
	return nil
}

// begin starts object n, which must be the next number.
func (w *pdfWriter) begin(n int) {
	for len(w.offsets) <= n {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(w.buf, "%d 0 obj\n", n)
}

func (w *pdfWriter) printf(format string, args ...any) { fmt.Fprintf(w.buf, format, args...) }

// stream writes a stream's data after its dictionary.
func (w *pdfWriter) stream(data []byte) {
	w.buf.WriteString("stream\n")
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\n")
}

func (w *pdfWriter) end() { w.buf.WriteString("endobj\n") }

// finish writes the cross-reference table and the trailer. The file
// identifier is derived from the file's content, so identical documents
// are identical files.
func (w *pdfWriter) finish(root, info int) {
	sum := sha256.Sum256(w.buf.Bytes())
	id := hex.EncodeToString(sum[:16])
	xref := w.buf.Len()
	fmt.Fprintf(w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets))
	for _, off := range w.offsets[1:] {
		fmt.Fprintf(w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(w.buf, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/ID [<%s> <%s>]\n>>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets), root, info, id, id, xref)
}

// pdfText encodes s as a PDF text string: UTF-16BE with a byte order
// mark, in hexadecimal.
func pdfText(s string) string {
	var b strings.Builder
	b.Grow(6 + 4*len(s))
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// pdfLiteral writes an ASCII string as a PDF literal string.
func pdfLiteral(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return "(" + r.Replace(s) + ")"
}

// pdfNameOf writes s as a PDF name, escaping what a name cannot hold.
func pdfNameOf(s string) string {
	var b strings.Builder
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte("#()<>[]{}/%", c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// asciiFileName returns the file name for the /F entry, which holds bytes
// rather than text: non-ASCII characters become "_" (/UF has the name).
func asciiFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' {
			return '_'
		}
		return r
	}, s)
}

// pdfDate writes a time as a PDF date string with its UTC offset.
func pdfDate(t time.Time) string {
	s := t.Format("D:20060102150405")
	_, off := t.Zone()
	if off == 0 {
		return "(" + s + "Z)"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("(%s%c%02d'%02d')", s, sign, off/3600, off%3600/60)
}

// xmpDate writes a time as an XMP date with its UTC offset, the same
// instant as pdfDate.
func xmpDate(t time.Time) string { return t.Format("2006-01-02T15:04:05Z07:00") }

// xmpPacket returns the XMP metadata of a document: its PDF/A
// identification and the properties equivalent to the document
// information dictionary.
func xmpPacket(m pdfMeta) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		for _, r := range s {
			switch r {
			case '&':
				b.WriteString("&amp;")
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			case '"':
				b.WriteString("&quot;")
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n" +
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"  <rdf:Description rdf:about=\"\"\n" +
		"    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n" +
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n" +
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n" +
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n" +
		"   <pdfaid:part>3</pdfaid:part>\n" +
		"   <pdfaid:conformance>B</pdfaid:conformance>\n" +
		"   <dc:format>application/pdf</dc:format>\n")
	fmt.Fprintf(&b, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(m.title))
	if m.author != "" {
		fmt.Fprintf(&b, "   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", esc(m.author))
	}
	if m.subject != "" {
		fmt.Fprintf(&b, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(m.subject))
	}
	if m.keywords != "" {
		fmt.Fprintf(&b, "   <pdf:Keywords>%s</pdf:Keywords>\n", esc(m.keywords))
	}
	fmt.Fprintf(&b, "   <pdf:Producer>%s</pdf:Producer>\n   <xmp:CreatorTool>%s</xmp:CreatorTool>\n", esc(m.producer), esc(m.creator))
	d := xmpDate(m.created)
	fmt.Fprintf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>\n   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", d, d, d)
	b.WriteString("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}

// srgbProfile returns the sRGB profile compressed, once per process.
var srgbProfile = sync.OnceValue(func() []byte {
	z, err := deflate(assets.SRGBProfile)
	if err != nil {
		panic(err) // compressing into memory does not fail
	}
	return z
})

// zlibWriters are reused: a new zlib writer allocates about a megabyte.
// The compressor is github.com/klauspost/compress's: at its fastest level
// it takes half the time of the standard library's for the font programs
// and page content, the largest part of writing a document, and its
// output is a little smaller.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// deflate compresses b for a /FlateDecode stream.
func deflate(b []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := deflateTo(&out, b); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// deflateTo compresses b for a /FlateDecode stream and appends it to out.
func deflateTo(out *bytes.Buffer, b []byte) error {
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	zw.Reset(out)
	if _, err := zw.Write(b); err != nil {
		return err
	}
	return zw.Close()
}
