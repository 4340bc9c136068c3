package data

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// CaseNo formats a case number: SJ-YYYY-NNNN.
func CaseNo(year, seq int) string { return fmt.Sprintf("SJ-%04d-%04d", year, seq) }

// nextSeq takes the next case number of year inside tx. The counter row
// and the case are written in the same transaction, so numbers are unique
// and gap-free: a failed creation gives its number back.
func nextSeq(tx *gorm.DB, year int) (int, error) {
	var last int
	err := tx.Raw(`INSERT INTO case_counters (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`, year).Scan(&last).Error
	if err != nil {
		return 0, fmt.Errorf("next case number: %w", err)
	}
	return last, nil
}

// choice returns a validator accepting "" or a value of list.
func choice(list []string) func(string) error {
	return func(s string) error {
		if s == "" || inList(s, list) {
			return nil
		}
		return errf(EInvalid, "valid.choice")
	}
}

// incomplete returns an EIncomplete error listing the missing fields (by
// their labels) of the record of table entity, or nil when nothing is
// missing.
func incomplete(entity string, missing []string) error {
	if len(missing) == 0 {
		return nil
	}
	return &Error{Code: EIncomplete, Key: "err.incomplete", Args: map[string]any{
		"What": labelArg("entity." + entity), "Fields": lackList(missing)}}
}

// NewCase files a new request as a draft with the next case number. The
// actor becomes the applicant, their department the requesting one.
func (s *Store) NewCase(actor *Session, c *Case) error {
	if err := Required(c.Title); err != nil {
		return fieldError("title", err)
	}
	if err := requestRecord.Check(c, s.now()); err != nil {
		return err
	}
	return s.saveCopy(c, func(tx *gorm.DB, cp record) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		nc := cp.(*Case)
		nc.ApplicantID, nc.DepartmentID = a.ID, a.DepartmentID
		if err := s.fillRequestRefs(tx, nc); err != nil {
			return err
		}
		now := s.now()
		year := now.Local().Year()
		seq, err := nextSeq(tx, year)
		if err != nil {
			return err
		}
		nc.ID, nc.Year, nc.Seq, nc.No = 0, year, seq, CaseNo(year, seq)
		nc.State, nc.StateSeq, nc.StateAt = StateDraft, 1, now
		nc.MergedIntoID, nc.ClosedAt = nil, nil
		nc.RetroDueAt, nc.RetroDoneAt = nil, nil
		if nc.RequestDate == "" {
			nc.RequestDate = now.Local().Format(DateLayout)
		}
		if nc.Phone == "" {
			nc.Phone = a.Phone
		}
		if err := s.saveRecord(tx, a, nc, "cases"); err != nil {
			return err
		}
		return s.dialect.indexCase(tx, nc)
	})
}

// fillRequestRefs checks the system and vendor, copies the system's
// current version into the request and works out the business department.
// A standard change's template must be in force and fit the request; other
// kinds carry none.
func (s *Store) fillRequestRefs(tx *gorm.DB, c *Case) error {
	var sys System
	if c.SystemID == 0 || tx.First(&sys, c.SystemID).Error != nil {
		return fieldError("system", errf(EInvalid, "valid.required"))
	}
	c.ChangeKind = KindOf(c)
	if c.ChangeKind != ChangeStandard || c.TemplateID != nil && *c.TemplateID == 0 {
		c.TemplateID = nil
	}
	if err := checkRequestTemplate(tx, c, s.today()); err != nil {
		return err
	}
	c.CurrentVersion = sys.CurrentVersion
	biz, err := businessDept(tx, c.DepartmentID, sys.OwnerDeptID)
	if err != nil {
		return err
	}
	c.BusinessDeptID = biz
	if c.VendorID != nil && *c.VendorID == 0 {
		c.VendorID = nil
	}
	if c.VendorID == nil {
		c.VendorID = sys.VendorID
	}
	return nil
}

// SaveRequest saves the request fields of a draft (the applicant only).
func (s *Store) SaveRequest(actor *Session, c *Case) error { return s.saveRequest(actor, nil, c) }

// saveRequest saves the request c, merged with what was saved since base
// was loaded when base is given (see SaveChanges).
func (s *Store) saveRequest(actor *Session, base, c *Case) error {
	if err := requestRecord.Check(c, s.now()); err != nil {
		return err
	}
	return s.saveCopy(c, func(tx *gorm.DB, cp record) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		nc := cp.(*Case)
		cur, err := loadCase(tx, nc.ID)
		if err != nil {
			return err
		}
		if err := CanEdit(a, cur, FormRequest); err != nil {
			return err
		}
		if base != nil && cur.Version != nc.Version {
			if conflicts := mergeEdits(requestRecord, base, nc, cur); len(conflicts) > 0 {
				return conflictFields(requestRecord, conflicts, &cur.Meta)
			}
			copyRecord(nc, cur)
		}
		keepCaseState(nc, cur)
		if err := s.fillRequestRefs(tx, nc); err != nil {
			return err
		}
		if err := s.saveRecord(tx, a, nc, "cases"); err != nil {
			return err
		}
		return s.dialect.indexCase(tx, nc)
	})
}

