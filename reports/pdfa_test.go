package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// No PDF/A validator (veraPDF, the reference, needs Java and is not
// packaged for Debian) runs here. pdfaProblems is the structural test
// instead: it reads a file with the reader of pdfobj_test.go and checks
// what ISO 19005-3 (PDF/A-3, level B) requires of the structure a writer
// produces, for the features the documents use. It returns what is
// wrong, nothing for a conforming file.
func pdfaProblems(raw []byte) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	// File header: "%PDF-1.n" (n 4 to 7 for PDF/A-3) and a comment line of
	// at least four bytes above 127 (ISO 19005-2 §6.1.2).
	if !binaryHeader(raw) {
		bad("header is not %%PDF-1.4…1.7 followed by a binary comment line")
	}
	// Nothing but one end of line after the last %%EOF (§6.1.3).
	if end := bytes.LastIndex(raw, []byte("%%EOF")); end < 0 || len(bytes.TrimRight(raw[end+5:], "\r\n")) != 0 || len(raw)-end-5 > 2 {
		bad("the file does not end with %%%%EOF and at most one end of line")
	}
	f, err := readPDF(raw)
	if err != nil {
		return append(p, "unreadable: "+err.Error())
	}
	// Trailer: a file identifier, no encryption (§6.1.3).
	if id, ok := f.trailer["ID"].(pdfArray); !ok || len(id) != 2 || len(asString(id[0])) < 16 || len(asString(id[1])) < 16 {
		bad("trailer has no /ID of two strings")
	}
	if _, ok := f.trailer["Encrypt"]; ok {
		bad("trailer has /Encrypt")
	}
	info := f.dict(f.trailer["Info"])
	cat := f.dict(f.trailer["Root"])
	if cat == nil || cat["Type"] != pdfName("Catalog") {
		return append(p, "no catalog")
	}

	// Every object: only FlateDecode, no external streams, no JavaScript,
	// no actions that launch or submit, no encryption dictionaries.
	embedded := map[int]bool{}
	for n, obj := range f.objects {
		var d pdfDict
		switch x := obj.(type) {
		case pdfDict:
			d = x
		case *pdfStream:
			d = x.dict
			if fl, ok := d["Filter"]; ok && fl != pdfName("FlateDecode") {
				bad("object %d: filter %v (only FlateDecode is used; LZW is forbidden)", n, fl)
			}
			for _, k := range []string{"F", "FFilter", "FDecodeParms"} {
				if _, ok := d[k]; ok {
					bad("object %d: stream with /%s", n, k)
				}
			}
			if _, err := x.decoded(); err != nil {
				bad("object %d: stream does not decode: %v", n, err)
			}
			if d["Type"] == pdfName("EmbeddedFile") {
				embedded[n] = true
			}
		}
		walkDicts(d, func(d pdfDict) {
			for _, k := range []string{"JavaScript", "JS", "Encrypt", "AA", "OpenAction"} {
				if _, ok := d[k]; ok {
					bad("object %d: /%s", n, k)
				}
			}
			if s, ok := d["S"].(pdfName); ok && slices.Contains([]pdfName{"JavaScript", "Launch", "SubmitForm", "ResetForm", "ImportData", "Movie", "Sound"}, s) {
				bad("object %d: action /%s", n, s)
			}
		})
	}

	// Metadata: an uncompressed XMP stream identifying PDF/A-3B, its
	// properties equal to the information dictionary's (§6.6).
	meta, _ := f.resolve(cat["Metadata"]).(*pdfStream)
	switch {
	case meta == nil:
		bad("catalog has no /Metadata stream")
	case meta.dict["Type"] != pdfName("Metadata") || meta.dict["Subtype"] != pdfName("XML"):
		bad("metadata stream is not /Type /Metadata /Subtype /XML")
	case meta.dict["Filter"] != nil:
		bad("metadata stream is compressed")
	default:
		p = append(p, xmpProblems(meta.data, info)...)
	}

	// Output intent: a PDF/A intent with an RGB ICC profile (§6.2.3).
	intents, _ := f.resolve(cat["OutputIntents"]).(pdfArray)
	if len(intents) == 0 {
		bad("catalog has no /OutputIntents")
	}
	for _, v := range intents {
		oi := f.dict(v)
		if oi["S"] != pdfName("GTS_PDFA1") {
			bad("output intent /S is %v, not /GTS_PDFA1", oi["S"])
		}
		if _, ok := oi["OutputConditionIdentifier"].(pdfString); !ok {
			bad("output intent without /OutputConditionIdentifier")
		}
		prof, _ := f.resolve(oi["DestOutputProfile"]).(*pdfStream)
		if prof == nil {
			bad("output intent without /DestOutputProfile")
			continue
		}
		icc, err := prof.decoded()
		if err != nil || len(icc) < 128 || string(icc[36:40]) != "acsp" || string(icc[16:20]) != "RGB " ||
			(string(icc[12:16]) != "mntr" && string(icc[12:16]) != "prtr") || prof.dict["N"] != int64(3) {
			bad("output profile is not an RGB display or output ICC profile with /N 3")
		}
	}

	// Associated files: every embedded file is one, related to the
	// document by /AFRelationship, with its MIME type and modification
	// date, and listed in the /EmbeddedFiles name tree (PDF/A-3 §6.8).
	afs, _ := f.resolve(cat["AF"]).(pdfArray)
	if len(afs) == 0 {
		bad("catalog has no /AF (associated files)")
	}
	named := map[pdfRef]bool{}
	if names := f.dict(cat["Names"]); names != nil {
		if tree := f.dict(names["EmbeddedFiles"]); tree != nil {
			list, _ := f.resolve(tree["Names"]).(pdfArray)
			for i := 1; i < len(list); i += 2 {
				if r, ok := list[i].(pdfRef); ok {
					named[r] = true
				}
			}
		}
	}
	reached := map[int]bool{}
	for _, v := range afs {
		fs := f.dict(v)
		if r, ok := v.(pdfRef); !ok || !named[r] {
			bad("associated file %v is not in the /EmbeddedFiles name tree", v)
		}
		if fs["Type"] != pdfName("Filespec") {
			bad("associated file is not a /Filespec")
		}
		if _, ok := fs["F"].(pdfString); !ok {
			bad("file specification without /F")
		}
		if _, ok := fs["UF"].(pdfString); !ok {
			bad("file specification without /UF")
		}
		if rel, _ := fs["AFRelationship"].(pdfName); !slices.Contains([]pdfName{"Source", "Data", "Alternative", "Supplement", "Unspecified"}, rel) {
			bad("file specification with /AFRelationship %v", fs["AFRelationship"])
		}
		ef := f.dict(fs["EF"])
		ref, _ := ef["F"].(pdfRef)
		stream, _ := f.resolve(ef["F"]).(*pdfStream)
		if stream == nil {
			bad("file specification without an embedded file")
			continue
		}
		reached[ref.num] = true
		if stream.dict["Type"] != pdfName("EmbeddedFile") {
			bad("embedded file stream is not /Type /EmbeddedFile")
		}
		if mime, _ := stream.dict["Subtype"].(pdfName); !strings.Contains(string(mime), "/") {
			bad("embedded file without a MIME type /Subtype")
		}
		params := f.dict(stream.dict["Params"])
		if !validPDFDate(params["ModDate"]) {
			bad("embedded file without a valid /Params /ModDate")
		}
	}
	for n := range embedded {
		if !reached[n] {
			bad("embedded file %d is not an associated file of the document", n)
		}
	}

	// Pages and fonts: every font embedded, composite fonts with a
	// ToUnicode map and CIDToGIDMap, subsets named as subsets (§6.2.11).
	pages := f.pages(cat["Pages"], nil)
	if len(pages) == 0 {
		bad("no pages")
	}
	checkedFonts := map[pdfRef]bool{}
	for i, pg := range pages {
		if _, ok := pg.inherited["MediaBox"].(pdfArray); !ok {
			bad("page %d has no /MediaBox", i+1)
		}
		if _, ok := pg.dict["Annots"]; ok {
			bad("page %d has annotations", i+1)
		}
		res := f.dict(pg.inherited["Resources"])
		fonts := f.dict(res["Font"])
		for name, v := range fonts {
			if r, ok := v.(pdfRef); ok {
				if checkedFonts[r] {
					continue
				}
				checkedFonts[r] = true
			}
			for _, problem := range fontProblems(f, f.dict(v)) {
				bad("page %d font /%s: %s", i+1, name, problem)
			}
		}
	}
	return p
}

