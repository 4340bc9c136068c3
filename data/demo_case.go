package data

import (
	"fmt"
	"strconv"
	"time"
)

// demoStaff maps a department to its head and one member of staff.
var demoStaff = map[string][2]string{
	"流通部": {"head", "staff"}, "采编部": {"head2", "staff2"}, "数字资源部": {"head3", "staff3"},
	"参考咨询部": {"head4", "staff4"}, "少儿阅览部": {"head5", "staff5"},
}

// demoCase takes one case along the procedure to its planned state.
type demoCase struct {
	r    *demoRun
	b    *Store
	p    demoPlan
	c    *Case
	head *User // the requesting department's head, nil for IT requests
	// bizHead signs the acceptance for the business side: the requesting
	// department's head, or the system owner's for IT requests.
	bizHead *User
	app     *User
}

// stages are the steps of a case in order; each returns true when the
// case has reached its planned state.
func (d *demoCase) stages() []func() (bool, error) {
	return []func() (bool, error){d.file, d.review, d.screen, d.assess, d.approve, d.plan, d.approvePlan,
		d.implement, d.accept, d.register, d.followUp}
}

func (r *demoRun) oneCase(b *Store, p demoPlan) error {
	d := &demoCase{r: r, b: b, p: p}
	if st, ok := demoStaff[p.tmpl.dept]; ok {
		d.head, d.app = r.users[st[0]], r.users[st[1]]
		d.bizHead = d.head
	} else {
		d.app = r.users["sysadmin2"]
		if st, ok := demoStaff[r.ownerOf(p.tmpl.system)]; ok {
			d.bizHead = r.users[st[0]]
		}
	}
	r.clock = p.filed
	for _, stage := range d.stages() {
		done, err := stage()
		if err != nil {
			return err
		}
		if done || d.c.State == p.target {
			break
		}
	}
	r.sum.ByState[d.c.State]++
	if !d.c.State.Terminal() {
		r.open = append(r.open, d.c.No)
	}
	return nil
}

// at reports whether the case has reached its planned state or was sent
// to it by a terminal action.
func (d *demoCase) at(st State) bool { return d.c.State == st }

func (d *demoCase) file() (bool, error) {
	t, sys := d.p.tmpl, d.r.sys[d.p.tmpl.system]
	c := &Case{Title: t.title, SystemID: sys.ID, TargetVersion: d.r.nextVersion(sys), UpgradeType: t.kind,
		Urgency: t.urgency, Source: t.source, Content: t.content, Problem: t.problem, Impact: t.impact,
		ExpectedDate: d.p.filed.AddDate(0, 0, 45+d.r.rng.Intn(150)).Format(DateLayout)}
	if err := d.b.NewCase(d.b.sessionOf(d.app), c); err != nil {
		return false, err
	}
	d.c = c
	if d.p.target == StateDraft {
		return true, nil
	}
	if d.p.target == StateCancelled && d.p.via == 0 {
		return true, d.r.act(d.b, d.app, c, ActCancel, "需求已由其他方式解决，撤回申请。")
	}
	return false, d.r.act(d.b, d.app, c, ActSubmit, "")
}

func (d *demoCase) review() (bool, error) {
	if d.head == nil || d.at(StateDeptReview) && d.p.target == StateDeptReview {
		return d.at(d.p.target), nil
	}
	if d.p.target == StateRejected && d.p.via == 0 {
		return true, d.r.act(d.b, d.head, d.c, ActReject, "本部门可通过调整工作流程解决，暂不申请升级。")
	}
	return false, d.r.act(d.b, d.head, d.c, ActApprove, "情况属实，同意提交信息管理部门。")
}

func (d *demoCase) screen() (bool, error) {
	it := d.r.users["sysadmin"]
	switch {
	case d.p.target == StateMerged && len(d.r.open) > 0:
		into := d.r.open[d.r.rng.Intn(len(d.r.open))]
		return true, d.r.act(d.b, it, d.c, ActMerge, "与 "+into+" 为同一需求，合并办理。",
			func(q *ActionRequest) { q.MergeInto = into })
	case d.p.target == StateMerged || d.p.target == StateRejected && d.p.via == 1:
		return true, d.r.act(d.b, it, d.c, ActReject, "现有版本已具备该功能，经培训即可满足，不予受理。")
	}
	return false, d.r.act(d.b, it, d.c, ActAccept, "纳入评估，安排评估会议。")
}

