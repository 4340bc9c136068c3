// Package reports writes the documents of UpgradeDesk: for a case
// (升级事项) the request form (软件升级需求申请表), assessment report
// (软件升级需求评估报告), upgrade plan (软件升级计划), acceptance form with
// the test records (软件升级验收单), rollback report (软件升级回退报告),
// registration form (软件版本升级登记表) and dossier (升级事项案卷); the
// software version ledger (软件版本台账); and spreadsheets of the case list
// and the ledger, the latter also read back for import.
//
// The case documents are made from a data.Dossier by WriteCase (Available
// says which a case has now, FileName names their files); ArchiveDossier
// makes the dossier archived when a case is closed (the renderer the
// store is given as data.Options.Dossier), and a dossier written any other
// way is a copy, marked 副本（非归档件） on every page. ArchivedOrRender
// hands out the archived dossier as archived, and ExportCases writes every
// document of many cases into a folder. WriteLedger writes the ledger. WriteCasesXLSX, WriteLedgerXLSX and ReadLedgerXLSX handle the
// workbooks. Documents are always in Chinese; every word they print comes
// from the translation catalogue (data.T), and a record prints as its
// description (data.Record) says: its fields in form order under the
// form's labels and sections, references as names (record.go).
//
// Underneath is a small layout engine, usable on its own: NewDoc starts a
// document, and the block methods (Heading, Fields, Text, Table,
// Signatures, Note, PageBreak) record what it holds. Write lays the
// blocks out on A4 pages in millimetres into a display list of text,
// rectangles and lines per page, adds the header and the "第 x 页 / 共 y 页"
// footer to every page, and renders the list as PDF with fpdf
// (codeberg.org/go-pdf/fpdf v0.12.0, the maintained continuation of
// github.com/jung-kurt/gofpdf; see render.go). Every file is PDF/A-3b
// (pdfa.go): XMP metadata, the sRGB output intent, embedded font subsets
// with ToUnicode maps, a file identifier, and its data as an associated
// file.
//
// Documents are sealed (seal.go): each carries a JSON file (record.json,
// ledger.json) holding everything it prints, whose SHA-256 gives the check
// code printed in its notes and carried, with the document code and the
// page, by the QR code in the footer of every page.
//
// The two Noto Sans SC faces are parsed once per process. For each
// document Write collects the characters each face draws, cuts a small
// TrueType subset of the face holding just those glyphs (subset.go) and
// embeds it itself, its characters numbered 1, 2, 3 … with a ToUnicode
// map back to the real characters (pdffont.go); fpdf draws the text
// already encoded and never sees a font, which it would parse, measure
// and cut again for every document. A face a document does not use is
// not embedded. See BenchmarkDocument and BENCHMARKS.md for the time and
// size of a document.
//
// Text is wrapped by this package (fpdf's MultiCell and SplitText drop a
// CJK character at every line break, and are not used): Chinese text
// breaks between any two ideographs, Latin words and numbers stay whole
// where they fit, and the basic Chinese line-breaking rules (禁则) keep
// closing punctuation off the start of a line and opening punctuation off
// its end. A document holding a character the fonts cannot draw (see
// data.Printable: 𠀀, 鿰, emoji …) is refused by Write with an error naming
// each such character and its field; data's validators refuse the same
// characters where text is typed.
//
// The rest of the program uses only the API of this package and knows
// nothing of how PDF is written. Separate documents may be built and
// written concurrently; a single Doc is not safe for concurrent use.
package reports
