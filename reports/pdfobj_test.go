package reports

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// A minimal reader of PDF files, for the PDF/A structure test: the
// classic cross-reference table, indirect objects and streams, as ISO
// 32000-1 §7.3 and §7.5 define them. It is independent of the writer (it
// shares no code with render.go or pdfa.go) and strict: what it cannot
// read is an error, not a guess.

type (
	pdfName   string
	pdfString []byte
	pdfArray  []any
	pdfDict   map[string]any
	pdfRef    struct{ num, gen int }
	pdfStream struct {
		dict pdfDict
		data []byte // as stored, before any filter
	}
	pdfKeyword string // true, false, null and the object keywords
)

// pdfFile is a parsed PDF file.
type pdfFile struct {
	raw     []byte
	objects map[int]any // by object number
	trailer pdfDict
}

// readPDF parses a PDF file with a classic cross-reference table.
func readPDF(raw []byte) (*pdfFile, error) {
	f := &pdfFile{raw: raw, objects: map[int]any{}}
	tail := raw[max(0, len(raw)-64):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	var xref int
	if _, err := fmt.Sscan(string(tail[i+len("startxref"):]), &xref); err != nil || xref <= 0 || xref >= len(raw) {
		return nil, fmt.Errorf("bad startxref: %v", err)
	}
	lx := &pdfLexer{b: raw, pos: xref}
	if tok, _ := lx.token(); tok != pdfKeyword("xref") {
		return nil, fmt.Errorf("no xref at %d", xref)
	}
	offsets := map[int]int{}
	for {
		save := lx.pos
		tok, err := lx.token()
		if err != nil {
			return nil, err
		}
		if tok == pdfKeyword("trailer") {
			break
		}
		first, ok1 := tok.(int64)
		countTok, _ := lx.token()
		count, ok2 := countTok.(int64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("bad xref subsection at %d", save)
		}
		lx.skipSpace()
		for n := int(first); n < int(first+count); n++ {
			if lx.pos+20 > len(raw) {
				return nil, errors.New("short xref table")
			}
			e := raw[lx.pos : lx.pos+20]
			if e[10] != ' ' || e[16] != ' ' || (e[18] != ' ' && e[18] != '\r') || (e[19] != '\n' && e[19] != '\r') {
				return nil, fmt.Errorf("xref entry %d is not 20 bytes: %q", n, e)
			}
			if e[17] == 'n' {
				off, err := strconv.Atoi(string(e[:10]))
				if err != nil {
					return nil, fmt.Errorf("xref entry %d: %v", n, err)
				}
				offsets[n] = off
			}
			lx.pos += 20
		}
	}
	t, err := lx.object()
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	if f.trailer, _ = t.(pdfDict); f.trailer == nil {
		return nil, errors.New("trailer is not a dictionary")
	}
	if size, _ := f.trailer["Size"].(int64); int(size) != len(offsets)+1 {
		return nil, fmt.Errorf("trailer /Size %d for %d objects in use", size, len(offsets))
	}
	for n, off := range offsets {
		if off >= len(raw) || !bytes.HasPrefix(raw[off:], fmt.Appendf(nil, "%d 0 obj", n)) {
			return nil, fmt.Errorf("xref entry %d points at %d, which is not where \"%d 0 obj\" starts", n, off, n)
		}
		lx := &pdfLexer{b: raw, pos: off}
		num, _ := lx.token()
		gen, _ := lx.token()
		kw, _ := lx.token()
		if num != int64(n) || gen != int64(0) || kw != pdfKeyword("obj") {
			return nil, fmt.Errorf("xref entry %d points at %d, which is not \"%d 0 obj\"", n, off, n)
		}
		obj, err := lx.object()
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", n, err)
		}
		if d, ok := obj.(pdfDict); ok && lx.peekKeyword("stream") {
			if obj, err = f.stream(lx, d); err != nil {
				return nil, fmt.Errorf("object %d: %w", n, err)
			}
		}
		if tok, _ := lx.token(); tok != pdfKeyword("endobj") {
			return nil, fmt.Errorf("object %d: no endobj", n)
		}
		f.objects[n] = obj
	}
	return f, nil
}

