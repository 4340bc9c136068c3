package data

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AvailableActions returns the actions actor may take on the case now,
// judged by state, role, department, separation of duties and decisions
// already given. Completeness is checked when the action is taken, so an
// offered action may still be refused with the list of what is missing.
func (s *Store) AvailableActions(actor *User, caseID uint) ([]Action, error) {
	a, err := currentUser(s.db, actor)
	if err != nil {
		return nil, s.read("available actions", err)
	}
	c, err := loadCase(s.db, caseID)
	if err != nil {
		return nil, s.read("available actions", err)
	}
	return availableActions(&actCtx{s: s, tx: s.db, actor: a, c: c, req: &ActionRequest{}}, false), nil
}

// availableActions lists the actions of x.actor on x.c; todoOnly keeps the
// ones that make the case wait for the actor.
func availableActions(x *actCtx, todoOnly bool) []Action {
	var out []Action
	seen := map[Action]bool{}
	for i := range rules {
		r := &rules[i]
		if seen[r.action] || !stateIn(x.c.State, r.from) || !r.appliesTo(x.c) || (todoOnly && !r.todo) {
			continue
		}
		if _, err := x.qualify(r); err == nil {
			seen[r.action] = true
			out = append(out, r.action)
		}
	}
	return out
}

// TodoItem is a case waiting for the user.
type TodoItem struct {
	CaseRow
	// Actions are the decisions the case waits for from the user.
	Actions []Action
	// Forms are the records the user is to fill at this stage.
	Forms []Form
	// Escalated marks a case brought to the IT director because its stage
	// is overdue by SettingEscalateDays working days or more.
	Escalated bool
	// Stuck, in the 待办 of account administrators and IT directors, is
	// why nobody may take the case's next step, StuckAction (StuckCases).
	Stuck       error
	StuckAction Action
	// Paper is the signed paper due back on the case that the user is to
	// collect (the 信息主管, and whoever printed copies) or, with
	// PaperDue.Resign, to sign again (the signer): 待回收签字件.
	Paper []PaperDue
	// paperDue marks a case with paper due to the user, before Paper is
	// read (see todoPaper).
	paperDue bool
	// Template, when not 0, makes the item a template of standard changes
	// waiting for the user's approval (its number, name and system in
	// CaseRow), not a case.
	Template uint
}

// todoLimit caps the 待办 list; TodoList counts every case all the same.
const todoLimit = 500

// formDuties are the records a case waits for in a state, beside the
// decisions it waits for: while none holds, the case is in the 待办 of
// everyone who may fill the form (its description's roles, in the case's
// department for the business roles), or, for a test, the roles of its
// type (testTypeRoles).
var formDuties = []formDuty{
	{StateAssessing, FormAssessment, "", "1 = 1"},
	{StatePlanning, FormPlan, "", "1 = 1"},
	{StateImplementing, FormBackup, "",
		"NOT EXISTS (SELECT 1 FROM backups b WHERE b.case_id = cases.id AND b.kind = 'before' AND b.verified = true)"},
	{StateImplementing, FormImplementation, "", "1 = 1"},
	{StateAccepting, FormTest, "system",
		"NOT EXISTS (SELECT 1 FROM test_records t WHERE t.case_id = cases.id AND t.type = 'system')"},
	{StateAccepting, FormTest, "data",
		"NOT EXISTS (SELECT 1 FROM test_records t WHERE t.case_id = cases.id AND t.type = 'data')"},
	{StateAccepting, FormTest, "business",
		"business_dept_id <> 0 AND NOT EXISTS (SELECT 1 FROM test_records t WHERE t.case_id = cases.id AND t.type = 'business')"},
	{StateAccepting, FormAcceptance, "",
		"NOT EXISTS (SELECT 1 FROM acceptances a WHERE a.case_id = cases.id AND a.conclusion <> '')"},
	{StateRegistering, FormRegistration, "", "1 = 1"},
	{StateRolledBack, FormRollback, "",
		"NOT EXISTS (SELECT 1 FROM rollback_reports r WHERE r.case_id = cases.id)"},
	{StateFollowUp, FormTraining, "", "NOT EXISTS (SELECT 1 FROM trainings k WHERE k.case_id = cases.id)"},
	{StateFollowUp, FormEvaluation, "",
		"NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.case_id = cases.id AND e.outcome <> '')"},
	{StateFollowUp, FormCost, "", "NOT EXISTS (SELECT 1 FROM costs k WHERE k.case_id = cases.id)"},
}

