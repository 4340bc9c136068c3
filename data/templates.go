package data

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Templates of standard changes (标准升级模板). The 系统管理员 or the
// 信息主管 (templateAuthors) defines one for a routine upgrade of one
// system: its type, the plan's texts and risks its cases start from, a
// budget ceiling and the period it is valid for. It is approved once, by
// the 馆领导 and the 信息主管 both (in one round, like the plan's two
// approvals; whoever wrote it approves none of it), and may be withdrawn
// by the 信息主管. An approved template is in force between its dates; an
// expired or withdrawn one starts no case (kinds.go).

// TemplateState is where a template stands.
type TemplateState string

// The states of a template.
const (
	TemplateDraft     TemplateState = "draft"     // 草稿: written, edited, returned
	TemplatePending   TemplateState = "pending"   // 待审批
	TemplateApproved  TemplateState = "approved"  // 已批准: in force between its dates
	TemplateWithdrawn TemplateState = "withdrawn" // 已撤回
)

// TemplateStates lists the states of a template (the choice list
// "template_state").
var TemplateStates = []string{string(TemplateDraft), string(TemplatePending), string(TemplateApproved),
	string(TemplateWithdrawn)}

// ChangeTemplate is a template of standard changes.
type ChangeTemplate struct {
	Meta
	// No is the template's number, BZ-YYYY-NN, given when it is written.
	No            string `gorm:"size:16;not null;uniqueIndex" json:"no"`
	Name          string `gorm:"size:200;not null" json:"name"`
	SystemID      uint   `gorm:"not null;index" json:"system_id"`
	UpgradeType   string `gorm:"size:16" json:"upgrade_type"`
	BudgetCeiling Money  `gorm:"not null;default:0" json:"budget_ceiling"`
	ValidFrom     string `gorm:"size:10" json:"valid_from"`
	ValidUntil    string `gorm:"size:10" json:"valid_until"`
	Goals         string `gorm:"type:text" json:"goals"`
	Scope         string `gorm:"type:text" json:"scope"`
	EnvAssessment string `gorm:"type:text" json:"env_assessment"`
	TechApproach  string `gorm:"type:text" json:"tech_approach"`
	RollbackPlan  string `gorm:"type:text" json:"rollback_plan"`
	TrainingPlan  string `gorm:"type:text" json:"training_plan"`
	// Risks are the plan's risks its cases start from.
	Risks []TemplateRisk `gorm:"foreignKey:TemplateID;constraint:OnDelete:CASCADE" json:"risks"`
	State TemplateState  `gorm:"size:16;not null" json:"state"`
	// Round counts the template's rounds of approval: a return starts a
	// new one, in which both approvals are given again.
	Round      int        `gorm:"not null;default:1" json:"round"`
	ApprovedAt *time.Time `json:"approved_at,omitempty"`
}

// TableName keeps the templates in change_templates.
func (ChangeTemplate) TableName() string { return "change_templates" }

// TemplateRisk is one line of a template's risks, as a plan's (Risk).
type TemplateRisk struct {
	ID             uint   `gorm:"primaryKey" json:"-"`
	TemplateID     uint   `gorm:"not null;index" json:"-"`
	Pos            int    `json:"-"`
	Risk           string `gorm:"type:text" json:"risk"`
	Likelihood     string `gorm:"size:8" json:"likelihood"`
	Impact         string `gorm:"size:8" json:"impact"`
	Countermeasure string `gorm:"type:text" json:"countermeasure"`
}

// TableName keeps the risks in template_risks.
func (TemplateRisk) TableName() string { return "template_risks" }

// TemplateDecision is one action taken on a template: who, when, in which
// role, with what opinion.
type TemplateDecision struct {
	ID         uint          `gorm:"primaryKey" json:"id"`
	TemplateID uint          `gorm:"not null;index" json:"template_id"`
	Round      int           `gorm:"not null" json:"round"`
	Action     Action        `gorm:"size:16;not null" json:"action"`
	FromState  TemplateState `gorm:"size:16;not null" json:"from_state"`
	ToState    TemplateState `gorm:"size:16;not null" json:"to_state"`
	ActorID    uint          `gorm:"not null" json:"actor_id"`
	ActorName  string        `gorm:"size:64;not null" json:"actor_name"`
	ActorRole  Role          `gorm:"size:16;not null" json:"actor_role"`
	Opinion    string        `gorm:"type:text" json:"opinion"`
	At         time.Time     `gorm:"not null" json:"at"`
}

