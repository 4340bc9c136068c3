package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"gorm.io/gorm"
)

// RoleApplicant is recorded as the role of the applicant acting on their
// own request (submit, cancel a draft).
const RoleApplicant Role = "applicant"

// ActionRequest is one action a user takes on a case.
type ActionRequest struct {
	CaseID uint
	Action Action
	// Opinion is the opinion, reason or comment given with the action.
	Opinion string
	// PaperSigned is true when the decision was confirmed on a signed
	// paper copy; ScanID optionally names the attached scan of it.
	PaperSigned bool
	ScanID      *uint
	// MergeInto is the number of the case a request is merged into.
	MergeInto string
	// ExpectVersion is the case version the user saw; when it is not 0 and
	// the case has changed since, the action is refused as a conflict.
	ExpectVersion int
	// PaperOverride is the 信息主管's reason for closing (归档) a case whose
	// signed paper has not all come back (待回收签字件); without it such a
	// closing is refused. It is audited with the closing and printed on
	// the dossier's cover; it is not kept when nothing is outstanding.
	PaperOverride string
	// Warned is the fingerprint (Conflicts.Fingerprint) of the warnings
	// the actor was shown and goes on with: an action that warns (the
	// submission and approval of a plan whose downtime windows conflict)
	// is refused with EWarning, listing them, unless they are still those.
	Warned string
}

// duty says whose decisions a rule must not let through.
type duty int

const (
	noDuty       duty = iota
	notApplicant      // nobody decides on a case they filed
	notAuthor         // … nor approves a record they wrote
)

// rule is one allowed transition of the state machine.
type rule struct {
	action    Action
	from      []State
	roles     []Role
	applicant bool   // the case's applicant may take it
	duties    duty   // separation of duties
	authorOf  string // for notAuthor: the table of the record under approval
	opinion   bool   // an opinion (reason) is required
	todo      bool   // waiting for it puts the case in the actor's 待办
	pair      []Role // a decision needing both roles of pair, in one round
	to        State
	next      func(x *actCtx) (State, error) // overrides to
	check     func(x *actCtx) error          // preconditions
	after     func(x *actCtx, to State) error
	archive   bool // closing: the dossier is archived (see actCtx.archive)
	// warn returns what the actor is warned of and may go on with; it is
	// recorded with the decision (Decision.Warning).
	warn func(x *actCtx) (Conflicts, error)
}

// actCtx is the context of one action inside its transaction.
type actCtx struct {
	s     *Store
	tx    *gorm.DB
	actor *User
	c     *Case
	req   *ActionRequest
	role  Role
	// via is set when the actor qualified as a stand-in (代理).
	via *standing
	// subs are the substitutions in force, once read.
	subs *[]Substitute
	// known, when set, holds what the rules would otherwise read per case
	// (the 待办 of many cases reads it for all of them at once).
	known *actorFacts
}

// actorFacts are what the rules read about the actor and a set of cases:
// the records of which the actor is an author, by case and table, and the
// decisions of the current round of two-signature steps, by case.
type actorFacts struct {
	authored map[uint]map[string]bool
	round    map[uint][]Decision
}

var itRoles = []Role{RoleSysadmin, RoleITDirector}

