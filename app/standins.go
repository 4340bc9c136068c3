package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// standInRow is a substitution (代理) with the names it refers to.
type standInRow struct {
	data.Substitute
	// For names whom the stand-in acts for: a person, or a role and its
	// department; StandIn names the stand-in.
	For, StandIn string
}

// standInsPage is 设置 → 代理: the user's own stand-ins while away (and
// those they are the stand-in of); an administrator sees and names every
// one, those of roles too.
type standInsPage struct {
	list *masterList[standInRow]
	root fyne.CanvasObject
}

func newStandInsPage(s *session) *standInsPage {
	p := &standInsPage{list: newMasterList(s, standInSpec(s))}
	note := "standin.note"
	if s.isAdmin() {
		note = "standin.note_admin"
		p.list.add.SetText(lang.L("standin.new_person"))
	}
	p.root = container.NewBorder(lockedNote(lang.L(note)), nil, nil, nil, p.list.root)
	return p
}

func (p *standInsPage) refresh() { p.list.refresh() }

// substitutes is the description of a substitution's fields.
var substitutes = data.RecordFor("substitutes")

// standInSpec is the list of substitutions the user may see.
func standInSpec(s *session) masterSpec[standInRow] {
	me := s.user.ID
	today := func() string { return s.c.clock()().In(time.Local).Format(data.DateLayout) }
	field := func(key string) string { return substitutes.Field(key).LabelKey() }
	spec := masterSpec[standInRow]{
		title: "entity.substitutes", stretch: 4,
		cols: []column[standInRow]{
			{field("principal_id"), "", 190, func(r *standInRow) string { return r.For }},
			{field("stand_in_id"), "", 110, func(r *standInRow) string { return r.StandIn }},
			{field("starts_on"), "", 100, func(r *standInRow) string { return r.StartsOn }},
			{field("ends_on"), "", 100, func(r *standInRow) string { return r.EndsOn }},
			{field("reason"), "", 200, func(r *standInRow) string { return r.Reason }},
			{"standin.state", "", 80, func(r *standInRow) string { return standInState(&r.Substitute, today()) }},
		},
		load: func() ([]standInRow, lookups, error) { return loadStandIns(s.store, s.user) },
		blank: func() standInRow {
			return standInRow{Substitute: data.Substitute{PrincipalID: me, StartsOn: today()}}
		},
		form: func(b *binder, r *standInRow, l *lookups) { standInForm(b, r, l, s) },
		save: func(r *standInRow) error { return s.store.SaveSubstitute(s.login, &r.Substitute) },
		actions: []rowAction[standInRow]{
			{"standin.delete", theme.DeleteIcon(), deleteStandIn},
		},
		editable: func(r *standInRow) bool {
			return s.isAdmin() || r.Role == "" && r.PrincipalID == me
		},
	}
	if s.isAdmin() {
		spec.adds = []addAction[standInRow]{{"standin.new_role", theme.ContentAddIcon(), func() standInRow {
			return standInRow{Substitute: data.Substitute{Role: data.RoleDeptHead}}
		}}}
	}
	return spec
}

// standInState says whether a substitution is in force on today.
func standInState(sub *data.Substitute, today string) string {
	switch {
	case sub.EndsOn != "" && sub.EndsOn < today:
		return lang.L("standin.ended")
	case sub.StartsOn != "" && sub.StartsOn > today:
		return lang.L("standin.future")
	}
	return lang.L("standin.active")
}

// loadStandIns reads the substitutions u may see and the people and
// departments they name.
func loadStandIns(store *data.Store, u *data.User) ([]standInRow, lookups, error) {
	l, err := loadLookups(store)
	if err != nil {
		return nil, l, err
	}
	if l.users, err = store.Users(); err != nil {
		return nil, l, err
	}
	data.SortByName(l.users, func(u *data.User) string { return u.FullName })
	subs, err := store.SubstitutesFor(u)
	if err != nil {
		return nil, l, err
	}
	rows := make([]standInRow, len(subs))
	for i, sub := range subs {
		rows[i] = standInRow{Substitute: sub, For: standInFor(&sub, &l), StandIn: l.userName(sub.StandInID)}
	}
	return rows, l, nil
}