// TableName keeps the decisions in template_decisions.
func (TemplateDecision) TableName() string { return "template_decisions" }

// LabelKey returns the translation key of the decision's name.
func (d *TemplateDecision) LabelKey() string { return TemplateActionKey(d.Action) }

// TemplateActionKey returns the translation key of an action's name when
// taken on a template.
func TemplateActionKey(a Action) string { return "template_action." + string(a) }

func (t *ChangeTemplate) rowAssociations() []string { return []string{"Risks"} }

func (t *ChangeTemplate) replaceRows(tx *gorm.DB) error {
	return replaceChildren(tx, "template_id", t.ID, t.Risks, func(r *TemplateRisk, id uint, i int) {
		r.ID, r.TemplateID, r.Pos = 0, id, i
	})
}

// InForce reports whether the template may start cases on day
// (YYYY-MM-DD): approved, and day within its dates.
func (t *ChangeTemplate) InForce(day string) bool {
	return t.State == TemplateApproved && t.ValidFrom <= day && day <= t.ValidUntil
}

// StatusKey returns the translation key of the template's state as people
// read it on day: an approved template before or after its dates is 未生效
// or 已过期.
func (t *ChangeTemplate) StatusKey(day string) string {
	if t.State == TemplateApproved {
		switch {
		case day > t.ValidUntil:
			return "template_status.expired"
		case day < t.ValidFrom:
			return "template_status.not_yet"
		}
	}
	return ChoiceKey("template_state", string(t.State))
}

// templateAuthors are who define and edit templates.
var templateAuthors = itRoles

// templateRule is one allowed action on a template.
type templateRule struct {
	action    Action
	from      []TemplateState
	roles     []Role
	opinion   bool   // a reason is required
	notAuthor bool   // whoever wrote the template may not take it
	pair      []Role // both roles decide, in one round
	todo      bool   // waiting for it puts the template in the actor's 待办
	to        TemplateState
	check     func(tx *gorm.DB, t *ChangeTemplate, today string) error
}

// templateRules are who may take which action on a template in which
// state.
var templateRules = []templateRule{
	{action: ActSubmit, from: []TemplateState{TemplateDraft}, roles: templateAuthors, to: TemplatePending,
		check: checkTemplateComplete},
	{action: ActApprove, from: []TemplateState{TemplatePending}, roles: []Role{RoleManagement, RoleITDirector},
		notAuthor: true, pair: []Role{RoleManagement, RoleITDirector}, todo: true, to: TemplateApproved,
		check: checkTemplateComplete},
	{action: ActReturn, from: []TemplateState{TemplatePending}, roles: []Role{RoleManagement, RoleITDirector},
		opinion: true, to: TemplateDraft},
	{action: ActWithdraw, from: []TemplateState{TemplateDraft, TemplatePending, TemplateApproved},
		roles: []Role{RoleITDirector}, opinion: true, to: TemplateWithdrawn},
}

// templateRiskRows and templateRecord describe a template; its plan's
// texts and risks have the plan's keys, by which a plan is started from
// it (StartPlan).
var (
	templateRiskRows = &Record{Table: "template_risks", Fields: riskFields()}

	templateRecord = (&Record{Table: "change_templates", Single: true, Roles: templateAuthors, Fields: []*Field{
		{Key: "no", Label: "template_no", Section: "template.section_basic", Kind: KindText, Max: 16, Filler: ByStore},
		{Key: "name", Label: "template_name", Kind: KindText, Max: 200, Required: true},
		{Key: "system_id", Label: "system", Kind: KindSystem, Required: true},
		{Key: "upgrade_type", Label: "upgrade_type", Kind: KindChoice, List: "upgrade_type", Required: true},
		{Key: "budget_ceiling", Label: "budget_ceiling", Kind: KindMoney},
		{Key: "valid_from", Label: "valid_from", Kind: KindDate, Required: true},
		{Key: "valid_until", Label: "valid_until", Kind: KindDate, Required: true, NotBefore: "valid_from"},
		{Key: "goals", Label: "goals", Section: "template.section_plan", Kind: KindLongText, Required: true},
		{Key: "scope", Label: "scope", Kind: KindLongText, Required: true},
		{Key: "env_assessment", Label: "env_assessment", Kind: KindLongText},
		{Key: "tech_approach", Label: "tech_approach", Kind: KindLongText, Required: true},
		{Key: "risks", Label: "risks", Kind: KindRows, Rows: templateRiskRows, Required: true},
		{Key: "rollback_plan", Label: "rollback_plan", Kind: KindLongText, Required: true},
		{Key: "training_plan", Label: "training_plan", Kind: KindLongText},
		{Key: "state", Label: "template_state", Kind: KindChoice, List: "template_state", Filler: ByWorkflow},
		{Key: "approved_at", Label: "template_approved_at", Kind: KindDateTime, Filler: ByWorkflow},
	}}).bind(ChangeTemplate{})
)