func (d *demoCase) assess() (bool, error) {
	if d.p.target == StateCancelled && d.p.via == 1 {
		return true, d.r.act(d.b, d.r.users["director"], d.c, ActCancel, "供应商已停止该产品线，改为整体选型。")
	}
	d.r.step(24, 240)
	if err := d.b.SaveStage(d.b.sessionOf(d.r.users["sysadmin"]), d.r.assessment(d.c)); err != nil {
		return false, err
	}
	return false, d.r.act(d.b, d.r.users["sysadmin"], d.c, ActSubmit, "评估报告已完成，提请馆领导审批。")
}

func (d *demoCase) approve() (bool, error) {
	leader := d.r.users["leader"]
	if d.p.target == StateRejected {
		return true, d.r.act(d.b, leader, d.c, ActReject, "本年度预算已用完，明年再议。")
	}
	if d.r.rng.Intn(5) == 0 {
		if err := d.r.act(d.b, leader, d.c, ActReturn, "请补充升级对读者服务时间的影响。"); err != nil {
			return false, err
		}
		if err := d.r.act(d.b, d.r.users["sysadmin"], d.c, ActSubmit, "已补充对开放时间的影响说明。"); err != nil {
			return false, err
		}
	}
	return false, d.r.act(d.b, leader, d.c, ActApprove, "同意，请信息管理部门制定详细计划。")
}

func (d *demoCase) plan() (bool, error) {
	if d.p.target == StateCancelled {
		return true, d.r.act(d.b, d.r.users["director"], d.c, ActCancel, "与全馆系统迁移项目合并实施，本事项取消。")
	}
	d.r.step(24, 200)
	if err := d.b.SaveStage(d.b.sessionOf(d.r.users["sysadmin"]), d.r.upgradePlan(d.c, d.p.scenario)); err != nil {
		return false, err
	}
	return false, d.r.act(d.b, d.r.users["sysadmin"], d.c, ActSubmit, "")
}

func (d *demoCase) approvePlan() (bool, error) {
	if d.r.rng.Intn(6) == 0 {
		if err := d.r.act(d.b, d.r.users["finance"], d.c, ActReturn, "预算中培训费偏高，请核减后重报。"); err != nil {
			return false, err
		}
		if err := d.r.act(d.b, d.r.users["sysadmin"], d.c, ActSubmit, "已核减培训费。"); err != nil {
			return false, err
		}
	}
	if err := d.r.act(d.b, d.r.users["director"], d.c, ActApprovePlan, "计划可行，同意实施。"); err != nil {
		return false, err
	}
	if d.p.target == StatePlanApproval {
		return true, nil
	}
	return false, d.r.act(d.b, d.r.users["finance"], d.c, ActApproveBudget, "预算在年度信息化经费范围内，同意。")
}