// stream reads the data of a stream whose dictionary d was just read:
// "stream", one end of line, /Length bytes, an end of line, "endstream".
func (f *pdfFile) stream(lx *pdfLexer, d pdfDict) (*pdfStream, error) {
	lx.token() // stream
	switch {
	case bytes.HasPrefix(lx.b[lx.pos:], []byte("\r\n")):
		lx.pos += 2
	case bytes.HasPrefix(lx.b[lx.pos:], []byte("\n")):
		lx.pos++
	default:
		return nil, errors.New("stream keyword not followed by an end of line")
	}
	length, ok := d["Length"].(int64)
	if ref, isRef := d["Length"].(pdfRef); isRef {
		// Resolved from the raw file: the object may not be read yet.
		g := &pdfLexer{b: lx.b, pos: bytes.Index(lx.b, fmt.Appendf(nil, "\n%d %d obj", ref.num, ref.gen)) + 1}
		g.token()
		g.token()
		g.token()
		v, _ := g.object()
		length, ok = v.(int64)
	}
	if !ok || length < 0 || lx.pos+int(length) > len(lx.b) {
		return nil, errors.New("stream without a valid /Length")
	}
	s := &pdfStream{dict: d, data: lx.b[lx.pos : lx.pos+int(length)]}
	lx.pos += int(length)
	rest := lx.b[lx.pos:]
	if !(bytes.HasPrefix(rest, []byte("\nendstream")) || bytes.HasPrefix(rest, []byte("\r\nendstream")) || bytes.HasPrefix(rest, []byte("\rendstream"))) {
		return nil, errors.New("/Length does not end the stream at an end of line and endstream")
	}
	lx.token() // endstream
	return s, nil
}

// resolve follows a reference; other values are returned as they are.
func (f *pdfFile) resolve(v any) any {
	for i := 0; i < 8; i++ {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = f.objects[r.num]
	}
	return nil
}

// dict returns v resolved as a dictionary (a stream's dictionary for a
// stream), nil if it is none.
func (f *pdfFile) dict(v any) pdfDict {
	switch x := f.resolve(v).(type) {
	case pdfDict:
		return x
	case *pdfStream:
		return x.dict
	}
	return nil
}

// decoded returns a stream's data with its filters undone (only
// FlateDecode is supported, the only filter the documents may use).
func (s *pdfStream) decoded() ([]byte, error) {
	switch fl := s.dict["Filter"].(type) {
	case nil:
		return s.data, nil
	case pdfName:
		if fl != "FlateDecode" {
			return nil, fmt.Errorf("filter %s", fl)
		}
		r, err := zlib.NewReader(bytes.NewReader(s.data))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(r)
	}
	return nil, fmt.Errorf("filter %v", s.dict["Filter"])
}

