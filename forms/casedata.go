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
	// next says who may take the case's next step now and, for the user,
	// why not (nil for a new request).
	next    *data.NextStep
	systems []data.System
	// singles and lists are the records of the forms, by form.
	singles map[data.Form]any
	lists   map[data.Form][]any
	// conflicts are those of the saved plan's downtime windows.
	conflicts data.Conflicts
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
	if cd.next, err = s.NextStep(u, id); err != nil {
		return nil, fmt.Errorf("read next step: %w", err)
	}
	if cd.systems, err = s.Systems(); err != nil {
		return nil, fmt.Errorf("read systems: %w", err)
	}
	if d.Plan != nil && len(d.Plan.Windows) > 0 {
		if cd.conflicts, err = s.PlanConflicts(id); err != nil {
			return nil, fmt.Errorf("read conflicts: %w", err)
		}
	}
	sortSystems(cd.systems)
	cd.fillEmpty()
	return cd, nil
}

// sortSystems puts the systems a request chooses from in pinyin order.
func sortSystems(systems []data.System) {
	data.SortByName(systems, func(s *data.System) string { return s.Name })
}

// newCaseData is what the window of a new request shows: an empty draft
// of user's.
func newCaseData(s *data.Store, u *data.User) (*caseData, error) {
	systems, err := s.Systems()
	if err != nil {
		return nil, fmt.Errorf("read systems: %w", err)
	}
	sortSystems(systems)
	names, err := newCaseNames(s, u, systems)
	if err != nil {
		return nil, err
	}
	d := &data.Dossier{Case: data.Case{State: data.StateDraft, ApplicantID: u.ID, DepartmentID: u.DepartmentID,
		Phone: u.Phone, RequestDate: s.Now().Local().Format(data.DateLayout)}, ApplicantName: u.FullName,
		DeptName: names.Name(data.KindDept, u.DepartmentID), Names: names}
	cd := &caseData{d: d, reg: &data.Registration{}, systems: systems}
	cd.fillEmpty()
	return cd, nil
}

// newCaseNames names what a new request refers to: the applicant, the
// departments, the systems and their vendors.
func newCaseNames(s *data.Store, u *data.User, systems []data.System) (data.NameBook, error) {
	depts, err := s.Departments()
	if err != nil {
		return nil, fmt.Errorf("read departments: %w", err)
	}
	vendors, err := s.Vendors()
	if err != nil {
		return nil, fmt.Errorf("read vendors: %w", err)
	}
	b := data.NameBook{}
	b.Add(data.KindUser, u.ID, u.FullName)
	for _, d := range depts {
		b.Add(data.KindDept, d.ID, d.Name)
	}
	for _, sys := range systems {
		b.Add(data.KindSystem, sys.ID, sys.Name)
	}
	for _, v := range vendors {
		b.Add(data.KindVendor, v.ID, v.Name)
	}
	return b, nil
}

// fillEmpty puts an empty record of the case where a form was never
// saved, and files the records by form.
func (cd *caseData) fillEmpty() {
	d := cd.d
	d.Assessment = orEmpty(d.Assessment, d.Case.ID, data.FormAssessment)
	d.Plan = orEmpty(d.Plan, d.Case.ID, data.FormPlan)
	d.Implementation = orEmpty(d.Implementation, d.Case.ID, data.FormImplementation)
	d.Migration = orEmpty(d.Migration, d.Case.ID, data.FormMigration)
	d.Acceptance = orEmpty(d.Acceptance, d.Case.ID, data.FormAcceptance)
	d.Rollback = orEmpty(d.Rollback, d.Case.ID, data.FormRollback)
	d.Evaluation = orEmpty(d.Evaluation, d.Case.ID, data.FormEvaluation)
	cd.singles = map[data.Form]any{
		data.FormRequest: &d.Case, data.FormAssessment: d.Assessment, data.FormPlan: d.Plan,
		data.FormImplementation: d.Implementation, data.FormMigration: d.Migration,
		data.FormAcceptance: d.Acceptance, data.FormRollback: d.Rollback, data.FormRegistration: cd.reg,
		data.FormEvaluation: d.Evaluation,
	}
	cd.lists = map[data.Form][]any{
		data.FormBackup: pointers(d.Backups), data.FormTest: pointers(d.Tests),
		data.FormCost: pointers(d.Costs), data.FormTraining: pointers(d.Trainings),
	}
}

// stored returns the case as stored: a copy of the dossier without the
// empty records fillEmpty put in for the forms, so that what is asked of
// it (which documents the case has, say) answers for the saved records
// only.
func (cd *caseData) stored() *data.Dossier {
	d := *cd.d
	d.Assessment = ifSaved(d.Assessment)
	d.Plan = ifSaved(d.Plan)
	d.Implementation = ifSaved(d.Implementation)
	d.Migration = ifSaved(d.Migration)
	d.Acceptance = ifSaved(d.Acceptance)
	d.Rollback = ifSaved(d.Rollback)
	d.Evaluation = ifSaved(d.Evaluation)
	return &d
}

// ifSaved returns r when it was saved, nil when it is an empty record.
func ifSaved[T any](r *T) *T {
	if r == nil {
		return nil
	}
	if m := data.MetaOf(r); m == nil || m.ID == 0 {
		return nil
	}
	return r
}

// orEmpty returns r, or an empty record of form f of the case when r is
// nil.
func orEmpty[T any](r *T, caseID uint, f data.Form) *T {
	if r != nil {
		return r
	}
	return data.RecordOf(f).NewFor(caseID).(*T)
}

// pointers returns pointers to the records of a list.
func pointers[T any](recs []T) []any {
	out := make([]any, len(recs))
	for i := range recs {
		out[i] = &recs[i]
	}
	return out
}

// record returns the record of form f of which a case has one: the stored
// one, or an empty one of the case.
func (cd *caseData) record(f data.Form) any { return cd.singles[f] }

// records returns the records of form f of which a case has several.
func (cd *caseData) records(f data.Form) []any { return cd.lists[f] }

// names names what the case's records refer to; nil before the case is
// read.
func (cd *caseData) names() data.Names {
	if cd == nil {
		return nil
	}
	return cd.d.Names
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

// lastSeq returns the number of the newest entry of the case's audit
// trail, 0 for a new case.
func (cd *caseData) lastSeq() int64 {
	if e := cd.lastChange(); e != nil {
		return e.Seq
	}
	return 0
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

// choices returns the records a reference of kind k may choose, as values
// (IDs) and labels: the ledger's systems; for the systems a downtime
// window names, the case's system and those depending on it, and any
// other its windows name already; nothing for other kinds.
func (cd *caseData) choices(k data.FieldKind) (values, labels []string) {
	if k == data.KindSystems {
		return cd.windowSystems()
	}
	if k != data.KindSystem {
		return nil, nil
	}
	for _, s := range cd.systems {
		values = append(values, strconv.FormatUint(uint64(s.ID), 10))
		labels = append(labels, s.Name)
	}
	return values, labels
}

// windowSystems returns the systems a downtime window of the case may
// name (see choices).
func (cd *caseData) windowSystems() (values, labels []string) {
	ids := append(data.SystemIDs{cd.c().SystemID}, cd.d.Dependants...)
	if p := cd.d.Plan; p != nil {
		for _, w := range p.Windows {
			for _, id := range w.Systems {
				if !ids.Has(id) {
					ids = append(ids, id)
				}
			}
		}
	}
	for _, id := range ids {
		values = append(values, strconv.FormatUint(uint64(id), 10))
		labels = append(labels, cd.d.Names.Name(data.KindSystem, id))
	}
	return values, labels
}
