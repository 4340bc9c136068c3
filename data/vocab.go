package data

// Role is a user's role in the procedure.
type Role string

// The roles of the procedure (README.md); RoleAdmin manages accounts and master data and
// is not a procedure role.
const (
	RoleITDirector     Role = "it_director"
	RoleSysadmin       Role = "sysadmin"
	RoleDataAdmin      Role = "data_admin"
	RoleDeptHead       Role = "dept_head"
	RoleStaff          Role = "staff"
	RoleFinanceManager Role = "finance_manager"
	RoleAccountant     Role = "accountant"
	RoleManagement     Role = "management"
	RoleAdmin          Role = "admin"
)

// AllRoles lists every role in display order.
var AllRoles = []Role{
	RoleITDirector, RoleSysadmin, RoleDataAdmin, RoleDeptHead, RoleStaff,
	RoleFinanceManager, RoleAccountant, RoleManagement, RoleAdmin,
}

// Valid reports whether r is one of AllRoles.
func (r Role) Valid() bool {
	for _, x := range AllRoles {
		if x == r {
			return true
		}
	}
	return false
}

// LabelKey returns the translation key of the role's name.
func (r Role) LabelKey() string { return "role." + string(r) }

// DeptKind is the kind of a department, which decides the way a request
// from it takes.
type DeptKind string

// Department kinds.
const (
	DeptIT         DeptKind = "it"         // 信息管理部门
	DeptBusiness   DeptKind = "business"   // 业务部门
	DeptFinance    DeptKind = "finance"    // 财务部门
	DeptManagement DeptKind = "management" // 管理层
)

// DeptKinds lists the department kinds in display order.
var DeptKinds = []DeptKind{DeptIT, DeptBusiness, DeptFinance, DeptManagement}

// LabelKey returns the translation key of the kind's name.
func (k DeptKind) LabelKey() string { return "deptkind." + string(k) }

// State is the state of a case.
type State string

// The states of a case.
const (
	StateDraft        State = "draft"
	StateDeptReview   State = "dept_review"
	StateScreening    State = "screening"
	StateAssessing    State = "assessing"
	StateMgmtApproval State = "mgmt_approval"
	StatePlanning     State = "planning"
	StatePlanApproval State = "plan_approval"
	StateImplementing State = "implementing"
	StateAccepting    State = "accepting"
	StateRegistering  State = "registering"
	StateFollowUp     State = "follow_up"
	StateRolledBack   State = "rolled_back"
	StateRejected     State = "rejected"
	StateMerged       State = "merged"
	StateCancelled    State = "cancelled"
	StateClosed       State = "closed"
)

// AllStates lists every state in the order of the procedure.
var AllStates = []State{
	StateDraft, StateDeptReview, StateScreening, StateAssessing, StateMgmtApproval,
	StatePlanning, StatePlanApproval, StateImplementing, StateAccepting, StateRegistering,
	StateFollowUp, StateRolledBack, StateRejected, StateMerged, StateCancelled, StateClosed,
}

// Terminal reports whether no action can leave s.
func (s State) Terminal() bool {
	return s == StateRejected || s == StateMerged || s == StateCancelled || s == StateClosed
}

// Valid reports whether s is one of AllStates.
func (s State) Valid() bool {
	for _, x := range AllStates {
		if x == s {
			return true
		}
	}
	return false
}

// LabelKey returns the translation key of the state's name.
func (s State) LabelKey() string { return "state." + string(s) }

// Action is something a user does to a case.
type Action string

// The actions of the procedure.
const (
	ActSubmit        Action = "submit"         // 提交
	ActApprove       Action = "approve"        // 同意 / 批准
	ActReturn        Action = "return"         // 退回
	ActReject        Action = "reject"         // 驳回 / 不予受理
	ActAccept        Action = "accept"         // 受理（纳入评估）
	ActMerge         Action = "merge"          // 合并
	ActCancel        Action = "cancel"         // 取消
	ActApprovePlan   Action = "approve_plan"   // 批准计划
	ActApproveBudget Action = "approve_budget" // 批准预算
	ActComplete      Action = "complete"       // 实施完成
	ActRollback      Action = "rollback"       // 回退
	ActSign          Action = "sign"           // 验收签字
	ActRegister      Action = "register"       // 登记
	ActClose         Action = "close"          // 归档
	ActReplan        Action = "replan"         // 重新计划
	ActConvert       Action = "convert"        // 转为一般升级
	ActEmergency     Action = "emergency"      // 紧急实施（先行实施）
	ActRatify        Action = "ratify"         // 追认（事后补办）
	ActWithdraw      Action = "withdraw"       // 撤回（标准升级模板）
)

// LabelKey returns the translation key of the action's name where the
// stage does not matter (see LabelKeyIn).
func (a Action) LabelKey() string { return "action." + string(a) }

