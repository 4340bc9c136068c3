package data

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// mustOpen opens a new database: a file in a temporary folder, or a new
// database on the PostgreSQL server of UPGRADEDESK_TEST_PG (see locate).
func mustOpen(t testing.TB) *Store {
	t.Helper()
	return mustOpenPath(t, filepath.Join(t.TempDir(), "test.db"), Options{Create: true})
}

// mustOpenPath opens the database that path stands for (see locate).
func mustOpenPath(t testing.TB, path string, opt Options) *Store {
	t.Helper()
	s, err := Open(locate(t, path), opt)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture is a small library: four departments, one user for every role
// (two department heads and two members of staff in different
// departments, a second sysadmin and IT director), a vendor and a system.
type fixture struct {
	s                          *Store
	it, lending, finance, mgmt Department
	u                          map[string]*Session
	vendor                     Vendor
	system                     System
	// paper names the users whose decisions act confirms on signed paper.
	paper map[string]bool
}

var (
	testHashOnce sync.Once
	testHash     string
)

const testPassword = "correct horse"

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureOn(t, mustOpen(t))
}

func newFixtureOn(t testing.TB, s *Store) *fixture {
	t.Helper()
	testHashOnce.Do(func() { testHash, _ = HashPassword(testPassword) })
	f := &fixture{s: s, u: map[string]*Session{}}
	err := s.write("fixture", func(tx *gorm.DB) error {
		for _, d := range []*Department{
			{Name: "信息管理部", Kind: DeptIT}, {Name: "流通部", Kind: DeptBusiness},
			{Name: "财务部", Kind: DeptFinance}, {Name: "馆办", Kind: DeptManagement},
		} {
			if err := tx.Create(d).Error; err != nil {
				return err
			}
		}
		if err := tx.Where("name = ?", "信息管理部").First(&f.it).Error; err != nil {
			return err
		}
		tx.Where("name = ?", "流通部").First(&f.lending)
		tx.Where("name = ?", "财务部").First(&f.finance)
		tx.Where("name = ?", "馆办").First(&f.mgmt)
		reading := Department{Name: "阅览部", Kind: DeptBusiness}
		tx.Create(&reading)
		users := []struct {
			key, name string
			dept      uint
			roles     []Role
		}{
			{"admin", "管理员", f.it.ID, []Role{RoleAdmin}},
			{"director", "王主任", f.it.ID, []Role{RoleITDirector}},
			{"director2", "赵副主任", f.it.ID, []Role{RoleITDirector}},
			{"sysadmin", "李工", f.it.ID, []Role{RoleSysadmin}},
			{"sysadmin2", "周工", f.it.ID, []Role{RoleSysadmin}},
			{"dataadmin", "陈数据", f.it.ID, []Role{RoleDataAdmin}},
			{"head", "刘部长", f.lending.ID, []Role{RoleDeptHead}},
			{"otherhead", "孙部长", reading.ID, []Role{RoleDeptHead}},
			{"staff", "张馆员", f.lending.ID, []Role{RoleStaff}},
			{"otherstaff", "吴馆员", reading.ID, []Role{RoleStaff}},
			{"finmgr", "钱经理", f.finance.ID, []Role{RoleFinanceManager}},
			{"accountant", "郑会计", f.finance.ID, []Role{RoleAccountant}},
			{"leader", "冯馆长", f.mgmt.ID, []Role{RoleManagement}},
		}
		var first *User
		for _, u := range users {
			n := NewUser{Username: u.key, FullName: u.name, DepartmentID: u.dept, Roles: u.roles, Phone: "010-8888 0001"}
			nu, err := s.insertUser(tx, first, n, testHash)
			if err != nil {
				return err
			}
			if first == nil {
				first = nu
			}
			f.u[u.key] = s.sessionOf(nu)
		}
		var depts []Department
		if err := tx.Order("id").Find(&depts).Error; err != nil {
			return err
		}
		for i := range depts {
			if err := s.audit(tx, first, OpCreate, "departments", depts[i].ID, 0, diff(nil, &depts[i]), "", ""); err != nil {
				return err
			}
		}
		f.vendor = Vendor{Name: "图创科技", Contact: "黄经理", Phone: "020-3888 1234"}
		if err := s.saveRecord(tx, first, &f.vendor, "vendors"); err != nil {
			return err
		}
		f.system = System{Name: "图书馆集成管理系统", Code: "ILS", VendorID: &f.vendor.ID, OwnerDeptID: f.it.ID,
			CurrentVersion: "V3.2.0", InstalledOn: "2021-05-01"}
		if err := s.saveRecord(tx, first, &f.system, "systems"); err != nil {
			return err
		}
		return tx.Create(&SystemVersion{SystemID: f.system.ID, Version: "V3.2.0", EffectiveDate: "2021-05-01"}).Error
	})
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return f
}