// businessDept returns the department that speaks for the business side
// of a request: the requesting one unless it is the IT department, then
// the system's owner when that is not IT either; 0 when neither is.
func businessDept(tx *gorm.DB, requesting, owner uint) (uint, error) {
	for _, id := range []uint{requesting, owner} {
		var d Department
		if err := tx.Limit(1).Find(&d, id).Error; err != nil {
			return 0, err
		}
		if d.ID != 0 && d.Kind != DeptIT {
			return d.ID, nil
		}
	}
	return 0, nil
}

// keepCaseState copies what only the workflow changes from cur into c.
func keepCaseState(c, cur *Case) {
	c.No, c.Year, c.Seq = cur.No, cur.Year, cur.Seq
	c.State, c.StateSeq, c.StateAt = cur.State, cur.StateSeq, cur.StateAt
	c.MergedIntoID, c.ClosedAt = cur.MergedIntoID, cur.ClosedAt
	c.RetroDueAt, c.RetroDoneAt = cur.RetroDueAt, cur.RetroDoneAt
	c.ApplicantID, c.DepartmentID = cur.ApplicantID, cur.DepartmentID
	c.BusinessDeptID = cur.BusinessDeptID
}

func loadCase(tx *gorm.DB, id uint) (*Case, error) {
	var c Case
	if err := tx.First(&c, id).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return nil, errf(ENotFound, "err.case_not_found")
		}
		return nil, err
	}
	return &c, nil
}

// Case returns a case.
func (s *Store) Case(id uint) (*Case, error) {
	c, err := loadCase(s.db, id)
	if err != nil {
		return nil, s.read("read case", err)
	}
	return c, nil
}

// CaseByNo returns the case with number no.
func (s *Store) CaseByNo(no string) (*Case, error) {
	var c Case
	err := s.db.Where("no = ?", strings.TrimSpace(no)).Limit(1).Find(&c).Error
	if err != nil {
		return nil, s.read("read case", err)
	}
	if c.ID == 0 {
		return nil, errf(ENotFound, "err.case_no_not_found", "No", no)
	}
	return &c, nil
}

// CaseFilter selects and orders cases for the case list.
type CaseFilter struct {
	States       []State
	DepartmentID uint
	SystemID     uint
	ApplicantID  uint
	// From and To limit the filing date (YYYY-MM-DD, inclusive).
	From, To string
	// Text is searched in the number, title and request text.
	Text string
	// Sort is one of the CaseRow column keys; "" sorts by number, newest first.
	Sort   string
	Desc   bool
	Offset int
	Limit  int
	// Overdue keeps the cases past their stage's time limit.
	Overdue bool
	// NoCount skips counting the matches (ListCases then returns -1), for
	// the further pages of a list whose total is known.
	NoCount bool
}

// CaseRow is one line of the case list.
type CaseRow struct {
	ID            uint      `json:"id"`
	No            string    `json:"no"`
	Title         string    `json:"title"`
	State         State     `json:"state"`
	StateAt       time.Time `json:"state_at"`
	SystemName    string    `json:"system"`
	DeptName      string    `json:"department"`
	ApplicantName string    `json:"applicant"`
	Urgency       string    `json:"urgency"`
	ExpectedDate  string    `json:"expected_date"`
	// DueAt is when the case's stage is due (nil: no time limit).
	DueAt     *time.Time `json:"due_at,omitempty"`
	UpdatedAt time.Time  `json:"updated_at"`
	CreatedAt time.Time  `json:"created_at"`
	// ChangeKind is the kind of change; RetroDueAt and RetroDoneAt those
	// of an emergency change (Case).
	ChangeKind  string     `json:"change_kind"`
	RetroDueAt  *time.Time `json:"retro_due_at,omitempty"`
	RetroDoneAt *time.Time `json:"retro_done_at,omitempty"`
}

// RetroPending reports whether the case is an emergency change whose
// skipped steps are not complete yet.
func (r *CaseRow) RetroPending() bool {
	return RetroPending(&Case{State: r.State, ChangeKind: r.ChangeKind, RetroDueAt: r.RetroDueAt, RetroDoneAt: r.RetroDoneAt})
}

