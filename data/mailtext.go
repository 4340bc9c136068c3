package data

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The e-mails of a transition: who gets one and what it says. Every text
// is in the recipient's language, from the translation catalogue
// (assets/translations/mail.*.json).

// applicantHears are the actions of others on a request that its
// applicant is told of: the decisions about it and its end.
var applicantHears = map[Action]bool{
	ActApprove: true, ActReturn: true, ActReject: true, ActAccept: true, ActMerge: true, ActCancel: true,
	ActApprovePlan: true, ActApproveBudget: true, ActSign: true, ActRollback: true, ActRegister: true, ActClose: true,
}

// stepRecord is the record a stage's step submits: who is asked to take
// the step is not asked to fill it besides.
var stepRecord = map[State]Form{StateAssessing: FormAssessment, StatePlanning: FormPlan, StateRegistering: FormRegistration}

// formTodo is a record someone is to fill at the case's new stage.
type formTodo struct {
	form     Form
	testType string
}

// mailTo is what one recipient of a transition's messages is told.
type mailTo struct {
	user  *User
	steps []Waiter   // the steps they may take now
	forms []formTodo // the records they may fill now
	news  bool       // the applicant, told of a decision about their request
}

// notify writes the e-mails of the transition just taken (decision d by
// rule r) into the outbox, in its transaction: to everyone who may take
// the case's next step now (NextStep, stand-ins included) or fill a
// record the new stage waits for, and to the applicant of a decision
// about their request. Nobody is written to about their own action, nor
// without an e-mail address. Nothing is written while e-mail is off (no
// mail server set).
func (x *actCtx) notify(r *rule, d *Decision) error {
	m, err := mailSettingsIn(x.tx)
	if err != nil || !m.Enabled() {
		return err
	}
	var users []User
	if err := x.tx.Where("disabled = ?", false).Order("id").Find(&users).Error; err != nil {
		return err
	}
	to := map[uint]*mailTo{}
	get := func(u *User) *mailTo {
		if to[u.ID] == nil {
			to[u.ID] = &mailTo{user: u}
		}
		return to[u.ID]
	}
	byID := map[uint]*User{}
	for i := range users {
		byID[users[i].ID] = &users[i]
	}
	moved := d.ToState != d.FromState
	if moved {
		ns, err := x.s.nextStep(x.tx, x.c, users, nil)
		if err != nil {
			return err
		}
		for _, w := range ns.Waiting {
			if u := byID[w.UserID]; u != nil {
				get(u).steps = append(get(u).steps, w)
			}
		}
		if err := x.formHolders(users, get); err != nil {
			return err
		}
	}
	if u := byID[x.c.ApplicantID]; u != nil && u.ID != x.actor.ID && applicantHears[r.action] {
		get(u).news = true
	}
	var missing []Role
	if !moved && len(r.pair) > 0 {
		given, err := x.pairDecisions(r)
		if err != nil {
			return err
		}
		for _, need := range r.pair {
			if _, ok := given[need]; !ok && !(need == RoleDeptHead && x.c.BusinessDeptID == 0) {
				missing = append(missing, need)
			}
		}
	}
	library, err := libraryNameIn(x.tx)
	if err != nil {
		return err
	}
	ids := make([]uint, 0, len(to))
	for id := range to {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		mt := to[id]
		if id == x.actor.ID || mt.user.Email == "" {
			continue
		}
		cm := &caseMail{lang: mt.user.MessageLang(), to: mt, c: x.c, d: d, library: library,
			mergeInto: strings.TrimSpace(x.req.MergeInto), missing: missing}
		subject, body := cm.text()
		n := x.s.newNotification(NoteCase, mt.user, subject, body)
		cid := x.c.ID
		n.CaseID = &cid
		if err := x.tx.Create(n).Error; err != nil {
			return err
		}
	}
	return nil
}

// formHolders adds, for each record the case's new stage still waits
// for, the people who may fill it (formDuties).
func (x *actCtx) formHolders(users []User, get func(*User) *mailTo) error {
	for _, fd := range formDuties {
		if fd.state != x.c.State {
			continue
		}
		var n int64
		if err := x.tx.Model(&Case{}).Where("id = ?", x.c.ID).Where(fd.none).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		roles := dutyRoles(fd.form, fd.testType)
		for i := range users {
			u := &users[i]
			if slices.ContainsFunc(roles, func(r Role) bool { return u.HasRole(r) && inCaseDept(u, x.c, r) }) {
				get(u).forms = append(get(u).forms, formTodo{fd.form, fd.testType})
			}
		}
	}
	return nil
}

// libraryNameIn reads the library's name inside tx.
func libraryNameIn(tx *gorm.DB) (string, error) {
	var st Setting
	if err := tx.Where("key = ?", SettingLibraryName).Limit(1).Find(&st).Error; err != nil {
		return "", err
	}
	if st.Value == "" {
		return Label("default.library_name"), nil
	}
	return st.Value, nil
}

// caseMail is the message of one transition to one person.
type caseMail struct {
	lang      string
	to        *mailTo
	c         *Case
	d         *Decision
	library   string
	mergeInto string
	missing   []Role // the roles a two-decision step still waits for
}

// subjectTitle is how much of a case's title a subject carries.
const subjectTitle = 60

func (m *caseMail) t(key string, kv ...any) string { return T(m.lang, key, Args(kv...)) }