// rules is the state machine of the procedure (README.md, "The procedure
// in the app"): who may take which action in which state.
var rules = []rule{
	{action: ActSubmit, from: []State{StateDraft}, applicant: true, todo: true, next: submitTarget, check: checkRequest},
	{action: ActCancel, from: []State{StateDraft}, applicant: true, opinion: true, to: StateCancelled},
	{action: ActCancel, from: openStates, roles: []Role{RoleITDirector}, opinion: true, to: StateCancelled},

	{action: ActApprove, from: []State{StateDeptReview}, roles: []Role{RoleDeptHead}, duties: notApplicant, todo: true, to: StateScreening},
	{action: ActReturn, from: []State{StateDeptReview}, roles: []Role{RoleDeptHead}, opinion: true, to: StateDraft},
	{action: ActReject, from: []State{StateDeptReview}, roles: []Role{RoleDeptHead}, duties: notApplicant, opinion: true, to: StateRejected},

	{action: ActAccept, from: []State{StateScreening}, roles: itRoles, duties: notApplicant, todo: true, to: StateAssessing},
	{action: ActMerge, from: []State{StateScreening}, roles: itRoles, duties: notApplicant, opinion: true, to: StateMerged,
		check: checkMerge, after: afterMerge},
	{action: ActReject, from: []State{StateScreening}, roles: itRoles, duties: notApplicant, opinion: true, to: StateRejected},

	{action: ActSubmit, from: []State{StateAssessing}, roles: itRoles, todo: true, to: StateMgmtApproval, check: checkAssessment},

	{action: ActApprove, from: []State{StateMgmtApproval}, roles: []Role{RoleManagement}, duties: notAuthor, authorOf: "assessments",
		todo: true, to: StatePlanning},
	{action: ActReject, from: []State{StateMgmtApproval}, roles: []Role{RoleManagement}, duties: notAuthor, authorOf: "assessments",
		opinion: true, to: StateRejected},
	{action: ActReturn, from: []State{StateMgmtApproval}, roles: []Role{RoleManagement}, opinion: true, to: StateAssessing},

	{action: ActSubmit, from: []State{StatePlanning}, roles: itRoles, todo: true, to: StatePlanApproval, check: checkPlan,
		warn: warnWindows},

	{action: ActApprovePlan, from: []State{StatePlanApproval}, roles: []Role{RoleITDirector}, duties: notAuthor, authorOf: "plans",
		todo: true, pair: []Role{RoleITDirector, RoleFinanceManager}, to: StateImplementing, warn: warnWindows},
	{action: ActApproveBudget, from: []State{StatePlanApproval}, roles: []Role{RoleFinanceManager}, duties: notAuthor, authorOf: "plans",
		todo: true, pair: []Role{RoleITDirector, RoleFinanceManager}, to: StateImplementing},
	{action: ActReturn, from: []State{StatePlanApproval}, roles: []Role{RoleITDirector, RoleFinanceManager}, opinion: true, to: StatePlanning},

	{action: ActComplete, from: []State{StateImplementing}, roles: []Role{RoleSysadmin}, todo: true, to: StateAccepting, check: checkImplementation},
	{action: ActRollback, from: []State{StateImplementing, StateAccepting}, roles: itRoles, opinion: true, to: StateRolledBack, check: checkRollback},

	{action: ActSign, from: []State{StateAccepting}, roles: []Role{RoleDeptHead, RoleITDirector}, duties: notAuthor, authorOf: "acceptances", todo: true,
		pair: []Role{RoleDeptHead, RoleITDirector}, next: acceptanceTarget, check: checkAcceptance},
	{action: ActReturn, from: []State{StateAccepting}, roles: []Role{RoleDeptHead, RoleITDirector}, opinion: true, to: StateImplementing},

	{action: ActRegister, from: []State{StateRegistering}, roles: []Role{RoleSysadmin}, todo: true, to: StateFollowUp,
		check: checkRegistration, after: afterRegister},

	{action: ActClose, from: []State{StateFollowUp}, roles: []Role{RoleITDirector}, todo: true, to: StateClosed,
		check: checkFollowUp, archive: true},
	{action: ActClose, from: []State{StateRolledBack}, roles: []Role{RoleITDirector}, todo: true, to: StateClosed,
		check: checkClosedAfterRollback, archive: true},
	{action: ActReplan, from: []State{StateRolledBack}, roles: []Role{RoleITDirector}, todo: true, to: StatePlanning},
}