// TemplateRecord returns the description of a template.
func TemplateRecord() *Record { return templateRecord }

// Templates returns every template, the newest number first.
func (s *Store) Templates() ([]ChangeTemplate, error) {
	var out []ChangeTemplate
	err := s.db.Preload("Risks", func(db *gorm.DB) *gorm.DB { return db.Order("pos") }).
		Order("no DESC").Find(&out).Error
	return out, s.read("read templates", err)
}

// TemplatesInForce returns the templates that may start a case today, by
// number.
func (s *Store) TemplatesInForce() ([]ChangeTemplate, error) {
	day := s.today()
	var out []ChangeTemplate
	err := s.db.Preload("Risks", func(db *gorm.DB) *gorm.DB { return db.Order("pos") }).
		Where("state = ? AND valid_from <= ? AND valid_until >= ?", TemplateApproved, day, day).
		Order("no").Find(&out).Error
	return out, s.read("read templates", err)
}

// Template returns one template with its risks.
func (s *Store) Template(id uint) (*ChangeTemplate, error) {
	t := &ChangeTemplate{}
	if err := loadRecord(s.db, t, id); err != nil {
		return nil, s.read("read template", err)
	}
	return t, nil
}

// TemplateDecisions returns the decisions taken on a template, oldest
// first.
func (s *Store) TemplateDecisions(id uint) ([]TemplateDecision, error) {
	var out []TemplateDecision
	err := s.db.Where("template_id = ?", id).Order("at, id").Find(&out).Error
	return out, s.read("read template decisions", err)
}

// SaveTemplate writes a new template as a draft, with the next number of
// the year, or saves the edits of a draft; its authors only.
func (s *Store) SaveTemplate(actor *Session, t *ChangeTemplate) error {
	t.Name = strings.TrimSpace(t.Name)
	if err := templateRecord.Check(t, s.now()); err != nil {
		return err
	}
	return s.saveCopy(t, func(tx *gorm.DB, cp record) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		if !a.HasAnyRole(templateAuthors...) {
			return errf(EForbidden, "err.role_required", "Roles", roleKeys(templateAuthors))
		}
		n := cp.(*ChangeTemplate)
		var sys System
		if err := tx.Limit(1).Find(&sys, n.SystemID).Error; err != nil {
			return err
		}
		if sys.ID == 0 {
			return fieldError("system", errf(EInvalid, "valid.required"))
		}
		if n.ID == 0 {
			no, err := nextTemplateNo(tx, s.now().Local().Year())
			if err != nil {
				return err
			}
			n.No, n.State, n.Round, n.ApprovedAt = no, TemplateDraft, 1, nil
			return s.saveRecord(tx, a, n, "change_templates")
		}
		cur := &ChangeTemplate{}
		if err := loadRecord(tx, cur, n.ID); err != nil {
			return err
		}
		if cur.State != TemplateDraft {
			return errf(EState, "err.template_not_draft", "No", cur.No,
				"State", labelArg(ChoiceKey("template_state", string(cur.State))))
		}
		n.No, n.State, n.Round, n.ApprovedAt = cur.No, cur.State, cur.Round, cur.ApprovedAt
		return s.saveRecord(tx, a, n, "change_templates")
	})
}

