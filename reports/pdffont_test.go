package reports

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestFontCodes checks that a document's characters get the codes 1, 2,
// 3 … in Unicode order, those above the Basic Multilingual Plane last,
// and that a character the subset lacks gets 0.
func TestFontCodes(t *testing.T) {
	ff := mustFaces(t)[faceRegular]
	runes := []rune(" -0123456789AZaz·□。中国图书馆")
	runes = append(runes, 0x20087, 0x2A6D6) // in the font, above the plane
	sortRunes(runes)
	p, err := newPDFFont(faceRegular, ff, runes)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range p.sub.runes {
		if got := p.code(r); got != uint16(i+1) {
			t.Errorf("code of %U = %d, want %d", r, got, i+1)
		}
	}
	if len(p.sub.runes) < len(runes)-1 {
		t.Errorf("the subset holds %d of %d characters", len(p.sub.runes), len(runes))
	}
	for _, r := range []rune{'B', '书' + 1, 0x20000, 0x10FFFF, -1} {
		if c := p.code(r); c != 0 {
			t.Errorf("code of %U, not in the subset, = %d, want 0", r, c)
		}
	}
	if got, want := p.encode(nil, "A中"), []byte{0, byte(p.code('A')), 0, byte(p.code('中'))}; string(got) != string(want) {
		t.Errorf("encode = % x, want % x", got, want)
	}
	chars, err := parseToUnicode(string(p.toUnicode()))
	if err != nil {
		t.Fatal(err)
	}
	if len(chars) != len(p.sub.runes) {
		t.Errorf("the ToUnicode map has %d codes, want %d", len(chars), len(p.sub.runes))
	}
	for i, r := range p.sub.runes {
		if chars[i+1] != r {
			t.Errorf("ToUnicode maps code %d to %U, want %U", i+1, chars[i+1], r)
		}
	}
}

// TestSharedGlyphs writes characters that share a glyph with another
// (U+2011 and "-", U+2022 and U+00B7, U+00A0 and the space): their codes
// differ, so the CIDToGIDMap is a stream instead of /Identity, and
// pdftotext gives each character back.
func TestSharedGlyphs(t *testing.T) {
	text := "A-B\u2011C • ·D 中\u00a0文"
	d := newTestDoc(t, nil)
	d.Fields([]Field{{Label: "共用字形", Value: text, Wide: true}})
	d.sealWith("record.json", sampleRecord)
	raw := write(t, d)
	if p := pdfaProblems(raw); len(p) > 0 {
		t.Errorf("PDF/A problems: %v", p)
	}
	f, err := readPDF(raw)
	if err != nil {
		t.Fatal(err)
	}
	streams := 0
	for _, obj := range f.objects {
		if d, ok := obj.(pdfDict); ok && d["Subtype"] == pdfName("CIDFontType2") {
			if _, ok := f.resolve(d["CIDToGIDMap"]).(*pdfStream); ok {
				streams++
			}
		}
	}
	if streams != 1 {
		t.Errorf("%d fonts with a CIDToGIDMap stream, want 1", streams)
	}
	got := run(t, "pdftotext", "-enc", "UTF-8", saveTemp(t, raw), "-")
	if !strings.Contains(got, "A-B\u2011C") || !strings.Contains(got, "•") || !strings.Contains(got, "·D") ||
		!strings.Contains(got, "中\u00a0文") && !strings.Contains(got, "中 文") {
		t.Errorf("pdftotext does not give %q back:\n%s", text, got)
	}
}

// cidFontProblems checks a composite font against its embedded TrueType
// program, for every code its ToUnicode map lists (every code the
// document shows): the width in /W (or /DW) is the program's advance
// width of the glyph the CIDToGIDMap selects (ISO 19005-3 §6.2.11.5), and
// that glyph is the one the program's own cmap gives the character the
// ToUnicode map names, so that the text extracted is the text drawn.
func cidFontProblems(f *pdfFile, type0, cid pdfDict) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	program, _ := f.resolve(f.dict(cid["FontDescriptor"])["FontFile2"]).(*pdfStream)
	if program == nil {
		return nil // reported as not embedded
	}
	data, err := program.decoded()
	if err != nil {
		return []string{"font program: " + err.Error()}
	}
	ff, err := parseFont(data)
	if err != nil {
		return []string{"font program: " + err.Error()}
	}
	gidOf := func(c int) int { return c }
	switch m := f.resolve(cid["CIDToGIDMap"]).(type) {
	case pdfName:
		if m != "Identity" {
			bad("CIDToGIDMap /%s", m)
		}
	case *pdfStream:
		table, err := m.decoded()
		if err != nil {
			return append(p, "CIDToGIDMap: "+err.Error())
		}
		gidOf = func(c int) int {
			if 2*c+2 > len(table) {
				return 0
			}
			return int(binary.BigEndian.Uint16(table[2*c:]))
		}
	default:
		return append(p, "no CIDToGIDMap")
	}
	widths, err := cidWidths(f, cid)
	if err != nil {
		return append(p, err.Error())
	}
	dw := 1000
	if n, ok := cid["DW"].(int64); ok {
		dw = int(n)
	}
	toUnicode, _ := f.resolve(type0["ToUnicode"]).(*pdfStream)
	if toUnicode == nil {
		return p // reported as missing
	}
	cmap, err := toUnicode.decoded()
	if err != nil {
		return append(p, "ToUnicode: "+err.Error())
	}
	chars, err := parseToUnicode(string(cmap))
	if err != nil {
		return append(p, "ToUnicode: "+err.Error())
	}
	if len(chars) == 0 {
		bad("the ToUnicode map is empty")
	}
	for c, r := range chars {
		g := gidOf(c)
		w, ok := widths[c]
		if !ok {
			w = dw
		}
		if g == 0 || g >= ff.numGlyphs {
			bad("code %d (%q) shows no glyph", c, r)
			continue
		}
		if want := int(ff.glyphWidth(uint16(g))); w != want {
			bad("code %d (%q): width %d, the font program's %d", c, r, w, want)
		}
		if got := ff.glyphID(r); int(got) != g {
			bad("code %d shows glyph %d, but the font program draws %q with glyph %d", c, g, r, got)
		}
	}
	return p
}