// Act takes an action on a case for actor, after checking the state, the
// actor's role and department, separation of duties and the completeness
// of the stage's records. A refused action changes nothing and returns an
// *Error saying why. It returns the case as it is afterwards.
func (s *Store) Act(actor *Session, req ActionRequest) (*Case, error) {
	req.Opinion = strings.TrimSpace(req.Opinion)
	if err := ValidText(req.Opinion); err != nil {
		return nil, fieldError("opinion", err)
	}
	req.PaperOverride = strings.TrimSpace(req.PaperOverride)
	if err := ValidText(req.PaperOverride); err != nil {
		return nil, fieldError("paper_override", err)
	}
	var out *Case
	err := s.write("act", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		c, err := loadCase(tx, req.CaseID)
		if err != nil {
			return err
		}
		if req.ExpectVersion != 0 && c.Version != req.ExpectVersion {
			return conflictError("cases", c.UpdatedBy, c.UpdatedAt)
		}
		x := &actCtx{s: s, tx: tx, actor: a, c: c, req: &req}
		r, err := x.findRule(req.Action)
		if err != nil {
			return err
		}
		out, err = x.apply(r)
		return err
	})
	return out, err
}

// findRule returns the rule for action in the case's state that the actor
// qualifies for, or the reason none does.
func (x *actCtx) findRule(a Action) (*rule, error) {
	var refusal error
	for i := range rules {
		r := &rules[i]
		if r.action != a || !stateIn(x.c.State, r.from) {
			continue
		}
		role, err := x.qualify(r)
		if err == nil {
			x.role = role
			return r, nil
		}
		if refusal == nil || ErrorCode(refusal) == EForbidden {
			refusal = err
		}
	}
	if refusal == nil {
		return nil, errf(EState, "err.action_state", "Action", labelArg(a.LabelKey()), "State", labelArg(x.c.State.LabelKey()))
	}
	return nil, refusal
}

// qualify returns the role in which the actor may take r, checking roles,
// department, separation of duties and decisions already given.
//
// One who cannot take r of their own right may take it as a stand-in
// (see standIn); x.via then says for whom.
func (x *actCtx) qualify(r *rule) (Role, error) {
	x.via = nil
	role, err := x.ownRight(r)
	if err == nil {
		return role, nil
	}
	st, serr := x.standIn(r)
	if serr != nil {
		if c := ErrorCode(serr); c == EDuties || c == EState || errors.Is(serr, errHolderFree) {
			return "", serr // a stand-in barred, done or not needed: say so
		}
		return "", err
	}
	x.via = st
	return st.role, nil
}

// ownRight returns the role in which the actor may take r by their own
// roles and department.
func (x *actCtx) ownRight(r *rule) (Role, error) {
	if r.applicant && x.actor.ID == x.c.ApplicantID {
		return RoleApplicant, nil
	}
	role, err := x.pickRole(r)
	if err != nil {
		return "", err
	}
	if err := x.checkDuties(r); err != nil {
		return "", err
	}
	return role, nil
}

func (x *actCtx) pickRole(r *rule) (Role, error) {
	var given map[Role]uint
	if len(r.pair) > 0 {
		var err error
		if given, err = x.pairDecisions(r); err != nil {
			return "", err
		}
		for _, by := range given {
			if by == x.actor.ID {
				return "", errf(EState, "err.already_decided")
			}
		}
	}
	deptRefused := false
	for _, role := range r.roles {
		if !x.actor.HasRole(role) {
			continue
		}
		if !inCaseDept(x.actor, x.c, role) {
			deptRefused = true
			continue
		}
		if _, done := given[role]; done {
			continue
		}
		return role, nil
	}
	switch {
	case deptRefused:
		return "", errf(EForbidden, "err.own_department")
	case len(given) > 0 && x.actor.HasAnyRole(r.roles...):
		return "", errf(EState, "err.already_decided")
	case len(r.roles) == 0:
		return "", errf(EForbidden, "err.applicant_only")
	}
	return "", errf(EForbidden, "err.role_required", "Roles", roleKeys(r.roles))
}

// pairDecisions returns, for a two-signature step, who has already given
// each role's decision in the current round.
func (x *actCtx) pairDecisions(r *rule) (map[Role]uint, error) {
	var ds []Decision
	var err error
	if x.known != nil {
		ds = x.known.round[x.c.ID]
	} else {
		err = x.tx.Where("case_id = ? AND state_seq = ? AND from_state = ? AND to_state = from_state",
			x.c.ID, x.c.StateSeq, x.c.State).Find(&ds).Error
	}
	out := map[Role]uint{}
	for _, d := range ds {
		if d.Action != ActReturn {
			out[d.ActorRole] = d.ActorID
		}
	}
	return out, err
}

