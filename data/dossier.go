package data

import (
	"bytes"

	"gorm.io/gorm"
)

// Dossier is everything recorded about one case, with the names its
// records refer to: what the PDF documents and exports are made of.
type Dossier struct {
	Library        string
	BindingMargin  float64 // left margin of the printed documents, mm (Store.BindingMargin)
	Case           Case
	System         System
	Vendor         *Vendor
	DeptName       string
	ApplicantName  string
	MergedIntoNo   string
	Decisions      []Decision
	Assessment     *Assessment
	Plan           *Plan
	Backups        []Backup
	Implementation *Implementation
	Migration      *Migration
	Tests          []TestRecord
	Acceptance     *Acceptance
	Rollback       *RollbackReport
	Registration   *Registration
	Costs          []Cost
	Trainings      []Training
	Evaluation     *Evaluation
	Attachments    []Attachment
	// Archive is the case's archive entry, nil before it is archived.
	// While the case is being closed (see Options.Dossier) it is the entry
	// being made: its DossierSHA and AttachmentID are not known yet.
	Archive *ArchiveEntry
	// PaperDue are the case's decisions confirmed on paper whose signed
	// copy has not come back (待回收签字件), for the cover.
	PaperDue []PaperDue
	History  []AuditEntry
	// Names holds the names of the users, departments, systems, vendors
	// and cases the records refer to.
	Names NameBook
	// Dependants are the systems that depend on the case's system,
	// directly or through others, nearest first: what its upgrade may
	// affect (对现有系统的影响); the plan's windows name those affected.
	Dependants SystemIDs
}

// Dossier reads every record of a case, in one consistent read: one read
// transaction on one connection (SQLite) or one REPEATABLE READ, READ
// ONLY transaction (PostgreSQL), so that a record saved on another PC
// meanwhile is either wholly in it or not at all. Records not filled yet
// are nil (single forms) or empty (lists).
func (s *Store) Dossier(caseID uint) (*Dossier, error) {
	var d *Dossier
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		var err error
		d, err = s.within(tx).dossier(caseID)
		return err
	})
	if err != nil {
		return nil, s.fail("read dossier", err)
	}
	return d, nil
}

// within returns the store reading and writing through db, a
// transaction or one connection, for work that must see one state of
// the database.
func (s *Store) within(db *gorm.DB) *Store {
	v := *s
	v.db = db.Session(&gorm.Session{NewDB: true})
	return &v
}