// formDuty is a record a case waits for in a state.
type formDuty struct {
	state    State
	form     Form
	testType string
	none     string // SQL condition (on cases) that holds while the record is missing
}

// retroDuties are the records an emergency change completes afterwards
// (kinds.go): they are due in whatever state the case is, while that is
// pending.
var retroDuties = []formDuty{
	{"", FormAssessment, "", retroPendingSQL +
		" AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = cases.id AND a.conclusion <> '')"},
	{"", FormPlan, "", retroPendingSQL +
		" AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.case_id = cases.id AND p.tech_approach <> '')"},
}

// dutyRoles returns the roles that fill a form duty.
func dutyRoles(form Form, testType string) []Role {
	if testType != "" {
		return testTypeRoles[testType]
	}
	return RecordOf(form).Roles
}

// Todo returns the cases waiting for actor, oldest first: those with a
// decision due from them and those with a record only they can fill; at
// most todoLimit of them (see TodoList).
func (s *Store) Todo(actor *User) ([]TodoItem, error) {
	items, _, err := s.TodoList(actor)
	return items, err
}

// todoList computes TodoList.
func (s *Store) todoList(actor *User) ([]TodoItem, int, error) {
	a, err := currentUser(s.db, actor)
	if err != nil {
		return nil, 0, s.read("todo", err)
	}
	byID := map[uint]*TodoItem{}
	if err := s.todoDecisions(s.db, a, byID); err != nil {
		return nil, 0, s.read("todo", err)
	}
	if err := s.todoEscalated(s.db, a, byID); err != nil {
		return nil, 0, s.read("todo", err)
	}
	if err := s.todoForms(s.db, a, byID); err != nil {
		return nil, 0, s.read("todo", err)
	}
	if err := s.todoStuck(a, byID); err != nil {
		return nil, 0, err
	}
	if err := s.todoPaper(a, byID); err != nil {
		return nil, 0, err
	}
	total := len(byID)
	items := oldestTodo(byID, todoLimit)
	if err := s.todoRows(s.db, items); err != nil {
		return nil, 0, s.read("todo", err)
	}
	if err := s.todoPaperDetail(a, items); err != nil {
		return nil, 0, err
	}
	templates, err := s.templateTodo(s.db, a)
	if err != nil {
		return nil, 0, s.read("todo", err)
	}
	if len(templates) > 0 {
		items = append(items, templates...)
		slices.SortStableFunc(items, func(a, b TodoItem) int { return a.StateAt.Compare(b.StateAt) })
	}
	return items, total + len(templates), nil
}

// todoStates returns the states in which a decision may be due from
// someone acting in roles.
func todoStates(roles []Role) []State {
	var states []State
	for i := range rules {
		r := &rules[i]
		if r.todo && r.when == nil && (r.applicant || slices.ContainsFunc(r.roles, func(x Role) bool { return slices.Contains(roles, x) })) {
			states = append(states, r.from...)
		}
	}
	return states
}

// sideRules are the steps a case waits for only when a condition of its
// own holds (rule.when), from someone acting in roles: the 待办 finds
// their cases by the condition, not by state.
func sideRules(roles []Role) []*rule {
	var out []*rule
	for i := range rules {
		r := &rules[i]
		if r.todo && r.when != nil && slices.ContainsFunc(r.roles, func(x Role) bool { return slices.Contains(roles, x) }) {
			out = append(out, r)
		}
	}
	return out
}

// todoDecisions adds the cases with a decision due from a: every case in
// a state where one may be, judged by the rules with what they read of
// all those cases at once.
func (s *Store) todoDecisions(tx *gorm.DB, a *User, byID map[uint]*TodoItem) error {
	subs, err := activeSubstitutes(tx, s.today())
	if err != nil {
		return err
	}
	roles, standsIn, err := actingRoles(tx, a, subs)
	if err != nil {
		return err
	}
	if err := s.todoSideSteps(tx, a, roles, subs, byID); err != nil {
		return err
	}
	states := todoStates(roles)
	if len(states) == 0 {
		return nil
	}
	q := tx.Where("state IN ?", states)
	if !standsIn && !a.HasAnyRole(RoleSysadmin, RoleITDirector, RoleManagement, RoleFinanceManager) {
		q = q.Where("business_dept_id = ? OR applicant_id = ?", a.DepartmentID, a.ID)
	}
	known, err := s.actorFacts(tx, a, states)
	if err != nil {
		return err
	}
	// Only what the rules look at, scanned field by field and judged as it
	// is read: the request texts of a thousand cases would be read for
	// nothing, GORM's reflection took most of the time for tens of
	// thousands of cases, and so did keeping them all.
	return eachRuleCase(q, func(c *Case) error {
		x := &actCtx{s: s, tx: tx, actor: a, c: c, req: &ActionRequest{}, subs: &subs, known: known}
		if acts := availableActions(x, true); len(acts) > 0 {
			addActions(byID, c, acts)
		}
		return nil
	})
}