// binaryHeader reports whether raw starts with "%PDF-1.4" to "%PDF-1.7",
// an end of line, and a comment of at least four bytes above 127.
func binaryHeader(raw []byte) bool {
	nl := bytes.IndexByte(raw, '\n')
	if nl < 0 || !regexp.MustCompile(`^%PDF-1\.[4-7]\r?$`).Match(raw[:nl]) || len(raw) < nl+6 || raw[nl+1] != '%' {
		return false
	}
	for _, c := range raw[nl+2 : nl+6] {
		if c < 128 {
			return false
		}
	}
	return true
}

// fontProblems checks one font of a page.
func fontProblems(f *pdfFile, font pdfDict) []string {
	var p []string
	switch font["Subtype"] {
	case pdfName("Type0"):
		if _, ok := f.resolve(font["ToUnicode"]).(*pdfStream); !ok {
			p = append(p, "no /ToUnicode map")
		}
		desc, _ := f.resolve(font["DescendantFonts"]).(pdfArray)
		if len(desc) != 1 {
			return append(p, "not one descendant font")
		}
		cid := f.dict(desc[0])
		if cid["Subtype"] == pdfName("CIDFontType2") && cid["CIDToGIDMap"] == nil {
			p = append(p, "CIDFontType2 without /CIDToGIDMap")
		}
		if cid["Subtype"] == pdfName("CIDFontType2") {
			p = append(p, cidFontProblems(f, font, cid)...)
		}
		font = cid
	case pdfName("Type3"):
		return p
	}
	fd := f.dict(font["FontDescriptor"])
	if fd == nil {
		return append(p, "no font descriptor: the font is not embedded")
	}
	program := false
	for _, k := range []string{"FontFile", "FontFile2", "FontFile3"} {
		if _, ok := f.resolve(fd[k]).(*pdfStream); ok {
			program = true
		}
	}
	if !program {
		p = append(p, "font program not embedded")
	}
	if name, _ := fd["FontName"].(pdfName); !regexp.MustCompile(`^[A-Z]{6}\+`).MatchString(string(name)) {
		p = append(p, fmt.Sprintf("font subset /%s not named as a subset", name))
	}
	return p
}

