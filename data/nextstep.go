package data

import (
	"context"
	"slices"

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
	ns := &NextStep{}
	x := &actCtx{s: s, tx: tx, c: c, req: &ActionRequest{}}
	steps := todoRules(c.State)
	for _, r := range steps {
		for i := range users {
			ux := x.as(&users[i])
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

// todoRules are the steps a case in st waits for.
func todoRules(st State) []*rule {
	var out []*rule
	seen := map[Action]bool{}
	for i := range rules {
		r := &rules[i]
		if r.todo && stateIn(st, r.from) && !seen[r.action] {
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

// StuckCases lists the open cases nobody may take forward now, for the
// account administrator's and the IT director's 待办, the statistics and
// check. Cases whose step has more than stuckHolders possible people are
// not examined: that many cannot all be barred by one case.
func (s *Store) StuckCases(ctx context.Context) ([]StuckCase, error) {
	var out []StuckCase
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		tx = s.within(tx).db
		var users []User
		if err := tx.Where("disabled = ?", false).Order("id").Find(&users).Error; err != nil {
			return err
		}
		x := &actCtx{s: s, tx: tx, req: &ActionRequest{}}
		subs, err := x.substitutes()
		if err != nil {
			return err
		}
		for _, st := range openStates {
			if err := ctx.Err(); err != nil {
				return err
			}
			found, err := s.stuckIn(tx, st, users, subs)
			if err != nil {
				return err
			}
			out = append(out, found...)
		}
		return nil
	})
	if err != nil {
		return nil, s.read("stuck cases", err)
	}
	ids := make([]uint, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	var rows []CaseRow
	if err := s.rowsByID(s.db, ids, &rows); err != nil {
		return nil, s.read("stuck cases", err)
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
// step depend on the case only through its department, its applicant and
// the authors of the record under approval: cases are examined in
// groups of one business department, and one by one only when the group's
// possible people are few.
func (s *Store) stuckIn(tx *gorm.DB, st State, users []User, subs []Substitute) ([]StuckCase, error) {
	steps := todoRules(st)
	if len(steps) == 0 {
		return nil, nil
	}
	if steps[0].applicant {
		return stuckDrafts(tx, st)
	}
	var depts []uint
	if err := tx.Model(&Case{}).Where("state = ?", st).Distinct("business_dept_id").Pluck("business_dept_id", &depts).Error; err != nil {
		return nil, err
	}
	var out []StuckCase
	for _, d := range depts {
		probe := &Case{State: st, BusinessDeptID: d}
		people := possiblePeople(steps, probe, users, subs)
		if len(people) > stuckHolders {
			continue
		}
		var cases []Case
		if err := tx.Where("state = ? AND business_dept_id = ?", st, d).
			Select("id, state, state_seq, state_at, applicant_id, department_id, business_dept_id, version").
			Find(&cases).Error; err != nil {
			return nil, err
		}
		for i := range cases {
			ns, err := s.nextStep(tx, &cases[i], people, nil)
			if err != nil {
				return nil, err
			}
			if ns.Stuck {
				out = append(out, StuckCase{CaseRow: CaseRow{ID: cases[i].ID}, Action: steps[0].action,
					Reason: stuckReason(tx, s, &cases[i], steps, people)})
			}
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
func stuckReason(tx *gorm.DB, s *Store, c *Case, steps []*rule, people []User) error {
	x := &actCtx{s: s, tx: tx, c: c, req: &ActionRequest{}}
	for i := range people {
		for _, role := range steps[0].roles {
			if people[i].HasRole(role) {
				_, err := x.as(&people[i]).qualify(steps[0])
				return err
			}
		}
	}
	return errf(EForbidden, "err.nobody_holds", "Roles", roleKeys(steps[0].roles))
}
