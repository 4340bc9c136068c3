package data

import (
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// record is an editable row with Meta.
type record interface {
	meta() *Meta
}

// withRows is a record with child rows, which are loaded with it and
// replaced as a whole when it is saved.
type withRows interface {
	record
	rowAssociations() []string
	replaceRows(tx *gorm.DB) error
}

// loadRecord reads the record with id into dst, with its child rows.
func loadRecord(tx *gorm.DB, dst record, id uint) error {
	q := tx
	if wr, ok := dst.(withRows); ok {
		for _, a := range wr.rowAssociations() {
			q = q.Preload(a, func(db *gorm.DB) *gorm.DB { return db.Order("pos") })
		}
	}
	if err := q.First(dst, id).Error; err != nil {
		return err
	}
	if sys, ok := dst.(*System); ok {
		return loadDependencies(tx, sys)
	}
	return nil
}

// saveRecord inserts rec when its ID is 0, or updates it when its Version
// is still the stored one; a save based on a stale copy is refused with
// EConflict naming who saved last and when. Child rows are replaced, and
// an audit entry lists every changed field. entity is the table name used
// in the audit trail and in messages (translation key "entity.<entity>").
func (s *Store) saveRecord(tx *gorm.DB, actor *User, rec record, entity string) error {
	m := rec.meta()
	now := s.now()
	m.UpdatedAt, m.UpdatedByID, m.UpdatedBy = now, actor.ID, actor.FullName
	if m.ID == 0 {
		m.Version, m.CreatedAt, m.CreatedByID = 1, now, actor.ID
		if err := tx.Omit(clause.Associations).Create(rec).Error; err != nil {
			return err
		}
		if err := saveRows(tx, rec); err != nil {
			return err
		}
		return s.audit(tx, actor, OpCreate, entity, m.ID, caseIDOf(rec), diff(nil, rec), "", "")
	}
	old := reflect.New(reflect.TypeOf(rec).Elem()).Interface().(record)
	if err := loadRecord(tx, old, m.ID); err != nil {
		return err
	}
	om := old.meta()
	if om.Version != m.Version {
		return conflictError(entity, om.UpdatedBy, om.UpdatedAt)
	}
	changes := diff(old, rec)
	if len(changes) == 0 {
		// Nothing changed: the record stays as it is, who saved it last
		// and its version too, as its seal has it.
		*m = *om
		return nil
	}
	m.CreatedAt, m.CreatedByID = om.CreatedAt, om.CreatedByID
	m.Version = om.Version + 1
	res := tx.Model(rec).Where("version = ?", om.Version).Select("*").Omit(clause.Associations).Updates(rec)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		m.Version = om.Version
		return conflictError(entity, om.UpdatedBy, om.UpdatedAt)
	}
	if err := saveRows(tx, rec); err != nil {
		return err
	}
	return s.audit(tx, actor, OpUpdate, entity, m.ID, caseIDOf(rec), changes, "", "")
}

func saveRows(tx *gorm.DB, rec record) error {
	if wr, ok := rec.(withRows); ok {
		return wr.replaceRows(tx)
	}
	if sys, ok := rec.(*System); ok {
		return saveDependencies(tx, sys)
	}
	return nil
}

// deleteRecord deletes rec if its version is current, with an audit entry.
func (s *Store) deleteRecord(tx *gorm.DB, actor *User, rec record, entity string) error {
	m := rec.meta()
	old := reflect.New(reflect.TypeOf(rec).Elem()).Interface().(record)
	if err := loadRecord(tx, old, m.ID); err != nil {
		return err
	}
	if old.meta().Version != m.Version {
		return conflictError(entity, old.meta().UpdatedBy, old.meta().UpdatedAt)
	}
	if err := tx.Select(clause.Associations).Delete(old).Error; err != nil {
		return err
	}
	return s.audit(tx, actor, OpDelete, entity, m.ID, caseIDOf(old), diff(old, nil), "", "")
}

// replaceChildren deletes the child rows of parent id in the table of T
// and inserts rows in their place, numbered in order.
func replaceChildren[T any](tx *gorm.DB, fk string, id uint, rows []T, set func(r *T, parent uint, pos int)) error {
	var zero T
	if err := tx.Where(fk+" = ?", id).Delete(&zero).Error; err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	for i := range rows {
		set(&rows[i], id, i)
	}
	return tx.Create(&rows).Error
}

func (a *Assessment) rowAssociations() []string { return []string{"Participants"} }

func (a *Assessment) replaceRows(tx *gorm.DB) error {
	return replaceChildren(tx, "assessment_id", a.ID, a.Participants, func(r *Participant, p uint, i int) {
		r.ID, r.AssessmentID, r.Pos = 0, p, i
	})
}

func (p *Plan) rowAssociations() []string {
	return []string{"Windows", "Milestones", "Responsibilities", "Risks", "BudgetItems"}
}

func (p *Plan) replaceRows(tx *gorm.DB) error {
	if err := replaceChildren(tx, "plan_id", p.ID, p.Windows, func(r *DowntimeWindow, id uint, i int) {
		r.ID, r.PlanID, r.Pos = 0, id, i
	}); err != nil {
		return err
	}
	if err := replaceChildren(tx, "plan_id", p.ID, p.Milestones, func(r *Milestone, id uint, i int) {
		r.ID, r.PlanID, r.Pos = 0, id, i
	}); err != nil {
		return err
	}
	if err := replaceChildren(tx, "plan_id", p.ID, p.Responsibilities, func(r *Responsibility, id uint, i int) {
		r.ID, r.PlanID, r.Pos = 0, id, i
	}); err != nil {
		return err
	}
	if err := replaceChildren(tx, "plan_id", p.ID, p.Risks, func(r *Risk, id uint, i int) {
		r.ID, r.PlanID, r.Pos = 0, id, i
	}); err != nil {
		return err
	}
	return replaceChildren(tx, "plan_id", p.ID, p.BudgetItems, func(r *BudgetItem, id uint, i int) {
		r.ID, r.PlanID, r.Pos = 0, id, i
	})
}

// cloneRecord returns a copy of rec whose child-row slices are copies too.
func cloneRecord(rec record) record {
	v := reflect.ValueOf(rec).Elem()
	cp := reflect.New(v.Type())
	cp.Elem().Set(v)
	e := cp.Elem()
	for i := 0; i < e.NumField(); i++ {
		f := e.Field(i)
		if f.Kind() == reflect.Slice && !f.IsNil() && f.Type().Elem().Kind() == reflect.Struct {
			n := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			reflect.Copy(n, f)
			f.Set(n)
		}
	}
	return cp.Interface().(record)
}

// copyRecord copies src over dst (both the same record type).
func copyRecord(dst, src record) {
	reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem())
}

// caseIDOf returns the case a record belongs to: the case itself, or the
// record's CaseID; 0 for master data.
func caseIDOf(rec record) uint {
	if c, ok := rec.(*Case); ok {
		return c.ID
	}
	f := reflect.ValueOf(rec).Elem().FieldByName("CaseID")
	if f.IsValid() && f.Kind() == reflect.Uint {
		return uint(f.Uint())
	}
	return 0
}