// LabelKeyIn returns the translation key of the action's name as taken in
// state st: the procedure names some decisions after their stage (受理筛选:
// 纳入评估, 合并, 不予受理; 馆领导审批: 批准, 退回补充, 不予批准; 测试验收: 退回整改).
// Forms, the history and the documents all name decisions with it.
func (a Action) LabelKeyIn(st State) string {
	if stageActionNames[st][a] {
		return "action." + string(st) + "." + string(a)
	}
	return a.LabelKey()
}

// stageActionNames are the actions with a name of their own in a state;
// the key of the name is "action.<state>.<action>".
var stageActionNames = map[State]map[Action]bool{
	StateDraft:        {ActSubmit: true},
	StateDeptReview:   {ActReturn: true},
	StateScreening:    {ActReject: true},
	StateAssessing:    {ActSubmit: true},
	StateMgmtApproval: {ActApprove: true, ActReturn: true, ActReject: true},
	StatePlanning:     {ActSubmit: true},
	StatePlanApproval: {ActReturn: true},
	StateAccepting:    {ActReturn: true},
}

// LabelKeyFor returns the translation key of the action's name as taken
// on case c now: as LabelKeyIn, but a standard change is accepted into its
// plan, not into assessment (受理，制定计划).
func (a Action) LabelKeyFor(c *Case) string {
	if a == ActAccept && c.State == StateScreening && KindOf(c) == ChangeStandard {
		return acceptStandardKey
	}
	return a.LabelKeyIn(c.State)
}

// acceptStandardKey names the acceptance of a standard change.
const acceptStandardKey = "action.screening.accept_standard"

// LabelKey returns the translation key of the decision's name, after the
// stage it was taken in (and, for an acceptance, where it led).
func (d *Decision) LabelKey() string {
	if d.Action == ActAccept && d.ToState == StatePlanning {
		return acceptStandardKey
	}
	return d.Action.LabelKeyIn(d.FromState)
}

// Choice lists of the forms' fixed-choice fields. Each value's label is the
// translation key "<list>.<value>".
var (
	UpgradeTypes   = []string{"feature", "bugfix", "security", "vendor", "other"}
	Urgencies      = []string{"routine", "urgent"}
	RequestSources = []string{"business", "vendor", "tech"}
	Ratings        = []string{"high", "medium", "low"}
	// Burdens rate what costs the library (an upgrade's cost, its impact
	// on the systems in use), least first: high is bad there, so they read
	// 小/中/大, never 高/中/低 beside criteria where high is good.
	Burdens            = []string{"low", "medium", "high"}
	Feasibilities      = []string{"feasible", "conditional", "infeasible"}
	ParticipantSides   = []string{"it", "business", "finance", "vendor"}
	Likelihoods        = []string{"high", "medium", "low"}
	BackupKinds        = []string{"before", "after"}
	TestTypes          = []string{"system", "data", "business"}
	TestResults        = []string{"pass", "fail"}
	AcceptanceResults  = []string{"pass", "conditional", "fail"}
	RestoreStatuses    = []string{"restored", "partial", "failed"}
	EvaluationOutcomes = []string{"good", "fair", "poor"}
)

// ChoiceKey returns the translation key of value in the choice list named
// list, e.g. ChoiceKey("upgrade_type", "bugfix").
func ChoiceKey(list, value string) string { return list + "." + value }

func inList(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Criteria names the six aspects every assessment covers (the regulation,
// 三.2: 合理性、必要性、技术可行性、对现有系统的影响、升级成本、潜在效益).
var Criteria = []string{"reasonable", "necessary", "feasible", "impact", "cost", "benefit"}

// ChoiceLists maps the name of each fixed-choice list to its values. The
// name is the prefix of the values' translation keys: the label of value v
// of list l is the key l+"."+v (ChoiceKey).
var ChoiceLists = map[string][]string{
	"upgrade_type": UpgradeTypes, "urgency": Urgencies, "source": RequestSources,
	"rating": Ratings, "burden": Burdens, "feasibility": Feasibilities, "side": ParticipantSides,
	"likelihood": Likelihoods, "backup_kind": BackupKinds, "test_type": TestTypes,
	"test_result": TestResults, "acceptance": AcceptanceResults, "restore": RestoreStatuses,
	"outcome": EvaluationOutcomes, "deptkind": deptKindValues(), "role": procedureRoles(),
	"mail_lang": Languages, "change_kind": ChangeKinds, "template_state": TemplateStates,
}

// procedureRoles lists the roles of the procedure (all but RoleAdmin) as
// the values of the choice list "role".
func procedureRoles() []string {
	var out []string
	for _, r := range AllRoles {
		if r != RoleAdmin {
			out = append(out, string(r))
		}
	}
	return out
}

func deptKindValues() []string {
	out := make([]string, len(DeptKinds))
	for i, k := range DeptKinds {
		out[i] = string(k)
	}
	return out
}
