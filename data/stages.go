package data

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// This file saves and deletes the records of a case's stage forms. What a
// record holds and needs is its description (descriptions.go); what is
// particular to a stage beyond that is its hook in stageHooks.

// stageHook runs a stage's own rules inside the saving transaction, with
// the stored case at hand; it may complete the record (rec, a pointer).
type stageHook func(s *Store, tx *gorm.DB, a *User, c *Case, rec any) error

var stageHooks = map[Form]stageHook{
	FormBackup:       backupHook,
	FormTest:         testHook,
	FormAcceptance:   acceptanceHook,
	FormRegistration: registrationHook,
	FormCost:         costHook,
}

// recordsByType finds the description of a stage record by its Go type.
var recordsByType = func() map[reflect.Type]*Record {
	m := map[reflect.Type]*Record{}
	for _, r := range StageRecords {
		m[r.typ] = r
	}
	return m
}()

// Describe returns the description of a stage record (a pointer to one),
// nil when rec is no stage record.
func Describe(rec any) *Record {
	t := reflect.TypeOf(rec)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil
	}
	return recordsByType[t.Elem()]
}

// Missing lists the labels of what a stage record (a pointer) lacks before
// its stage can be passed; see Record.Missing.
func Missing(rec any) []string {
	if r := Describe(rec); r != nil {
		return r.Missing(rec)
	}
	return nil
}

// SaveStage saves the record of a stage form (a pointer to an Assessment,
// Plan, Backup …) after checking its fields against its description and
// that actor may fill the form now. A form of one record per case cannot
// get a second one: that is a conflict with whoever created the first.
// The request is saved with NewCase and SaveRequest.
func (s *Store) SaveStage(actor *Session, rec any) error { return s.saveStage(actor, nil, rec) }

// SaveChanges saves the edits a user made to a record of a stage form or
// to the request: the fields where mine differs from base, the record as
// the user loaded it. When nobody saved the record since, that is mine as
// it is. When someone did, only the user's edits are written over what is
// stored now, so that nothing the other person saved is lost; a field both
// changed, to different values, is a conflict (EConflict with the fields'
// labels and keys, "Keys"), and nothing is saved. mine is updated to the
// record as stored.
func (s *Store) SaveChanges(actor *Session, base, mine any) error {
	if c, ok := mine.(*Case); ok {
		b, _ := base.(*Case)
		return s.saveRequest(actor, b, c)
	}
	return s.saveStage(actor, base, mine)
}

func (s *Store) saveStage(actor *Session, base, rec any) error {
	r, sr := Describe(rec), stageRecord(rec)
	if r == nil || sr == nil || r.Form == FormRequest || r.Form == FormAttachment {
		return errf(EInvalid, "err.unknown_form")
	}
	if err := r.Check(rec, s.now()); err != nil {
		return err
	}
	normalizeTimes(r, rec)
	return s.saveCopy(sr, func(tx *gorm.DB, cp record) error {
		a, c, err := s.stageContext(tx, actor, r, cp)
		if err != nil {
			return err
		}
		if err := mergeStored(tx, r, base, cp); err != nil {
			return err
		}
		if err := s.checkOwner(tx, cp, r.Table, r.Single); err != nil {
			return err
		}
		if hook := stageHooks[r.Form]; hook != nil {
			if err := hook(s, tx, a, c, cp); err != nil {
				return err
			}
		}
		if err := s.saveRecord(tx, a, cp, r.Table); err != nil {
			return err
		}
		if k, ok := cp.(*Cost); ok && k.Addendum {
			return s.fileAddendum(tx, a, k.CaseID)
		}
		return nil
	})
}

// DeleteStage removes a record of a form with several records per case
// (a backup, test, cost or training entered by mistake) after checking
// that actor may fill the form now.
func (s *Store) DeleteStage(actor *Session, rec any) error {
	r, sr := Describe(rec), stageRecord(rec)
	if r == nil || sr == nil || r.Single {
		return errf(EInvalid, "err.unknown_form")
	}
	return s.write("delete", func(tx *gorm.DB) error {
		a, c, err := s.stageContext(tx, actor, r, sr)
		if err != nil {
			return err
		}
		if err := s.checkOwner(tx, sr, r.Table, false); err != nil {
			return err
		}
		if _, ok := sr.(*Cost); ok && c.State == StateClosed {
			return errf(EState, "err.addendum_final")
		}
		return s.deleteRecord(tx, a, sr, r.Table)
	})
}