// pdfPage is a page with the inheritable attributes it inherits.
type pdfPage struct {
	dict      pdfDict
	inherited pdfDict
}

// pages lists the pages of a page tree.
func (f *pdfFile) pages(node any, inherit pdfDict) []pdfPage {
	d := f.dict(node)
	if d == nil {
		return nil
	}
	in := pdfDict{}
	for k, v := range inherit {
		in[k] = v
	}
	for _, k := range []string{"Resources", "MediaBox", "CropBox", "Rotate"} {
		if v, ok := d[k]; ok {
			in[k] = v
		}
	}
	if d["Type"] == pdfName("Page") {
		return []pdfPage{{dict: d, inherited: in}}
	}
	var out []pdfPage
	kids, _ := f.resolve(d["Kids"]).(pdfArray)
	for _, k := range kids {
		out = append(out, f.pages(k, in)...)
	}
	return out
}

// walkDicts calls fn for d and every dictionary inside it.
func walkDicts(v any, fn func(pdfDict)) {
	switch x := v.(type) {
	case pdfDict:
		if x == nil {
			return
		}
		fn(x)
		for _, e := range x {
			walkDicts(e, fn)
		}
	case pdfArray:
		for _, e := range x {
			walkDicts(e, fn)
		}
	}
}

// asString returns a string object's bytes.
func asString(v any) []byte {
	s, _ := v.(pdfString)
	return s
}

// textString decodes a PDF text string: UTF-16BE with a byte order mark,
// or PDFDocEncoding (taken as Latin-1, enough for ASCII).
func textString(v any) string {
	s := asString(v)
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		u := make([]uint16, (len(s)-2)/2)
		for i := range u {
			u[i] = uint16(s[2+2*i])<<8 | uint16(s[3+2*i])
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(s))
	for i, c := range s {
		r[i] = rune(c)
	}
	return string(r)
}

// pdfDateRE matches a PDF date with its time zone.
var pdfDateRE = regexp.MustCompile(`^D:(\d{14})(Z|[+-]\d{2}'\d{2}'?)$`)