// addActions puts the decisions acts of case c into the 待办.
func addActions(byID map[uint]*TodoItem, c *Case, acts []Action) {
	it := byID[c.ID]
	if it == nil {
		it = &TodoItem{CaseRow: CaseRow{ID: c.ID, StateAt: c.StateAt}}
		byID[c.ID] = it
	}
	for _, act := range acts {
		if !slices.Contains(it.Actions, act) {
			it.Actions = append(it.Actions, act)
		}
	}
}

// todoSideSteps adds the cases waiting for a step of a's that holds only
// under a condition of the case (sideRules), found by the condition: the
// 馆领导's confirmation of an emergency change, say.
func (s *Store) todoSideSteps(tx *gorm.DB, a *User, roles []Role, subs []Substitute, byID map[uint]*TodoItem) error {
	for _, r := range sideRules(roles) {
		cases, err := ruleCases(tx.Where("state IN ?", r.from).Where(r.where).Order("id"))
		if err != nil {
			return err
		}
		for i := range cases {
			x := &actCtx{s: s, tx: tx, actor: a, c: &cases[i], req: &ActionRequest{}, subs: &subs}
			if r.appliesTo(x.c) {
				if _, err := x.qualify(r); err == nil {
					addActions(byID, &cases[i], []Action{r.action})
				}
			}
		}
	}
	return nil
}

// actorFacts reads, for the cases in states, what the rules read per
// case: the records a wrote and the decisions of the current round of
// two-signature steps.
func (s *Store) actorFacts(tx *gorm.DB, a *User, states []State) (*actorFacts, error) {
	f := &actorFacts{authored: map[uint]map[string]bool{}, round: map[uint][]Decision{}}
	var tables []string
	var pairStates []State
	for i := range rules {
		r := &rules[i]
		if !r.todo || !stateInAny(r.from, states) {
			continue
		}
		if r.authorOf != "" {
			tables = append(tables, r.authorOf)
		}
		if len(r.pair) > 0 {
			pairStates = append(pairStates, r.from...)
		}
	}
	if len(tables) > 0 {
		var rows []struct {
			CaseID uint
			Entity string
		}
		err := tx.Model(&AuditEntry{}).Distinct("case_id", "entity").
			Where("actor_id = ? AND entity IN ? AND op IN ?", a.ID, tables, []string{OpCreate, OpUpdate}).
			Where("case_id IN (?)", tx.Model(&Case{}).Select("id").Where("state IN ?", states)).
			Scan(&rows).Error
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if f.authored[r.CaseID] == nil {
				f.authored[r.CaseID] = map[string]bool{}
			}
			f.authored[r.CaseID][r.Entity] = true
		}
	}
	if len(pairStates) > 0 {
		round, err := roundDecisions(tx.Where("cases.state IN ?", pairStates))
		if err != nil {
			return nil, err
		}
		f.round = round
	}
	return f, nil
}

// roundDecisions reads the decisions of the current round of two-signature
// steps (see pairDecisions) on the cases q selects: those taken in each
// case's present stay in its state that left it there, by case, with what
// pairDecisions reads of them (idx_decisions_round covers it).
func roundDecisions(q *gorm.DB) (map[uint][]Decision, error) {
	var rows []struct {
		Decision
		State State
	}
	// The state is compared here, not in SQL: a condition on the
	// decisions' state leads the planner through every decision ever taken
	// in those states instead of the few of the cases' present stays.
	err := q.Table("decisions").Joins("JOIN cases ON cases.id = decisions.case_id").
		Where("decisions.state_seq = cases.state_seq AND decisions.to_state = decisions.from_state").
		Select("decisions.case_id, decisions.action, decisions.actor_id, decisions.actor_role, decisions.from_state, cases.state").
		Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	round := map[uint][]Decision{}
	for _, r := range rows {
		if r.FromState == r.State {
			round[r.CaseID] = append(round[r.CaseID], r.Decision)
		}
	}
	return round, nil
}