// mergeStored turns rec, the user's copy of a record loaded as base, into
// the stored record with the user's edits when someone saved the record
// since base was loaded (or, for a form of one record per case, created it
// meanwhile). Without base a changed record stays a conflict for
// saveRecord to report.
func mergeStored(tx *gorm.DB, r *Record, base any, rec record) error {
	if base == nil {
		return nil
	}
	id := rec.meta().ID
	if id == 0 && r.Single {
		if err := tx.Table(r.Table).Select("id").Where("case_id = ?", caseIDOf(rec)).Limit(1).Scan(&id).Error; err != nil {
			return err
		}
	}
	if id == 0 {
		return nil
	}
	cur := r.New().(record)
	if err := loadRecord(tx, cur, id); err != nil {
		return err
	}
	if cur.meta().Version == rec.meta().Version && rec.meta().ID == id {
		return nil
	}
	if conflicts := mergeEdits(r, base, rec, cur); len(conflicts) > 0 {
		return conflictFields(r, conflicts, cur.meta())
	}
	copyRecord(rec, cur)
	return nil
}

// mergeEdits applies onto cur, the stored record, the user's edits: the
// fields the user fills where mine differs from base. It returns the
// fields that whoever saved cur changed too, to another value; then it
// applies nothing.
func mergeEdits(r *Record, base, mine, cur any) []*Field {
	var edited, conflicts []*Field
	for _, f := range r.Fields {
		if f.Filler != ByUser {
			continue
		}
		b, m := f.Raw(base), f.Raw(mine)
		if b == m {
			continue
		}
		if c := f.Raw(cur); c != b && c != m {
			conflicts = append(conflicts, f)
			continue
		}
		edited = append(edited, f)
	}
	if len(conflicts) > 0 {
		return conflicts
	}
	for _, f := range edited {
		f.value(cur).Set(f.value(mine))
	}
	return nil
}

// conflictFields is the conflict of edits to fields that someone else
// changed since they were loaded: it names the fields, who saved last
// and when.
func conflictFields(r *Record, fs []*Field, m *Meta) *Error {
	labels, keys := make(labelList, len(fs)), make([]string, len(fs))
	for i, f := range fs {
		labels[i], keys[i] = f.LabelKey(), f.Key
	}
	e := conflictError(r.Table, m.UpdatedBy, m.UpdatedAt)
	e.Key = "err.conflict_fields"
	e.Args["Fields"], e.Args["Keys"] = labels, keys
	return e
}

// stageRecord returns rec as a record of the store, nil if it is none.
func stageRecord(rec any) record {
	sr, _ := rec.(record)
	return sr
}

// stageContext loads the actor and the record's case inside tx and checks
// that the actor may fill the record's form now.
func (s *Store) stageContext(tx *gorm.DB, actor *Session, r *Record, rec record) (*User, *Case, error) {
	a, err := s.loadActor(tx, actor)
	if err != nil {
		return nil, nil, err
	}
	c, err := loadCase(tx, caseIDOf(rec))
	if err != nil {
		return nil, nil, err
	}
	return a, c, CanEdit(a, c, r.Form)
}

// normalizeTimes stores the record's times, and its rows', in UTC to the
// microsecond, as the store's clock gives them and as every engine keeps
// them.
func normalizeTimes(r *Record, rec any) {
	for _, f := range r.Fields {
		if f.Kind == KindRows {
			for i := range f.Len(rec) {
				normalizeTimes(f.Rows, f.Row(rec, i))
			}
			continue
		}
		if f.Kind != KindDateTime {
			continue
		}
		switch t := f.value(rec).Addr().Interface().(type) {
		case *time.Time:
			*t = t.UTC().Truncate(time.Microsecond)
		case **time.Time:
			if *t != nil {
				u := (*t).UTC().Truncate(time.Microsecond)
				*t = &u
			}
		}
	}
}

// backupHook records who took a backup and when it was verified.
func backupHook(s *Store, _ *gorm.DB, a *User, _ *Case, rec any) error {
	b := rec.(*Backup)
	if b.Operator == "" {
		b.Operator = a.FullName
	}
	switch {
	case !b.Verified:
		b.VerifiedAt = nil
	case b.VerifiedAt == nil:
		now := s.now()
		b.VerifiedAt = &now
	}
	return nil
}

// requireBackupBefore refuses unless the case has a verified backup taken
// before the upgrade, no later than start. The implementation record may
// be saved before (a draft): only 实施完成 needs the backup.
func requireBackupBefore(tx *gorm.DB, caseID uint, start time.Time) error {
	var n int64
	err := tx.Model(&Backup{}).Where("case_id = ? AND kind = ? AND verified = ? AND taken_at <= ?",
		caseID, "before", true, start.UTC()).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return errf(EIncomplete, "err.backup_first")
	}
	return nil
}

// costHook files a cost recorded on an archived case as an addendum: a
// new record only, with its own document attached to the case; the
// archived dossier stays as sealed.
func costHook(s *Store, tx *gorm.DB, a *User, c *Case, rec any) error {
	k := rec.(*Cost)
	if c.State != StateClosed {
		k.Addendum = false
		return nil
	}
	if k.ID != 0 {
		return errf(EState, "err.addendum_final")
	}
	if s.addendum == nil {
		return errf(EIncomplete, "err.addendum_failed", "Err", "no document maker")
	}
	k.Addendum = true
	return nil
}

