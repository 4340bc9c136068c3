package data

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Signed paper comes back as scans. Every page of every document carries
// a QR code naming the document (its code holds the case number), the
// page n/N and the document's check code (reports/seal.go). The reader
// (reports/scan) decodes the pages of an imported file and hands them to
// AddScanPages, which stores each page once (by the SHA-256 of its image):
// a page with a readable code of a known case waits for the rest of its
// document (ScanWaiting); any other goes to 待归类 (ScanUnsorted) for
// filing by hand (FileUnsorted). When every page of a document is there,
// the reader assembles them into one file and FileDocument files it in
// one transaction: the file is attached to the case, and when the check
// code on the paper is the current one, the decisions the document
// confirms are marked 纸质签字已收回 (PaperSigned, ScanID, audited with the
// scan's SHA-256); when it is not, the file is kept as 签字件与现记录不一致
// with what changed since the copy was printed, and the decisions stay
// outstanding (PaperOutstanding), asking their signers for a new
// signature. Printed copies are recorded (RecordPrints): who printed which
// document with which check code, when.

// The states of a scanned page.
const (
	ScanWaiting  = "waiting"  // read, its document incomplete
	ScanUnsorted = "unsorted" // 待归类: no readable code, or an unknown case
	ScanFiled    = "filed"    // part of a document filed as valid
	ScanStale    = "stale"    // part of a document whose check code is not the current one
)

// ScanPage is one page of signed paper as imported.
type ScanPage struct {
	ID uint `gorm:"primaryKey" json:"id"`
	// SHA256 is the digest of the page's image (or of the whole file for
	// a PDF the application exported): the same scan imported twice is
	// recognised by it.
	SHA256 string `gorm:"size:64;not null;index" json:"sha256"`
	// Source and SourcePage say where the page came from: the file's name
	// and the page's number in it (from 1).
	Source     string `gorm:"size:255" json:"source"`
	SourcePage int    `json:"source_page"`
	// Code, Page, Pages and Check are what the QR code says: the document
	// code ("UD-01-SJ-2026-0001"), page n of N and the check code; empty
	// when it could not be read.
	Code   string `gorm:"size:64;index" json:"code,omitempty"`
	Page   int    `json:"page,omitempty"`
	Pages  int    `json:"pages,omitempty"`
	Check  string `gorm:"column:check_code;size:16" json:"check,omitempty"`
	CaseID *uint  `gorm:"index" json:"case_id,omitempty"`
	State  string `gorm:"size:16;not null;index" json:"state"`
	// Problem is the translation key of why a page waits to be sorted by
	// hand ("scan.problem.no_code", "scan.problem.unknown_case").
	Problem string `gorm:"size:64" json:"problem,omitempty"`
	MIME    string `gorm:"size:64" json:"mime"`
	// ScanID is the attachment the page was filed in.
	ScanID     *uint     `gorm:"index" json:"scan_id,omitempty"`
	ImporterID uint      `json:"importer_id"`
	ImportedBy string    `gorm:"size:64" json:"imported_by"`
	ImportedAt time.Time `gorm:"not null" json:"imported_at"`
}

// ScanPageData holds the image of one scanned page.
type ScanPageData struct {
	PageID uint   `gorm:"primaryKey"`
	Data   []byte `gorm:"not null"`
}

// PaperCopy is a document printed for signing: who printed it, when, and
// the check code it carries, so that a scan of it can tell what changed
// since, and the printer's 待办 lists the copies still out.
type PaperCopy struct {
	ID          uint      `gorm:"primaryKey" json:"id"`
	CaseID      uint      `gorm:"not null;index" json:"case_id"`
	Code        string    `gorm:"size:64;not null;index" json:"code"`
	Check       string    `gorm:"column:check_code;size:16;not null" json:"check"`
	Pages       int       `json:"pages"`
	PrintedByID uint      `gorm:"index" json:"printed_by_id"`
	PrintedBy   string    `gorm:"size:64" json:"printed_by"`
	PrintedAt   time.Time `gorm:"not null" json:"printed_at"`
}

