package data

import (
	"fmt"
	"time"
)

// The demo's kinds of change: templates of standard changes in every
// state, standard changes taken from their request to the archive without
// the assessment meeting, and emergency changes implemented before their
// assessment and approval, one of them still overdue.

// demoTemplate is a template of standard changes of the demo, approved
// (or not) some days before the demo's today.
type demoTemplate struct {
	name, system, kind   string
	ceiling              Money
	goals, scope, tech   string
	rollback, training   string
	risk, countermeasure string
	written, approved    int // days before today; approved 0: not approved
	withdrawn            int // days before today; 0: not withdrawn
	submitted            bool
	key                  string
	validMonths          int
}

var demoTemplates = []demoTemplate{
	{key: "ils-patch", name: "图书馆集成管理系统月度安全补丁", system: "图书馆集成管理系统", kind: "security", ceiling: 300000,
		goals: "安装供应商当月发布的安全补丁，修复已公告的漏洞。", scope: "集成管理系统应用服务器与数据库服务器，不涉及数据结构变更。",
		tech:     "补丁先在测试机安装并回归测试借还、检索、编目主要功能；正式安装在周一闭馆日上午进行，由系统管理员操作。",
		rollback: "补丁安装后 1 小时内主要功能异常，即卸载补丁并恢复安装前的虚拟机快照。", training: "无需培训；安装前后在工作群发布通知。",
		risk: "补丁与本馆定制接口不兼容", countermeasure: "测试机先行验证定制接口，不兼容即暂缓安装并联系供应商。",
		written: 170, approved: 160, submitted: true, validMonths: 12},
	{key: "gate-patch", name: "门禁服务器季度系统补丁", system: "门禁与客流统计系统", kind: "security", ceiling: 100000,
		goals: "为门禁服务器安装操作系统与数据库客户端的季度安全更新。", scope: "门禁服务器一台，不涉及闸机固件。",
		tech:     "闭馆后安装更新并重启，重启期间门禁改为常开、人工登记；重启后核对刷卡与客流计数。",
		rollback: "更新后刷卡失败即回滚系统更新并恢复快照。", training: "无需培训。",
		risk: "重启后读卡服务未自动启动", countermeasure: "按检查单逐项确认服务，未启动即手工启动并记录。",
		written: 140, approved: 130, submitted: true, validMonths: 12},
	{key: "ssc-firmware", name: "RFID 自助借还机固件小版本更新", system: "RFID 自助借还系统", kind: "vendor", ceiling: 500000,
		goals: "安装供应商发布的固件小版本，修复已知缺陷。", scope: "全馆 12 台自助借还机，分批更新。",
		tech: "每批 3 台，闭馆后由供应商远程推送固件，更新后逐台借还测试。", rollback: "更新失败的设备刷回上一版本固件。",
		training: "流通部发布操作变化说明。", risk: "更新中断导致设备无法启动", countermeasure: "保留现场恢复工具，供应商工程师待命。",
		written: 12, submitted: true, validMonths: 12},
	{key: "web-cert", name: "网站证书与中间件例行更新", system: "图书馆网站与微信服务平台", kind: "security", ceiling: 200000,
		goals: "更新网站 HTTPS 证书与中间件安全版本。", scope: "网站与微信平台服务器。",
		tech: "夜间更新证书与中间件，更新后检查网站、微信接口与在线办证。", rollback: "恢复原证书与中间件版本。",
		training: "无需培训。", risk: "微信接口证书校验失败", countermeasure: "更新前在测试域名验证。",
		written: 500, approved: 490, submitted: true, validMonths: 12},
	{key: "seat-config", name: "座位预约系统时段模板调整", system: "座位预约系统", kind: "other", ceiling: 0,
		goals: "按学期调整开放时段模板。", scope: "座位预约系统配置。", tech: "在后台导入时段模板。",
		rollback: "恢复原时段模板。", training: "无需培训。", risk: "时段冲突", countermeasure: "导入前预览核对。",
		written: 220, approved: 210, withdrawn: 60, submitted: true, validMonths: 12},
}