func (d *demoCase) implement() (bool, error) {
	r := d.r
	r.step(48, 400)
	start := r.clock.Add(time.Duration(2+r.rng.Intn(5)) * time.Hour)
	b := &Backup{CaseID: d.c.ID, Kind: "before", TakenAt: r.clock, Scope: "业务数据库全库及应用配置",
		Method: "数据库全量导出并复制到备份服务器", Location: `\\backup01\upgrade\` + d.c.No, Verified: true,
		Notes: "已在测试机上恢复验证，记录数一致。"}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["dataadmin"]), b); err != nil {
		return false, err
	}
	if d.p.target == StateImplementing {
		return true, nil
	}
	r.clock = start
	end := start.Add(time.Duration(60+r.rng.Intn(300)) * time.Minute)
	if w, ok := d.plannedWindow(); ok { // done in the window planned, give or take
		start = w.StartAt.Add(time.Duration(r.rng.Intn(31)) * time.Minute)
		end = w.EndAt.Add(time.Duration(r.rng.Intn(61)-20) * time.Minute)
		r.clock = start
	}
	im := &Implementation{CaseID: d.c.ID, ActualStart: &start, ActualEnd: &end,
		Steps:           "1. 发布停机公告；2. 停止应用服务；3. 执行升级程序；4. 数据库结构升级；5. 启动服务并冒烟测试。",
		Problems:        "升级脚本在第 3 步提示字符集警告，经供应商确认无影响。",
		DowntimeMinutes: int(end.Sub(start).Minutes()), VendorStaff: "供应商工程师 1 名（现场）"}
	r.clock = end
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), im); err != nil {
		return false, err
	}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["accountant"]), &Cost{CaseID: d.c.ID, Item: "升级服务费（首付款）",
		Amount: Money((20 + r.rng.Intn(80)) * 100000), InvoiceNo: fmt.Sprintf("No.%08d", r.rng.Intn(1e8)), Date: r.date()}); err != nil {
		return false, err
	}
	if d.p.target == StateRolledBack && d.p.via == 0 {
		return true, d.rollback("升级后数据库服务无法启动")
	}
	return false, d.r.act(d.b, r.users["sysadmin"], d.c, ActComplete, "实施完成，提请测试验收。")
}

// plannedWindow returns the first downtime window of the case's plan when
// it is still ahead of the demo clock and behind the demo's today.
func (d *demoCase) plannedWindow() (DowntimeWindow, bool) {
	p, err := d.b.Plan(d.c.ID)
	if err != nil || len(p.Windows) == 0 {
		return DowntimeWindow{}, false
	}
	w := p.Windows[0]
	return w, w.StartAt.After(d.r.clock) && w.EndAt.Add(time.Hour).Before(d.r.opt.Now.Add(-time.Hour))
}

// rollback records the rollback report and rolls the case back.
func (d *demoCase) rollback(problem string) error {
	r := d.r
	rep := &RollbackReport{CaseID: d.c.ID, Date: r.date(), Problem: problem + "，影响读者服务。",
		RestoredVersion: d.r.sys[d.p.tmpl.system].CurrentVersion, RestoreStatus: "restored",
		Cause:        "新版本对现有数据库版本的兼容性不足，测试环境与生产环境配置不一致。",
		Improvements: "今后升级前在与生产环境一致的测试环境完整演练，并由供应商出具兼容性说明。"}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), rep); err != nil {
		return err
	}
	if d.c.State == StateAccepting {
		return nil
	}
	return r.act(d.b, r.users["sysadmin"], d.c, ActRollback, "按回退方案恢复到升级前版本。")
}

func (d *demoCase) accept() (bool, error) {
	r := d.r
	tests := []struct {
		kind string
		by   *User
		what string
	}{
		{"system", r.users["sysadmin"], "服务启动、登录、主要功能冒烟测试，接口连通性"},
		{"data", r.users["dataadmin"], "抽查 500 条读者与馆藏记录，升级前后记录数和关键字段一致"},
	}
	if d.bizHead != nil {
		tests = append(tests, struct {
			kind string
			by   *User
			what string
		}{"business", d.bizHead, "按日常业务场景办理借还、查询、统计，操作正常"})
	}
	for _, t := range tests {
		r.step(1, 20)
		if err := d.b.SaveStage(d.b.sessionOf(t.by), &TestRecord{CaseID: d.c.ID, Type: t.kind, Date: r.date(), Items: t.what, Result: "pass"}); err != nil {
			return false, err
		}
	}
	if d.p.target == StateAccepting {
		return true, nil
	}
	conclusion := "pass"
	if d.p.target == StateRolledBack {
		conclusion = "fail"
		if err := d.rollback("验收中发现批量数据统计结果错误"); err != nil {
			return false, err
		}
	}
	ac := &Acceptance{CaseID: d.c.ID, Conclusion: conclusion, Outstanding: "无。"}
	if conclusion == "fail" {
		ac.Outstanding = "统计报表数据不一致，需供应商修复后重新安排升级。"
	}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), ac); err != nil {
		return false, err
	}
	signers := []*User{r.users["director"]}
	if d.bizHead != nil {
		signers = append([]*User{d.bizHead}, signers...)
	}
	for _, u := range signers {
		if err := r.act(d.b, u, d.c, ActSign, "同意验收结论。"); err != nil {
			return false, err
		}
	}
	return d.c.State == StateRolledBack, nil
}

func (d *demoCase) register() (bool, error) {
	r := d.r
	reg, err := d.b.Registration(d.c.ID)
	if err != nil {
		return false, err
	}
	reg.NewVersion, reg.EffectiveDate = d.c.TargetVersion, r.date()
	reg.Notes = "已同步更新运维手册与应急预案。"
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), reg); err != nil {
		return false, err
	}
	if err := r.act(d.b, r.users["sysadmin"], d.c, ActRegister, "已登记软件版本台账。"); err != nil {
		return false, err
	}
	sys := r.sys[d.p.tmpl.system]
	sys.CurrentVersion = d.c.TargetVersion
	r.sys[d.p.tmpl.system] = sys
	return false, nil
}

func (d *demoCase) followUp() (bool, error) {
	r := d.r
	r.step(24, 240)
	tr := &Training{CaseID: d.c.ID, Date: r.date(), Audience: d.p.tmpl.dept + "全体人员",
		Content: "新版本功能讲解与上机练习：" + d.p.tmpl.title, Trainer: "李明", Attendees: 6 + r.rng.Intn(30),
		Feedback: "操作说明清楚，希望提供简明操作手册。"}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), tr); err != nil {
		return false, err
	}
	r.step(24, 480)
	ev := &Evaluation{CaseID: d.c.ID, Effect: "升级后问题已解决，相关业务办理时间明显缩短。",
		Improvements: "升级公告应提前一周在网站和微信发布。", CostBenefit: "费用在预算范围内，效益符合评估预期。",
		Outcome: []string{"good", "good", "fair"}[r.rng.Intn(3)], Conclusion: "升级达到预期目标，同意归档。"}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["director"]), ev); err != nil {
		return false, err
	}
	if d.p.target != StateClosed || d.b.archiver == nil {
		return true, nil
	}
	return true, r.act(d.b, r.users["director"], d.c, ActClose, "资料齐全，归档。", func(req *ActionRequest) {
		req.PaperOverride = "纸质签字件由各部门留存，扫描件随后补入案卷。" // used only when some are outstanding
	})
}

// ownerOf returns the owner department of a demo system.
func (r *demoRun) ownerOf(system string) string {
	for _, s := range demoSystems {
		if s.name == system {
			return s.owner
		}
	}
	return ""
}

// nextVersion invents the next version of a system for a new request:
// the demo system's last version with its trailing number raised.
func (r *demoRun) nextVersion(sys System) string {
	r.versions[sys.ID]++
	base := sys.CurrentVersion
	for _, ds := range demoSystems {
		if ds.name == sys.Name {
			base = ds.versions[len(ds.versions)-1][0]
		}
	}
	end := len(base)
	start := end
	for start > 0 && base[start-1] >= '0' && base[start-1] <= '9' {
		start--
	}
	if start == end {
		return fmt.Sprintf("%s.%d", base, r.versions[sys.ID])
	}
	n, _ := strconv.Atoi(base[start:end])
	return fmt.Sprintf("%s%d", base[:start], n+r.versions[sys.ID])
}

// assessment writes the assessment report of a case.
func (r *demoRun) assessment(c *Case) *Assessment {
	notes := map[string]string{
		"reasonable": "需求来源于实际业务问题，描述清楚，与本馆服务目标一致。",
		"necessary":  "问题已持续影响读者服务，不升级需长期依靠人工弥补。",
		"feasible":   "供应商已有成熟版本，本馆服务器资源满足新版本要求。",
		"impact":     "需停机一次，影响相关业务约半天，对其他系统接口无影响。",
		"cost":       "费用含升级服务费和培训费，在年度信息化预算范围内。",
		"benefit":    "预计减少人工操作，缩短读者等候时间，提升服务满意度。",
	}
	ratings := []string{"high", "high", "medium"}
	a := &Assessment{CaseID: c.ID, MeetingDate: r.date(), MeetingPlace: "行政楼三楼会议室",
		Participants: []Participant{{Name: "王建国", Side: "it", Org: "信息管理部"}, {Name: "李明", Side: "it", Org: "信息管理部"},
			{Name: "钱晓东", Side: "finance", Org: "财务部"}},
		EstimatedCost: Money((30 + r.rng.Intn(170)) * 100000), Conclusion: "feasible",
		Recommendation:  "采用供应商提供的新版本，在闭馆日实施升级，实施前完成全量备份与测试环境验证。",
		PreliminaryPlan: "一个月内完成测试环境验证，随后在周一闭馆日实施，实施后一周内完成培训。"}
	if c.DepartmentID != 0 {
		a.Participants = append(a.Participants, Participant{Name: "业务部门代表", Side: "business"})
	}
	if r.rng.Intn(2) == 0 {
		a.Participants = append(a.Participants, Participant{Name: "供应商项目经理", Side: "vendor", Org: "供应商"})
	}
	if r.rng.Intn(4) == 0 {
		a.Conclusion = "conditional"
		a.Recommendation += "条件：供应商须先出具与现有数据库版本的兼容性证明。"
	}
	for _, k := range Criteria {
		*a.Criterion(k) = Rating{Rating: ratings[r.rng.Intn(len(ratings))], Notes: notes[k]}
	}
	return a
}

// upgradePlan writes the upgrade plan of a case.
func (r *demoRun) upgradePlan(c *Case, sc demoScenario) *Plan {
	d := func(days int) string { return r.clock.AddDate(0, 0, days).Local().Format(DateLayout) }
	train := Money((5 + r.rng.Intn(20)) * 100000)
	windows := r.windows(c, sc)
	up := windows[0].StartAt.Local() // the upgrade is done in the first window
	on := func(days int) string { return up.AddDate(0, 0, days).Format(DateLayout) }
	return &Plan{CaseID: c.ID,
		Goals:          "将系统升级到 " + c.TargetVersion + "，解决申请中提出的问题，升级后运行稳定、数据完整。",
		Scope:          "应用服务器、数据库结构升级，相关接口配置调整；不涉及硬件更换。",
		TechApproach:   "先在测试环境完成升级演练和回归测试；正式升级在闭馆日进行，由供应商工程师现场操作、系统管理员监控。",
		RollbackPlan:   "如升级后 2 小时内主要功能不能恢复，按备份恢复应用与数据库到升级前版本，恢复后核对记录数。",
		TrainingPlan:   "升级后一周内分两场对相关业务人员培训，并发放操作手册。",
		DowntimeWindow: "周一上午开馆前停机，停机前三天在网站和微信发布公告。",
		Windows:        windows,
		Milestones: []Milestone{{Name: "测试环境演练", Start: d(3), End: d(10)}, {Name: "正式升级", Start: on(0), End: on(0)},
			{Name: "验收与培训", Start: on(1), End: on(7)}},
		Responsibilities: []Responsibility{{Task: "技术方案与实施", Person: "李明"}, {Task: "数据备份与恢复验证", Person: "陈静"},
			{Task: "业务测试与验收", Person: "业务部门负责人"}, {Task: "供应商协调", Person: "王建国"}},
		Risks: []Risk{
			{Risk: "数据库结构升级失败", Likelihood: "low", Impact: "high", Countermeasure: "升级前全量备份并验证，失败即按回退方案恢复。"},
			{Risk: "停机时间超出闭馆窗口", Likelihood: "medium", Impact: "medium", Countermeasure: "提前演练计时，超时 1 小时即启动回退。"},
			{Risk: "读者接口异常", Likelihood: "low", Impact: "medium", Countermeasure: "升级后逐项测试对外接口，并在微信发布公告。"},
		},
		BudgetItems: []BudgetItem{{Item: "升级服务费", Amount: Money((20 + r.rng.Intn(80)) * 100000)}, {Item: "培训费", Amount: train}},
	}
}