// request returns a complete request for the fixture's system.
func (f *fixture) request(title string) *Case {
	return &Case{Title: title, SystemID: f.system.ID, Phone: "010-6253 1234", TargetVersion: "V3.3.0",
		UpgradeType: "feature", Urgency: "routine", Source: "business",
		Content:      "流通部需要在借还书界面增加读者证挂失状态的实时提示，并支持批量续借。",
		Problem:      "目前挂失证仍可借书，批量续借需要逐本操作，效率低。",
		Impact:       "影响流通部全部借还业务，高峰期排队时间长。",
		ExpectedDate: "2026-12-31"}
}

// file creates and returns a draft filed by user key.
func (f *fixture) file(t testing.TB, key string) *Case {
	t.Helper()
	c := f.request("借还书界面挂失提示与批量续借")
	if err := f.s.NewCase(f.u[key], c); err != nil {
		t.Fatalf("NewCase: %v", err)
	}
	return c
}

// act takes an action and fails the test if it is refused.
func (f *fixture) act(t testing.TB, key string, c *Case, a Action, opinion string) *Case {
	t.Helper()
	out, err := f.s.Act(f.u[key], ActionRequest{CaseID: c.ID, Action: a, Opinion: opinion, PaperSigned: f.paper[key]})
	if err != nil {
		t.Fatalf("%s %s on %s (%s): %v", key, a, c.No, c.State, err)
	}
	*c = *out
	return c
}

func (f *fixture) completeAssessment(t testing.TB, c *Case) {
	t.Helper()
	a := &Assessment{CaseID: c.ID, MeetingDate: "2026-03-10", MeetingPlace: "三楼会议室",
		Participants: []Participant{{Name: "王主任", Side: "it"}, {Name: "刘部长", Side: "business"},
			{Name: "钱经理", Side: "finance"}, {Name: "黄经理", Side: "vendor", Org: "图创科技"}},
		EstimatedCost: 3800000, Conclusion: "feasible", Recommendation: "采用供应商 V3.3.0 版本。",
		PreliminaryPlan: "四月闭馆日实施。"}
	for _, k := range Criteria {
		*a.Criterion(k) = Rating{Rating: "high", Notes: "经评估：" + k}
	}
	if err := f.s.SaveStage(f.u["sysadmin"], a); err != nil {
		t.Fatalf("SaveAssessment: %v", err)
	}
}

func (f *fixture) completePlan(t testing.TB, c *Case) {
	t.Helper()
	p := &Plan{CaseID: c.ID, Goals: "升级到 V3.3.0", Scope: "流通模块", TechApproach: "供应商远程升级，先在测试机验证。",
		RollbackPlan: "恢复升级前备份。", TrainingPlan: "闭馆日培训流通部全体。", DowntimeWindow: "周一闭馆 8:00-18:00",
		Milestones:       []Milestone{{Name: "测试环境验证", Start: "2026-04-01", End: "2026-04-05"}, {Name: "正式升级", Start: "2026-04-13", End: "2026-04-13"}},
		Responsibilities: []Responsibility{{Task: "技术实施", Person: "李工"}, {Task: "数据备份", Person: "陈数据"}},
		Risks:            []Risk{{Risk: "数据迁移失败", Likelihood: "low", Impact: "high", Countermeasure: "回退到备份"}},
		BudgetItems:      []BudgetItem{{Item: "升级服务费", Amount: 3000000}, {Item: "培训费", Amount: 800000}}}
	if err := f.s.SaveStage(f.u["sysadmin"], p); err != nil {
		t.Fatalf("SavePlan: %v", err)
	}
}

func (f *fixture) backup(t testing.TB, c *Case, at time.Time) {
	t.Helper()
	b := &Backup{CaseID: c.ID, Kind: "before", TakenAt: at, Scope: "全库", Method: "数据库全量导出",
		Location: `\\nas\backup\ils`, Verified: true}
	if err := f.s.SaveStage(f.u["dataadmin"], b); err != nil {
		t.Fatalf("SaveBackup: %v", err)
	}
}

func (f *fixture) implement(t testing.TB, c *Case) {
	t.Helper()
	start := f.s.Now().Add(-2 * time.Hour)
	f.backup(t, c, start.Add(-time.Hour))
	end := start.Add(90 * time.Minute)
	im := &Implementation{CaseID: c.ID, ActualStart: &start, ActualEnd: &end, Steps: "停服务；升级；启动；验证。", DowntimeMinutes: 90}
	if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
		t.Fatalf("SaveImplementation: %v", err)
	}
}