func (x *actCtx) checkDuties(r *rule) error {
	if r.duties == noDuty {
		return nil
	}
	if x.actor.ID == x.c.ApplicantID {
		return errf(EDuties, "err.duties_applicant")
	}
	if r.duties != notAuthor {
		return nil
	}
	authored, err := x.authored(r.authorOf)
	if err != nil {
		return err
	}
	if authored {
		return errf(EDuties, "err.duties_author", "What", labelArg("entity."+r.authorOf))
	}
	return nil
}

// authored reports whether the actor wrote (created or changed) the
// case's record in table.
func (x *actCtx) authored(table string) (bool, error) {
	if x.known != nil {
		return x.known.authored[x.c.ID][table], nil
	}
	var n int64
	err := x.tx.Model(&AuditEntry{}).Where("case_id = ? AND entity = ? AND actor_id = ? AND op IN ?",
		x.c.ID, table, x.actor.ID, []string{OpCreate, OpUpdate}).Count(&n).Error
	return n > 0, err
}

// apply takes rule r: checks, the decision, the state change and the audit.
func (x *actCtx) apply(r *rule) (*Case, error) {
	if r.opinion && x.req.Opinion == "" {
		return nil, fieldError("opinion", errf(EInvalid, "err.opinion_required"))
	}
	if r.check != nil {
		if err := r.check(x); err != nil {
			return nil, err
		}
	}
	to, err := x.target(r)
	if err != nil {
		return nil, err
	}
	if err := x.checkScan(); err != nil {
		return nil, err
	}
	warning, err := x.warnings(r)
	if err != nil {
		return nil, err
	}
	d := &Decision{CaseID: x.c.ID, StateSeq: x.c.StateSeq, Action: r.action, FromState: x.c.State, ToState: to,
		ActorID: x.actor.ID, ActorName: x.actor.FullName, ActorRole: x.role, Opinion: x.req.Opinion,
		PaperSigned: x.req.PaperSigned, ScanID: x.req.ScanID, At: x.s.now(), Warning: warning}
	if x.via != nil {
		d.ForName = x.via.forName
		if x.via.forID != 0 {
			id := x.via.forID
			d.ForID = &id
		}
	}
	if err := x.tx.Create(d).Error; err != nil {
		return nil, err
	}
	if to != x.c.State {
		if err := x.moveTo(to); err != nil {
			return nil, err
		}
	}
	if r.after != nil {
		if err := r.after(x, to); err != nil {
			return nil, err
		}
	}
	changes := []Change{{Field: "state", Old: string(d.FromState), New: string(to)}}
	if to == d.FromState {
		changes = nil
	}
	if d.ForName != "" {
		changes = append(changes, Change{Field: "stand_in_for", New: d.ForName})
	}
	if x.req.PaperOverride != "" {
		changes = append(changes, Change{Field: "paper_override", New: x.req.PaperOverride})
	}
	if warning != "" {
		changes = append(changes, Change{Field: "warning", New: warning})
	}
	if err := x.s.audit(x.tx, x.actor, OpTransition, "cases", x.c.ID, x.c.ID, changes, string(r.action), x.req.Opinion); err != nil {
		return nil, err
	}
	if r.archive {
		if err := x.archive(); err != nil {
			return nil, err
		}
	}
	if err := x.notify(r, d); err != nil {
		return nil, err
	}
	return x.c, nil
}

// warnings returns the text of what the actor of rule r is warned of and
// goes on with ("" for nothing), or EWarning listing the warnings when the
// actor was not shown them as they are (ActionRequest.Warned).
func (x *actCtx) warnings(r *rule) (string, error) {
	if r.warn == nil {
		return "", nil
	}
	cs, err := r.warn(x)
	if err != nil || len(cs) == 0 {
		return "", err
	}
	if fp := cs.Fingerprint(); x.req.Warned != fp {
		return "", errf(EWarning, "err.conflicts_unconfirmed", "Conflicts", cs, "N", len(cs), "Fingerprint", fp)
	}
	return cs.Text(LangZH), nil
}