// Due returns when the case is due next: its stage's time limit, or the
// steps an emergency change skipped when those are due first; nil when
// neither is.
func (r *CaseRow) Due() *time.Time {
	if r.RetroPending() && (r.DueAt == nil || r.RetroDueAt.Before(*r.DueAt)) {
		return r.RetroDueAt
	}
	return r.DueAt
}

// OverdueAt reports whether the case is past its stage's time limit, or
// past the time its skipped steps were due, at now.
func (r *CaseRow) OverdueAt(now time.Time) bool { d := r.Due(); return d != nil && d.Before(now) }

// RetroLateAt reports whether the case is an emergency change past the
// time its skipped steps were due, at now.
func (r *CaseRow) RetroLateAt(now time.Time) bool {
	return r.RetroPending() && r.RetroDueAt.Before(now)
}

// sortColumns maps CaseRow sort keys to SQL.
var sortColumns = map[string]string{
	"no": "cases.year %[1]s, cases.seq %[1]s", "title": "cases.title %[1]s, cases.id",
	"state": "cases.state %[1]s, cases.id", "system": "systems.name %[1]s, cases.id",
	"department": "departments.name %[1]s, cases.id", "applicant": "users.full_name %[1]s, cases.id",
	"updated_at": "cases.updated_at %[1]s, cases.id", "expected_date": "cases.expected_date %[1]s, cases.id",
	"state_at": "cases.state_at %[1]s, cases.id", "due_at": "cases.due_at %[1]s, cases.id",
}

func (s *Store) caseQuery(f CaseFilter) *gorm.DB {
	q := s.db.Table("cases")
	if len(f.States) > 0 {
		q = q.Where("cases.state IN ?", f.States)
	}
	if f.DepartmentID != 0 {
		q = q.Where("cases.department_id = ?", f.DepartmentID)
	}
	if f.SystemID != 0 {
		q = q.Where("cases.system_id = ?", f.SystemID)
	}
	if f.ApplicantID != 0 {
		q = q.Where("cases.applicant_id = ?", f.ApplicantID)
	}
	if t, err := time.ParseInLocation(DateLayout, f.From, time.Local); err == nil {
		q = q.Where("cases.created_at >= ?", t.UTC())
	}
	if t, err := time.ParseInLocation(DateLayout, f.To, time.Local); err == nil {
		q = q.Where("cases.created_at < ?", t.AddDate(0, 0, 1).UTC())
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		q = s.dialect.textFilter(q, text)
	}
	if f.Overdue {
		now := s.now()
		q = q.Where("(cases.due_at < ? OR ("+retroPendingSQL+" AND cases.retro_due_at < ?))", now, now)
	}
	return q
}

// ListCases returns one page of the cases matching f and how many match
// (-1 with f.NoCount). A free-text search reads through the dialect's
// searchTx.
func (s *Store) ListCases(f CaseFilter) ([]CaseRow, int64, error) {
	if strings.TrimSpace(f.Text) == "" {
		return s.listCases(f)
	}
	var rows []CaseRow
	var total int64
	err := s.dialect.searchTx(s.db, func(tx *gorm.DB) error {
		b := *s
		b.db = tx
		var err error
		rows, total, err = b.listCases(f)
		return err
	})
	return rows, total, s.read("list cases", err)
}

func (s *Store) listCases(f CaseFilter) ([]CaseRow, int64, error) {
	total := int64(-1)
	if !f.NoCount {
		if err := s.caseQuery(f).Count(&total).Error; err != nil {
			return nil, 0, s.read("count cases", err)
		}
	}
	rows, err := s.caseRows(f)
	return rows, total, err
}

// caseRows returns one page of the cases matching f.
func (s *Store) caseRows(f CaseFilter) ([]CaseRow, error) {
	order, ok := sortColumns[f.Sort]
	if !ok {
		order, f.Desc = sortColumns["no"], f.Sort == "" || f.Desc
	}
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	var rows []CaseRow
	err := withNames(s.caseQuery(f)).
		Order(fmt.Sprintf(order, dir)).Offset(f.Offset).Limit(f.Limit).
		Scan(&rows).Error
	return rows, s.read("list cases", err)
}

// withNames selects the CaseRow columns of q, with the names of the
// system, department and applicant.
func withNames(q *gorm.DB) *gorm.DB {
	return q.Select(`cases.id, cases.no, cases.title, cases.state, cases.state_at, cases.urgency,
			cases.expected_date, cases.due_at, cases.updated_at, cases.created_at, systems.name AS system_name,
			departments.name AS dept_name, users.full_name AS applicant_name, cases.change_kind,
			cases.retro_due_at, cases.retro_done_at`).
		Joins("LEFT JOIN systems ON systems.id = cases.system_id").
		Joins("LEFT JOIN departments ON departments.id = cases.department_id").
		Joins("LEFT JOIN users ON users.id = cases.applicant_id")
}