func (f *fixture) acceptance(t testing.TB, c *Case, conclusion string) {
	t.Helper()
	tr := &TestRecord{CaseID: c.ID, Type: "system", Date: "2026-04-13", Items: "登录、借还、续借", Result: "pass"}
	if err := f.s.SaveStage(f.u["sysadmin"], tr); err != nil {
		t.Fatalf("SaveTest: %v", err)
	}
	ac := &Acceptance{CaseID: c.ID, Conclusion: conclusion}
	if err := f.s.SaveStage(f.u["sysadmin"], ac); err != nil {
		t.Fatalf("SaveAcceptance: %v", err)
	}
}

func (f *fixture) rollbackReport(t testing.TB, c *Case) {
	t.Helper()
	r := &RollbackReport{CaseID: c.ID, Date: "2026-04-13", Problem: "借书时报错", RestoredVersion: "V3.2.0",
		RestoreStatus: "restored", Cause: "数据库驱动不兼容"}
	if err := f.s.SaveStage(f.u["sysadmin"], r); err != nil {
		t.Fatalf("SaveRollback: %v", err)
	}
}

// driveTo takes a fresh case filed by staff to state st along the normal
// path of the procedure.
func (f *fixture) driveTo(t testing.TB, st State) *Case {
	t.Helper()
	c := f.file(t, "staff")
	path := []struct {
		at   State
		step func()
	}{
		{StateDraft, func() { f.act(t, "staff", c, ActSubmit, "") }},
		{StateDeptReview, func() { f.act(t, "head", c, ActApprove, "同意") }},
		{StateScreening, func() { f.act(t, "sysadmin", c, ActAccept, "纳入评估") }},
		{StateAssessing, func() { f.completeAssessment(t, c); f.act(t, "sysadmin", c, ActSubmit, "") }},
		{StateMgmtApproval, func() { f.act(t, "leader", c, ActApprove, "批准") }},
		{StatePlanning, func() { f.completePlan(t, c); f.act(t, "sysadmin", c, ActSubmit, "") }},
		{StatePlanApproval, func() {
			f.act(t, "director", c, ActApprovePlan, "同意")
			f.act(t, "finmgr", c, ActApproveBudget, "预算同意")
		}},
		{StateImplementing, func() { f.implement(t, c); f.act(t, "sysadmin", c, ActComplete, "") }},
		{StateAccepting, func() {
			f.acceptance(t, c, "pass")
			f.act(t, "head", c, ActSign, "业务验收通过")
			f.act(t, "director", c, ActSign, "同意")
		}},
		{StateRegistering, func() {
			r, _ := f.s.Registration(c.ID)
			r.NewVersion, r.EffectiveDate = fmt.Sprintf("V3.%d.0", c.Seq+2), "2026-04-13"
			if err := f.s.SaveStage(f.u["sysadmin"], r); err != nil {
				t.Fatalf("SaveRegistration: %v", err)
			}
			f.act(t, "sysadmin", c, ActRegister, "")
		}},
	}
	for _, p := range path {
		if c.State == st {
			return c
		}
		if c.State != p.at {
			t.Fatalf("path out of step: case in %s, step for %s", c.State, p.at)
		}
		p.step()
	}
	if c.State != st {
		t.Fatalf("cannot drive to %s (at %s)", st, c.State)
	}
	return c
}

// templateDraft returns a complete template of standard changes of the
// fixture's system, valid from today for a year, with a budget ceiling
// of 5,000 yuan.
func (f *fixture) templateDraft() *ChangeTemplate {
	today := f.s.Now().Local()
	return &ChangeTemplate{Name: "集成管理系统月度安全补丁", SystemID: f.system.ID, UpgradeType: "security",
		BudgetCeiling: 500000, ValidFrom: today.Format(DateLayout), ValidUntil: today.AddDate(1, 0, -1).Format(DateLayout),
		Goals: "安装供应商发布的当月安全补丁。", Scope: "集成管理系统应用服务器与数据库服务器。",
		TechApproach: "先在测试机安装验证，闭馆时段在生产环境安装。", RollbackPlan: "卸载补丁并恢复升级前快照。",
		TrainingPlan: "无需培训，发布变更通知。",
		Risks:        []TemplateRisk{{Risk: "补丁与定制接口不兼容", Likelihood: "low", Impact: "medium", Countermeasure: "测试机先行验证"}}}
}

