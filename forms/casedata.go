package forms

import (
	"fmt"
	"strconv"

	"upgradedesk/data"
)

// caseData is everything a case window shows, read in one go off the UI
// goroutine: the dossier with every single-record form present (empty when
// not filled yet), the actions the user may take and the master data the
// request form chooses from.
type caseData struct {
	d       *data.Dossier
	reg     *data.Registration
	actions []data.Action
	systems []data.System
}

// loadCaseData reads case id as user sees it.
func loadCaseData(s *data.Store, u *data.User, id uint) (*caseData, error) {
	d, err := s.Dossier(id)
	if err != nil {
		return nil, fmt.Errorf("read case %d: %w", id, err)
	}
	cd := &caseData{d: d}
	if cd.reg = d.Registration; cd.reg == nil {
		if cd.reg, err = s.Registration(id); err != nil {
			return nil, fmt.Errorf("read registration: %w", err)
		}
	}
	if cd.actions, err = s.AvailableActions(u, id); err != nil {
		return nil, fmt.Errorf("read actions: %w", err)
	}
	if cd.systems, err = s.Systems(); err != nil {
		return nil, fmt.Errorf("read systems: %w", err)
	}
	cd.fillEmpty()
	return cd, nil
}

// newCaseData is what the window of a new request shows: an empty draft
// of user's.
func newCaseData(s *data.Store, u *data.User) (*caseData, error) {
	systems, err := s.Systems()
	if err != nil {
		return nil, fmt.Errorf("read systems: %w", err)
	}
	depts, err := s.Departments()
	if err != nil {
		return nil, fmt.Errorf("read departments: %w", err)
	}
	d := &data.Dossier{Case: data.Case{State: data.StateDraft, ApplicantID: u.ID, DepartmentID: u.DepartmentID,
		Phone: u.Phone, RequestDate: s.Now().Local().Format(data.DateLayout)}, ApplicantName: u.FullName}
	for _, dep := range depts {
		if dep.ID == u.DepartmentID {
			d.DeptName = dep.Name
		}
	}
	cd := &caseData{d: d, reg: &data.Registration{}, systems: systems}
	cd.fillEmpty()
	return cd, nil
}

// fillEmpty puts an empty record of the case where a form was never saved.
func (cd *caseData) fillEmpty() {
	d, id := cd.d, cd.d.Case.ID
	d.Assessment = orEmpty(d.Assessment, &data.Assessment{CaseID: id})
	d.Plan = orEmpty(d.Plan, &data.Plan{CaseID: id})
	d.Implementation = orEmpty(d.Implementation, &data.Implementation{CaseID: id})
	d.Migration = orEmpty(d.Migration, &data.Migration{CaseID: id})
	d.Acceptance = orEmpty(d.Acceptance, &data.Acceptance{CaseID: id})
	d.Rollback = orEmpty(d.Rollback, &data.RollbackReport{CaseID: id})
	d.Evaluation = orEmpty(d.Evaluation, &data.Evaluation{CaseID: id})
}

// orEmpty returns r, or empty when r is nil.
func orEmpty[T any](r, empty *T) *T {
	if r != nil {
		return r
	}
	return empty
}

// c returns the case.
func (cd *caseData) c() *data.Case { return &cd.d.Case }

// lastChange returns the newest entry of the case's audit trail, nil for a
// new case.
func (cd *caseData) lastChange() *data.AuditEntry {
	if n := len(cd.d.History); n > 0 {
		return &cd.d.History[n-1]
	}
	return nil
}

// changedSince reports whether anything of the case was written since old
// was read.
func (cd *caseData) changedSince(old *caseData) bool {
	if old == nil {
		return true
	}
	a, b := cd.lastChange(), old.lastChange()
	if a == nil || b == nil {
		return a != b
	}
	return a.Seq != b.Seq || cd.c().Version != old.c().Version
}

// system returns the case's system from the ledger list.
func (cd *caseData) system(id uint) *data.System {
	for i := range cd.systems {
		if cd.systems[i].ID == id {
			return &cd.systems[i]
		}
	}
	return nil
}

// systemChoices returns the ledger's systems as values (IDs) and labels.
func (cd *caseData) systemChoices() (values, labels []string) {
	for _, s := range cd.systems {
		values = append(values, strconv.FormatUint(uint64(s.ID), 10))
		labels = append(labels, s.Name)
	}
	return values, labels
}