func (m *caseMail) text() (subject, body string) {
	l := m.lang
	state := T(l, m.c.State.LabelKey(), nil)
	title := truncRunes(m.c.Title, subjectTitle)
	asked := len(m.to.steps) > 0 || len(m.to.forms) > 0
	if asked {
		subject = m.t("mail.subject.step", "No", m.c.No, "Title", title)
	} else {
		subject = m.t("mail.subject.news", "No", m.c.No, "Title", title, "State", state)
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(m.t("mail.greeting", "Name", m.to.user.FullName))
	line("")
	line(m.t("mail.case_line", "No", m.c.No, "Title", m.c.Title))
	line(m.event())
	switch {
	case m.d.ToState != m.d.FromState && m.c.State.Terminal():
		line(m.t("mail.outcome.ended", "State", state))
	case m.d.ToState != m.d.FromState:
		line(m.t("mail.outcome.moved", "State", state))
	case len(m.missing) > 0:
		line(m.t("mail.outcome.pending", "Missing", roleNames(l, m.missing), "State", state))
	}
	if m.d.Opinion != "" {
		line(m.t("mail.opinion", "Text", m.d.Opinion))
	}
	if m.c.DueAt != nil && !m.c.State.Terminal() {
		line(m.t("mail.due", "Date", m.c.DueAt.Local().Format(DateLayout)))
	}
	if asked {
		line("")
		line(m.t("mail.todo_head"))
		for _, w := range m.to.steps {
			todo := todoText(l, m.c.State, w.Action)
			if w.For != "" {
				todo += m.t("mail.todo.for", "For", strings.TrimSpace(w.For))
			}
			line("  - " + todo)
		}
		for _, f := range m.to.forms {
			if len(m.to.steps) == 0 || stepRecord[m.c.State] != f.form {
				line("  - " + formText(l, f))
			}
		}
		line("")
		line(m.t("mail.open", "No", m.c.No))
	}
	line("")
	line(m.t("mail.footer", "Library", m.library))
	return subject, b.String()
}

// event says what happened: who took which action, in which role.
func (m *caseMail) event() string {
	args := Args("Actor", m.d.ActorText(m.lang), "Role", T(m.lang, m.d.ActorRole.LabelKey(), nil),
		"Action", T(m.lang, m.d.Action.LabelKey(), nil), "MergeInto", m.mergeInto)
	for _, key := range []string{"mail.did." + string(m.d.FromState) + "." + string(m.d.Action), "mail.did." + string(m.d.Action)} {
		if s := T(m.lang, key, args); s != key {
			return s
		}
	}
	return T(m.lang, "mail.did", args)
}

// todoText says what a step asks of the person who takes it.
func todoText(lang string, st State, a Action) string {
	for _, key := range []string{"mail.todo." + string(st) + "." + string(a), "mail.todo." + string(a)} {
		if s := T(lang, key, nil); s != key {
			return s
		}
	}
	return T(lang, a.LabelKey(), nil)
}

// formText asks for a record to be filled.
func formText(lang string, f formTodo) string {
	if f.testType != "" {
		return T(lang, "mail.todo.test", Args("Type", T(lang, ChoiceKey("test_type", f.testType), nil)))
	}
	return T(lang, "mail.todo.form", Args("Form", T(lang, "form."+string(f.form), nil)))
}

// roleNames names roles in lang: "财务经理、信息主管", "finance manager and IT director".
func roleNames(lang string, rs []Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = T(lang, r.LabelKey(), nil)
	}
	if lang == LangEN {
		return strings.Join(names, " and ")
	}
	return strings.Join(names, "、")
}

// digestLimit is how many cases a digest lists.
const digestLimit = 100

// digestText is the daily digest of a person's 待办 at now.
func digestText(u *User, library string, now time.Time, items []TodoItem) (subject, body string) {
	l := u.MessageLang()
	date := now.Local().Format(DateLayout)
	late := 0
	for i := range items {
		if items[i].OverdueAt(now) {
			late++
		}
	}
	subject = T(l, "mail.digest.subject", Args("Date", date, "N", len(items), "Late", late))
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(T(l, "mail.greeting", Args("Name", u.FullName)))
	line("")
	line(T(l, "mail.digest.intro", Args("Date", date, "N", len(items))))
	line("")
	for i := range items {
		if i == digestLimit {
			line(T(l, "mail.digest.more", Args("N", len(items)-digestLimit)))
			break
		}
		it := &items[i]
		if it.Template != 0 { // a template of standard changes to approve
			line(T(l, "mail.digest.template", Args("No", it.No, "Title", it.Title)))
			line("    - " + T(l, "mail.todo.template", nil))
			continue
		}
		head := T(l, "mail.digest.item", Args("No", it.No, "Title", it.Title, "State", T(l, it.State.LabelKey(), nil)))
		if due := it.Due(); due != nil {
			key := "mail.digest.due"
			if it.OverdueAt(now) {
				key = "mail.digest.overdue"
			}
			head += T(l, key, Args("Date", due.Local().Format(DateLayout)))
		}
		line(head)
		var todo []string
		for _, a := range it.Actions {
			todo = append(todo, todoText(l, it.State, a))
		}
		if it.RetroLateAt(now) {
			todo = append(todo, T(l, "mail.todo.retro_late", Args("Date", it.RetroDueAt.Local().Format(DateLayout))))
		}
		for _, f := range it.Forms {
			if len(it.Actions) == 0 || stepRecord[it.State] != f {
				todo = append(todo, formText(l, formTodo{form: f}))
			}
		}
		if it.Escalated {
			todo = append(todo, T(l, "mail.todo.escalated", nil))
		}
		for _, t := range todo {
			line("    - " + t)
		}
	}
	line("")
	line(T(l, "mail.digest.open", nil))
	line(T(l, "mail.digest.optout", nil))
	line("")
	line(T(l, "mail.footer", Args("Library", library)))
	return subject, b.String()
}

// truncRunes cuts s to at most n characters, marking a cut with "…".
func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