// standInFor names whom a substitution stands in for: a person, or a role
// with its department ("部门负责人（流通部）").
func standInFor(sub *data.Substitute, l *lookups) string {
	if sub.Role == "" {
		return l.userName(sub.PrincipalID)
	}
	dept := lang.L("standin.any_dept")
	if sub.DepartmentID != 0 {
		dept = l.deptName(sub.DepartmentID)
	}
	return lang.L("standin.role_in", map[string]any{"Role": lang.L(sub.Role.LabelKey()), "Dept": dept})
}

// standInForm is the form of a substitution: for a person away, whom
// (oneself unless an administrator names it), the stand-in, the dates and
// the reason; for a role, the role and department instead of the person.
func standInForm(b *binder, r *standInRow, l *lookups, s *session) {
	f := substitutes.Field
	switch {
	case r.Role != "":
		roles := data.ChoiceLists[f("role").List]
		labels := make([]string, len(roles))
		for i, v := range roles {
			labels[i] = lang.L(data.Role(v).LabelKey())
		}
		choose(b, f("role").LabelKey(), labels, roleValues(roles), &r.Role)
		depts, ids := []string{lang.L("standin.any_dept")}, []uint{0}
		for _, d := range l.depts {
			depts, ids = append(depts, d.Name), append(ids, d.ID)
		}
		choose(b, f("department_id").LabelKey(), depts, ids, &r.DepartmentID)
	case s.isAdmin():
		b.userChoice(f("principal_id").LabelKey(), l, &r.PrincipalID)
	default:
		b.fixed(f("principal_id").LabelKey(), lang.L("standin.myself", map[string]any{"Name": s.user.FullName}))
	}
	b.userChoice(f("stand_in_id").LabelKey(), l, &r.StandInID)
	from := b.date(f("starts_on").LabelKey(), &r.StartsOn)
	to := b.date(f("ends_on").LabelKey(), &r.EndsOn)
	if r.Role == "" {
		from.entry.SetPlaceHolder(lang.L("case.date_placeholder"))
		to.entry.SetPlaceHolder(lang.L("case.date_placeholder"))
	} else {
		from.entry.SetPlaceHolder(lang.L("standin.open_start"))
		to.entry.SetPlaceHolder(lang.L("standin.open_end"))
	}
	b.text(f("reason").LabelKey(), &r.Reason, f("reason").Valid)
	b.check = func() error {
		b.apply() // r is the form's copy of the row
		if r.Role == "" && (r.StartsOn == "" || r.EndsOn == "") {
			return uikit.NewProblem("err.substitute_dates", nil)
		}
		return substitutes.Check(&r.Substitute, s.c.clock()())
	}
}

func roleValues(vs []string) []data.Role {
	out := make([]data.Role, len(vs))
	for i, v := range vs {
		out[i] = data.Role(v)
	}
	return out
}

// deleteStandIn removes a substitution after asking.
func deleteStandIn(m *masterList[standInRow], r standInRow) {
	s := m.s
	uikit.ShowConfirm(s.win, uikit.ConfirmSpec{Title: lang.L("standin.delete"),
		Message: lang.L("standin.delete_confirm", map[string]any{"For": r.For, "StandIn": r.StandIn}),
		Confirm: lang.L("standin.delete"), Danger: true,
		OnConfirm: func() {
			m.run(func() error { return s.store.DeleteSubstitute(s.login, &r.Substitute) }, nil)
		}})
}

// userName returns the full name of user id.
func (l *lookups) userName(id uint) string {
	for _, u := range l.users {
		if u.ID == id {
			return u.FullName
		}
	}
	return ""
}

// userChoice adds a drop-down of the enabled accounts for *id, each named
// with their department; the account chosen already stays on it.
func (b *binder) userChoice(key string, l *lookups, id *uint) {
	var labels []string
	var values []uint
	for _, u := range l.users {
		if u.Disabled && u.ID != *id {
			continue
		}
		labels = append(labels, lang.L("standin.user_in", map[string]any{"Name": u.FullName, "Dept": l.deptName(u.DepartmentID)}))
		values = append(values, u.ID)
	}
	choose(b, key, labels, values, id)
}
