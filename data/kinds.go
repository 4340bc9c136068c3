package data

import (
	"database/sql"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Kinds of change (变更类别). Every case is one of three:
//
//   - 一般升级 (normal): the whole procedure.
//   - 标准升级 (standard): a routine change of one system after a template
//     that the 馆领导 and the 信息主管 approved for a period (templates.go).
//     Accepted at screening, it goes straight to its plan, which starts from
//     the template: no assessment meeting and no 馆领导 approval. Plan, plan
//     approval, backup, implementation, acceptance and registration stay.
//     The template must be in force when the request is saved, submitted
//     and accepted; the case's system and type of upgrade are the
//     template's; a plan whose budget is above the template's ceiling is
//     refused at submission. A case that no longer fits (its template
//     withdrawn or expired, a larger budget) is converted to a normal
//     change by the 信息主管 (转为一般升级, with a reason): at screening it
//     stays there to be accepted as a normal change, in planning or plan
//     approval it goes back to assessment.
//   - 紧急升级 (emergency): filed as such, it runs the normal way until the
//     信息主管 lets its implementation start at once (紧急实施, with a
//     reason), at screening, in assessment or waiting for the 馆领导. The
//     backup rule holds as for any case. What it went ahead of is done
//     afterwards (事后补办): the assessment report and the plan are written
//     in whatever stage the case is in, and the 馆领导 confirm them (追认).
//     That is due a number of working days after the 信息主管's approval
//     (SettingEmergencyDays); until it is done the case is overdue for the
//     馆领导, and it cannot be archived.
//
// The rules are rows of the state machine (rules in workflow.go), which
// say for which kinds they hold.
const (
	ChangeNormal    = "normal"
	ChangeStandard  = "standard"
	ChangeEmergency = "emergency"
)

// ChangeKinds lists the kinds of change in display order (the choice list
// "change_kind").
var ChangeKinds = []string{ChangeNormal, ChangeStandard, ChangeEmergency}

// The kinds the rules of one kind name.
var (
	normalWay    = []string{ChangeNormal, ChangeEmergency}
	standardOnly = []string{ChangeStandard}
	emergencyWay = []string{ChangeEmergency}
)

// KindOf returns the kind of change of c: normal for cases filed before
// there were kinds.
func KindOf(c *Case) string {
	if c.ChangeKind == "" {
		return ChangeNormal
	}
	return c.ChangeKind
}

// AfterFind reads a case filed before there were kinds as a normal change.
func (c *Case) AfterFind(*gorm.DB) error {
	if c.ChangeKind == "" {
		c.ChangeKind = ChangeNormal
	}
	return nil
}

// ruleCaseColumns are the columns of cases the rules read: whoever
// judges many cases at once reads these only.
const ruleCaseColumns = "id, state, state_seq, state_at, applicant_id, department_id, business_dept_id, version, " +
	"change_kind, template_id, retro_due_at, retro_done_at"

// scanRuleCase reads the ruleCaseColumns of one row into c, column by
// column: GORM's reflection took most of the time of 待办 for tens of
// thousands of cases.
func scanRuleCase(rows *sql.Rows, c *Case) error {
	return rows.Scan(&c.ID, &c.State, &c.StateSeq, &c.StateAt, &c.ApplicantID, &c.DepartmentID,
		&c.BusinessDeptID, &c.Version, &c.ChangeKind, &c.TemplateID, &c.RetroDueAt, &c.RetroDoneAt)
}

// eachRuleCase calls f with the ruleCaseColumns of each case q selects, in
// one Case reused from row to row.
func eachRuleCase(q *gorm.DB, f func(c *Case) error) error {
	rows, err := q.Model(&Case{}).Select(ruleCaseColumns).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var c Case
	for rows.Next() {
		if err := scanRuleCase(rows, &c); err != nil {
			return err
		}
		if err := f(&c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ruleCases returns the ruleCaseColumns of the cases q selects.
func ruleCases(q *gorm.DB) ([]Case, error) {
	var cases []Case
	err := eachRuleCase(q, func(c *Case) error {
		cases = append(cases, *c)
		return nil
	})
	return cases, err
}

// appliesTo reports whether rule r holds for case c: its kind of change,
// and its further condition.
func (r *rule) appliesTo(c *Case) bool {
	if r.kinds != nil && !inList(KindOf(c), r.kinds) {
		return false
	}
	return r.when == nil || r.when(c)
}

// retroStates are the states in which the steps an emergency change went
// ahead of are completed.
var retroStates = []State{StateImplementing, StateAccepting, StateRegistering, StateFollowUp, StateRolledBack}

// retroForms are the records an emergency change completes afterwards.
var retroForms = []Form{FormAssessment, FormPlan}

// RetroPending reports whether c is an emergency change whose skipped
// steps are still to be completed (事后补办).
func RetroPending(c *Case) bool {
	return KindOf(c) == ChangeEmergency && c.RetroDueAt != nil && c.RetroDoneAt == nil && !c.State.Terminal()
}

// retroPendingSQL holds (on cases) for the cases RetroPending is true of.
const retroPendingSQL = "cases.change_kind = 'emergency' AND cases.retro_due_at IS NOT NULL AND cases.retro_done_at IS NULL"

// RetroLateAt reports whether c's skipped steps are past their due time
// at now.
func RetroLateAt(c *Case, now time.Time) bool {
	return RetroPending(c) && c.RetroDueAt.Before(now)
}

// retroForm reports whether form f of c is one completed afterwards now.
func retroForm(c *Case, f Form) bool {
	if !RetroPending(c) {
		return false
	}
	for _, x := range retroForms {
		if x == f {
			return true
		}
	}
	return false
}

// SettingEmergencyDays is the setting of how many working days the steps
// an emergency change went ahead of have to be completed in.
const SettingEmergencyDays = "emergency_days"

// DefaultEmergencyDays is SettingEmergencyDays when it is not set.
const DefaultEmergencyDays = 5

// positive refuses 0 days: the skipped steps of an emergency change are
// always due.
func positive(s string) error {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n == 0 {
		return errf(EInvalid, "valid.days_positive")
	}
	return nil
}

// emergencyDaysIn reads SettingEmergencyDays.
func emergencyDaysIn(tx *gorm.DB) (int, error) {
	var v Setting
	if err := tx.Where("key = ?", SettingEmergencyDays).Limit(1).Find(&v).Error; err != nil {
		return 0, err
	}
	if n, err := strconv.Atoi(v.Value); err == nil && n > 0 {
		return n, nil
	}
	return DefaultEmergencyDays, nil
}

// afterEmergency sets when the skipped steps are due, by the working days
// of the setting counted on the library's calendar from now.
func afterEmergency(x *actCtx, _ State) error {
	days, err := emergencyDaysIn(x.tx)
	if err != nil {
		return err
	}
	cal, err := calendarIn(x.tx)
	if err != nil {
		return err
	}
	due := cal.AddWorkingDays(x.s.now(), days).UTC().Truncate(time.Microsecond)
	if err := x.tx.Model(&Case{}).Where("id = ?", x.c.ID).Update("retro_due_at", due).Error; err != nil {
		return err
	}
	x.c.RetroDueAt = &due
	x.extra = append(x.extra, Change{Field: "retro_due_at", New: due.Format(time.RFC3339Nano)})
	return nil
}

// checkRetro refuses the 馆领导's confirmation until the assessment report
// and the plan are complete.
func checkRetro(x *actCtx) error {
	if err := checkAssessment(x); err != nil {
		return err
	}
	return checkPlan(x)
}

// afterRatify records that the skipped steps are complete.
func afterRatify(x *actCtx, _ State) error {
	now := x.s.now()
	res := x.tx.Model(&Case{}).Where("id = ? AND version = ?", x.c.ID, x.c.Version).Updates(map[string]any{
		"retro_done_at": now, "version": x.c.Version + 1, "updated_at": now,
		"updated_by_id": x.actor.ID, "updated_by": x.actor.FullName})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return conflictError("cases", x.c.UpdatedBy, x.c.UpdatedAt)
	}
	x.c.RetroDoneAt, x.c.Version = &now, x.c.Version+1
	x.c.UpdatedAt, x.c.UpdatedByID, x.c.UpdatedBy = now, x.actor.ID, x.actor.FullName
	x.extra = append(x.extra, Change{Field: "retro_done_at", New: now.Format(time.RFC3339Nano)})
	return nil
}

// stay keeps the case in its state: a decision beside the stage's own.
func stay(x *actCtx) (State, error) { return x.c.State, nil }

// retroGate refuses archiving an emergency change whose skipped steps are
// not complete.
func retroGate(x *actCtx) error {
	if RetroPending(x.c) {
		return errf(EIncomplete, "err.retro_pending", "Due", x.c.RetroDueAt.Local().Format(DateLayout))
	}
	return nil
}

// convertTarget is where a standard change converted to a normal one
// goes: from screening nowhere (it is accepted as a normal change next),
// from its plan back to the assessment it skipped.
func convertTarget(x *actCtx) (State, error) {
	if x.c.State == StateScreening {
		return StateScreening, nil
	}
	return StateAssessing, nil
}

// afterConvert makes the case a normal change without a template.
func afterConvert(x *actCtx, _ State) error {
	old := ""
	if x.c.TemplateID != nil {
		old = strconv.FormatUint(uint64(*x.c.TemplateID), 10)
	}
	set := map[string]any{"change_kind": ChangeNormal, "template_id": nil}
	if x.c.State == StateScreening { // no state change has counted the version up
		now := x.s.now()
		set["version"], set["updated_at"] = x.c.Version+1, now
		set["updated_by_id"], set["updated_by"] = x.actor.ID, x.actor.FullName
		x.c.Version, x.c.UpdatedAt, x.c.UpdatedByID, x.c.UpdatedBy = x.c.Version+1, now, x.actor.ID, x.actor.FullName
	}
	if err := x.tx.Model(&Case{}).Where("id = ?", x.c.ID).Updates(set).Error; err != nil {
		return err
	}
	x.c.ChangeKind, x.c.TemplateID = ChangeNormal, nil
	x.extra = append(x.extra, Change{Field: "change_kind", Old: ChangeStandard, New: ChangeNormal},
		Change{Field: "template_id", Old: old})
	return nil
}

// KindLine is one line of what the documents and the case window say
// about a case's kind of change.
type KindLine struct {
	// Key is the translation key of the line's label.
	Key   string
	Value string
	// Wide lines take a whole row of a form's grid.
	Wide bool
}

// KindLines says in lang what kind of change d's case is and on whose
// authority: for a standard change its template and the template's
// approval and period, for an emergency change the 信息主管's approval
// with its reason and when the skipped steps were due and confirmed.
// Every document prints them, and the case window shows them.
func (d *Dossier) KindLines(lang string) []KindLine {
	c := &d.Case
	kind := KindOf(c)
	lines := []KindLine{{Key: "field.change_kind", Value: T(lang, ChoiceKey("change_kind", kind), nil)}}
	by := func(name string, role Role, at time.Time) string {
		return T(lang, "kind.by", Args("Name", name, "Role", T(lang, role.LabelKey(), nil), "Date", at.Local().Format(DateLayout)))
	}
	sep := T(lang, "value.list_sep", nil)
	switch kind {
	case ChangeStandard:
		t := d.Template
		if t == nil {
			break
		}
		lines = append(lines, KindLine{Key: "field.template", Value: t.No + " " + t.Name, Wide: true})
		var approvals []string
		for _, a := range d.TemplateApprovals {
			approvals = append(approvals, by(a.ActorName, a.ActorRole, a.At))
		}
		approval := T(lang, "kind.template_not_approved", nil)
		if len(approvals) > 0 {
			approval = strings.Join(approvals, sep)
		}
		lines = append(lines, KindLine{Key: "kind.template_approval", Wide: true,
			Value: T(lang, "kind.template_approval_text", Args("Approvals", approval, "From", t.ValidFrom, "Until", t.ValidUntil))})
	case ChangeEmergency:
		if e := d.lastDecision(ActEmergency); e != nil {
			lines = append(lines, KindLine{Key: "kind.emergency_approval", Wide: true,
				Value: T(lang, "kind.emergency_text", Args("By", by(e.ActorText(lang), e.ActorRole, e.At), "Reason", e.Opinion))})
		}
		if c.RetroDueAt == nil {
			break
		}
		due := c.RetroDueAt.Local().Format(DateLayout)
		value := T(lang, "kind.retro_due", Args("Due", due))
		if r := d.lastDecision(ActRatify); c.RetroDoneAt != nil && r != nil {
			value = T(lang, "kind.retro_done", Args("Due", due, "By", by(r.ActorText(lang), r.ActorRole, r.At)))
		}
		lines = append(lines, KindLine{Key: "kind.retro", Value: value, Wide: true})
	}
	return lines
}

// lastDecision returns the last decision of action a on the case, nil
// when there is none.
func (d *Dossier) lastDecision(a Action) *Decision {
	for i := len(d.Decisions) - 1; i >= 0; i-- {
		if d.Decisions[i].Action == a {
			return &d.Decisions[i]
		}
	}
	return nil
}

// AfterTheFact reports whether a record of the case written at at (a
// record of an emergency change's skipped steps, or its 馆领导's
// confirmation) came after the 信息主管 let the implementation start:
// the documents mark such records 事后补办.
func (d *Dossier) AfterTheFact(at time.Time) bool {
	if KindOf(&d.Case) != ChangeEmergency {
		return false
	}
	e := d.lastDecision(ActEmergency)
	return e != nil && at.After(e.At)
}
