package data

import (
	"time"

	"gorm.io/gorm"
)

// Form names a stage form of a case.
type Form string

// The forms of a case, in the order of the procedure.
const (
	FormRequest        Form = "request"
	FormAssessment     Form = "assessment"
	FormPlan           Form = "plan"
	FormBackup         Form = "backup"
	FormImplementation Form = "implementation"
	FormMigration      Form = "migration"
	FormTest           Form = "test"
	FormAcceptance     Form = "acceptance"
	FormRollback       Form = "rollback"
	FormRegistration   Form = "registration"
	FormCost           Form = "cost"
	FormTraining       Form = "training"
	FormEvaluation     Form = "evaluation"
	FormAttachment     Form = "attachment"
)

// openStates are the states in which a case is still being worked on:
// every state but those it ends in (State.Terminal).
var openStates = statesWhere(func(st State) bool { return !st.Terminal() })

// statesWhere lists the states of which f holds, in the order of
// AllStates.
func statesWhere(f func(State) bool) []State {
	var out []State
	for _, st := range AllStates {
		if f(st) {
			out = append(out, st)
		}
	}
	return out
}

// CanEdit reports whether actor may fill form f of case c now: nil if so,
// otherwise an *Error saying why not. The assessment and the plan of an
// emergency change are filled afterwards in any of its later states
// (kinds.go). The UI uses it to decide what is
// read-only; every save checks it again.
func CanEdit(actor *User, c *Case, f Form) error {
	r := RecordOf(f)
	if r == nil {
		return errf(EInvalid, "err.unknown_form")
	}
	if !stateIn(c.State, r.States) && !retroForm(c, f) {
		return errf(EState, "err.form_state", "Form", labelArg("form."+string(f)), "State", labelArg(c.State.LabelKey()))
	}
	if r.Applicant && actor.ID == c.ApplicantID {
		return nil
	}
	for _, role := range r.Roles {
		if actor.HasRole(role) && inCaseDept(actor, c, role) {
			return nil
		}
	}
	if r.Applicant && len(r.Roles) == 0 {
		return errf(EForbidden, "err.applicant_only")
	}
	return errf(EForbidden, "err.role_required", "Roles", roleKeys(r.Roles))
}

// inCaseDept applies the department rule: business-side roles act only on
// cases whose business department is their own.
func inCaseDept(u *User, c *Case, r Role) bool {
	if r == RoleDeptHead || r == RoleStaff {
		return c.BusinessDeptID != 0 && u.DepartmentID == c.BusinessDeptID
	}
	return true
}

func stateIn(s State, list []State) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkOwner refuses moving a record to another case and creating a second
// record of a single form.
func (s *Store) checkOwner(tx *gorm.DB, rec record, entity string, single bool) error {
	m := rec.meta()
	var cur struct {
		ID        uint
		CaseID    uint
		UpdatedBy string
		UpdatedAt time.Time
	}
	if m.ID != 0 {
		if err := tx.Table(entity).Select("id, case_id").Where("id = ?", m.ID).Scan(&cur).Error; err != nil {
			return err
		}
		if cur.ID == 0 {
			return errf(ENotFound, "err.record_deleted", "What", labelArg("entity."+entity))
		}
		if cur.CaseID != caseIDOf(rec) {
			return errf(EInvalid, "err.wrong_case")
		}
		return nil
	}
	if !single {
		return nil
	}
	if err := tx.Table(entity).Select("id, case_id, updated_by, updated_at").
		Where("case_id = ?", caseIDOf(rec)).Limit(1).Scan(&cur).Error; err != nil {
		return err
	}
	if cur.ID != 0 {
		return conflictError(entity, cur.UpdatedBy, cur.UpdatedAt)
	}
	return nil
}