// WarningsOf returns the warnings of an action refused with EWarning and
// their fingerprint, to take the action again with (ActionRequest.Warned).
func WarningsOf(err error) (Conflicts, string, bool) {
	var e *Error
	if !errors.As(err, &e) || e.Code != EWarning {
		return nil, "", false
	}
	cs, _ := e.Args["Conflicts"].(Conflicts)
	fp, _ := e.Args["Fingerprint"].(string)
	return cs, fp, true
}

// warnWindows returns the conflicts of the plan's downtime windows.
func warnWindows(x *actCtx) (Conflicts, error) { return planConflicts(x.tx, x.c) }

// Warnings returns what whoever takes action a on case caseID now is
// warned of, to be shown before: the conflicts of a plan's downtime
// windows at its submission and approval; nothing for other actions.
func (s *Store) Warnings(caseID uint, a Action) (Conflicts, error) {
	var out Conflicts
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		for i := range rules {
			if r := &rules[i]; r.action == a && stateIn(c.State, r.from) && r.warn != nil {
				out, err = r.warn(&actCtx{s: s, tx: tx, c: c})
				return err
			}
		}
		return nil
	})
	return out, s.fail("read warnings", err)
}

// target returns the state the action leads to. A two-signature step stays
// in its state until both roles have decided.
func (x *actCtx) target(r *rule) (State, error) {
	if len(r.pair) > 0 {
		given, err := x.pairDecisions(r)
		if err != nil {
			return "", err
		}
		given[x.role] = x.actor.ID
		for _, need := range r.pair {
			if need == RoleDeptHead && x.c.BusinessDeptID == 0 {
				continue // no business department signs for this case
			}
			if _, ok := given[need]; !ok {
				return x.c.State, nil
			}
		}
	}
	if r.next != nil {
		return r.next(x)
	}
	return r.to, nil
}

func (x *actCtx) checkScan() error {
	if x.req.ScanID == nil {
		return nil
	}
	var att Attachment
	if err := x.tx.First(&att, *x.req.ScanID).Error; err != nil || att.CaseID == nil || *att.CaseID != x.c.ID {
		return errf(EInvalid, "err.scan_not_found")
	}
	return nil
}

// moveTo changes the case's state, guarded by its version. A case that
// ends (closed, rejected, merged, cancelled) gets its end time.
func (x *actCtx) moveTo(to State) error {
	now := x.s.now()
	set := map[string]any{
		"state": to, "state_seq": x.c.StateSeq + 1, "state_at": now, "version": x.c.Version + 1,
		"updated_at": now, "updated_by_id": x.actor.ID, "updated_by": x.actor.FullName,
	}
	if to.Terminal() {
		set["closed_at"] = now
	}
	due, err := x.s.dueIn(x.tx, to, now)
	if err != nil {
		return err
	}
	set["due_at"] = due
	res := x.tx.Model(&Case{}).Where("id = ? AND version = ?", x.c.ID, x.c.Version).Updates(set)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return conflictError("cases", x.c.UpdatedBy, x.c.UpdatedAt)
	}
	x.c.State, x.c.StateSeq, x.c.StateAt, x.c.Version = to, x.c.StateSeq+1, now, x.c.Version+1
	x.c.UpdatedAt, x.c.UpdatedByID, x.c.UpdatedBy = now, x.actor.ID, x.actor.FullName
	x.c.DueAt = due
	if to.Terminal() {
		x.c.ClosedAt = &now
	}
	return nil
}

func submitTarget(x *actCtx) (State, error) {
	var d Department
	if err := x.tx.First(&d, x.c.DepartmentID).Error; err != nil {
		return "", err
	}
	if d.Kind == DeptIT {
		return StateScreening, nil
	}
	return StateDeptReview, nil
}

func checkRequest(x *actCtx) error { return incomplete("cases", requestRecord.Missing(x.c)) }