// demoKindCases are the standard and emergency changes of the demo: what
// kind, after which template, filed how many days ago and which state
// they end in. The emergency changes are implemented at once from
// screening; retro says the skipped steps were completed.
var demoKindCases = []struct {
	kind     string
	template string
	request  demoRequest
	filed    int
	target   State
	retro    bool
}{
	{ChangeStandard, "ils-patch", demoRequest{"图书馆集成管理系统", "信息管理部", "集成管理系统安装季度安全补丁", "security", "routine", "vendor",
		"按供应商季度安全公告安装补丁包，修复检索与流通模块的 3 个中危漏洞。",
		"漏洞扫描报告指出 3 个中危漏洞，供应商已发布补丁。", "安装需在闭馆时段停机约 1 小时，不影响开放服务。"},
		130, StateClosed, false},
	{ChangeStandard, "gate-patch", demoRequest{"门禁与客流统计系统", "信息管理部", "门禁服务器安装季度系统补丁", "security", "routine", "tech",
		"按模板为门禁服务器安装本季度操作系统更新。", "季度安全更新已发布。", "闭馆后重启，重启期间人工登记约 20 分钟。"},
		40, StateRegistering, false},
	{ChangeStandard, "ils-patch", demoRequest{"图书馆集成管理系统", "信息管理部", "集成管理系统安装本月安全补丁", "security", "routine", "vendor",
		"安装供应商本月发布的安全补丁。", "供应商本月公告 1 个高危漏洞。", "闭馆日停机约 1 小时。"},
		8, StatePlanning, false},
	{ChangeEmergency, "", demoRequest{"门禁与客流统计系统", "流通部", "门禁系统读卡服务崩溃紧急修复", "bugfix", "urgent", "business",
		"读卡服务反复崩溃，须立即安装供应商的修复版本。", "今晨起门禁无法识别读者证，入馆排长队，只能人工放行。",
		"影响全部入馆读者，高峰期每小时约 600 人次。"},
		24, StateAccepting, false},
	{ChangeEmergency, "", demoRequest{"图书馆集成管理系统", "信息管理部", "OPAC 高危漏洞紧急修复（已被利用）", "security", "urgent", "vendor",
		"监测发现 OPAC 漏洞正被利用，须立即安装供应商的紧急补丁。", "攻击者正在利用检索接口漏洞批量读取数据。",
		"OPAC 面向公众开放，不修复将导致读者数据泄露。"},
		90, StateFollowUp, true},
}

// kindPlans are the demo's standard and emergency changes to file among
// the others; none when the demo is too small to hold them beside a case
// of every state.
func (r *demoRun) kindPlans(n int) []demoPlan {
	if n < len(AllStates)+len(demoKindCases) {
		return nil
	}
	var out []demoPlan
	for i, k := range demoKindCases {
		filed := r.opt.Now.AddDate(0, 0, -k.filed).Add(-time.Duration(60+i*37) * time.Minute)
		out = append(out, demoPlan{target: k.target, tmpl: k.request, filed: filed, kind: k.kind, template: k.template, retro: k.retro})
	}
	return out
}

// templates writes the demo's templates, each by the sysadmin on its day,
// submitted, approved by the 馆领导 and the 信息主管 for a period or
// withdrawn as it says.
func (r *demoRun) templates(s *Store) error {
	r.tmpls = map[string]uint{}
	return s.Batch(func(b *Store) error {
		b.now = r.now
		for _, dt := range demoTemplates {
			r.clock = r.opt.Now.AddDate(0, 0, -dt.written)
			from := r.opt.Now.AddDate(0, 0, -max(dt.approved, dt.written-3)).Local()
			t := &ChangeTemplate{Name: dt.name, SystemID: r.sys[dt.system].ID, UpgradeType: dt.kind, BudgetCeiling: dt.ceiling,
				ValidFrom: from.Format(DateLayout), ValidUntil: from.AddDate(0, dt.validMonths, -1).Format(DateLayout),
				Goals: dt.goals, Scope: dt.scope, TechApproach: dt.tech, RollbackPlan: dt.rollback, TrainingPlan: dt.training,
				Risks: []TemplateRisk{{Risk: dt.risk, Likelihood: "low", Impact: "medium", Countermeasure: dt.countermeasure}}}
			if err := b.SaveTemplate(b.sessionOf(r.users["sysadmin"]), t); err != nil {
				return fmt.Errorf("demo template %s: %w", dt.key, err)
			}
			r.tmpls[dt.key] = t.ID
			steps := []struct {
				user    string
				action  Action
				opinion string
				on      bool
			}{
				{"sysadmin", ActSubmit, "", dt.submitted},
				{"leader", ActApprove, "同意作为标准升级办理，每次实施后报信息主管备案。", dt.approved > 0},
				{"director", ActApprove, "同意。", dt.approved > 0},
			}
			for _, st := range steps {
				if !st.on {
					continue
				}
				// A day between the steps, by the clock alone: the demo's
				// random choices of its cases stay as they were.
				r.clock = r.clock.Add(24 * time.Hour)
				if _, err := b.ActOnTemplate(b.sessionOf(r.users[st.user]), TemplateRequest{TemplateID: t.ID, Action: st.action,
					Opinion: st.opinion}); err != nil {
					return fmt.Errorf("demo template %s: %s: %w", dt.key, st.action, err)
				}
			}
			if dt.withdrawn > 0 {
				r.clock = r.opt.Now.AddDate(0, 0, -dt.withdrawn)
				if _, err := b.ActOnTemplate(b.sessionOf(r.users["director"]), TemplateRequest{TemplateID: t.ID,
					Action: ActWithdraw, Opinion: "座位预约系统改由供应商托管，时段调整不再需要报备。"}); err != nil {
					return fmt.Errorf("demo template %s: withdraw: %w", dt.key, err)
				}
			}
		}
		return nil
	})
}

