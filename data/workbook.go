package data

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// A workbook (.xlsx) is a zip archive of XML parts. A small file can
// unpack to gigabytes (a "zip bomb"), and the spreadsheet library spills
// any sheet larger than 16 MB into a temporary file. Workbooks are
// therefore checked before they are read: the file's size, the number
// and unpacked sizes of its parts (which the zip reader enforces while
// unpacking), the rows of each sheet and the length of each cell.
const (
	// MaxWorkbookBytes is the largest workbook file.
	MaxWorkbookBytes = 20 << 20
	// maxWorkbookParts is the most parts (files) in a workbook.
	maxWorkbookParts = 1000
	// maxWorkbookPart is the largest unpacked part: below the 16 MB above
	// which the spreadsheet library writes a sheet to a temporary file.
	maxWorkbookPart = 8 << 20
	// maxWorkbookUnpacked is the most all parts may unpack to.
	maxWorkbookUnpacked = 64 << 20
	// MaxWorkbookRows is the most rows of one sheet.
	MaxWorkbookRows = 20000
	// MaxCellChars is the longest cell (Excel's own limit).
	MaxCellChars = 32767
)

// ReadWorkbook reads the workbook file at path after checking its size,
// and returns its content once CheckWorkbook passed it.
func ReadWorkbook(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Code: EInvalid, Key: "err.workbook_unreadable", Args: map[string]any{"Path": path, "Why": labelArg(fileReason(err))}, Err: err}
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, MaxWorkbookBytes+1))
	if err != nil {
		return nil, &Error{Code: EInvalid, Key: "err.workbook_unreadable", Args: map[string]any{"Path": path, "Why": labelArg(fileReason(err))}, Err: err}
	}
	if err := CheckWorkbook(content); err != nil {
		return nil, err
	}
	return content, nil
}

// fileReason is the translation key of why a file could not be read.
func fileReason(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "reason.no_file"
	case errors.Is(err, os.ErrPermission):
		return "reason.read_denied"
	}
	return "reason.read_other"
}

// CheckWorkbook checks a workbook's content against the limits above,
// unpacking each part at most once and never beyond its limit. It
// returns an EInvalid error saying which limit the workbook exceeds.
func CheckWorkbook(content []byte) error {
	if len(content) > MaxWorkbookBytes {
		return errf(EInvalid, "err.workbook_too_big", "MB", MaxWorkbookBytes>>20)
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return &Error{Code: EInvalid, Key: "err.workbook_not_xlsx", Err: err}
	}
	if len(zr.File) > maxWorkbookParts {
		return errf(EInvalid, "err.workbook_parts", "N", len(zr.File), "Max", maxWorkbookParts)
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxWorkbookPart {
			return errf(EInvalid, "err.workbook_unpacks", "Part", f.Name, "MB", maxWorkbookPart>>20)
		}
		if total += f.UncompressedSize64; total > maxWorkbookUnpacked {
			return errf(EInvalid, "err.workbook_unpacks_total", "MB", maxWorkbookUnpacked>>20)
		}
	}
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		sheet := strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml")
		if !sheet && name != "xl/sharedstrings.xml" {
			continue
		}
		if err := checkPart(f, sheet); err != nil {
			return err
		}
	}
	return nil
}

// checkPart reads one sheet or the shared strings as XML tokens, counting
// rows and measuring text, without keeping them.
func checkPart(f *zip.File, sheet bool) error {
	r, err := f.Open()
	if err != nil {
		return &Error{Code: EInvalid, Key: "err.workbook_not_xlsx", Err: err}
	}
	defer r.Close()
	dec := xml.NewDecoder(r)
	rows, text := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// Unpacking beyond the declared size fails here too.
			return &Error{Code: EInvalid, Key: "err.workbook_not_xlsx", Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			text = 0
			if sheet && t.Name.Local == "row" {
				if rows++; rows > MaxWorkbookRows {
					return errf(EInvalid, "err.workbook_rows", "Part", f.Name, "Max", MaxWorkbookRows)
				}
			}
		case xml.CharData:
			if text += utf8.RuneCount(t); text > MaxCellChars {
				return errf(EInvalid, "err.workbook_cell", "Part", f.Name, "Max", MaxCellChars)
			}
		}
	}
}