// pdfLexer reads the tokens and objects of a PDF file.
type pdfLexer struct {
	b   []byte
	pos int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool { return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0 }

// skipSpace skips white space and comments.
func (lx *pdfLexer) skipSpace() {
	for lx.pos < len(lx.b) {
		c := lx.b[lx.pos]
		switch {
		case isPDFSpace(c):
			lx.pos++
		case c == '%':
			for lx.pos < len(lx.b) && lx.b[lx.pos] != '\n' && lx.b[lx.pos] != '\r' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// peekKeyword reports whether the next token is the keyword kw.
func (lx *pdfLexer) peekKeyword(kw string) bool {
	save := lx.pos
	tok, _ := lx.token()
	lx.pos = save
	return tok == pdfKeyword(kw)
}

// delimiter tokens
type pdfDelim string

// token returns the next token: a number (int64 or float64), a name, a
// string, a keyword or a delimiter ("<<", ">>", "[", "]").
func (lx *pdfLexer) token() (any, error) {
	lx.skipSpace()
	if lx.pos >= len(lx.b) {
		return nil, io.ErrUnexpectedEOF
	}
	b, c := lx.b, lx.b[lx.pos]
	switch {
	case c == '<' && lx.pos+1 < len(b) && b[lx.pos+1] == '<':
		lx.pos += 2
		return pdfDelim("<<"), nil
	case c == '>' && lx.pos+1 < len(b) && b[lx.pos+1] == '>':
		lx.pos += 2
		return pdfDelim(">>"), nil
	case c == '[' || c == ']':
		lx.pos++
		return pdfDelim(string(c)), nil
	case c == '/':
		start := lx.pos + 1
		lx.pos++
		for lx.pos < len(b) && !isPDFSpace(b[lx.pos]) && !isPDFDelim(b[lx.pos]) {
			lx.pos++
		}
		raw := b[start:lx.pos]
		var name []byte
		for i := 0; i < len(raw); i++ {
			if raw[i] == '#' {
				if i+2 >= len(raw) {
					return nil, fmt.Errorf("bad name escape in /%s", raw)
				}
				v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8)
				if err != nil {
					return nil, fmt.Errorf("bad name escape in /%s", raw)
				}
				name = append(name, byte(v))
				i += 2
				continue
			}
			name = append(name, raw[i])
		}
		if len(name) > 127 {
			return nil, fmt.Errorf("name longer than 127 bytes")
		}
		return pdfName(name), nil
	case c == '(':
		return lx.literal()
	case c == '<':
		end := bytes.IndexByte(b[lx.pos:], '>')
		if end < 0 {
			return nil, errors.New("unterminated hex string")
		}
		hexDigits := bytes.Map(func(r rune) rune {
			if isPDFSpace(byte(r)) {
				return -1
			}
			return r
		}, b[lx.pos+1:lx.pos+end])
		lx.pos += end + 1
		if len(hexDigits)%2 != 0 {
			return nil, errors.New("hex string with an odd number of digits")
		}
		out := make([]byte, len(hexDigits)/2)
		for i := range out {
			v, err := strconv.ParseUint(string(hexDigits[2*i:2*i+2]), 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad hex string: %v", err)
			}
			out[i] = byte(v)
		}
		return pdfString(out), nil
	case c == ')' || c == '>' || c == '{' || c == '}':
		return nil, fmt.Errorf("unexpected %q at %d", c, lx.pos)
	}
	start := lx.pos
	for lx.pos < len(b) && !isPDFSpace(b[lx.pos]) && !isPDFDelim(b[lx.pos]) {
		lx.pos++
	}
	word := string(b[start:lx.pos])
	if n, err := strconv.ParseInt(word, 10, 64); err == nil {
		return n, nil
	}
	if x, err := strconv.ParseFloat(word, 64); err == nil && (word[0] == '.' || word[0] == '-' || word[0] == '+' || (word[0] >= '0' && word[0] <= '9')) {
		return x, nil
	}
	return pdfKeyword(word), nil
}

// literal reads a literal string with its escapes and balanced parentheses.
func (lx *pdfLexer) literal() (any, error) {
	b := lx.b
	lx.pos++ // (
	var out []byte
	depth := 1
	for lx.pos < len(b) {
		c := b[lx.pos]
		lx.pos++
		switch c {
		case '\\':
			if lx.pos >= len(b) {
				return nil, errors.New("unterminated string")
			}
			e := b[lx.pos]
			lx.pos++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\n':
			case '\r':
				if lx.pos < len(b) && b[lx.pos] == '\n' {
					lx.pos++
				}
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && lx.pos < len(b) && b[lx.pos] >= '0' && b[lx.pos] <= '7'; k++ {
						v = v*8 + int(b[lx.pos]-'0')
						lx.pos++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			if depth == 0 {
				return pdfString(out), nil
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return nil, errors.New("unterminated string")
}

// object reads one direct object (a reference "n g R" counts as one).
func (lx *pdfLexer) object() (any, error) {
	tok, err := lx.token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case pdfDelim:
		switch t {
		case "<<":
			d := pdfDict{}
			for {
				k, err := lx.token()
				if err != nil {
					return nil, err
				}
				if k == pdfDelim(">>") {
					return d, nil
				}
				name, ok := k.(pdfName)
				if !ok {
					return nil, fmt.Errorf("dictionary key %v is not a name", k)
				}
				v, err := lx.object()
				if err != nil {
					return nil, err
				}
				if _, dup := d[string(name)]; dup {
					return nil, fmt.Errorf("duplicate key /%s", name)
				}
				d[string(name)] = v
			}
		case "[":
			var a pdfArray
			for {
				save := lx.pos
				k, err := lx.token()
				if err != nil {
					return nil, err
				}
				if k == pdfDelim("]") {
					return a, nil
				}
				lx.pos = save
				v, err := lx.object()
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
		}
		return nil, fmt.Errorf("unexpected %s", t)
	case int64:
		// "n g R" is a reference.
		save := lx.pos
		g, err1 := lx.token()
		r, err2 := lx.token()
		if gen, ok := g.(int64); ok && err1 == nil && err2 == nil && r == pdfKeyword("R") {
			return pdfRef{num: int(t), gen: int(gen)}, nil
		}
		lx.pos = save
		return t, nil
	case pdfKeyword:
		switch t {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return nil, fmt.Errorf("unexpected keyword %q", t)
	}
	return tok, nil
}