// kindStages are the steps of a standard or an emergency change.
func (d *demoCase) kindStages() []func() (bool, error) {
	if d.p.kind == ChangeStandard {
		return []func() (bool, error){d.file, d.review, d.screenStandard, d.planStandard, d.approvePlan,
			d.implement, d.accept, d.register, d.followUp}
	}
	return []func() (bool, error){d.file, d.review, d.emergency, d.retro, d.implement, d.accept, d.register, d.followUp}
}

// screenStandard accepts a standard change into its plan.
func (d *demoCase) screenStandard() (bool, error) {
	return false, d.r.act(d.b, d.r.users["sysadmin"], d.c, ActAccept, "符合标准升级模板，按标准升级办理，直接制定计划。")
}

// planStandard writes the plan from the template, with its own dates,
// people and a budget within the ceiling, and submits it.
func (d *demoCase) planStandard() (bool, error) {
	r := d.r
	if d.p.target == StatePlanning {
		return true, nil
	}
	r.step(4, 48)
	t, err := d.b.Template(*d.c.TemplateID)
	if err != nil {
		return false, err
	}
	p := &Plan{CaseID: d.c.ID}
	StartPlan(p, t)
	day := func(n int) string { return r.clock.AddDate(0, 0, n).Local().Format(DateLayout) }
	p.DowntimeWindow = "周一闭馆日 09:00–10:00"
	p.Milestones = []Milestone{{Name: "测试机验证", Start: day(1), End: day(3)}, {Name: "正式安装", Start: day(6), End: day(6)}}
	p.Responsibilities = []Responsibility{{Task: "安装与验证", Person: "李明"}, {Task: "安装前备份", Person: "陈静"}}
	p.BudgetItems = []BudgetItem{{Item: "供应商远程支持（合同内）", Amount: 0}}
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), p); err != nil {
		return false, err
	}
	return false, r.act(d.b, r.users["sysadmin"], d.c, ActSubmit, "按标准升级模板制定，预算在上限以内。")
}

// emergency lets the emergency change's implementation start at once.
func (d *demoCase) emergency() (bool, error) {
	return false, d.r.act(d.b, d.r.users["director"], d.c, ActEmergency,
		"情况紧急，不能等待评估会议和馆领导审批：同意先行实施，备份后立即修复，评估报告和计划事后补办。")
}

// retro completes what the emergency change went ahead of while it is
// being implemented, and the 馆领导 confirm it in time; an overdue one is
// left without.
func (d *demoCase) retro() (bool, error) {
	r := d.r
	if !d.p.retro {
		return false, nil
	}
	r.step(4, 30)
	a := r.assessment(d.c)
	a.MeetingPlace, a.Recommendation = "信息管理部办公室（事后补开）", "紧急修复已完成，建议纳入月度补丁管理，评估结论可行。"
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), a); err != nil {
		return false, err
	}
	r.step(2, 20)
	p := r.upgradePlan(d.c, d.p.scenario)
	p.Goals = "记录已实施的紧急修复：" + p.Goals
	if err := d.b.SaveStage(d.b.sessionOf(r.users["sysadmin"]), p); err != nil {
		return false, err
	}
	return false, r.act(d.b, r.users["leader"], d.c, ActRatify, "同意追认。今后同类漏洞纳入标准升级模板办理。")
}