// parsePDFDate reads a PDF date string.
func parsePDFDate(v any) (time.Time, bool) {
	m := pdfDateRE.FindStringSubmatch(textString(v))
	if m == nil {
		return time.Time{}, false
	}
	zone := strings.TrimSuffix(strings.ReplaceAll(m[2], "'", ""), "")
	if zone == "Z" {
		zone = "+0000"
	}
	t, err := time.Parse("20060102150405-0700", m[1]+zone)
	return t, err == nil
}

func validPDFDate(v any) bool { _, ok := parsePDFDate(v); return ok }

// xmpProblems checks an XMP packet: the PDF/A-3B identification and the
// properties that must equal the information dictionary's entries.
func xmpProblems(packet []byte, info pdfDict) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if !regexp.MustCompile(`^<\?xpacket begin="(\x{FEFF})?" id="W5M0MpCehiHzreSzNTczkc9d"\?>`).Match(packet) {
		bad("XMP packet header missing or with bytes/encoding attributes")
	}
	if !bytes.HasSuffix(bytes.TrimSpace(packet), []byte(`<?xpacket end="w"?>`)) && !bytes.HasSuffix(bytes.TrimSpace(packet), []byte(`<?xpacket end="r"?>`)) {
		bad("XMP packet trailer missing")
	}
	props := map[string][]string{} // namespace URI + local name → values
	dec := xml.NewDecoder(bytes.NewReader(packet))
	var stack []xml.Name
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				bad("XMP is not well-formed XML: %v", err)
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
			for _, a := range t.Attr { // properties may also be attributes of rdf:Description
				if a.Name.Space != "" && a.Name.Space != "http://www.w3.org/1999/02/22-rdf-syntax-ns#" && a.Name.Space != "xmlns" {
					props[a.Name.Space+a.Name.Local] = append(props[a.Name.Space+a.Name.Local], a.Value)
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			s := strings.TrimSpace(string(t))
			if s == "" || len(stack) == 0 {
				continue
			}
			// The property is the nearest element outside the RDF containers.
			for i := len(stack) - 1; i >= 0; i-- {
				n := stack[i]
				if n.Space != "http://www.w3.org/1999/02/22-rdf-syntax-ns#" {
					props[n.Space+n.Local] = append(props[n.Space+n.Local], s)
					break
				}
			}
		}
	}
	const (
		pdfaid = "http://www.aiim.org/pdfa/ns/id/"
		dc     = "http://purl.org/dc/elements/1.1/"
		xmpNS  = "http://ns.adobe.com/xap/1.0/"
		pdfNS  = "http://ns.adobe.com/pdf/1.3/"
	)
	one := func(key string) string {
		if v := props[key]; len(v) == 1 {
			return v[0]
		}
		return "\x00missing"
	}
	if one(pdfaid+"part") != "3" {
		bad("XMP pdfaid:part is %q, not 3", one(pdfaid+"part"))
	}
	if one(pdfaid+"conformance") != "B" {
		bad("XMP pdfaid:conformance is %q, not B", one(pdfaid+"conformance"))
	}
	equal := func(infoKey, xmpKey string) {
		v, ok := info[infoKey]
		got := props[xmpKey]
		switch {
		case !ok && len(got) == 0:
		case !ok:
			bad("XMP has %s but the information dictionary no /%s", xmpKey, infoKey)
		case len(got) != 1 || got[0] != textString(v):
			bad("/%s %q differs from XMP %q", infoKey, textString(v), got)
		}
	}
	equal("Title", dc+"title")
	equal("Author", dc+"creator")
	equal("Subject", dc+"description")
	equal("Keywords", pdfNS+"Keywords")
	equal("Producer", pdfNS+"Producer")
	equal("Creator", xmpNS+"CreatorTool")
	for _, d := range [][2]string{{"CreationDate", xmpNS + "CreateDate"}, {"ModDate", xmpNS + "ModifyDate"}} {
		it, ok := parsePDFDate(info[d[0]])
		xt, err := time.Parse(time.RFC3339, one(d[1]))
		if !ok || err != nil || !it.Equal(xt) {
			bad("/%s %q and XMP %q are not the same valid instant", d[0], textString(info[d[0]]), one(d[1]))
		}
	}
	return p
}