// fileAddendum attaches the costs document of an archived case, after an
// addendum cost was saved in tx.
func (s *Store) fileAddendum(tx *gorm.DB, a *User, caseID uint) error {
	d, err := s.within(tx).dossier(caseID)
	if err != nil {
		return err
	}
	pdf, err := s.addendum(d)
	if err != nil {
		return errf(EIncomplete, "err.addendum_failed", "Err", err.Error())
	}
	n := 0
	for _, k := range d.Costs {
		if k.Addendum {
			n++
		}
	}
	name := d.Case.No + "-" + Label("addendum.title") + "-" + strconv.Itoa(n) + ".pdf"
	_, err = s.insertAttachment(tx, a, caseID, name, "application/pdf", Label("addendum.title"), pdf)
	return err
}

// testTypeRoles says who records which kind of test.
var testTypeRoles = map[string][]Role{
	"system":   {RoleSysadmin},
	"data":     {RoleDataAdmin},
	"business": {RoleStaff, RoleDeptHead},
}

// testHook lets system tests be recorded by the sysadmin, data
// compatibility tests by the data administrator and business tests by the
// requesting department.
func testHook(_ *Store, _ *gorm.DB, a *User, c *Case, rec any) error {
	t := rec.(*TestRecord)
	for _, r := range testTypeRoles[t.Type] {
		if a.HasRole(r) && inCaseDept(a, c, r) {
			if t.Tester == "" {
				t.Tester = a.FullName
			}
			return nil
		}
	}
	return errf(EForbidden, "err.test_role", "Type", labelArg(ChoiceKey("test_type", t.Type)),
		"Roles", roleKeys(testTypeRoles[t.Type]))
}

// acceptanceHook refuses changing the conclusion once someone signed it in
// this round.
func acceptanceHook(_ *Store, tx *gorm.DB, _ *User, c *Case, _ any) error {
	var n int64
	if err := tx.Model(&Decision{}).Where("case_id = ? AND state_seq = ? AND action = ?", c.ID, c.StateSeq, ActSign).
		Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return errf(EState, "err.already_signed")
	}
	return nil
}

// registrationHook takes the system and its version before the upgrade
// from the ledger.
func registrationHook(_ *Store, tx *gorm.DB, a *User, c *Case, rec any) error {
	r := rec.(*Registration)
	var sys System
	if err := tx.First(&sys, c.SystemID).Error; err != nil {
		return err
	}
	r.SystemID, r.OldVersion, r.Registered = sys.ID, sys.CurrentVersion, false
	if r.Registrar == "" {
		r.Registrar = a.FullName
	}
	return nil
}

// Assessment returns the case's assessment, or an empty one for the case.
func (s *Store) Assessment(caseID uint) (*Assessment, error) {
	a := &Assessment{CaseID: caseID}
	return a, s.loadSingle(a, caseID)
}

// Plan returns the case's plan, or an empty one for the case.
func (s *Store) Plan(caseID uint) (*Plan, error) {
	p := &Plan{CaseID: caseID}
	return p, s.loadSingle(p, caseID)
}

// Implementation returns the case's implementation record, or an empty one.
func (s *Store) Implementation(caseID uint) (*Implementation, error) {
	im := &Implementation{CaseID: caseID}
	return im, s.loadSingle(im, caseID)
}

// Registration returns the case's registration form, or a new one filled
// from the case and its system.
func (s *Store) Registration(caseID uint) (*Registration, error) {
	r := &Registration{CaseID: caseID}
	if err := s.loadSingle(r, caseID); err != nil || r.ID != 0 {
		return r, err
	}
	c, err := s.Case(caseID)
	if err != nil {
		return nil, err
	}
	sys, err := s.System(c.SystemID)
	if err != nil {
		return nil, err
	}
	r.SystemID, r.OldVersion, r.NewVersion, r.UpgradeType = c.SystemID, sys.CurrentVersion, c.TargetVersion, c.UpgradeType
	return r, nil
}

// loadSingle reads the one record of a single form into dst; dst is left
// as it is (ID 0) when the case has none yet.
func (s *Store) loadSingle(dst record, caseID uint) error {
	return s.read("read record", loadByCase(s.db, dst, caseID))
}

// listOrders is the order of the records of each list form.
var listOrders = map[Form]string{
	FormBackup: "taken_at, id", FormTest: "date, id", FormCost: "date, id", FormTraining: "date, id",
}

// loadList reads the records of a list form of a case into dst, a pointer
// to a slice of them, in their order.
func loadList(tx *gorm.DB, f Form, dst any, caseID uint) error {
	return tx.Where("case_id = ?", caseID).Order(listOrders[f]).Find(dst).Error
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// Atoi parses a whole number of a form field, 0 when empty.
func Atoi(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if err := ValidCount(s); err != nil {
		return 0, err
	}
	return strconv.Atoi(s)
}