// cidWidths reads the /W array of a CIDFont: "c [w1 w2 …]" and
// "c1 c2 w" elements.
func cidWidths(f *pdfFile, cid pdfDict) (map[int]int, error) {
	out := map[int]int{}
	w, _ := f.resolve(cid["W"]).(pdfArray)
	for i := 0; i < len(w); {
		first, ok := asInt(w[i])
		if !ok || i+1 >= len(w) {
			return nil, fmt.Errorf("bad /W array at element %d", i)
		}
		if ws, ok := f.resolve(w[i+1]).(pdfArray); ok {
			for j, v := range ws {
				n, ok := asInt(v)
				if !ok {
					return nil, fmt.Errorf("bad /W width %v", v)
				}
				out[first+j] = n
			}
			i += 2
			continue
		}
		last, ok1 := asInt(w[i+1])
		if i+2 >= len(w) || !ok1 {
			return nil, fmt.Errorf("bad /W array at element %d", i)
		}
		n, ok2 := asInt(w[i+2])
		if !ok2 {
			return nil, fmt.Errorf("bad /W width %v", w[i+2])
		}
		for c := first; c <= last; c++ {
			out[c] = n
		}
		i += 3
	}
	return out, nil
}

// asInt returns an integer object as an int.
func asInt(v any) (int, bool) {
	n, ok := v.(int64)
	return int(n), ok
}

// parseToUnicode reads the bfchar and bfrange entries of a ToUnicode
// CMap with two-byte codes, each code to one character.
func parseToUnicode(cmap string) (map[int]rune, error) {
	out := map[int]rune{}
	hex := regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
	char := func(h string) (rune, error) {
		var units []uint16
		for i := 0; i+4 <= len(h); i += 4 {
			u, err := strconv.ParseUint(h[i:i+4], 16, 16)
			if err != nil {
				return 0, err
			}
			units = append(units, uint16(u))
		}
		rs := utf16.Decode(units)
		if len(h)%4 != 0 || len(rs) != 1 {
			return 0, fmt.Errorf("destination <%s> is not one character", h)
		}
		return rs[0], nil
	}
	code := func(h string) (int, error) {
		if len(h) != 4 {
			return 0, fmt.Errorf("code <%s> is not two bytes", h)
		}
		n, err := strconv.ParseUint(h, 16, 16)
		return int(n), err
	}
	section := regexp.MustCompile(`(?s)\d+ begin(bfchar|bfrange)\n(.*?)end(bfchar|bfrange)`)
	for _, s := range section.FindAllStringSubmatch(cmap, -1) {
		for _, line := range strings.Split(strings.TrimSpace(s[2]), "\n") {
			m := hex.FindAllStringSubmatch(line, -1)
			switch {
			case s[1] == "bfchar" && len(m) == 2:
				c, err := code(m[0][1])
				if err != nil {
					return nil, err
				}
				if out[c], err = char(m[1][1]); err != nil {
					return nil, err
				}
			case s[1] == "bfrange" && len(m) == 3:
				lo, err1 := code(m[0][1])
				hi, err2 := code(m[1][1])
				r, err3 := char(m[2][1])
				if err1 != nil || err2 != nil || err3 != nil || hi < lo || lo>>8 != hi>>8 || (int(r)&0xFF)+hi-lo > 0xFF {
					return nil, fmt.Errorf("bad bfrange %q", line)
				}
				for c := lo; c <= hi; c++ {
					out[c] = r + rune(c-lo)
				}
			default:
				return nil, fmt.Errorf("bad %s entry %q", s[1], line)
			}
		}
	}
	return out, nil
}

// TestTwoFaces renders the sample's pages with the bold face embedded as
// a font of its own, as renderPDF can (documents draw bold with the
// regular face): two placeholders replaced, two fonts, both sound.
func TestTwoFaces(t *testing.T) {
	faces, err := loadFaces()
	if err != nil {
		t.Fatal(err)
	}
	d := sampleDoc(t)
	files, err := d.sealFiles()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := renderPDF(&buf, d.info, d.layout(), faces, files); err != nil {
		t.Fatal(err)
	}
	if p := pdfaProblems(buf.Bytes()); len(p) > 0 {
		t.Errorf("PDF/A problems: %v", p)
	}
	path := saveTemp(t, buf.Bytes())
	out := run(t, "pdffonts", path)
	for _, name := range []string{"NotoSansSC-Regular", "NotoSansSC-Bold"} {
		if !regexp.MustCompile(`(?m)^[A-Z]{6}\+` + name + `\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s`).MatchString(out) {
			t.Errorf("pdffonts shows no embedded subset of %s:\n%s", name, out)
		}
	}
	if got, want := stripSpace(pageText(t, path, 1)), stripSpace(pageText(t, saveTemp(t, write(t, sampleDoc(t))), 1)); got != want {
		t.Errorf("page 1 reads %q, want %q", got, want)
	}
}