// stateInAny reports whether any of states is in list.
func stateInAny(states, list []State) bool {
	for _, s := range states {
		if stateIn(s, list) {
			return true
		}
	}
	return false
}

// todoForms adds the cases waiting for a record only a's role fills.
func (s *Store) todoForms(tx *gorm.DB, a *User, byID map[uint]*TodoItem) error {
	for _, d := range append(append([]formDuty{}, formDuties...), retroDuties...) {
		roles := dutyRoles(d.form, d.testType)
		if !a.HasAnyRole(roles...) {
			continue
		}
		q := tx.Model(&Case{}).Where(d.none)
		if d.state != "" {
			q = q.Where("state = ?", d.state)
		} else {
			q = q.Where("state IN ?", retroStates)
		}
		if !hasNonBusinessRole(a, roles) {
			q = q.Where("business_dept_id = ?", a.DepartmentID)
		}
		if err := s.todoCases(q, byID, func(it *TodoItem) { it.Forms = append(it.Forms, d.form) }); err != nil {
			return err
		}
	}
	return nil
}

// todoCases adds the cases q selects to byID, each marked by mark as
// waiting for the user and why. Only the number and the time each entered
// its stage are read, field by field: the cases are tens of thousands.
func (s *Store) todoCases(q *gorm.DB, byID map[uint]*TodoItem, mark func(*TodoItem)) error {
	rows, err := q.Model(&Case{}).Select("id, state_at").Rows()
	if err != nil {
		return s.read("todo", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uint
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return s.read("todo", err)
		}
		it := byID[id]
		if it == nil {
			it = &TodoItem{CaseRow: CaseRow{ID: id, StateAt: at}}
			byID[id] = it
		}
		mark(it)
	}
	return s.read("todo", rows.Err())
}

// todoRows reads the rows the 待办 list shows of items.
func (s *Store) todoRows(tx *gorm.DB, items []TodoItem) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]uint, len(items))
	at := make(map[uint]int, len(items))
	for i, it := range items {
		ids[i], at[it.ID] = it.ID, i
	}
	var rows []CaseRow
	err := s.rowsByID(tx, ids, &rows)
	for _, r := range rows {
		items[at[r.ID]].CaseRow = r
	}
	return err
}

// actingRoles returns the roles a may act in: their own, and those they
// stand in for today; standsIn says whether there are any of the latter.
func actingRoles(tx *gorm.DB, a *User, subs []Substitute) (roles []Role, standsIn bool, err error) {
	roles = a.RoleList()
	for _, sub := range subs {
		if sub.StandInID != a.ID {
			continue
		}
		standsIn = true
		if sub.Role != "" {
			roles = append(roles, sub.Role)
			continue
		}
		p, err := enabledUser(tx, sub.PrincipalID)
		if err != nil {
			return nil, false, err
		}
		if p != nil {
			roles = append(roles, p.RoleList()...)
		}
	}
	return roles, standsIn, nil
}

// todoEscalated brings the cases overdue by the escalation days or more to
// the IT director.
func (s *Store) todoEscalated(tx *gorm.DB, a *User, byID map[uint]*TodoItem) error {
	if !a.HasRole(RoleITDirector) {
		return nil
	}
	days := defaultEscalateDays
	var v Setting
	if err := tx.Where("key = ?", SettingEscalateDays).Limit(1).Find(&v).Error; err != nil {
		return err
	}
	if n, err := strconv.Atoi(v.Value); err == nil {
		days = n
	}
	cal, err := calendarIn(tx)
	if err != nil {
		return err
	}
	before := cal.WorkingDaysBefore(s.now(), days)
	// listed by when it entered its stage, as the others
	return s.todoCases(tx.Where("due_at < ?", before).Order("due_at").Limit(todoLimit), byID,
		func(it *TodoItem) { it.Escalated = true })
}