// nextTemplateNo returns the next template number of year: BZ-YYYY-NN.
func nextTemplateNo(tx *gorm.DB, year int) (string, error) {
	var n int64
	prefix := fmt.Sprintf("BZ-%04d-", year)
	if err := tx.Model(&ChangeTemplate{}).Where("no LIKE ?", prefix+"%").Count(&n).Error; err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%02d", prefix, n+1), nil
}

// TemplateRequest is one action a user takes on a template.
type TemplateRequest struct {
	TemplateID uint
	Action     Action
	Opinion    string
	// ExpectVersion, when not 0, is the version the user saw; a template
	// changed since is a conflict.
	ExpectVersion int
}

// templateCtx is one action on a template inside its transaction.
type templateCtx struct {
	tx    *gorm.DB
	actor *User
	t     *ChangeTemplate
}

// ActOnTemplate takes an action on a template (submit it for approval,
// approve, return or withdraw it) after checking the actor's role and
// separation of duties. A refused action changes nothing.
func (s *Store) ActOnTemplate(actor *Session, req TemplateRequest) (*ChangeTemplate, error) {
	req.Opinion = strings.TrimSpace(req.Opinion)
	if err := ValidText(req.Opinion); err != nil {
		return nil, fieldError("opinion", err)
	}
	var out *ChangeTemplate
	err := s.write("template", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		t := &ChangeTemplate{}
		if err := loadRecord(tx, t, req.TemplateID); err != nil {
			return err
		}
		if req.ExpectVersion != 0 && req.ExpectVersion != t.Version {
			return conflictError("change_templates", t.UpdatedBy, t.UpdatedAt)
		}
		x := &templateCtx{tx: tx, actor: a, t: t}
		r, role, err := x.findRule(req.Action)
		if err != nil {
			return err
		}
		if r.opinion && req.Opinion == "" {
			return fieldError("opinion", errf(EInvalid, "err.opinion_required"))
		}
		if r.check != nil {
			if err := r.check(tx, t, s.today()); err != nil {
				return err
			}
		}
		to, err := x.target(r, role)
		if err != nil {
			return err
		}
		now := s.now()
		d := &TemplateDecision{TemplateID: t.ID, Round: t.Round, Action: r.action, FromState: t.State, ToState: to,
			ActorID: a.ID, ActorName: a.FullName, ActorRole: role, Opinion: req.Opinion, At: now}
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		var changes []Change
		if to != t.State {
			set := map[string]any{"state": to, "version": t.Version + 1, "updated_at": now,
				"updated_by_id": a.ID, "updated_by": a.FullName}
			changes = append(changes, Change{Field: "state", Old: string(t.State), New: string(to)})
			switch to {
			case TemplateApproved:
				set["approved_at"] = now
				t.ApprovedAt = &now
			case TemplateDraft: // returned: the next approval is a new round
				set["round"] = t.Round + 1
				t.Round++
			}
			res := tx.Model(&ChangeTemplate{}).Where("id = ? AND version = ?", t.ID, t.Version).Updates(set)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				return conflictError("change_templates", t.UpdatedBy, t.UpdatedAt)
			}
			t.State, t.Version, t.UpdatedAt, t.UpdatedByID, t.UpdatedBy = to, t.Version+1, now, a.ID, a.FullName
		}
		if err := s.audit(tx, a, OpTransition, "change_templates", t.ID, 0, changes, string(r.action), req.Opinion); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// findRule returns the rule for action a on the template that the actor
// qualifies for and the role they take it in, or why none.
func (x *templateCtx) findRule(a Action) (*templateRule, Role, error) {
	var refusal error
	for i := range templateRules {
		r := &templateRules[i]
		if r.action != a || !templateStateIn(x.t.State, r.from) {
			continue
		}
		role, err := x.qualify(r)
		if err == nil {
			return r, role, nil
		}
		if refusal == nil {
			refusal = err
		}
	}
	if refusal == nil {
		return nil, "", errf(EState, "err.template_action_state", "Action", labelArg(TemplateActionKey(a)),
			"State", labelArg(ChoiceKey("template_state", string(x.t.State))))
	}
	return nil, "", refusal
}

// qualify returns the role in which the actor may take r: one of its roles
// not given yet in this round of a pair, and not by whoever wrote the
// template when r says so.
func (x *templateCtx) qualify(r *templateRule) (Role, error) {
	given := map[Role]uint{}
	if len(r.pair) > 0 {
		var err error
		if given, err = x.roundDecisions(r.action); err != nil {
			return "", err
		}
		for _, by := range given {
			if by == x.actor.ID {
				return "", errf(EState, "err.already_decided")
			}
		}
	}
	for _, role := range r.roles {
		if !x.actor.HasRole(role) {
			continue
		}
		if _, done := given[role]; done {
			continue
		}
		if r.notAuthor {
			wrote, err := x.wrote()
			if err != nil {
				return "", err
			}
			if wrote {
				return "", errf(EDuties, "err.duties_author", "What", labelArg("entity.change_templates"))
			}
		}
		return role, nil
	}
	if len(given) > 0 && x.actor.HasAnyRole(r.roles...) {
		return "", errf(EState, "err.already_decided")
	}
	return "", errf(EForbidden, "err.role_required", "Roles", roleKeys(r.roles))
}

// roundDecisions returns who gave each role's decision a in the current
// round.
func (x *templateCtx) roundDecisions(a Action) (map[Role]uint, error) {
	var ds []TemplateDecision
	err := x.tx.Where("template_id = ? AND round = ? AND action = ?", x.t.ID, x.t.Round, a).Find(&ds).Error
	out := map[Role]uint{}
	for _, d := range ds {
		out[d.ActorRole] = d.ActorID
	}
	return out, err
}

// wrote reports whether the actor created or changed the template.
func (x *templateCtx) wrote() (bool, error) {
	var n int64
	err := x.tx.Model(&AuditEntry{}).Where("entity = ? AND entity_id = ? AND actor_id = ? AND op IN ?",
		"change_templates", x.t.ID, x.actor.ID, []string{OpCreate, OpUpdate}).Count(&n).Error
	return n > 0, err
}

// target returns the state the action leads to: a pair stays pending
// until both roles have approved.
func (x *templateCtx) target(r *templateRule, role Role) (TemplateState, error) {
	if len(r.pair) > 0 {
		given, err := x.roundDecisions(r.action)
		if err != nil {
			return "", err
		}
		given[role] = x.actor.ID
		for _, need := range r.pair {
			if _, ok := given[need]; !ok {
				return x.t.State, nil
			}
		}
	}
	return r.to, nil
}

func templateStateIn(s TemplateState, list []TemplateState) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkTemplateComplete refuses a template that lacks what its cases need,
// or whose period has ended.
func checkTemplateComplete(_ *gorm.DB, t *ChangeTemplate, today string) error {
	if err := incomplete("change_templates", templateRecord.Missing(t)); err != nil {
		return err
	}
	if t.ValidUntil < today {
		return fieldError("valid_until", errf(EInvalid, "err.template_period_over", "Date", t.ValidUntil))
	}
	return nil
}

// TemplateActions returns the actions u may take on template t now.
func (s *Store) TemplateActions(u *User, id uint) ([]Action, error) {
	a, err := currentUser(s.db, u)
	if err != nil {
		return nil, s.read("template actions", err)
	}
	t := &ChangeTemplate{}
	if err := loadRecord(s.db, t, id); err != nil {
		return nil, s.read("template actions", err)
	}
	x := &templateCtx{tx: s.db, actor: a, t: t}
	var out []Action
	for i := range templateRules {
		r := &templateRules[i]
		if !templateStateIn(t.State, r.from) || containsAction(out, r.action) {
			continue
		}
		if _, err := x.qualify(r); err == nil {
			out = append(out, r.action)
		}
	}
	return out, nil
}

// MayWriteTemplates reports whether u may define templates.
func MayWriteTemplates(u *User) bool { return u.HasAnyRole(templateAuthors...) }

// TemplateOpinionRequired reports whether action a on a template needs a
// reason.
func TemplateOpinionRequired(a Action) bool {
	for _, r := range templateRules {
		if r.action == a {
			return r.opinion
		}
	}
	return false
}

func containsAction(list []Action, a Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// templateTodo returns the templates waiting for a decision of u: those
// pending whose approval u may give.
func (s *Store) templateTodo(tx *gorm.DB, u *User) ([]TodoItem, error) {
	if !u.HasAnyRole(RoleManagement, RoleITDirector) {
		return nil, nil
	}
	var ts []ChangeTemplate
	if err := tx.Where("state = ?", TemplatePending).Order("id").Find(&ts).Error; err != nil {
		return nil, err
	}
	var out []TodoItem
	for i := range ts {
		x := &templateCtx{tx: tx, actor: u, t: &ts[i]}
		var acts []Action
		for j := range templateRules {
			r := &templateRules[j]
			if r.todo && templateStateIn(ts[i].State, r.from) {
				if _, err := x.qualify(r); err == nil {
					acts = append(acts, r.action)
				}
			}
		}
		if len(acts) == 0 {
			continue
		}
		var sys System
		if err := tx.Select("name").Limit(1).Find(&sys, ts[i].SystemID).Error; err != nil {
			return nil, err
		}
		out = append(out, TodoItem{CaseRow: CaseRow{No: ts[i].No, Title: ts[i].Name, StateAt: ts[i].UpdatedAt,
			SystemName: sys.Name}, Actions: acts, Template: ts[i].ID})
	}
	return out, nil
}

// loadTemplate reads the template of a standard change, nil when it has
// none or it does not exist.
func loadTemplate(tx *gorm.DB, c *Case) (*ChangeTemplate, error) {
	if c.TemplateID == nil {
		return nil, nil
	}
	t := &ChangeTemplate{}
	if err := tx.Limit(1).Find(t, *c.TemplateID).Error; err != nil {
		return nil, err
	}
	if t.ID == 0 {
		return nil, nil
	}
	return t, nil
}

// checkRequestTemplate checks the template of a standard change's request:
// named, in force on day, of the request's system and type of upgrade.
// Other kinds carry no template.
func checkRequestTemplate(tx *gorm.DB, c *Case, day string) error {
	if KindOf(c) != ChangeStandard {
		return nil
	}
	t, err := loadTemplate(tx, c)
	if err != nil {
		return err
	}
	if t == nil {
		return fieldError("template", errf(EInvalid, "valid.required"))
	}
	if !t.InForce(day) {
		return fieldError("template", errf(EState, "err.template_not_in_force", "No", t.No,
			"State", labelArg(t.StatusKey(day))))
	}
	if t.SystemID != c.SystemID {
		return fieldError("system", errf(EInvalid, "err.template_system", "No", t.No))
	}
	if t.UpgradeType != c.UpgradeType {
		return fieldError("upgrade_type", errf(EInvalid, "err.template_type", "No", t.No,
			"Type", labelArg(ChoiceKey("upgrade_type", t.UpgradeType))))
	}
	return nil
}

// checkTemplateInForce refuses accepting a standard change whose template
// is no longer in force: the 信息主管 converts it to a normal change.
func checkTemplateInForce(x *actCtx) error {
	return checkRequestTemplate(x.tx, x.c, x.s.today())
}

// checkTemplateBudget refuses the plan of a standard change whose budget
// is above its template's ceiling.
func checkTemplateBudget(tx *gorm.DB, c *Case, p *Plan) error {
	if KindOf(c) != ChangeStandard {
		return nil
	}
	t, err := loadTemplate(tx, c)
	if err != nil || t == nil {
		return err
	}
	if b := p.Budget(); b > t.BudgetCeiling {
		return fieldError("budget", errf(EInvalid, "err.template_budget", "No", t.No, "Budget", b.String(),
			"Ceiling", t.BudgetCeiling.String()))
	}
	return nil
}

// StartPlan fills an empty plan p of a standard change from its template
// t: every text and table of the template that the plan has (by key).
// Nothing is saved: who saves the plan writes it.
func StartPlan(p *Plan, t *ChangeTemplate) {
	for _, f := range templateRecord.Fields {
		pf := planRecord.Field(f.Key)
		if pf == nil || f.Filler != ByUser || pf.Kind != f.Kind {
			continue
		}
		if f.Kind == KindRows {
			_ = pf.SetRowInputs(p, f.RowInputs(t))
			continue
		}
		_ = pf.SetInput(p, f.Input(t))
	}
}