// dossier reads every record of a case through s.db.
func (s *Store) dossier(caseID uint) (*Dossier, error) {
	c, err := s.Case(caseID)
	if err != nil {
		return nil, err
	}
	d := &Dossier{Library: s.LibraryName(), BindingMargin: s.BindingMargin(), Case: *c}
	steps := []func(*Dossier) error{s.dossierNames, s.dossierRecords, s.dossierLists}
	for _, step := range steps {
		if err := step(d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *Store) dossierNames(d *Dossier) error {
	c := &d.Case
	if err := loadRecord(s.db, &d.System, c.SystemID); err != nil {
		return s.read("read system", err)
	}
	g, err := readDependencies(s.db)
	if err != nil {
		return s.read("read dependencies", err)
	}
	d.Dependants = g.Dependants(c.SystemID)
	var dept Department
	if err := s.db.Limit(1).Find(&dept, c.DepartmentID).Error; err != nil {
		return s.read("read department", err)
	}
	d.DeptName = dept.Name
	var u User
	if err := s.db.Limit(1).Find(&u, c.ApplicantID).Error; err != nil {
		return s.read("read applicant", err)
	}
	d.ApplicantName = u.FullName
	if c.VendorID != nil {
		var v Vendor
		if err := s.db.Limit(1).Find(&v, *c.VendorID).Error; err != nil {
			return s.read("read vendor", err)
		}
		if v.ID != 0 {
			d.Vendor = &v
		}
	}
	if c.MergedIntoID != nil {
		var m Case
		if err := s.db.Select("no").Limit(1).Find(&m, *c.MergedIntoID).Error; err != nil {
			return s.read("read case", err)
		}
		d.MergedIntoNo = m.No
	}
	names, err := readNames(s.db)
	if err != nil {
		return s.read("read names", err)
	}
	if c.MergedIntoID != nil {
		names.Add(KindCase, *c.MergedIntoID, d.MergedIntoNo)
	}
	d.Names = names
	return nil
}

// readNames reads the names of every user, department, system and vendor.
func readNames(tx *gorm.DB) (NameBook, error) {
	b := NameBook{}
	type named struct {
		ID   uint
		Name string
	}
	tables := []struct {
		kind  FieldKind
		query string
	}{
		{KindUser, "SELECT id, full_name AS name FROM users"},
		{KindDept, "SELECT id, name FROM departments"},
		{KindSystem, "SELECT id, name FROM systems"},
		{KindVendor, "SELECT id, name FROM vendors"},
	}
	for _, t := range tables {
		var rows []named
		if err := tx.Raw(t.query).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			b.Add(t.kind, r.ID, r.Name)
		}
	}
	return b, nil
}

// dossierRecords reads the single-record forms.
func (s *Store) dossierRecords(d *Dossier) error {
	id := d.Case.ID
	a, p, im := &Assessment{}, &Plan{}, &Implementation{}
	mg, ac, rb := &Migration{}, &Acceptance{}, &RollbackReport{}
	rg, ev := &Registration{}, &Evaluation{}
	for _, r := range []record{a, p, im, mg, ac, rb, rg, ev} {
		if err := loadByCase(s.db, r, id); err != nil {
			return s.read("read records", err)
		}
	}
	d.Assessment = present(a)
	d.Plan = present(p)
	d.Implementation = present(im)
	d.Migration = present(mg)
	d.Acceptance = present(ac)
	d.Rollback = present(rb)
	d.Registration = present(rg)
	d.Evaluation = present(ev)
	var ar ArchiveEntry
	if err := s.db.Where("case_id = ?", id).Limit(1).Find(&ar).Error; err != nil {
		return s.read("read archive", err)
	}
	if ar.ID != 0 {
		d.Archive = &ar
	}
	return nil
}

// present returns r, or nil when it was never saved.
func present[T any, P interface {
	*T
	record
}](r P) P {
	if r.meta().ID == 0 {
		return nil
	}
	return r
}

// dossierLists reads the multi-record forms, decisions and history.
func (s *Store) dossierLists(d *Dossier) error {
	id := d.Case.ID
	var err error
	if d.Decisions, err = s.Decisions(id); err != nil {
		return err
	}
	lists := []struct {
		form Form
		dst  any
	}{{FormBackup, &d.Backups}, {FormTest, &d.Tests}, {FormCost, &d.Costs}, {FormTraining, &d.Trainings}}
	for _, l := range lists {
		if err := loadList(s.db, l.form, l.dst, id); err != nil {
			return s.read("read records", err)
		}
	}
	if d.Attachments, err = s.Attachments(id); err != nil {
		return err
	}
	if d.PaperDue, err = s.PaperOutstanding(PaperFilter{CaseID: id}); err != nil {
		return err
	}
	d.History, err = s.History(id)
	return err
}

// TotalCost returns the sum of the case's cost records.
func (d *Dossier) TotalCost() Money {
	var sum Money
	for _, c := range d.Costs {
		sum += c.Amount
	}
	return sum
}

// ArchivedDossier returns the archive entry of a closed case and the
// dossier PDF archived with it, byte for byte: the file
// `upgradedesk check --file` recognises. A case not archived is ENotFound;
// a stored file whose SHA-256 is no longer the archived one is EIntegrity.
func (s *Store) ArchivedDossier(caseID uint) (*ArchiveEntry, []byte, error) {
	var e ArchiveEntry
	var content []byte
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		if err := tx.Where("case_id = ?", caseID).Limit(1).Find(&e).Error; err != nil {
			return s.read("read archive", err)
		}
		if e.ID == 0 {
			return errf(ENotFound, "err.case_not_archived")
		}
		var err error
		content, err = s.within(tx).AttachmentContent(e.AttachmentID)
		return err
	})
	if err != nil {
		return nil, nil, s.fail("read archived dossier", err)
	}
	if SHA256Hex(content) != e.DossierSHA || !bytes.HasPrefix(content, []byte("%PDF-")) {
		return nil, nil, errf(ECorrupt, "err.archive_changed", "SHA", e.DossierSHA)
	}
	return &e, content, nil
}

// Overrun says how far the recorded costs go beyond the plan's budget:
// by how much (0 within it, or without a plan), the budget, and the
// approval of the budget (the last 批准预算, nil when none was given).
func (d *Dossier) Overrun() (over, budget Money, approval *Decision) {
	if d.Plan == nil {
		return 0, 0, nil
	}
	budget = d.Plan.Budget()
	if spent := d.TotalCost(); spent > budget {
		over = spent - budget
	}
	for i := len(d.Decisions) - 1; i >= 0; i-- {
		if d.Decisions[i].Action == ActApproveBudget {
			return over, budget, &d.Decisions[i]
		}
	}
	return over, budget, nil
}

// OverrunText says in lang by how much the recorded costs go beyond the
// budget and who approved it: "超出预算 4,000.00 元（预算 38,000.00 元，
// 由 钱晓东 于 2026-03-02 批准）"; "" within the budget.
func (d *Dossier) OverrunText(lang string) string {
	over, budget, approval := d.Overrun()
	return OverrunText(lang, over, budget, approval)
}

// OverrunText says in lang that costs go over budget by over, and who
// approved the budget (approval, nil when nobody has); "" when over is not
// positive. The costs tab, the documents and the statistics say it so.
func OverrunText(lang string, over, budget Money, approval *Decision) string {
	if over <= 0 {
		return ""
	}
	args := map[string]any{"Over": over.String(), "Budget": budget.String()}
	if approval == nil {
		return T(lang, "budget.overrun_unapproved", args)
	}
	args["By"], args["At"] = approval.ActorText(lang), approval.At.Local().Format(DateLayout)
	return T(lang, "budget.overrun", args)
}