// todoStuck adds, for account administrators and IT directors, the open
// cases nobody may take forward, with why: they can name a stand-in or
// cancel the case.
func (s *Store) todoStuck(a *User, byID map[uint]*TodoItem) error {
	if !a.HasAnyRole(RoleAdmin, RoleITDirector) {
		return nil
	}
	stuck, err := s.StuckCases(context.Background())
	if err != nil {
		return err
	}
	for _, sc := range stuck {
		it := byID[sc.ID]
		if it == nil {
			it = &TodoItem{CaseRow: CaseRow{ID: sc.ID, StateAt: sc.StateAt}}
			byID[sc.ID] = it
		}
		it.Stuck, it.StuckAction = sc.Reason, sc.Action
	}
	return nil
}

// hasNonBusinessRole reports whether a holds one of roles that is not a
// business department's (which act for their own department only).
func hasNonBusinessRole(a *User, roles []Role) bool {
	for _, r := range roles {
		if a.HasRole(r) && r != RoleDeptHead && r != RoleStaff {
			return true
		}
	}
	return false
}

func (s *Store) rowsByID(tx *gorm.DB, ids []uint, rows *[]CaseRow) error {
	return withNames(tx.Table("cases")).
		Where("cases.id IN ?", ids).Scan(rows).Error
}

