package data

import (
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// This file holds, for every stage record, its field checks (validate),
// what the procedure needs before the stage is passed (Missing…), and the
// store's methods to read and save it.

func (a *Assessment) validate() error {
	checks := []fieldCheck{
		fc("meeting_date", a.MeetingDate, ValidDate),
		fc("meeting_place", a.MeetingPlace, MaxLen(128)),
		fc("conclusion", a.Conclusion, choice(Feasibilities)),
		fc("recommendation", a.Recommendation, ValidText),
		fc("preliminary_plan", a.PreliminaryPlan, ValidText),
	}
	for _, k := range Criteria {
		r := a.Criterion(k)
		checks = append(checks, fc("criterion."+k, r.Rating, choice(Ratings)), fc("criterion."+k, r.Notes, ValidText))
	}
	for _, p := range a.Participants {
		checks = append(checks, fc("participants", p.Name, Required, MaxLen(64)),
			fc("participants", p.Side, Required, choice(ParticipantSides)), fc("participants", p.Org, MaxLen(128)))
	}
	if a.EstimatedCost < 0 || a.EstimatedCost >= maxMoney {
		return fieldError("estimated_cost", errf(EInvalid, "valid.money"))
	}
	return validateFields(checks...)
}

// MissingAssessment lists what the report needs before it goes to the
// management: the meeting, its participants, all six criteria with a
// rating and notes, the conclusion and the recommendation (and the
// preliminary plan unless the upgrade is judged not feasible).
func MissingAssessment(a *Assessment) []string {
	var m []string
	m = missing(m, "meeting_date", a.MeetingDate)
	m = missing(m, "meeting_place", a.MeetingPlace)
	if len(a.Participants) == 0 {
		m = append(m, "participants")
	}
	for _, k := range Criteria {
		r := a.Criterion(k)
		if r.Rating == "" || len([]rune(r.Notes)) == 0 {
			m = append(m, "criterion."+k)
		}
	}
	m = missing(m, "conclusion", a.Conclusion)
	m = missing(m, "recommendation", a.Recommendation)
	if a.Conclusion != "infeasible" {
		m = missing(m, "preliminary_plan", a.PreliminaryPlan)
	}
	return m
}

// Assessment returns the case's assessment, or an empty one for the case.
func (s *Store) Assessment(caseID uint) (*Assessment, error) {
	a := &Assessment{CaseID: caseID}
	return a, s.loadSingle(a, caseID)
}

// SaveAssessment saves the assessment (sysadmin, it_director; 评估中).
func (s *Store) SaveAssessment(actor *User, a *Assessment) error {
	return s.saveStage(actor, FormAssessment, a, "assessments", true, nil)
}

func (p *Plan) validate() error {
	checks := []fieldCheck{
		fc("goals", p.Goals, ValidText), fc("scope", p.Scope, ValidText),
		fc("tech_approach", p.TechApproach, ValidText), fc("rollback_plan", p.RollbackPlan, ValidText),
		fc("training_plan", p.TrainingPlan, ValidText), fc("downtime_window", p.DowntimeWindow, MaxLen(128)),
	}
	for _, m := range p.Milestones {
		checks = append(checks, fc("milestones", m.Name, Required, MaxLen(128)),
			fc("milestones", m.Start, Required, ValidDate), fc("milestones", m.End, Required, ValidDate))
		if m.End < m.Start && ValidDate(m.End) == nil {
			return fieldError("milestones", errf(EInvalid, "valid.end_before_start"))
		}
	}
	for _, r := range p.Responsibilities {
		checks = append(checks, fc("responsibilities", r.Task, Required, MaxLen(200)),
			fc("responsibilities", r.Person, Required, MaxLen(64)))
	}
	for _, r := range p.Risks {
		checks = append(checks, fc("risks", r.Risk, Required, ValidText), fc("risks", r.Likelihood, choice(Likelihoods)),
			fc("risks", r.Impact, choice(Likelihoods)), fc("risks", r.Countermeasure, ValidText))
	}
	for _, b := range p.BudgetItems {
		checks = append(checks, fc("budget", b.Item, Required, MaxLen(200)))
		if b.Amount < 0 || b.Amount >= maxMoney {
			return fieldError("budget", errf(EInvalid, "valid.money"))
		}
	}
	return validateFields(checks...)
}

// MissingPlan lists what the plan needs before it is submitted for
// approval: goals, scope, schedule, responsible people, technical
// approach, at least one risk and a countermeasure for every risk, a
// rollback plan, a training plan and a budget.
func MissingPlan(p *Plan) []string {
	var m []string
	m = missing(m, "goals", p.Goals)
	m = missing(m, "scope", p.Scope)
	if len(p.Milestones) == 0 {
		m = append(m, "milestones")
	}
	if len(p.Responsibilities) == 0 {
		m = append(m, "responsibilities")
	}
	m = missing(m, "tech_approach", p.TechApproach)
	if len(p.Risks) == 0 {
		m = append(m, "risks")
	}
	for _, r := range p.Risks {
		if isBlank(r.Countermeasure) {
			m = append(m, "countermeasure")
			break
		}
	}
	m = missing(m, "rollback_plan", p.RollbackPlan)
	m = missing(m, "training_plan", p.TrainingPlan)
	if len(p.BudgetItems) == 0 {
		m = append(m, "budget")
	}
	return m
}

// Plan returns the case's plan, or an empty one for the case.
func (s *Store) Plan(caseID uint) (*Plan, error) {
	p := &Plan{CaseID: caseID}
	return p, s.loadSingle(p, caseID)
}

// SavePlan saves the upgrade plan (sysadmin, it_director; 计划制定中).
func (s *Store) SavePlan(actor *User, p *Plan) error {
	return s.saveStage(actor, FormPlan, p, "plans", true, nil)
}

func (b *Backup) validate() error {
	if b.TakenAt.IsZero() {
		return fieldError("taken_at", errf(EInvalid, "valid.required"))
	}
	b.TakenAt = b.TakenAt.UTC().Truncate(time.Microsecond)
	return validateFields(fc("backup_kind", b.Kind, Required, choice(BackupKinds)),
		fc("backup_scope", b.Scope, Required, ValidText), fc("backup_method", b.Method, Required, MaxLen(128)),
		fc("backup_location", b.Location, Required, MaxLen(256)), fc("operator", b.Operator, MaxLen(64)),
		fc("notes", b.Notes, ValidText))
}

// Backups returns the case's backup records, oldest first.
func (s *Store) Backups(caseID uint) ([]Backup, error) {
	var bs []Backup
	return bs, s.loadMany(&bs, caseID, "taken_at, id")
}

// SaveBackup saves a backup record (data_admin). A backup marked verified
// records when; a backup taken in the future is refused.
func (s *Store) SaveBackup(actor *User, b *Backup) error {
	return s.saveStage(actor, FormBackup, b, "backups", false, func(tx *gorm.DB, a *User, c *Case, rec record) error {
		cp := rec.(*Backup)
		if cp.TakenAt.After(s.now().Add(10 * time.Minute)) {
			return fieldError("taken_at", errf(EInvalid, "valid.future"))
		}
		if cp.Operator == "" {
			cp.Operator = a.FullName
		}
		if cp.Verified && cp.VerifiedAt == nil {
			now := s.now()
			cp.VerifiedAt = &now
		}
		if !cp.Verified {
			cp.VerifiedAt = nil
		}
		return nil
	})
}

// DeleteBackup removes a backup record entered by mistake (data_admin).
func (s *Store) DeleteBackup(actor *User, b *Backup) error {
	return s.deleteStage(actor, FormBackup, b, "backups")
}

func (im *Implementation) validate() error {
	if im.DowntimeMinutes < 0 {
		return fieldError("downtime", errf(EInvalid, "valid.count"))
	}
	if im.ActualStart != nil && im.ActualEnd != nil && im.ActualEnd.Before(*im.ActualStart) {
		return fieldError("actual_end", errf(EInvalid, "valid.end_before_start"))
	}
	utcPtr(im.ActualStart)
	utcPtr(im.ActualEnd)
	return validateFields(fc("steps", im.Steps, ValidText), fc("problems", im.Problems, ValidText),
		fc("vendor_staff", im.VendorStaff, MaxLen(200)))
}

// utcPtr stores *t in UTC to the microsecond, as the store's clock gives
// times and as every engine keeps them (PostgreSQL has no nanoseconds).
func utcPtr(t *time.Time) {
	if t != nil {
		*t = t.UTC().Truncate(time.Microsecond)
	}
}

// MissingImplementation lists what the implementation record needs before
// the implementation is reported done.
func MissingImplementation(im *Implementation) []string {
	var m []string
	if im.ActualStart == nil {
		m = append(m, "actual_start")
	}
	if im.ActualEnd == nil {
		m = append(m, "actual_end")
	}
	return missing(m, "steps", im.Steps)
}

// Implementation returns the case's implementation record, or an empty one.
func (s *Store) Implementation(caseID uint) (*Implementation, error) {
	im := &Implementation{CaseID: caseID}
	return im, s.loadSingle(im, caseID)
}

// SaveImplementation saves the implementation record (sysadmin; 实施中).
// An implementation cannot start before a verified backup: a start time
// is refused unless a verified backup taken before it exists.
func (s *Store) SaveImplementation(actor *User, im *Implementation) error {
	return s.saveStage(actor, FormImplementation, im, "implementations", true, func(tx *gorm.DB, a *User, c *Case, rec record) error {
		cp := rec.(*Implementation)
		if cp.ActualStart == nil {
			return nil
		}
		return requireBackupBefore(tx, c.ID, *cp.ActualStart)
	})
}

// requireBackupBefore refuses unless the case has a verified backup taken
// before the upgrade, no later than start.
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

func (m *Migration) validate() error {
	if m.Records < 0 {
		return fieldError("migration_records", errf(EInvalid, "valid.count"))
	}
	return validateFields(fc("migration_scope", m.Scope, ValidText), fc("migration_checks", m.Checks, ValidText),
		fc("notes", m.Notes, ValidText))
}

// Migration returns the case's data migration record, or an empty one.
func (s *Store) Migration(caseID uint) (*Migration, error) {
	m := &Migration{CaseID: caseID}
	return m, s.loadSingle(m, caseID)
}

// SaveMigration saves the data migration record (data_admin; 实施中).
func (s *Store) SaveMigration(actor *User, m *Migration) error {
	return s.saveStage(actor, FormMigration, m, "migrations", true, nil)
}

// testTypeRoles says who records which kind of test.
var testTypeRoles = map[string][]Role{
	"system":   {RoleSysadmin},
	"data":     {RoleDataAdmin},
	"business": {RoleStaff, RoleDeptHead},
}

func (t *TestRecord) validate() error {
	return validateFields(fc("test_type", t.Type, Required, choice(TestTypes)),
		fc("test_date", t.Date, Required, ValidDate), fc("tester", t.Tester, MaxLen(64)),
		fc("test_items", t.Items, Required, ValidText), fc("test_result", t.Result, Required, choice(TestResults)),
		fc("notes", t.Notes, ValidText))
}

// Tests returns the case's test records by date.
func (s *Store) Tests(caseID uint) ([]TestRecord, error) {
	var ts []TestRecord
	return ts, s.loadMany(&ts, caseID, "date, id")
}

// SaveTest saves a test record: system tests by the sysadmin, data
// compatibility tests by the data administrator and business tests by the
// requesting department (测试验收中).
func (s *Store) SaveTest(actor *User, t *TestRecord) error {
	return s.saveStage(actor, FormTest, t, "test_records", false, func(tx *gorm.DB, a *User, c *Case, rec record) error {
		cp := rec.(*TestRecord)
		for _, r := range testTypeRoles[cp.Type] {
			if a.HasRole(r) && inCaseDept(a, c, r) {
				if cp.Tester == "" {
					cp.Tester = a.FullName
				}
				return nil
			}
		}
		return errf(EForbidden, "err.test_role", "Type", labelArg(ChoiceKey("test_type", cp.Type)),
			"Roles", roleKeys(testTypeRoles[cp.Type]))
	})
}

// DeleteTest removes a test record entered by mistake.
func (s *Store) DeleteTest(actor *User, t *TestRecord) error {
	return s.deleteStage(actor, FormTest, t, "test_records")
}

func (ac *Acceptance) validate() error {
	return validateFields(fc("acceptance_result", ac.Conclusion, choice(AcceptanceResults)),
		fc("outstanding", ac.Outstanding, ValidText), fc("notes", ac.Notes, ValidText))
}

// Acceptance returns the case's acceptance form, or an empty one.
func (s *Store) Acceptance(caseID uint) (*Acceptance, error) {
	ac := &Acceptance{CaseID: caseID}
	return ac, s.loadSingle(ac, caseID)
}

// SaveAcceptance saves the acceptance conclusion (sysadmin, it_director).
// Changing it withdraws signatures already given in this round.
func (s *Store) SaveAcceptance(actor *User, ac *Acceptance) error {
	return s.saveStage(actor, FormAcceptance, ac, "acceptances", true, func(tx *gorm.DB, a *User, c *Case, rec record) error {
		var n int64
		if err := tx.Model(&Decision{}).Where("case_id = ? AND state_seq = ? AND action = ?", c.ID, c.StateSeq, ActSign).
			Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return errf(EState, "err.already_signed")
		}
		return nil
	})
}