func checkMerge(x *actCtx) error {
	no := strings.TrimSpace(x.req.MergeInto)
	if err := All(Required, ValidCaseNo)(no); err != nil {
		return fieldError("merge_into", err)
	}
	var target Case
	if err := x.tx.Where("no = ?", no).Limit(1).Find(&target).Error; err != nil {
		return err
	}
	switch {
	case target.ID == 0:
		return errf(ENotFound, "err.case_no_not_found", "No", no)
	case target.ID == x.c.ID:
		return errf(EInvalid, "err.merge_self")
	case target.State.Terminal():
		return errf(EState, "err.merge_closed", "No", no)
	}
	return nil
}

func afterMerge(x *actCtx, _ State) error {
	var target Case
	if err := x.tx.Where("no = ?", strings.TrimSpace(x.req.MergeInto)).First(&target).Error; err != nil {
		return err
	}
	x.c.MergedIntoID = &target.ID
	return x.tx.Model(&Case{}).Where("id = ?", x.c.ID).Update("merged_into_id", target.ID).Error
}

func checkAssessment(x *actCtx) error {
	a := &Assessment{}
	if err := loadByCase(x.tx, a, x.c.ID); err != nil {
		return err
	}
	return incomplete("assessments", Missing(a))
}

func checkPlan(x *actCtx) error {
	p := &Plan{}
	if err := loadByCase(x.tx, p, x.c.ID); err != nil {
		return err
	}
	return incomplete("plans", Missing(p))
}

func checkImplementation(x *actCtx) error {
	im := &Implementation{}
	if err := loadByCase(x.tx, im, x.c.ID); err != nil {
		return err
	}
	if err := incomplete("implementations", Missing(im)); err != nil {
		return err
	}
	return requireBackupBefore(x.tx, x.c.ID, *im.ActualStart)
}

func checkRollback(x *actCtx) error {
	r := &RollbackReport{}
	if err := loadByCase(x.tx, r, x.c.ID); err != nil {
		return err
	}
	return incomplete("rollback_reports", Missing(r))
}

func checkAcceptance(x *actCtx) error {
	ac := &Acceptance{}
	if err := loadByCase(x.tx, ac, x.c.ID); err != nil {
		return err
	}
	miss := Missing(ac)
	var n int64
	if err := x.tx.Model(&TestRecord{}).Where("case_id = ?", x.c.ID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		miss = append(miss, "tests")
	}
	if err := incomplete("acceptances", miss); err != nil {
		return err
	}
	if ac.Conclusion == "fail" {
		return checkRollback(x)
	}
	return nil
}

// acceptanceTarget follows the acceptance conclusion once both have signed.
func acceptanceTarget(x *actCtx) (State, error) {
	ac := &Acceptance{}
	if err := loadByCase(x.tx, ac, x.c.ID); err != nil {
		return "", err
	}
	switch ac.Conclusion {
	case "pass":
		return StateRegistering, nil
	case "conditional":
		return StateImplementing, nil
	}
	return StateRolledBack, nil
}

func checkRegistration(x *actCtx) error {
	r := &Registration{}
	if err := loadByCase(x.tx, r, x.c.ID); err != nil {
		return err
	}
	if err := incomplete("registrations", Missing(r)); err != nil {
		return err
	}
	var sys System
	if err := x.tx.First(&sys, x.c.SystemID).Error; err != nil {
		return err
	}
	if sys.CurrentVersion == r.NewVersion {
		return fieldError("new_version", errf(EInvalid, "err.same_version"))
	}
	return nil
}

// afterRegister sets the system's current version and appends the line to
// its version history, in the registering transaction.
func afterRegister(x *actCtx, _ State) error {
	r := &Registration{}
	if err := loadByCase(x.tx, r, x.c.ID); err != nil {
		return err
	}
	var sys System
	if err := loadRecord(x.tx, &sys, x.c.SystemID); err != nil {
		return err
	}
	old := sys
	sys.CurrentVersion = r.NewVersion
	if err := x.s.saveRecord(x.tx, x.actor, &sys, "systems"); err != nil {
		return err
	}
	cid := x.c.ID
	line := &SystemVersion{SystemID: sys.ID, Version: r.NewVersion, PrevVersion: old.CurrentVersion,
		EffectiveDate: r.EffectiveDate, UpgradeType: r.UpgradeType, CaseID: &cid, CaseNo: x.c.No,
		Registrar: firstNonEmpty(r.Registrar, x.actor.FullName), Notes: r.Notes, CreatedAt: x.s.now()}
	if err := x.tx.Create(line).Error; err != nil {
		return err
	}
	return x.tx.Model(&Registration{}).Where("id = ?", r.ID).Updates(map[string]any{
		"registered": true, "old_version": old.CurrentVersion, "version": gorm.Expr("version + 1")}).Error
}

