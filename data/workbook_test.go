package data

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// ZipBomb returns an .xlsx-shaped zip whose one sheet unpacks to size
// bytes of the same empty element, over and over; lie makes the archive
// declare only a megabyte for it.
func ZipBomb(t testing.TB, size int64, lie bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, `<?xml version="1.0"?><x/>`)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("<a/>"), 1<<18)
	for n := int64(0); n < size; n += int64(len(chunk)) {
		w.Write(chunk)
	}
	zw.Close()
	b := buf.Bytes()
	if lie {
		// The sizes in the central directory and the local header: 1 MB.
		b = bytes.Clone(b)
		forgeSizes(b, "xl/worksheets/sheet1.xml", 1<<20)
	}
	return b
}

// forgeSizes writes size as the uncompressed size of the named entry in
// both of its headers.
func forgeSizes(b []byte, name string, size uint32) {
	put := func(at int) {
		b[at], b[at+1], b[at+2], b[at+3] = byte(size), byte(size>>8), byte(size>>16), byte(size>>24)
	}
	for i := 0; i+46 < len(b); i++ {
		switch {
		case bytes.Equal(b[i:i+4], []byte("PK\x01\x02")) && bytes.HasPrefix(b[i+46:], []byte(name)):
			put(i + 24)
		case bytes.Equal(b[i:i+4], []byte("PK\x03\x04")) && bytes.HasPrefix(b[i+30:], []byte(name)):
			put(i + 22)
		}
	}
}

func TestWorkbookLimits(t *testing.T) {
	for _, c := range []struct {
		name    string
		content []byte
		key     string
	}{
		{"a zip bomb", ZipBomb(t, 256<<20, false), "err.workbook_unpacks"},
		{"a zip bomb that lies about its size", ZipBomb(t, 256<<20, true), "err.workbook_not_xlsx"},
		{"too large a file", make([]byte, MaxWorkbookBytes+1), "err.workbook_too_big"},
		{"not a workbook", []byte("name,version\nILS,1.0\n"), "err.workbook_not_xlsx"},
		{"too many rows", sheetXLSX(t, strings.Repeat(`<row r="1"><c><v>1</v></c></row>`, MaxWorkbookRows+1)), "err.workbook_rows"},
		{"too long a cell", sheetXLSX(t, `<row r="1"><c t="inlineStr"><is><t>`+strings.Repeat("长", MaxCellChars+1)+`</t></is></c></row>`), "err.workbook_cell"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			err := CheckWorkbook(c.content)
			var e *Error
			if !errors.As(err, &e) || e.Code != EInvalid || e.Key != c.key {
				t.Fatalf("got %v, want %s", err, c.key)
			}
			if T(LangZH, e.Key, e.Args) == e.Key {
				t.Errorf("no message for %s", e.Key)
			}
			t.Logf("%s refused in %v", c.name, time.Since(start))
		})
	}
	if err := CheckWorkbook(sheetXLSX(t, `<row r="1"><c t="inlineStr"><is><t>软件系统</t></is></c></row>`)); err != nil {
		t.Errorf("a small workbook: %v", err)
	}
}

// sheetXLSX returns a workbook-shaped zip with one sheet holding rows.
func sheetXLSX(t testing.TB, rows string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, `<?xml version="1.0"?><worksheet><sheetData>`+rows+`</sheetData></worksheet>`)
	zw.Close()
	return buf.Bytes()
}