// TestPDFAStructureCatchesFaults checks that the structure test is not
// blind: each fault put into a good file, keeping its byte offsets, is
// found.
func TestPDFAStructureCatchesFaults(t *testing.T) {
	good := writeCase(t, KindRequest, fixtureDossier())
	if p := pdfaProblems(good); len(p) > 0 {
		t.Fatalf("the good file has problems: %v", p)
	}
	faults := []struct{ name, old, new, want string }{
		{"no file identifier", "/ID [", "/XD [", "/ID"},
		{"PDF/A part 2", "<pdfaid:part>3<", "<pdfaid:part>2<", "pdfaid:part"},
		{"level A claimed", "<pdfaid:conformance>B<", "<pdfaid:conformance>A<", "conformance"},
		{"no AF relationship", "/AFRelationship /Source", "/AFRelationshiq /Source", "AFRelationship"},
		{"no ToUnicode map", "/ToUnicode", "/ToUnicodf", "ToUnicode"},
		{"encrypted", "/ViewerPreferences", "/Encrypt 1 0 R /X ", "Encrypt"},
		{"JavaScript", "/DisplayDocTitle", "/JavaScript     ", "JavaScript"},
		{"LZW", "/DeviceRGB /Filter /FlateDecode", "/DeviceRGB /Filter /LZWDecode  ", "LZW"},
		{"title differs from XMP", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">软件升级需求申请表", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">软件升级需求申请书", "/Title"},
		{"no output intent", "/OutputIntents", "/OutputIntentz", "OutputIntents"},
		{"PDF 2.0 header", "%PDF-1.7", "%PDF-2.0", "header"},
		{"no MIME type", "/Subtype /application#2Fjson", "/Subtypf /application#2Fjson", "MIME"},
		{"unembedded font", "/FontFile2", "/FontFilf2", "not embedded"},
		{"widths not the font program's", "/DW 1000", "/DW 1010", "the font program's"},
		{"broken cross-reference table", "/Type /Metadata /Subtype /XML /Length ", "/Type /Metadata /Subtype /XML  /Length ", "unreadable"},
	}
	for _, f := range faults {
		if !bytes.Contains(good, []byte(f.old)) {
			t.Errorf("%s: %q not in the file", f.name, f.old)
			continue
		}
		bad := bytes.Replace(good, []byte(f.old), []byte(f.new), 1)
		p := pdfaProblems(bad)
		if !strings.Contains(strings.Join(p, "\n"), f.want) {
			t.Errorf("%s: not found; problems: %q", f.name, p)
		}
	}
}

// TestPDFAEveryDocument checks every document of every demo case, the
// fixture's and the ledger against the PDF/A structure test and qpdf
// --check, and that the file each embeds is the JSON its check code is
// the hash of.
func TestPDFAEveryDocument(t *testing.T) {
	docs := demoDocuments(t)
	for _, doc := range docs {
		for _, p := range pdfaProblems(doc.pdf) {
			t.Errorf("%s: %s", doc.name, p)
		}
		out := run(t, "qpdf", "--check", saveTemp(t, doc.pdf))
		if !strings.Contains(out, "No syntax or stream encoding errors found") {
			t.Errorf("%s: qpdf --check:\n%s", doc.name, out)
		}
		file := embeddedFile(t, doc.pdf)
		if !json.Valid(file) {
			t.Errorf("%s: the embedded file is not JSON", doc.name)
		}
	}
	if len(docs) < 100 {
		t.Errorf("only %d documents checked", len(docs))
	}
}

// embeddedFile returns the content of a document's associated file.
func embeddedFile(t *testing.T, raw []byte) []byte {
	t.Helper()
	f, err := readPDF(raw)
	if err != nil {
		t.Fatal(err)
	}
	afs, _ := f.resolve(f.dict(f.trailer["Root"])["AF"]).(pdfArray)
	if len(afs) != 1 {
		t.Fatalf("%d associated files, want 1", len(afs))
	}
	s, _ := f.resolve(f.dict(f.dict(afs[0])["EF"])["F"]).(*pdfStream)
	if s == nil {
		t.Fatal("no embedded file")
	}
	data, err := s.decoded()
	if err != nil {
		t.Fatal(err)
	}
	return data
}