func checkFollowUp(x *actCtx) error {
	var miss []string
	var n int64
	if err := x.tx.Model(&Training{}).Where("case_id = ?", x.c.ID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		miss = append(miss, "trainings")
	}
	e := &Evaluation{}
	if err := loadByCase(x.tx, e, x.c.ID); err != nil {
		return err
	}
	miss = append(miss, Missing(e)...)
	if err := incomplete("evaluations", miss); err != nil {
		return err
	}
	return checkDossier(x)
}

func checkClosedAfterRollback(x *actCtx) error {
	if err := checkRollback(x); err != nil {
		return err
	}
	return checkDossier(x)
}

// MaxAttachment is the largest file that can be attached (20 MB).
const MaxAttachment = 20 << 20

// checkDossier refuses to close a case when the store cannot make the
// dossier to archive.
func checkDossier(x *actCtx) error {
	if x.s.archiver == nil {
		return errf(EIncomplete, "err.dossier_missing")
	}
	return paperGate(x)
}

// archive makes the case's dossier and archives it, as the last step of
// closing: the dossier is rendered from this transaction's reads, after
// the closing decision, the state change and its audit entry, so the file
// archived is the case as closed; the archive entry it shows is the one
// being made, without the file's own SHA-256. The file is stored as an
// attachment and its SHA-256 as the archive entry.
func (x *actCtx) archive() error {
	entry := &ArchiveEntry{CaseID: x.c.ID, ArchivedAt: *x.c.ClosedAt, ArchivedByID: x.actor.ID, ArchivedBy: x.actor.FullName,
		PaperOverride: x.req.PaperOverride}
	d, err := x.s.within(x.tx).dossier(x.c.ID)
	if err != nil {
		return err
	}
	shown := *entry // the renderer sees the entry without the file's SHA-256
	d.Archive = &shown
	pdf, err := x.s.archiver(d)
	if err != nil {
		return errf(EIncomplete, "err.dossier_failed", "Err", err.Error())
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return errf(EIncomplete, "err.dossier_failed", "Err", "not a PDF file")
	}
	if len(pdf) > MaxAttachment {
		return errf(EInvalid, "err.too_big", "MB", MaxAttachment>>20)
	}
	name := x.c.No + "-" + Label("archive.note") + ".pdf"
	att, err := x.s.insertAttachment(x.tx, x.actor, x.c.ID, name, "application/pdf", Label("archive.note"), pdf)
	if err != nil {
		return err
	}
	entry.DossierSHA, entry.AttachmentID = att.SHA256, att.ID
	return x.tx.Create(entry).Error
}

// loadByCase reads the single record of a case into dst with its rows;
// dst stays empty when there is none.
func loadByCase(tx *gorm.DB, dst record, caseID uint) error {
	var id uint
	if err := tx.Model(dst).Select("id").Where("case_id = ?", caseID).Limit(1).Scan(&id).Error; err != nil {
		return err
	}
	if id == 0 {
		return nil
	}
	return loadRecord(tx, dst, id)
}

// SHA256Hex returns the hexadecimal SHA-256 of b.
func SHA256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// OpinionRequired reports whether taking action a on a case in state st
// needs an opinion or reason (returns, rejections, cancellations, merges,
// rollbacks).
func OpinionRequired(a Action, st State) bool {
	for i := range rules {
		if rules[i].action == a && stateIn(st, rules[i].from) {
			return rules[i].opinion
		}
	}
	return false
}