func (r *RollbackReport) validate() error {
	return validateFields(fc("rollback_date", r.Date, ValidDate), fc("rollback_problem", r.Problem, ValidText),
		fc("restored_version", r.RestoredVersion, ValidVersion), fc("restore_status", r.RestoreStatus, choice(RestoreStatuses)),
		fc("cause", r.Cause, ValidText), fc("improvements", r.Improvements, ValidText))
}

// MissingRollback lists what the rollback report needs before the case is
// rolled back.
func MissingRollback(r *RollbackReport) []string {
	var m []string
	m = missing(m, "rollback_date", r.Date)
	m = missing(m, "rollback_problem", r.Problem)
	m = missing(m, "restored_version", r.RestoredVersion)
	m = missing(m, "restore_status", r.RestoreStatus)
	return missing(m, "cause", r.Cause)
}

// Rollback returns the case's rollback report, or an empty one.
func (s *Store) Rollback(caseID uint) (*RollbackReport, error) {
	r := &RollbackReport{CaseID: caseID}
	return r, s.loadSingle(r, caseID)
}

// SaveRollback saves the rollback report (sysadmin, data_admin).
func (s *Store) SaveRollback(actor *User, r *RollbackReport) error {
	return s.saveStage(actor, FormRollback, r, "rollback_reports", true, nil)
}

