package data

import (
	"context"
	"errors"
	"slices"
	"sync"

	"gorm.io/gorm"
)

// Waiter is somebody who may take a step a case waits for.
type Waiter struct {
	Action Action
	UserID uint
	Name   string
	Role   Role
	// For names whom a stand-in acts for; "" of their own right.
	For string
}

// NextStep says who may take the steps a case waits for now and, for the
// person looking, what they may do or why not.
type NextStep struct {
	Waiting []Waiter
	// Mine are the steps the viewer may take.
	Mine []Action
	// WhyNot is why the viewer may take none of the steps (nil when they
	// may, or the case waits for nobody).
	WhyNot error
	// Stuck is true when an open case waits for a step nobody may take.
	Stuck bool
}

// NextStep returns who may take the next step of a case now, and what
// viewer may do or why not.
func (s *Store) NextStep(viewer *User, caseID uint) (*NextStep, error) {
	var out *NextStep
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		tx = s.within(tx).db
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		var users []User
		if err := tx.Where("disabled = ?", false).Order("id").Find(&users).Error; err != nil {
			return err
		}
		out, err = s.nextStep(tx, c, users, viewer)
		return err
	})
	return out, s.read("next step", err)
}

func (s *Store) nextStep(tx *gorm.DB, c *Case, users []User, viewer *User) (*NextStep, error) {
	return s.nextStepWith(&actCtx{s: s, tx: tx, c: c, req: &ActionRequest{}}, users, viewer, nil)
}

// nextStepWith is nextStep on the case of x; facts, when set, hold what
// the rules read per case for each of users (see actorFacts), so that
// many cases are judged without a query each.
func (s *Store) nextStepWith(x *actCtx, users []User, viewer *User, facts map[uint]*actorFacts) (*NextStep, error) {
	ns := &NextStep{}
	if _, err := x.substitutes(); err != nil { // read once, shared by every user's context
		return nil, err
	}
	steps, err := x.pendingSteps(todoRules(x.c))
	if err != nil {
		return nil, err
	}
	for _, r := range steps {
		for i := range users {
			ux := x.as(&users[i])
			if facts != nil {
				ux.known = facts[users[i].ID]
			}
			role, err := ux.qualify(r)
			if err != nil {
				continue
			}
			w := Waiter{Action: r.action, UserID: users[i].ID, Name: users[i].FullName, Role: role}
			if ux.via != nil {
				w.For = ux.via.forName
			}
			ns.Waiting = append(ns.Waiting, w)
			if viewer != nil && users[i].ID == viewer.ID && !slices.Contains(ns.Mine, r.action) {
				ns.Mine = append(ns.Mine, r.action)
			}
		}
	}
	ns.Stuck = len(steps) > 0 && blocked(steps, ns.Waiting)
	if viewer != nil && len(ns.Mine) == 0 && len(steps) > 0 {
		_, ns.WhyNot = x.as(viewer).qualify(steps[0])
	}
	return ns, nil
}