// oldestTodo returns the limit oldest items, oldest first. Only those are
// copied: the list is kept (Store.TodoList), and tens of thousands of cases
// can wait for an IT director.
func oldestTodo(byID map[uint]*TodoItem, limit int) []TodoItem {
	all := make([]*TodoItem, 0, len(byID))
	for _, it := range byID {
		all = append(all, it)
	}
	slices.SortFunc(all, func(a, b *TodoItem) int {
		if c := a.StateAt.Compare(b.StateAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	items := make([]TodoItem, min(len(all), limit))
	for i := range items {
		items[i] = *all[i]
	}
	return items
}

// Decisions returns the decisions taken on a case, oldest first.
func (s *Store) Decisions(caseID uint) ([]Decision, error) {
	var ds []Decision
	err := s.db.Where("case_id = ?", caseID).Order("at, id").Find(&ds).Error
	return ds, s.read("read decisions", err)
}

// Setting keys shared by every PC.
const (
	SettingLibraryName = "library_name"
	SettingBackupKeep  = "backup_keep"
	SettingBackupDir   = "backup_dir"
	// SettingBindingMargin is the left margin of every printed document in
	// millimetres, where the archive copies are bound (ValidBindingMargin).
	SettingBindingMargin = "binding_margin_mm"
	// SettingUpdateFolder is the folder (often on the file server) where
	// the administrator puts the installers of newer versions and their
	// RELEASE-NOTES.txt; every client looks there.
	SettingUpdateFolder = "update_folder"
)

// The binding margin: what a document has when none is set, and the
// least and most a library may set.
const (
	DefaultBindingMargin = 25
	MinBindingMargin     = 15
	MaxBindingMargin     = 40
)

// Setting returns a shared setting, or fallback when it is not set.
func (s *Store) Setting(key, fallback string) (string, error) {
	var st Setting
	err := s.db.Where("key = ?", key).Limit(1).Find(&st).Error
	if err != nil {
		return fallback, s.read("read setting", err)
	}
	if st.Key == "" {
		return fallback, nil
	}
	return st.Value, nil
}

// SetSetting changes a shared setting (administrators only).
func (s *Store) SetSetting(actor *Session, key, value string) error {
	return s.SetSettings(actor, map[string]string{key: value})
}

// SetSettings changes several shared settings in one write with one audit
// entry (administrators only), such as the time limits of the stages
// saved together in 设置; settings whose value is unchanged are left out.
// Changed time limits set the due times of the open cases of their stages
// again, once.
func (s *Store) SetSettings(actor *Session, values map[string]string) error {
	keys := make([]string, 0, len(values))
	for key, value := range values {
		if err := MaxLen(500)(value); err != nil {
			return fieldError("setting_value", err)
		}
		if err := validSetting(key, value); err != nil {
			return err
		}
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return s.write("save setting", func(tx *gorm.DB) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		var old []Setting
		if err := tx.Where("key IN ?", keys).Find(&old).Error; err != nil {
			return err
		}
		was := map[string]*Setting{}
		for i := range old {
			was[old[i].Key] = &old[i]
		}
		var changes []Change
		var stages []State
		for _, key := range keys {
			prev, value := was[key], values[key]
			if prev != nil && prev.Value == value {
				continue
			}
			oldValue := ""
			if prev != nil {
				oldValue = prev.Value
			}
			if err := tx.Save(&Setting{Key: key, Value: value, UpdatedAt: s.now()}).Error; err != nil {
				return err
			}
			changes = append(changes, Change{Field: key, Old: oldValue, New: value})
			if st, ok := strings.CutPrefix(key, SettingStageDays); ok {
				stages = append(stages, State(st))
			}
		}
		if len(changes) == 0 {
			return nil
		}
		if len(stages) > 0 {
			if err := s.recomputeDue(tx, stages...); err != nil {
				return err
			}
		}
		return s.audit(tx, a, OpUpdate, "settings", 0, 0, changes, "", "")
	})
}

// validSetting checks the value of a setting that has rules.
func validSetting(key, value string) error {
	if ok, err := validMailSetting(key, value); ok {
		return err
	}
	switch {
	case key == SettingBindingMargin:
		return fieldError("binding_margin", ValidBindingMargin(value))
	case strings.HasPrefix(key, SettingStageDays):
		if st := State(strings.TrimPrefix(key, SettingStageDays)); !st.Valid() || st.Terminal() {
			return errf(EInvalid, "err.unknown_setting", "Key", key)
		}
		return fieldError("stage_days", ValidDays(value))
	case key == SettingEscalateDays:
		return fieldError("escalate_after_days", ValidDays(value))
	case key == SettingOpeningHours:
		_, err := ParseOpeningHours(value)
		return fieldError("opening_hours", err)
	case key == SettingEmergencyDays:
		return fieldError("emergency_days", All(ValidDays, positive)(value))
	}
	return nil
}

// LibraryName returns the library's name printed on documents.
func (s *Store) LibraryName() string {
	name, _ := s.Setting(SettingLibraryName, "")
	if name == "" {
		return Label("default.library_name")
	}
	return name
}

// BindingMargin returns the left margin of printed documents in
// millimetres: the setting, or DefaultBindingMargin when it is not set.
func (s *Store) BindingMargin() float64 {
	v, _ := s.Setting(SettingBindingMargin, "")
	mm, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || ValidBindingMargin(v) != nil {
		return DefaultBindingMargin
	}
	return mm
}

// ChangeSeq returns a number that grows whenever anything is written: the
// audit chain's length. Clients poll it to notice work done on other PCs.
func (s *Store) ChangeSeq() (int64, error) {
	var head auditHead
	err := s.db.Select("seq").First(&head, 1).Error
	return head.Seq, s.read("read change sequence", err)
}

// localDay returns the local calendar date of t.
func localDay(t time.Time) string { return t.Local().Format(DateLayout) }

// CaseStamp returns a number that changes whenever anything of the case
// changes: the sequence number of its newest audit entry. Open case windows
// compare it to reload only cases that changed.
func (s *Store) CaseStamp(caseID uint) (int64, error) {
	var seq int64
	err := s.db.Model(&AuditEntry{}).Where("case_id = ?", caseID).Select("COALESCE(MAX(seq), 0)").Scan(&seq).Error
	return seq, s.read("read case stamp", err)
}

// Ledger is the software version ledger: every system with its vendor,
// owner department and version history.
type Ledger struct {
	Systems     []System
	Vendors     []Vendor
	Departments []Department
	// History holds each system's versions, newest first.
	History map[uint][]SystemVersion
	// BindingMargin is the left margin of the printed ledger in
	// millimetres (Store.BindingMargin).
	BindingMargin float64
}

// Ledger reads the whole software version ledger.
func (s *Store) Ledger() (*Ledger, error) {
	l := &Ledger{BindingMargin: s.BindingMargin()}
	var err error
	if l.Systems, err = s.Systems(); err != nil {
		return nil, err
	}
	if l.Vendors, err = s.Vendors(); err != nil {
		return nil, err
	}
	if l.Departments, err = s.Departments(); err != nil {
		return nil, err
	}
	if l.History, err = s.LedgerHistory(); err != nil {
		return nil, err
	}
	return l, nil
}

// AllCases returns every case matching f, in f's order (its Offset and
// Limit are ignored), reading them page by page.
func (s *Store) AllCases(f CaseFilter) ([]CaseRow, error) {
	const page = 1000
	f.Limit, f.NoCount = page, true
	var rows []CaseRow
	for f.Offset = 0; ; f.Offset += page {
		batch, _, err := s.ListCases(f)
		if err != nil {
			return nil, err
		}
		rows = append(rows, batch...)
		if len(batch) < page {
			return rows, nil
		}
	}
}