func (r *Registration) validate() error {
	return validateFields(fc("new_version", r.NewVersion, ValidVersion),
		fc("effective_date", r.EffectiveDate, ValidDate), fc("upgrade_type", r.UpgradeType, choice(UpgradeTypes)),
		fc("notes", r.Notes, ValidText))
}

// MissingRegistration lists what registration needs.
func MissingRegistration(r *Registration) []string {
	var m []string
	m = missing(m, "new_version", r.NewVersion)
	m = missing(m, "effective_date", r.EffectiveDate)
	return missing(m, "upgrade_type", r.UpgradeType)
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

// SaveRegistration saves the registration form (sysadmin; 待登记). The
// system and its version before the upgrade come from the ledger.
func (s *Store) SaveRegistration(actor *User, r *Registration) error {
	return s.saveStage(actor, FormRegistration, r, "registrations", true, func(tx *gorm.DB, a *User, c *Case, rec record) error {
		cp := rec.(*Registration)
		var sys System
		if err := tx.First(&sys, c.SystemID).Error; err != nil {
			return err
		}
		cp.SystemID, cp.OldVersion, cp.Registered = sys.ID, sys.CurrentVersion, false
		if cp.Registrar == "" {
			cp.Registrar = a.FullName
		}
		return nil
	})
}

func (c *Cost) validate() error {
	if c.Amount <= 0 || c.Amount >= maxMoney {
		return fieldError("amount", errf(EInvalid, "valid.money_positive"))
	}
	return validateFields(fc("cost_item", c.Item, Required, MaxLen(200)), fc("invoice_no", c.InvoiceNo, MaxLen(64)),
		fc("cost_date", c.Date, Required, ValidDate), fc("notes", c.Notes, ValidText))
}

// Costs returns the case's cost records by date.
func (s *Store) Costs(caseID uint) ([]Cost, error) {
	var cs []Cost
	return cs, s.loadMany(&cs, caseID, "date, id")
}

// SaveCost saves a cost record (accountant).
func (s *Store) SaveCost(actor *User, c *Cost) error {
	return s.saveStage(actor, FormCost, c, "costs", false, nil)
}

// DeleteCost removes a cost record entered by mistake (accountant).
func (s *Store) DeleteCost(actor *User, c *Cost) error {
	return s.deleteStage(actor, FormCost, c, "costs")
}

func (t *Training) validate() error {
	if t.Attendees < 0 {
		return fieldError("attendees", errf(EInvalid, "valid.count"))
	}
	return validateFields(fc("training_date", t.Date, Required, ValidDate),
		fc("audience", t.Audience, Required, MaxLen(200)), fc("training_content", t.Content, Required, ValidText),
		fc("trainer", t.Trainer, Required, MaxLen(64)), fc("feedback", t.Feedback, ValidText))
}

// Trainings returns the case's training sessions by date.
func (s *Store) Trainings(caseID uint) ([]Training, error) {
	var ts []Training
	return ts, s.loadMany(&ts, caseID, "date, id")
}

// SaveTraining saves a training session (sysadmin, staff, it_director).
func (s *Store) SaveTraining(actor *User, t *Training) error {
	return s.saveStage(actor, FormTraining, t, "trainings", false, nil)
}

// DeleteTraining removes a training session entered by mistake.
func (s *Store) DeleteTraining(actor *User, t *Training) error {
	return s.deleteStage(actor, FormTraining, t, "trainings")
}

func (e *Evaluation) validate() error {
	return validateFields(fc("effect", e.Effect, ValidText), fc("process_improvements", e.Improvements, ValidText),
		fc("cost_benefit", e.CostBenefit, ValidText), fc("outcome", e.Outcome, choice(EvaluationOutcomes)),
		fc("evaluation_conclusion", e.Conclusion, ValidText))
}

// MissingEvaluation lists what the post-evaluation needs before closing.
func MissingEvaluation(e *Evaluation) []string {
	var m []string
	m = missing(m, "effect", e.Effect)
	m = missing(m, "cost_benefit", e.CostBenefit)
	m = missing(m, "outcome", e.Outcome)
	return missing(m, "evaluation_conclusion", e.Conclusion)
}

// Evaluation returns the case's post-evaluation, or an empty one.
func (s *Store) Evaluation(caseID uint) (*Evaluation, error) {
	e := &Evaluation{CaseID: caseID}
	return e, s.loadSingle(e, caseID)
}

// SaveEvaluation saves the post-evaluation (it_director, sysadmin).
func (s *Store) SaveEvaluation(actor *User, e *Evaluation) error {
	return s.saveStage(actor, FormEvaluation, e, "evaluations", true, nil)
}

// loadSingle reads the one record of a single form into dst; dst is left
// as it is (ID 0) when the case has none yet.
func (s *Store) loadSingle(dst record, caseID uint) error {
	var id uint
	err := s.db.Model(dst).Select("id").Where("case_id = ?", caseID).Limit(1).Scan(&id).Error
	if err != nil || id == 0 {
		return s.read("read record", err)
	}
	return s.read("read record", loadRecord(s.db, dst, id))
}

// loadMany reads the records of a case into dst, ordered.
func (s *Store) loadMany(dst any, caseID uint, order string) error {
	return s.read("read records", s.db.Where("case_id = ?", caseID).Order(order).Find(dst).Error)
}

// deleteStage deletes a record of a multi-record form after checking that
// actor may fill the form now.
func (s *Store) deleteStage(actor *User, f Form, rec record, entity string) error {
	return s.write("delete", func(tx *gorm.DB) error {
		a, err := loadActor(tx, actor)
		if err != nil {
			return err
		}
		c, err := loadCase(tx, caseIDOf(rec))
		if err != nil {
			return err
		}
		if err := CanEdit(a, c, f); err != nil {
			return err
		}
		if err := s.checkOwner(tx, rec, entity, false); err != nil {
			return err
		}
		return s.deleteRecord(tx, a, rec, entity)
	})
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
