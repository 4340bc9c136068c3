package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"upgradedesk/data"
)

// PackDoc is one document of a print pack (待签打印包).
type PackDoc struct {
	Copy   data.PaperCopy // the copy as printed: case, code, check code, pages
	CaseNo string
	Title  string
	// Signers are the people whose signature the document waits for.
	Signers []string
}

// PrintPack writes one PDF holding every document that confirms one of
// due (the signatures outstanding, data.Store.PaperOutstanding), each
// once, after a cover listing them (待签打印包); title names whom or what
// the pack is for. It returns the documents, to be recorded as printed
// (data.Store.RecordPrints). A pack with nothing to sign is an error
// (data.ENotFound).
func PrintPack(w io.Writer, s *data.Store, due []data.PaperDue, title string, generated time.Time) ([]PackDoc, error) {
	byCase := map[uint][]data.PaperDue{}
	var order []uint
	for _, d := range due {
		if _, ok := byCase[d.Decision.CaseID]; !ok {
			order = append(order, d.Decision.CaseID)
		}
		byCase[d.Decision.CaseID] = append(byCase[d.Decision.CaseID], d)
	}
	var docs []PackDoc
	var pdfs [][]byte
	for _, id := range order {
		d, err := s.Dossier(id)
		if err != nil {
			return nil, err
		}
		for _, k := range Available(d) {
			check, confirms, err := Seal(k, d)
			if err != nil {
				return nil, err
			}
			var signers []string
			for _, pd := range byCase[id] {
				for _, c := range confirms {
					if c == pd.Decision.ID {
						signers = append(signers, pd.Decision.ActorText(data.LangZH))
					}
				}
			}
			if len(signers) == 0 {
				continue
			}
			var buf bytes.Buffer
			if err := WriteCase(&buf, k, d, generated); err != nil {
				return nil, err
			}
			n, err := api.PageCount(bytes.NewReader(buf.Bytes()), nil)
			if err != nil {
				return nil, fmt.Errorf("print pack: %w", err)
			}
			docs = append(docs, PackDoc{Copy: data.PaperCopy{CaseID: id, Code: Code(k, d), Check: check, Pages: n},
				CaseNo: d.Case.No, Title: Title(k), Signers: signers})
			pdfs = append(pdfs, buf.Bytes())
		}
	}
	if len(docs) == 0 {
		return nil, &data.Error{Code: data.ENotFound, Key: "report.err.pack_empty"}
	}
	cover, err := packCover(docs, title, generated)
	if err != nil {
		return nil, err
	}
	rs := []io.ReadSeeker{bytes.NewReader(cover)}
	for _, p := range pdfs {
		rs = append(rs, bytes.NewReader(p))
	}
	if err := api.MergeRaw(rs, w, false, nil); err != nil {
		return nil, fmt.Errorf("print pack: %w", err)
	}
	return docs, nil
}

// PackCoverCode begins the QR code on the pages of a print pack's cover,
// "UD-PACK 1/1": a scan of the cover, sent back with the signed pages, is
// recognised and left out (reports/scan), not sent to 待归类.
const PackCoverCode = "UD-PACK"

// packCover is the cover list of a print pack.
func packCover(docs []PackDoc, title string, generated time.Time) ([]byte, error) {
	doc, err := NewDoc(DocInfo{Title: label("report.pack.title"), Generated: generated})
	if err != nil {
		return nil, err
	}
	doc.mark = PackCoverCode
	doc.centred(title, false, 11)
	cols := []Column{noColumn, {Title: label("report.pack.case"), Width: 28, Align: "C"},
		{Title: label("report.pack.document"), Width: 46}, {Title: label("report.pack.code"), Width: 38, Align: "C"},
		{Title: label("report.pack.signers"), Width: 38}, {Title: label("report.pack.pages"), Width: 13, Align: "C"}}
	rows := make([][]string, len(docs))
	for i, d := range docs {
		signers := ""
		for j, s := range d.Signers {
			if j > 0 {
				signers += "、"
			}
			signers += s
		}
		rows[i] = []string{strconv.Itoa(i + 1), d.CaseNo, d.Title, d.Copy.Code, signers, strconv.Itoa(d.Copy.Pages)}
	}
	doc.Table(cols, rows)
	doc.Note(label("report.pack.note"))
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