// ScanPageIn is one page the reader found in an imported file.
type ScanPageIn struct {
	Image      []byte // the page's image (or the whole file, see ScanPage.SHA256)
	SourcePage int
	// Code, Page, Pages and Check are the QR code's content; Code is ""
	// when no code could be read.
	Code        string
	Page, Pages int
	Check       string
}

// ScanPageOut says what became of one page given to AddScanPages.
type ScanPageOut struct {
	Page *ScanPage
	// Duplicate is true when the same image was imported before: Page is
	// the page stored then.
	Duplicate bool
}

// ParseDocCode splits a case document's code, "UD-01-SJ-2026-0001", into
// the document's code ("UD-01") and the case number; ok is false for any
// other text.
func ParseDocCode(code string) (kind, caseNo string, ok bool) {
	if len(code) < 6 || !strings.HasPrefix(code, "UD-") || code[5] != '-' {
		return "", "", false
	}
	kind, caseNo = code[:5], code[6:]
	if ValidCaseNo(caseNo) != nil {
		return "", "", false
	}
	return kind, caseNo, true
}

// AddScanPages stores the pages read from one imported file, source, in
// one transaction: each page not seen before (by its image's SHA-256)
// waits for the rest of its document, or goes to 待归类 when its code was
// not read or names no known case. Pages seen before are returned as
// duplicates and not stored again.
func (s *Store) AddScanPages(actor *Session, source string, pages []ScanPageIn) ([]ScanPageOut, error) {
	source = displayName(source)
	if len([]rune(source)) > 255 {
		source = string([]rune(source)[:255])
	}
	out := make([]ScanPageOut, len(pages))
	err := s.write("import scan", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		cases := map[string]*uint{}
		for i, in := range pages {
			if len(in.Image) == 0 {
				return errf(EInvalid, "err.empty_file")
			}
			sum := SHA256Hex(in.Image)
			var old []ScanPage
			if err := tx.Where("sha256 = ?", sum).Limit(1).Find(&old).Error; err != nil {
				return err
			}
			if len(old) > 0 {
				out[i] = ScanPageOut{Page: &old[0], Duplicate: true}
				continue
			}
			p := &ScanPage{SHA256: sum, Source: source, SourcePage: in.SourcePage, Code: in.Code, Page: in.Page,
				Pages: in.Pages, Check: in.Check, State: ScanWaiting, MIME: http.DetectContentType(in.Image),
				ImporterID: a.ID, ImportedBy: a.FullName, ImportedAt: s.now()}
			if len(p.MIME) > 64 {
				p.MIME = p.MIME[:64]
			}
			_, no, ok := ParseDocCode(in.Code)
			switch {
			case !ok || in.Page < 1 || in.Page > in.Pages || in.Check == "":
				p.State, p.Problem = ScanUnsorted, "scan.problem.no_code"
			default:
				id, seen := cases[no]
				if !seen {
					var c Case
					if err := tx.Where("no = ?", no).Limit(1).Find(&c).Error; err != nil {
						return err
					}
					if c.ID != 0 {
						id = &c.ID
					}
					cases[no] = id
				}
				if id == nil {
					p.State, p.Problem = ScanUnsorted, "scan.problem.unknown_case"
				}
				p.CaseID = id
			}
			if err := tx.Create(p).Error; err != nil {
				return err
			}
			if err := tx.Create(&ScanPageData{PageID: p.ID, Data: in.Image}).Error; err != nil {
				return err
			}
			changes := []Change{{Field: "sha256", New: sum}, {Field: "state", New: p.State}}
			if p.Code != "" {
				changes = append(changes, Change{Field: "code", New: fmt.Sprintf("%s %d/%d %s", p.Code, p.Page, p.Pages, p.Check)})
			}
			if err := s.audit(tx, a, OpCreate, "scan_pages", p.ID, derefID(p.CaseID), changes, "", source); err != nil {
				return err
			}
			out[i] = ScanPageOut{Page: p}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ScanSet is the pages of one printed document (code and check code) that
// wait to be filed.
type ScanSet struct {
	Code, Check string
	CaseID      uint
	Pages       int
	// ByPage holds the waiting pages by their number; a page scanned
	// twice keeps its first scan.
	ByPage map[int]ScanPage
}

// Missing returns the numbers of the pages not there yet.
func (w *ScanSet) Missing() []int {
	var out []int
	for n := 1; n <= w.Pages; n++ {
		if _, ok := w.ByPage[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

// Complete reports whether every page is there.
func (w *ScanSet) Complete() bool { return w.Pages > 0 && len(w.Missing()) == 0 }

// MissingText names the missing pages: "第 2 页缺失", "第 2、3 页缺失".
func (w *ScanSet) MissingText(lang string) string {
	m := w.Missing()
	if len(m) == 0 {
		return ""
	}
	parts := make([]string, len(m))
	for i, n := range m {
		parts[i] = strconv.Itoa(n)
	}
	return T(lang, "scan.missing_pages", map[string]any{"Pages": strings.Join(parts, T(lang, "list.sep", nil)),
		"Count": len(m)})
}

// WaitingScans returns the documents whose pages wait for the rest, by
// code and check code, in the order of their codes; with code set, only
// that document's.
func (s *Store) WaitingScans(code string) ([]ScanSet, error) {
	q := s.db.Where("state = ?", ScanWaiting).Order("code, check_code, page, id")
	if code != "" {
		q = q.Where("code = ?", code)
	}
	var ps []ScanPage
	if err := q.Find(&ps).Error; err != nil {
		return nil, s.read("list scans", err)
	}
	var out []ScanSet
	for _, p := range ps {
		if n := len(out); n == 0 || out[n-1].Code != p.Code || out[n-1].Check != p.Check || out[n-1].Pages != p.Pages {
			out = append(out, ScanSet{Code: p.Code, Check: p.Check, CaseID: derefID(p.CaseID), Pages: p.Pages,
				ByPage: map[int]ScanPage{}})
		}
		w := &out[len(out)-1]
		if _, ok := w.ByPage[p.Page]; !ok {
			w.ByPage[p.Page] = p
		}
	}
	return out, nil
}

// UnsortedScans lists the pages of 待归类, oldest first.
func (s *Store) UnsortedScans() ([]ScanPage, error) {
	var ps []ScanPage
	err := s.db.Where("state = ?", ScanUnsorted).Order("id").Find(&ps).Error
	return ps, s.read("list scans", err)
}

// ScanPageImage returns the image of a scanned page (for a preview).
func (s *Store) ScanPageImage(id uint) ([]byte, error) {
	var d ScanPageData
	if err := s.db.First(&d, id).Error; err != nil {
		return nil, s.read("read scan", err)
	}
	return d.Data, nil
}

// FileDocumentRequest is a complete document to file: the pages (in
// order), the file made of them, and what the reader found out about the
// check code.
type FileDocumentRequest struct {
	CaseID uint
	Code   string
	Check  string
	// PageIDs are the stored pages (AddScanPages) in page order.
	PageIDs []uint
	// Name and Content are the file attached to the case (the pages as
	// one PDF, or the PDF the application exported).
	Name    string
	Content []byte
	// Current is true when Check is the document's current check code.
	Current bool
	// Decisions are the decisions the document confirms (its signature
	// lines' roles among the decisions it prints).
	Decisions []uint
}

// FiledDocument is what FileDocument did.
type FiledDocument struct {
	Scan *Attachment
	// Marked are the decisions marked 纸质签字已收回.
	Marked []uint
	// Stale is true when the copy's check code was not the current one;
	// Changes then lists what changed since it was printed (when its
	// printing is on record; PrintedAt is zero otherwise).
	Stale     bool
	PrintedAt time.Time
	Changes   []string
}

// FileDocument files a complete scanned document in one transaction: all
// or nothing (see the top of this file).
func (s *Store) FileDocument(actor *Session, req FileDocumentRequest) (*FiledDocument, error) {
	if len(req.PageIDs) == 0 || len(req.Content) == 0 {
		return nil, errf(EInvalid, "err.empty_file")
	}
	if len(req.Content) > MaxAttachment {
		return nil, errf(EInvalid, "err.too_big", "MB", MaxAttachment>>20)
	}
	out := &FiledDocument{Stale: !req.Current}
	err := s.write("file scan", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		c, err := loadCase(tx, req.CaseID)
		if err != nil {
			return err
		}
		var ps []ScanPage
		if err := tx.Where("id IN ?", req.PageIDs).Find(&ps).Error; err != nil {
			return err
		}
		if len(ps) != len(req.PageIDs) {
			return errf(EConflict, "err.scan_changed")
		}
		for _, p := range ps {
			if p.State != ScanWaiting && p.State != ScanUnsorted {
				return errf(EConflict, "err.scan_changed")
			}
		}
		state, note := ScanFiled, T(LangZH, "scan.note.filed", map[string]any{"Code": req.Code, "Check": req.Check})
		if !req.Current {
			state = ScanStale
			printed, changes, err := s.changesSincePrint(tx, c.ID, req.Code, req.Check)
			if err != nil {
				return err
			}
			out.PrintedAt, out.Changes = printed, changes
			note = T(LangZH, "scan.note.stale", map[string]any{"Code": req.Code, "Check": req.Check})
		}
		if r := []rune(note); len(r) > 255 {
			note = string(r[:255])
		}
		att, err := s.insertAttachment(tx, a, c.ID, SafeFileName(req.Name), http.DetectContentType(req.Content), note, req.Content)
		if err != nil {
			return err
		}
		out.Scan = att
		if err := tx.Model(&ScanPage{}).Where("id IN ?", req.PageIDs).
			Updates(map[string]any{"state": state, "scan_id": att.ID, "case_id": c.ID}).Error; err != nil {
			return err
		}
		for _, id := range req.PageIDs {
			if err := s.audit(tx, a, OpUpdate, "scan_pages", id, c.ID,
				[]Change{{Field: "state", New: state}, {Field: "scan_id", New: strconv.FormatUint(uint64(att.ID), 10)}}, "", ""); err != nil {
				return err
			}
		}
		if !req.Current {
			return nil
		}
		var ds []Decision
		if len(req.Decisions) > 0 {
			if err := tx.Where("case_id = ? AND id IN ? AND scan_id IS NULL", c.ID, req.Decisions).Order("id").Find(&ds).Error; err != nil {
				return err
			}
		}
		for _, d := range ds {
			if err := tx.Model(&Decision{}).Where("id = ?", d.ID).
				Updates(map[string]any{"paper_signed": true, "scan_id": att.ID}).Error; err != nil {
				return err
			}
			changes := []Change{{Field: "scan_id", New: strconv.FormatUint(uint64(att.ID), 10)}}
			if !d.PaperSigned {
				changes = append([]Change{{Field: "paper_signed", Old: "false", New: "true"}}, changes...)
			}
			comment := T(LangZH, "scan.audit.returned", map[string]any{"SHA": att.SHA256})
			if err := s.audit(tx, a, OpUpdate, "decisions", d.ID, c.ID, changes, "", comment); err != nil {
				return err
			}
			out.Marked = append(out.Marked, d.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changesSincePrint returns when the copy with code and check was printed
// (zero when its printing is not on record) and the case's changes since,
// one line each: a decision with its opinion ("王建国 2026-04-02 10:00
// 纳入评估：纳入本季度评估"), a field with its old and new value ("… 计划 ·
// 升级目标：旧 → 新").
func (s *Store) changesSincePrint(tx *gorm.DB, caseID uint, code, check string) (time.Time, []string, error) {
	var pc []PaperCopy
	if err := tx.Where("code = ? AND check_code = ?", code, check).Order("id").Limit(1).Find(&pc).Error; err != nil {
		return time.Time{}, nil, err
	}
	if len(pc) == 0 {
		return time.Time{}, nil, nil
	}
	var es []AuditEntry
	if err := tx.Where("case_id = ? AND at > ? AND entity NOT IN ?", caseID, pc[0].PrintedAt,
		[]string{"scan_pages", "attachments", "paper_copies"}).Order("seq").Find(&es).Error; err != nil {
		return time.Time{}, nil, err
	}
	names, err := readNames(tx)
	if err != nil {
		return time.Time{}, nil, err
	}
	var out []string
	for _, e := range es {
		who := e.ActorName + " " + e.At.In(time.Local).Format("2006-01-02 15:04")
		var cs []Change
		for _, c := range e.ChangeList() {
			if c.Field != "scan_id" { // a scan filed: the record's content is unchanged
				cs = append(cs, c)
			}
		}
		lines := ChangeLines(LangZH, e.Entity, cs, names)
		if e.Decision != "" {
			line := who + " " + T(LangZH, e.DecisionKey(), nil)
			if e.Comment != "" {
				line += "：" + e.Comment
			}
			out = append(out, line)
		}
		for _, l := range lines {
			out = append(out, fmt.Sprintf("%s %s：%s → %s", who, l.Label, l.Old, l.New))
		}
	}
	return pc[0].PrintedAt, out, nil
}

// FileUnsorted files pages of 待归类 by hand as one document of a case, in
// the order given, with the file made of them: the check code is not
// known, so no decision is marked (the document is attached as 手工归类).
func (s *Store) FileUnsorted(actor *Session, caseID uint, pageIDs []uint, name string, content []byte) (*Attachment, error) {
	if len(pageIDs) == 0 || len(content) == 0 {
		return nil, errf(EInvalid, "err.empty_file")
	}
	var att *Attachment
	err := s.write("file scan", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		if err := CanEdit(a, c, FormAttachment); err != nil && !a.HasRole(RoleITDirector) {
			return err
		}
		var n int64
		if err := tx.Model(&ScanPage{}).Where("id IN ? AND state = ?", pageIDs, ScanUnsorted).Count(&n).Error; err != nil {
			return err
		}
		if int(n) != len(pageIDs) {
			return errf(EConflict, "err.scan_changed")
		}
		att, err = s.insertAttachment(tx, a, c.ID, SafeFileName(name), http.DetectContentType(content),
			T(LangZH, "scan.note.by_hand", nil), content)
		if err != nil {
			return err
		}
		if err := tx.Model(&ScanPage{}).Where("id IN ?", pageIDs).
			Updates(map[string]any{"state": ScanFiled, "scan_id": att.ID, "case_id": c.ID}).Error; err != nil {
			return err
		}
		for _, id := range pageIDs {
			if err := s.audit(tx, a, OpUpdate, "scan_pages", id, c.ID,
				[]Change{{Field: "state", Old: ScanUnsorted, New: ScanFiled}}, "", ""); err != nil {
				return err
			}
		}
		return nil
	})
	return att, err
}

// RecordPrints records documents printed for signing (see PaperCopy).
func (s *Store) RecordPrints(actor *Session, copies []PaperCopy) error {
	return s.write("record prints", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		for i := range copies {
			pc := copies[i]
			pc.ID, pc.PrintedByID, pc.PrintedBy, pc.PrintedAt = 0, a.ID, a.FullName, s.now()
			if err := tx.Create(&pc).Error; err != nil {
				return err
			}
			if err := s.audit(tx, a, OpCreate, "paper_copies", pc.ID, pc.CaseID,
				[]Change{{Field: "code", New: pc.Code + " " + pc.Check}}, "", ""); err != nil {
				return err
			}
		}
		return nil
	})
}

// PaperDue is a decision whose signed paper has not come back
// (待回收签字件): confirmed on paper, or to be, with no valid scan filed.
type PaperDue struct {
	Decision Decision
	CaseNo   string
	// Stale is the latest scan filed for it as 签字件与现记录不一致, when
	// one was: the signer must sign a new copy.
	Stale *Attachment
	// PrintedBy are the people who printed a copy of its case's documents.
	PrintedBy []string
}

// PaperFilter chooses the outstanding signatures PaperOutstanding lists:
// of one case, of one signer (the person who decided, or for whom a
// stand-in did), of the copies one person printed; zero for all.
type PaperFilter struct {
	CaseID    uint
	SignerID  uint
	PrinterID uint
	// CaseIDs, when not empty, are the cases to look at.
	CaseIDs []uint
	// OpenOnly leaves out the cases in a final state (closed, cancelled,
	// rejected, merged).
	OpenOnly bool
}

// paperDueSQL selects the decisions confirmed on paper whose signed copy
// has not been filed; written as the condition of the partial index
// idx_decisions_paper_due, so that the database reads that index alone.
const paperDueSQL = "paper_signed AND scan_id IS NULL"

// PaperOutstanding lists the decisions confirmed on paper whose signed
// paper has not been filed (待回收签字件), by case and time.
func (s *Store) PaperOutstanding(f PaperFilter) ([]PaperDue, error) {
	q := s.db.Model(&Decision{}).Where(paperDueSQL)
	if f.CaseID != 0 {
		q = q.Where("case_id = ?", f.CaseID)
	}
	if f.SignerID != 0 {
		q = q.Where("(actor_id = ? AND for_id IS NULL) OR for_id = ?", f.SignerID, f.SignerID)
	}
	if f.PrinterID != 0 {
		q = q.Where("case_id IN (?)", s.db.Model(&PaperCopy{}).Select("case_id").Where("printed_by_id = ?", f.PrinterID))
	}
	if len(f.CaseIDs) > 0 {
		q = q.Where("case_id IN ?", f.CaseIDs)
	}
	if f.OpenOnly {
		q = q.Where("case_id IN (?)", s.db.Model(&Case{}).Select("id").Where("state NOT IN ?", finalStates()))
	}
	var ds []Decision
	if err := q.Order("case_id, at, id").Find(&ds).Error; err != nil {
		return nil, s.read("list signatures", err)
	}
	if len(ds) == 0 {
		return nil, nil
	}
	caseIDs := make([]uint, 0, len(ds))
	for _, d := range ds {
		if n := len(caseIDs); n == 0 || caseIDs[n-1] != d.CaseID {
			caseIDs = append(caseIDs, d.CaseID)
		}
	}
	nos := map[uint]string{}
	stale := map[uint]*Attachment{}
	printers := map[uint][]string{}
	for _, ids := range chunks(caseIDs, 500) {
		var cs []Case
		if err := s.db.Select("id, no").Where("id IN ?", ids).Find(&cs).Error; err != nil {
			return nil, s.read("list signatures", err)
		}
		for _, c := range cs {
			nos[c.ID] = c.No
		}
		var as []Attachment
		if err := s.db.Where("case_id IN ? AND id IN (?)", ids,
			s.db.Model(&ScanPage{}).Select("scan_id").Where("state = ?", ScanStale)).Order("id").Find(&as).Error; err != nil {
			return nil, s.read("list signatures", err)
		}
		for i := range as {
			stale[*as[i].CaseID] = &as[i]
		}
		var pcs []PaperCopy
		if err := s.db.Where("case_id IN ?", ids).Order("id").Find(&pcs).Error; err != nil {
			return nil, s.read("list signatures", err)
		}
		for _, pc := range pcs {
			if !contains(printers[pc.CaseID], pc.PrintedBy) {
				printers[pc.CaseID] = append(printers[pc.CaseID], pc.PrintedBy)
			}
		}
	}
	out := make([]PaperDue, len(ds))
	for i, d := range ds {
		out[i] = PaperDue{Decision: d, CaseNo: nos[d.CaseID], Stale: stale[d.CaseID], PrintedBy: printers[d.CaseID]}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CaseNo < out[j].CaseNo })
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// todoPaper adds the cases with signed paper due back (待回收签字件) to a's
// 待办: for the 信息主管, every open case's; for whoever printed copies of
// a case, that case's; for a signer, their decisions whose signed copy
// came back as 签字件与现记录不一致 and must be signed again
// (PaperDue.Stale). It only finds the cases: the paper of the cases listed
// is read by todoPaperDetail (the 信息主管 of 100,000 cases has paper due
// on tens of thousands).
func (s *Store) todoPaper(a *User, byID map[uint]*TodoItem) error {
	due := s.db.Model(&Decision{}).Select("case_id").Where(paperDueSQL)
	if a.HasRole(RoleITDirector) {
		// Every open case's, read along the index of the cases by state
		// (idx_cases_rules) rather than case by case from their rows.
		if err := s.todoCases(s.db.Where("state IN ? AND id IN (?)", openStates, due), byID, markPaperDue); err != nil {
			return err
		}
	}
	stale := s.db.Model(&Attachment{}).Select("case_id").
		Where("id IN (?)", s.db.Model(&ScanPage{}).Select("scan_id").Where("state = ?", ScanStale))
	mine := s.db.Where("case_id IN (?)", s.db.Model(&PaperCopy{}).Select("case_id").Where("printed_by_id = ?", a.ID)).
		Or("((actor_id = ? AND for_id IS NULL) OR for_id = ?) AND case_id IN (?)", a.ID, a.ID, stale)
	return s.todoCases(s.db.Where("id IN (?)", due.Where(mine)), byID, markPaperDue)
}

func markPaperDue(it *TodoItem) { it.paperDue = true }

// todoPaperDetail reads the paper due to a on the cases of items that
// have some (todoPaper), as PaperDue.
func (s *Store) todoPaperDetail(a *User, items []TodoItem) error {
	var ids []uint
	at := map[uint]*TodoItem{}
	for i := range items {
		if items[i].paperDue {
			ids = append(ids, items[i].ID)
			at[items[i].ID] = &items[i]
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var printed []uint
	if err := s.db.Model(&PaperCopy{}).Where("printed_by_id = ? AND case_id IN ?", a.ID, ids).
		Distinct().Pluck("case_id", &printed).Error; err != nil {
		return s.read("todo", err)
	}
	director := a.HasRole(RoleITDirector)
	due, err := s.PaperOutstanding(PaperFilter{CaseIDs: ids})
	if err != nil {
		return err
	}
	for _, d := range due {
		it := at[d.Decision.CaseID]
		signer := d.Decision.ActorID == a.ID && d.Decision.ForID == nil || d.Decision.ForID != nil && *d.Decision.ForID == a.ID
		if director && !it.State.Terminal() || slices.Contains(printed, it.ID) || signer && d.Resign() {
			it.Paper = append(it.Paper, d)
		}
	}
	return nil
}

// finalStates are the states a case ends in.
func finalStates() []State { return statesWhere(State.Terminal) }

// Resign reports whether the signer must sign a new copy: the copy that
// came back was signed on a version of the record that has since changed.
func (d *PaperDue) Resign() bool { return d.Stale != nil }

// Text describes an outstanding signature in one line, for the 待办 and
// the dossier's cover: "刘洋（部门负责人） 批准 2026-05-01 10:00 · 待回收",
// or "… · 签字件与现记录不一致，需重新签字".
func (d *PaperDue) Text(lang string) string {
	key := "scan.due.outstanding"
	if d.Resign() {
		key = "scan.due.resign"
	}
	return T(lang, key, map[string]any{"Signer": d.Decision.ActorText(lang),
		"Action": T(lang, d.Decision.Action.LabelKey(), nil), "At": d.Decision.At.In(time.Local).Format("2006-01-02 15:04")})
}

// paperByCase counts the outstanding signatures per case for 统计, the
// cases with most first.
func (s *Store) paperByCase(st *Stats) error {
	var rows []struct {
		No string
		N  int64
	}
	err := s.db.Table("decisions").Select("cases.no AS no, count(*) AS n").
		Joins("JOIN cases ON cases.id = decisions.case_id").
		Where("decisions.paper_signed = ? AND decisions.scan_id IS NULL", true).
		Group("cases.no").Order("n DESC, cases.no").Scan(&rows).Error
	if err != nil {
		return s.read("stats", err)
	}
	for _, r := range rows {
		st.PaperDue += r.N
		if len(st.PaperByCase) < 200 {
			st.PaperByCase = append(st.PaperByCase, Count{Key: r.No, Label: r.No, N: r.N})
		}
	}
	return nil
}

// paperGate refuses to close a case whose signed paper has not all come
// back, unless the 信息主管 overrides with a reason (ActionRequest.
// PaperOverride): the reason is then audited with the closing and kept on
// the archive entry, which the dossier's cover prints.
func paperGate(x *actCtx) error {
	var n int64
	if err := x.tx.Model(&Decision{}).Where("case_id = ? AND paper_signed = ? AND scan_id IS NULL", x.c.ID, true).
		Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		x.req.PaperOverride = ""
		return nil
	}
	if x.req.PaperOverride == "" {
		return fieldError("paper_override", errf(EIncomplete, "err.paper_outstanding", "Count", n))
	}
	return nil
}
