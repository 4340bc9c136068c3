package data

import (
	"strings"
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

// formRule says who fills a form and in which states.
type formRule struct {
	roles     []Role
	states    []State
	applicant bool // the case's applicant fills it
}

// openStates are the states in which a case is still being worked on.
var openStates = []State{
	StateDraft, StateDeptReview, StateScreening, StateAssessing, StateMgmtApproval, StatePlanning,
	StatePlanApproval, StateImplementing, StateAccepting, StateRegistering, StateFollowUp, StateRolledBack,
}

var formRules = map[Form]formRule{
	FormRequest:        {applicant: true, states: []State{StateDraft}},
	FormAssessment:     {roles: []Role{RoleSysadmin, RoleITDirector}, states: []State{StateAssessing}},
	FormPlan:           {roles: []Role{RoleSysadmin, RoleITDirector}, states: []State{StatePlanning}},
	FormBackup:         {roles: []Role{RoleDataAdmin}, states: []State{StateImplementing, StateAccepting, StateRolledBack}},
	FormImplementation: {roles: []Role{RoleSysadmin}, states: []State{StateImplementing}},
	FormMigration:      {roles: []Role{RoleDataAdmin}, states: []State{StateImplementing}},
	FormTest:           {roles: []Role{RoleSysadmin, RoleDataAdmin, RoleStaff, RoleDeptHead}, states: []State{StateAccepting}},
	FormAcceptance:     {roles: []Role{RoleSysadmin, RoleITDirector}, states: []State{StateAccepting}},
	FormRollback:       {roles: []Role{RoleSysadmin, RoleDataAdmin}, states: []State{StateImplementing, StateAccepting, StateRolledBack}},
	FormRegistration:   {roles: []Role{RoleSysadmin}, states: []State{StateRegistering}},
	FormCost: {roles: []Role{RoleAccountant}, states: []State{StatePlanApproval, StateImplementing, StateAccepting,
		StateRegistering, StateFollowUp, StateRolledBack}},
	FormTraining:   {roles: []Role{RoleSysadmin, RoleStaff, RoleITDirector}, states: []State{StateRegistering, StateFollowUp}},
	FormEvaluation: {roles: []Role{RoleITDirector, RoleSysadmin}, states: []State{StateFollowUp}},
	FormAttachment: {applicant: true, roles: []Role{RoleITDirector, RoleSysadmin, RoleDataAdmin, RoleDeptHead,
		RoleFinanceManager, RoleAccountant, RoleManagement, RoleStaff}, states: openStates},
}

// FormStates returns the states in which f is filled.
func FormStates(f Form) []State { return formRules[f].states }

// FormRoles returns the roles that fill f (the applicant fills the request).
func FormRoles(f Form) []Role { return formRules[f].roles }

// CanEdit reports whether actor may fill form f of case c now: nil if so,
// otherwise an *Error saying why not. The UI uses it to decide what is
// read-only; every save checks it again.
func CanEdit(actor *User, c *Case, f Form) error {
	r, ok := formRules[f]
	if !ok {
		return errf(EInvalid, "err.unknown_form")
	}
	if !stateIn(c.State, r.states) {
		return errf(EState, "err.form_state", "Form", labelArg("form."+string(f)), "State", labelArg(c.State.LabelKey()))
	}
	if r.applicant && actor.ID == c.ApplicantID {
		return nil
	}
	for _, role := range r.roles {
		if actor.HasRole(role) && inCaseDept(actor, c, role) {
			return nil
		}
	}
	if r.applicant && len(r.roles) == 0 {
		return errf(EForbidden, "err.applicant_only")
	}
	return errf(EForbidden, "err.role_required", "Roles", roleKeys(r.roles))
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

// stage is a record that belongs to one case.
type stage interface {
	record
	validate() error
}

// saveStage saves a stage record of form f after checking that actor may
// fill it now. single forms have one record per case: creating a second
// one is a conflict with whoever created the first. check runs extra rules
// with the stored case at hand.
func (s *Store) saveStage(actor *User, f Form, rec stage, entity string, single bool,
	check func(tx *gorm.DB, a *User, c *Case, rec record) error) error {
	if err := rec.validate(); err != nil {
		return err
	}
	return s.saveCopy(rec, func(tx *gorm.DB, cp record) error {
		a, err := loadActor(tx, actor)
		if err != nil {
			return err
		}
		c, err := loadCase(tx, caseIDOf(cp))
		if err != nil {
			return err
		}
		if err := CanEdit(a, c, f); err != nil {
			return err
		}
		if err := s.checkOwner(tx, cp, entity, single); err != nil {
			return err
		}
		if check != nil {
			if err := check(tx, a, c, cp); err != nil {
				return err
			}
		}
		return s.saveRecord(tx, a, cp, entity)
	})
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

// missing appends key to list when v is blank.
func missing(list []string, key, v string) []string {
	if strings.TrimSpace(v) == "" {
		return append(list, key)
	}
	return list
}

// validateFields runs validators over field values; the first failure is
// returned with its field.
func validateFields(checks ...fieldCheck) error {
	for _, c := range checks {
		if err := c.valid(c.value); err != nil {
			return fieldError(c.key, err)
		}
	}
	return nil
}

type fieldCheck struct {
	key   string
	value string
	valid func(string) error
}

func fc(key, value string, valid ...func(string) error) fieldCheck {
	return fieldCheck{key: key, value: value, valid: All(valid...)}
}
