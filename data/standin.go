package data

import (
	"errors"
	"strings"

	"gorm.io/gorm"
)

// standing is on whose behalf an actor takes a step as a stand-in (代理):
// the role they act in and whom they stand in for.
type standing struct {
	role    Role
	forID   uint   // the person stood in for; 0 for a role's stand-in
	forName string // that person's name, or the role and department
}

// standIn finds the substitution under which x.actor may take r though
// they cannot of their own right: a person's stand-in while the person is
// away and may take r, or a role's stand-in while no holder of the role
// can take r on the case. The stand-in is held to separation of duties as
// anybody else, and gives at most one of a pair's decisions.
func (x *actCtx) standIn(r *rule) (*standing, error) {
	if len(r.roles) == 0 {
		return nil, errf(EForbidden, "err.applicant_only")
	}
	subs, err := x.substitutes()
	if err != nil {
		return nil, err
	}
	var refusal error
	for i := range subs {
		sub := &subs[i]
		if sub.StandInID != x.actor.ID {
			continue
		}
		st, err := x.standFor(r, sub)
		if err == nil {
			return st, nil
		}
		if refusal == nil || refusalRank(err) > refusalRank(refusal) {
			refusal = err
		}
	}
	if refusal == nil {
		refusal = errf(EForbidden, "err.no_substitute")
	}
	return nil, refusal
}

// standFor checks one substitution of x.actor for r.
func (x *actCtx) standFor(r *rule, sub *Substitute) (*standing, error) {
	var st *standing
	if sub.PrincipalID != 0 {
		p, err := enabledUser(x.tx, sub.PrincipalID)
		if err != nil || p == nil {
			return nil, errf(EForbidden, "err.no_substitute")
		}
		px := x.as(p)
		role, err := px.pickRole(r)
		if err != nil {
			return nil, err
		}
		st = &standing{role: role, forID: p.ID, forName: p.FullName}
	} else {
		if !roleIn(sub.Role, r.roles) || !subCoversCase(sub, x.c) {
			return nil, errf(EForbidden, "err.no_substitute")
		}
		free, holders, err := x.holderFree(r, sub.Role)
		if err != nil {
			return nil, err
		}
		if free != nil {
			return nil, errf(EForbidden, "err.holder_free", "Name", free.FullName)
		}
		st = &standing{role: sub.Role, forName: x.roleName(sub.Role)}
		if len(holders) == 1 { // the one holder, barred or away
			st.forID, st.forName = holders[0].ID, holders[0].FullName
		}
	}
	if err := x.pairOpen(r, st.role); err != nil {
		return nil, err
	}
	return st, x.checkDuties(r)
}

// refusalRank orders the reasons a stand-in may not act by how much they
// tell: barred by separation of duties, the step done, a holder free to
// act, then no matching substitution.
func refusalRank(err error) int {
	switch {
	case ErrorCode(err) == EDuties:
		return 3
	case ErrorCode(err) == EState:
		return 2
	case errors.Is(err, errHolderFree):
		return 1
	}
	return 0
}

// errHolderFree matches the refusal of a role's stand-in while a holder
// of the role can act.
var errHolderFree = &Error{Code: EForbidden, Key: "err.holder_free"}

// as returns the context of another user on the same case.
func (x *actCtx) as(u *User) *actCtx {
	cp := *x
	cp.actor = u
	return &cp
}

// holderFree returns a holder of role who could take r on the case now
// and is not away (nil when there is none), and every holder of the role
// for the case.
func (x *actCtx) holderFree(r *rule, role Role) (*User, []User, error) {
	var us []User
	if err := x.tx.Where("disabled = ? AND roles LIKE ?", false, "%"+string(role)+"%").Order("id").Find(&us).Error; err != nil {
		return nil, nil, err
	}
	away, err := x.awayPeople()
	if err != nil {
		return nil, nil, err
	}
	var holders []User
	var free *User
	for i := range us {
		h := &us[i]
		if !h.HasRole(role) || !inCaseDept(h, x.c, role) {
			continue
		}
		holders = append(holders, *h)
		if free != nil || away[h.ID] {
			continue
		}
		hx := x.as(h)
		if _, err := hx.pickRole(r); err == nil && hx.checkDuties(r) == nil {
			free = h
		}
	}
	return free, holders, nil
}

// pairOpen refuses the decision of role in a two-signature step when that
// role has decided already this round, or the actor gave the other half.
func (x *actCtx) pairOpen(r *rule, role Role) error {
	if len(r.pair) == 0 {
		return nil
	}
	given, err := x.pairDecisions(r)
	if err != nil {
		return err
	}
	for _, by := range given {
		if by == x.actor.ID {
			return errf(EState, "err.already_decided")
		}
	}
	if _, done := given[role]; done {
		return errf(EState, "err.already_decided")
	}
	return nil
}

// substitutes returns the substitutions in force today, read once per
// action.
func (x *actCtx) substitutes() ([]Substitute, error) {
	if x.subs == nil {
		subs, err := activeSubstitutes(x.tx, x.s.today())
		if err != nil {
			return nil, err
		}
		x.subs = &subs
	}
	return *x.subs, nil
}

// awayPeople returns the people away today: those with a stand-in.
func (x *actCtx) awayPeople() (map[uint]bool, error) {
	subs, err := x.substitutes()
	if err != nil {
		return nil, err
	}
	away := map[uint]bool{}
	for _, sub := range subs {
		if sub.PrincipalID != 0 {
			away[sub.PrincipalID] = true
		}
	}
	return away, nil
}

// roleName names a role for the case, with the business department for
// the roles of a department: "流通部部门负责人".
func (x *actCtx) roleName(role Role) string {
	name := Label(role.LabelKey())
	if role != RoleDeptHead && role != RoleStaff {
		return name
	}
	var d Department
	if x.c.BusinessDeptID != 0 && x.tx.Limit(1).Find(&d, x.c.BusinessDeptID).Error == nil && d.ID != 0 {
		return d.Name + name
	}
	return name
}

// subCoversCase reports whether a role's substitution covers the case:
// any case, or the cases of its department.
func subCoversCase(sub *Substitute, c *Case) bool {
	return sub.DepartmentID == 0 || sub.DepartmentID == c.BusinessDeptID
}

func roleIn(r Role, rs []Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// enabledUser reads an account, nil when it is gone or disabled.
func enabledUser(tx *gorm.DB, id uint) (*User, error) {
	var u User
	if err := tx.Limit(1).Find(&u, id).Error; err != nil {
		return nil, err
	}
	if u.ID == 0 || u.Disabled {
		return nil, nil
	}
	return &u, nil
}

// ActorText is how a decision names who took it: "冯志远" or, for a
// stand-in, "冯志远 代 刘洋" (代签).
func (d *Decision) ActorText(lang string) string {
	if d.ForName == "" {
		return d.ActorName
	}
	return T(lang, "decision.stand_in", map[string]any{"Actor": d.ActorName, "For": strings.TrimSpace(d.ForName)})
}

// ActorText is how an entry of the audit trail names who made it: as
// Decision.ActorText, "冯志远 代 刘洋" for a stand-in's decision.
func (e *AuditEntry) ActorText(lang string) string {
	if e.Op != OpTransition || !strings.Contains(e.Changes, "stand_in_for") {
		return e.ActorName
	}
	for _, c := range e.ChangeList() {
		if c.Field == "stand_in_for" && c.New != "" {
			d := Decision{ActorName: e.ActorName, ForName: c.New}
			return d.ActorText(lang)
		}
	}
	return e.ActorName
}