// pendingSteps leaves out of steps the halves of a two-signature step
// that were given this round: once the IT director approved the plan,
// the case waits for the budget's approval only.
func (x *actCtx) pendingSteps(steps []*rule) ([]*rule, error) {
	var out []*rule
	for _, r := range steps {
		if len(r.pair) > 0 {
			given, err := x.pairDecisions(r)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(r.roles, func(role Role) bool { _, done := given[role]; return !done }) {
				continue
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// todoRules are the steps case c waits for in its state.
func todoRules(c *Case) []*rule {
	var out []*rule
	seen := map[Action]bool{}
	for i := range rules {
		r := &rules[i]
		if r.todo && stateIn(c.State, r.from) && r.appliesTo(c) && !seen[r.action] {
			seen[r.action] = true
			out = append(out, r)
		}
	}
	return out
}

// blocked reports whether the steps cannot go on: one of a pair of
// decisions has nobody to give it, or none of the alternatives has.
func blocked(steps []*rule, waiting []Waiter) bool {
	can := map[Action]bool{}
	for _, w := range waiting {
		can[w.Action] = true
	}
	any := false
	for _, r := range steps {
		if len(r.pair) > 0 && !can[r.action] {
			return true
		}
		any = any || can[r.action]
	}
	return !any
}

// StuckCase is an open case that waits for a step nobody may take, and
// why: the step and the reason its people are barred.
type StuckCase struct {
	CaseRow
	Action Action
	Reason error
}

// Finding says which case is stuck at which step and why, as check
// reports it: "SJ-2026-0007「…」待部门审核：无人可以办理“批准”——职责分离：…".
func (sc *StuckCase) Finding() Finding {
	reason := Finding{Key: "err.internal", Args: map[string]any{"Op": "stuck"}}
	var e *Error
	if errors.As(sc.Reason, &e) {
		reason = Finding{Key: e.Key, Args: e.Args}
	}
	return Finding{Key: "check.stuck", Args: map[string]any{"No": sc.No, "Title": sc.Title,
		"State": labelArg(sc.State.LabelKey()), "Action": labelArg(sc.Action.LabelKeyIn(sc.State)),
		"Reason": findingArg(reason)}}
}

// StuckCases lists the open cases nobody may take forward now, for the
// account administrator's and the IT director's 待办, the statistics and
// check. Cases whose step has more than stuckHolders possible people are
// not examined: that many cannot all be barred by one case.
//
// The answer is kept until the next write to the database, or the next
// day (stand-ins are dated): the 待办 of administrators, 统计 and the
// e-mail digests ask for it again and again on a large database.
func (s *Store) StuckCases(ctx context.Context) ([]StuckCase, error) {
	var out []StuckCase
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		var head auditHead
		if err := tx.Limit(1).Find(&head, 1).Error; err != nil {
			return err
		}
		key := stuckKey{seq: head.Seq, hash: head.Hash, day: s.today()}
		if list, ok := s.stuck.get(key); ok {
			out = list
			return nil
		}
		var err error
		if out, err = s.within(tx).stuckCases(ctx); err == nil {
			s.stuck.put(key, out)
		}
		return err
	})
	return out, s.read("stuck cases", err)
}

// stuckMemo keeps the stuck cases of one state of the database: its audit
// chain's head (every write moves it; a restore changes its hash) and the
// day.
type stuckMemo struct {
	mu   sync.Mutex
	key  stuckKey
	list []StuckCase
	ok   bool
}

type stuckKey struct {
	seq  int64
	hash string
	day  string
}

func (m *stuckMemo) get(k stuckKey) ([]StuckCase, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ok || m.key != k {
		return nil, false
	}
	return slices.Clone(m.list), true
}

func (m *stuckMemo) put(k stuckKey, list []StuckCase) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.key, m.list, m.ok = k, slices.Clone(list), true
}

// stuckCases finds the stuck cases through s.db, one state of the
// database (a snapshot).
func (s *Store) stuckCases(ctx context.Context) ([]StuckCase, error) {
	tx := s.db
	var users []User
	if err := tx.Where("disabled = ?", false).Order("id").Find(&users).Error; err != nil {
		return nil, err
	}
	x := &actCtx{s: s, tx: tx, req: &ActionRequest{}}
	subs, err := x.substitutes()
	if err != nil {
		return nil, err
	}
	var out []StuckCase
	for _, st := range openStates {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		found, err := s.stuckIn(tx, st, users, subs)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	ids := make([]uint, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	var rows []CaseRow
	if len(ids) > 0 {
		if err := s.rowsByID(tx, ids, &rows); err != nil {
			return nil, err
		}
	}
	byID := map[uint]CaseRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	for i := range out {
		out[i].CaseRow = byID[out[i].ID]
	}
	return out, nil
}

// stuckHolders bounds the people a step may have for its cases to be
// examined one by one.
const stuckHolders = 8

// stuckIn finds the stuck cases in state st. The people who may take a
// step depend on the case only through its department, its applicant, the
// authors of the record under approval and the decisions of its current
// round: cases are examined in groups of one business department, and
// only when the group's possible people are few. In a group, a case with
// none of those facts about its people stands or falls with a case that
// has none at all (the probe); only the others are judged one by one.
func (s *Store) stuckIn(tx *gorm.DB, st State, users []User, subs []Substitute) ([]StuckCase, error) {
	// The steps of a normal change: the cases of other kinds, whose steps
	// may differ, are judged one by one.
	steps := todoRules(&Case{State: st, ChangeKind: ChangeNormal})
	if len(steps) == 0 {
		return nil, nil
	}
	if steps[0].applicant {
		return stuckDrafts(tx, st)
	}
	cases, err := ruleCases(tx.Where("state = ?", st).Order("id"))
	if err != nil {
		return nil, err
	}
	groups := map[uint][]*Case{}
	var depts []uint
	for i := range cases {
		d := cases[i].BusinessDeptID
		if groups[d] == nil {
			depts = append(depts, d)
		}
		groups[d] = append(groups[d], &cases[i])
	}
	people := map[uint][]User{}
	var ids []uint
	for _, d := range depts {
		p := possiblePeople(steps, &Case{State: st, BusinessDeptID: d}, users, subs)
		if len(p) > stuckHolders {
			continue
		}
		people[d] = p
		for _, u := range p {
			if !slices.Contains(ids, u.ID) {
				ids = append(ids, u.ID)
			}
		}
	}
	if len(people) == 0 {
		return nil, nil
	}
	facts, marked, err := stuckFacts(tx, st, steps, ids)
	if err != nil {
		return nil, err
	}
	var out []StuckCase
	for _, d := range depts {
		if p, ok := people[d]; ok {
			found, err := s.stuckInGroup(tx, steps, groups[d], p, subs, facts, marked)
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
		}
	}
	return out, nil
}

// stuckFacts reads what the rules read per case about the people ids for
// the cases in st: the records they wrote and the decisions of the
// current round; marked are the cases with such a fact.
func stuckFacts(tx *gorm.DB, st State, steps []*rule, ids []uint) (map[uint]*actorFacts, map[uint]bool, error) {
	round := map[uint][]Decision{}
	facts := map[uint]*actorFacts{}
	for _, id := range ids {
		facts[id] = &actorFacts{authored: map[uint]map[string]bool{}, round: round}
	}
	marked := map[uint]bool{}
	var tables []string
	pair := false
	for _, r := range steps {
		if r.authorOf != "" && !slices.Contains(tables, r.authorOf) {
			tables = append(tables, r.authorOf)
		}
		pair = pair || len(r.pair) > 0
	}
	if len(tables) > 0 && len(ids) > 0 {
		var rows []struct {
			CaseID  uint
			ActorID uint
			Entity  string
		}
		err := tx.Model(&AuditEntry{}).Distinct("case_id", "actor_id", "entity").
			Where("case_id IN (?) AND entity IN ? AND op IN ? AND actor_id IN ?",
				tx.Model(&Case{}).Select("id").Where("state = ?", st), tables, []string{OpCreate, OpUpdate}, ids).
			Scan(&rows).Error
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rows {
			f := facts[r.ActorID]
			if f.authored[r.CaseID] == nil {
				f.authored[r.CaseID] = map[string]bool{}
			}
			f.authored[r.CaseID][r.Entity] = true
			marked[r.CaseID] = true
		}
	}
	if pair {
		found, err := roundDecisions(tx.Where("cases.state = ?", st))
		if err != nil {
			return nil, nil, err
		}
		for id, ds := range found {
			round[id] = ds
			marked[id] = true
		}
	}
	return facts, marked, nil
}

// stuckInGroup finds the stuck cases of one business department, whose
// steps people may take, judging the marked ones one by one and the
// others by the probe.
func (s *Store) stuckInGroup(tx *gorm.DB, steps []*rule, cases []*Case, people []User, subs []Substitute,
	facts map[uint]*actorFacts, marked map[uint]bool) ([]StuckCase, error) {
	var round map[uint][]Decision
	for _, f := range facts {
		round = f.round
		break
	}
	judge := func(c *Case) (*StuckCase, error) {
		x := &actCtx{s: s, tx: tx, c: c, req: &ActionRequest{}, subs: &subs, known: &actorFacts{round: round}}
		ns, err := s.nextStepWith(x, people, nil, facts)
		if err != nil || !ns.Stuck {
			return nil, err
		}
		pending, err := x.pendingSteps(todoRules(c))
		if err != nil {
			return nil, err
		}
		return &StuckCase{CaseRow: CaseRow{ID: c.ID}, Action: pending[0].action,
			Reason: stuckReason(x, pending, people, facts)}, nil
	}
	isMarked := func(c *Case) bool {
		if marked[c.ID] || KindOf(c) != ChangeNormal || RetroPending(c) {
			return true
		}
		for _, p := range people {
			if p.ID == c.ApplicantID {
				return true
			}
		}
		return false
	}
	// The probe: a case of the group with no fact about anybody.
	probe, err := judge(&Case{State: cases[0].State, BusinessDeptID: cases[0].BusinessDeptID, ChangeKind: ChangeNormal})
	if err != nil {
		return nil, err
	}
	var out []StuckCase
	for _, c := range cases {
		switch {
		case isMarked(c):
			sc, err := judge(c)
			if err != nil {
				return nil, err
			}
			if sc != nil {
				out = append(out, *sc)
			}
		case probe != nil:
			out = append(out, StuckCase{CaseRow: CaseRow{ID: c.ID}, Action: probe.Action, Reason: probe.Reason})
		}
	}
	return out, nil
}

// stuckDrafts finds the cases in st, which wait for their applicant, whose
// applicant's account is disabled.
func stuckDrafts(tx *gorm.DB, st State) ([]StuckCase, error) {
	var ids []uint
	err := tx.Model(&Case{}).Joins("JOIN users ON users.id = cases.applicant_id").
		Where("cases.state = ? AND users.disabled = ?", st, true).Pluck("cases.id", &ids).Error
	out := make([]StuckCase, len(ids))
	for i, id := range ids {
		out[i] = StuckCase{CaseRow: CaseRow{ID: id}, Action: ActSubmit, Reason: errf(EAuth, "err.applicant_disabled")}
	}
	return out, err
}

// possiblePeople are the users who may take one of steps (none the
// applicant's) on cases like c by their roles and department, or as a
// stand-in in force, before separation of duties and decisions given.
func possiblePeople(steps []*rule, c *Case, users []User, subs []Substitute) []User {
	var out []User
	for i := range users {
		if mayStep(steps, c, &users[i], subs) {
			out = append(out, users[i])
		}
	}
	return out
}

func mayStep(steps []*rule, c *Case, u *User, subs []Substitute) bool {
	for _, r := range steps {
		for _, role := range r.roles {
			if u.HasRole(role) && inCaseDept(u, c, role) {
				return true
			}
		}
		for _, sub := range subs {
			if sub.StandInID == u.ID {
				return true
			}
		}
	}
	return false
}

// stuckReason says why nobody may take the first step: the reason of the
// first person who holds its role.
func stuckReason(x *actCtx, steps []*rule, people []User, facts map[uint]*actorFacts) error {
	for i := range people {
		for _, role := range steps[0].roles {
			if people[i].HasRole(role) {
				px := x.as(&people[i])
				px.known = facts[people[i].ID]
				_, err := px.qualify(steps[0])
				return err
			}
		}
	}
	return errf(EForbidden, "err.nobody_holds", "Roles", roleKeys(steps[0].roles))
}