// template writes a template as the sysadmin and takes it to state st:
// submitted for approval, approved by the leader and the director, or
// withdrawn.
func (f *fixture) template(t testing.TB, st TemplateState) *ChangeTemplate {
	t.Helper()
	tp := f.templateDraft()
	if err := f.s.SaveTemplate(f.u["sysadmin"], tp); err != nil {
		t.Fatalf("SaveTemplate: %v", err)
	}
	steps := []struct {
		key    string
		action Action
		until  TemplateState
	}{
		{"sysadmin", ActSubmit, TemplatePending},
		{"leader", ActApprove, TemplateApproved},
		{"director", ActApprove, TemplateApproved},
		{"director", ActWithdraw, TemplateWithdrawn},
	}
	for _, s := range steps {
		if tp.State == st {
			break
		}
		out, err := f.s.ActOnTemplate(f.u[s.key], TemplateRequest{TemplateID: tp.ID, Action: s.action, Opinion: "同意"})
		if err != nil {
			t.Fatalf("%s %s template %s: %v", s.key, s.action, tp.No, err)
		}
		tp = out
	}
	if tp.State != st {
		t.Fatalf("template in %s, want %s", tp.State, st)
	}
	return tp
}

// fileKind creates a draft of kind filed by user key: a standard change
// after a newly approved template, or an emergency change.
func (f *fixture) fileKind(t testing.TB, key, kind string) *Case {
	t.Helper()
	c := f.request("借还书界面挂失提示与批量续借")
	c.ChangeKind = kind
	if kind == ChangeStandard {
		tp := f.template(t, TemplateApproved)
		c.TemplateID, c.UpgradeType, c.Title = &tp.ID, tp.UpgradeType, "集成管理系统本月安全补丁"
	}
	if kind == ChangeEmergency {
		c.Urgency, c.Title = "urgent", "集成管理系统紧急漏洞修复"
	}
	if err := f.s.NewCase(f.u[key], c); err != nil {
		t.Fatalf("NewCase %s: %v", kind, err)
	}
	return c
}

// smallPlan saves a complete plan whose budget is within a template's
// ceiling.
func (f *fixture) smallPlan(t testing.TB, c *Case) {
	t.Helper()
	p, _ := f.s.Plan(c.ID)
	p.Goals, p.Scope, p.TechApproach = "安装当月安全补丁", "应用服务器", "测试机验证后安装。"
	p.RollbackPlan, p.TrainingPlan = "卸载补丁。", "发布通知。"
	p.Milestones = []Milestone{{Name: "安装补丁", Start: "2026-04-13", End: "2026-04-13"}}
	p.Responsibilities = []Responsibility{{Task: "安装", Person: "李工"}}
	p.Risks = []Risk{{Risk: "接口不兼容", Likelihood: "low", Impact: "low", Countermeasure: "卸载"}}
	p.BudgetItems = []BudgetItem{{Item: "无", Amount: 0}}
	if err := f.s.SaveStage(f.u["sysadmin"], p); err != nil {
		t.Fatalf("SavePlan: %v", err)
	}
}

// driveKind takes a fresh case of kind filed by staff to state st: a
// standard change past the assessment, an emergency change implemented
// at once from screening; normal changes as driveTo.
func (f *fixture) driveKind(t testing.TB, kind string, st State) *Case {
	t.Helper()
	if kind == "" || kind == ChangeNormal {
		return f.driveTo(t, st)
	}
	c := f.fileKind(t, "staff", kind)
	path := []struct {
		at   State
		step func()
	}{
		{StateDraft, func() { f.act(t, "staff", c, ActSubmit, "") }},
		{StateDeptReview, func() { f.act(t, "head", c, ActApprove, "同意") }},
	}
	if kind == ChangeStandard {
		path = append(path, []struct {
			at   State
			step func()
		}{
			{StateScreening, func() { f.act(t, "sysadmin", c, ActAccept, "按标准升级办理") }},
			{StatePlanning, func() { f.smallPlan(t, c); f.act(t, "sysadmin", c, ActSubmit, "") }},
			{StatePlanApproval, func() {
				f.act(t, "director", c, ActApprovePlan, "同意")
				f.act(t, "finmgr", c, ActApproveBudget, "同意")
			}},
		}...)
	} else {
		path = append(path, struct {
			at   State
			step func()
		}{StateScreening, func() { f.act(t, "director", c, ActEmergency, "漏洞已被利用，须立即修复") }})
	}
	path = append(path, []struct {
		at   State
		step func()
	}{
		{StateImplementing, func() { f.implement(t, c); f.act(t, "sysadmin", c, ActComplete, "") }},
		{StateAccepting, func() {
			f.acceptance(t, c, "pass")
			f.act(t, "head", c, ActSign, "业务验收通过")
			f.act(t, "director", c, ActSign, "同意")
		}},
	}...)
	for _, p := range path {
		if c.State == st {
			return c
		}
		if c.State != p.at {
			t.Fatalf("%s path out of step: case in %s, step for %s", kind, c.State, p.at)
		}
		p.step()
	}
	if c.State != st {
		t.Fatalf("cannot drive %s to %s (at %s)", kind, st, c.State)
	}
	return c
}
