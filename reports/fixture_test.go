package reports

import (
	"time"

	"upgradedesk/data"
)

// fixtureTime returns a fixed time on 2026-03-dd at hh:mm, China time.
func fixtureTime(day, hour, minute int) time.Time {
	return time.Date(2026, 3, day, hour, minute, 0, 0, time.FixedZone("CST", 8*3600)).UTC()
}

func ptr[T any](v T) *T { return &v }

// fixtureDossier returns a closed case with every record filled in, built
// in memory (no database), for tests that must not depend on the demo
// data, such as the golden image.
func fixtureDossier() *data.Dossier {
	vid := uint(3)
	c := data.Case{
		Meta: data.Meta{ID: 1, Version: 9, CreatedAt: fixtureTime(2, 9, 15), UpdatedAt: fixtureTime(20, 16, 0)},
		No:   "SJ-2026-0001", Year: 2026, Seq: 1, State: data.StateClosed, StateAt: fixtureTime(28, 10, 0),
		ClosedAt: ptr(fixtureTime(28, 10, 0)),
		Title:    "图书馆集成管理系统升级到 V3.3 以支持电子发票", DepartmentID: 2, BusinessDeptID: 2, ApplicantID: 7,
		Phone: "0571-8800 8102", RequestDate: "2026-03-02", SystemID: 1, CurrentVersion: "V3.2.4", TargetVersion: "V3.3.0",
		VendorID: &vid, UpgradeType: "feature", Urgency: "routine", Source: "business",
		Content:      "流通部在办理读者押金退还和逾期罚款缴纳时，需要开具电子发票。现行 V3.2.4 版本不支持与财政电子票据平台对接，只能手工开具纸质票据，效率低且容易出错。请求将系统升级到供应商发布的 V3.3.0 版本，启用电子发票接口模块。",
		Problem:      "手工开票每笔约 3 分钟，高峰期读者排队；票据信息与系统收费记录需人工核对，月末对账耗时两天。",
		Impact:       "升级期间流通台需停机约 2 小时，安排在周一闭馆日进行；升级后收费流程不变，新增电子发票推送。",
		ExpectedDate: "2026-05-31",
	}
	d := &data.Dossier{
		Library: "示例市图书馆", Case: c,
		System: data.System{Meta: data.Meta{ID: 1}, Name: "图书馆集成管理系统", Code: "ILS", VendorID: &vid, OwnerDeptID: 2,
			CurrentVersion: "V3.3.0", InstalledOn: "2019-07-01"},
		Vendor:        &data.Vendor{Meta: data.Meta{ID: vid}, Name: "华图信息科技有限公司", Contact: "黄志强", Phone: "020-3888 1234"},
		DeptName:      "流通部",
		ApplicantName: "张丽",
		Names: data.NameBook{data.KindDept: {2: "流通部"}, data.KindUser: {7: "张丽"},
			data.KindSystem: {1: "图书馆集成管理系统", 2: "RFID 自助借还系统"}, data.KindVendor: {vid: "华图信息科技有限公司"}},
		Dependants: data.SystemIDs{2},
	}
	d.Decisions = []data.Decision{
		{ID: 1, CaseID: 1, Action: data.ActSubmit, FromState: data.StateDraft, ToState: data.StateDeptReview,
			ActorName: "张丽", ActorRole: data.RoleApplicant, At: fixtureTime(2, 9, 20)},
		{ID: 2, CaseID: 1, Action: data.ActApprove, FromState: data.StateDeptReview, ToState: data.StateScreening,
			ActorName: "刘洋", ActorRole: data.RoleDeptHead, Opinion: "情况属实，同意提交信息管理部门。", PaperSigned: true,
			At: fixtureTime(3, 10, 5)},
		{ID: 3, CaseID: 1, Action: data.ActAccept, FromState: data.StateScreening, ToState: data.StateAssessing,
			ActorName: "李明", ActorRole: data.RoleSysadmin, Opinion: "纳入评估，安排评估会议。", At: fixtureTime(4, 14, 30)},
		{ID: 4, CaseID: 1, Action: data.ActApprove, FromState: data.StateMgmtApproval, ToState: data.StatePlanning,
			ActorName: "冯志远", ActorRole: data.RoleManagement, Opinion: "同意。", At: fixtureTime(9, 11, 0)},
		{ID: 5, CaseID: 1, Action: data.ActApprovePlan, FromState: data.StatePlanApproval, ToState: data.StatePlanApproval,
			ActorName: "王建国", ActorRole: data.RoleITDirector, Opinion: "计划可行。", At: fixtureTime(12, 9, 40),
			Warning: "停机窗口 1（2026-03-16 08:30—12:00）在开馆时间内（2026-03-16 星期一 08:00—21:00）"},
		{ID: 6, CaseID: 1, Action: data.ActApproveBudget, FromState: data.StatePlanApproval, ToState: data.StateImplementing,
			ActorName: "钱晓东", ActorRole: data.RoleFinanceManager, Opinion: "预算在年度信息化经费内。", PaperSigned: true,
			At: fixtureTime(12, 15, 10)},
		{ID: 7, CaseID: 1, Action: data.ActSign, FromState: data.StateAccepting, ToState: data.StateAccepting,
			ActorName: "刘洋", ActorRole: data.RoleDeptHead, Opinion: "业务测试通过。", At: fixtureTime(18, 16, 0)},
		{ID: 8, CaseID: 1, Action: data.ActRegister, FromState: data.StateRegistering, ToState: data.StateFollowUp,
			ActorName: "李明", ActorRole: data.RoleSysadmin, At: fixtureTime(19, 9, 0)},
		{ID: 9, CaseID: 1, Action: data.ActClose, FromState: data.StateFollowUp, ToState: data.StateClosed,
			ActorName: "王建国", ActorRole: data.RoleITDirector, Opinion: "资料齐全，归档。", At: fixtureTime(28, 10, 0)},
	}
	d.Assessment = &data.Assessment{Meta: data.Meta{ID: 1, UpdatedBy: "李明", UpdatedAt: fixtureTime(6, 17, 0)}, CaseID: 1,
		MeetingDate: "2026-03-06", MeetingPlace: "行政楼三楼会议室",
		Reasonable: data.Rating{Rating: "high", Notes: "需求来源于实际业务问题。"}, Necessary: data.Rating{Rating: "high", Notes: "财政要求年内全面推行电子票据。"},
		Feasible: data.Rating{Rating: "high", Notes: "供应商已有成熟版本。"}, Impact: data.Rating{Rating: "medium", Notes: "停机约 2 小时。"},
		Cost: data.Rating{Rating: "low", Notes: "含在维保合同内。"}, Benefit: data.Rating{Rating: "high", Notes: "每月节省对账两天。"},
		EstimatedCost: 1800000, Conclusion: "feasible", Recommendation: "采用供应商 V3.3.0 版本，闭馆日实施。",
		PreliminaryPlan: "测试环境演练一周后正式升级。",
		Participants: []data.Participant{{Name: "王建国", Side: "it", Org: "信息管理部"}, {Name: "刘洋", Side: "business", Org: "流通部"},
			{Name: "钱晓东", Side: "finance", Org: "财务部"}, {Name: "黄志强", Side: "vendor", Org: "华图信息科技有限公司"}}}
	d.Plan = &data.Plan{Meta: data.Meta{ID: 1, UpdatedBy: "李明", UpdatedAt: fixtureTime(11, 17, 0)}, CaseID: 1,
		Goals: "升级到 V3.3.0 并启用电子发票接口。", Scope: "应用服务器与数据库；不涉及硬件。",
		EnvAssessment: "应用服务器 CentOS 7.9、4 核 16 GB，数据库 Oracle 19c；空间与性能满足新版本要求。",
		TechApproach:  "先在测试环境完成演练，再于闭馆日由供应商现场升级。", RollbackPlan: "2 小时内未恢复服务即回退到 V3.2.4。",
		TrainingPlan: "升级后一周内分两场培训流通台人员。", DowntimeWindow: "闭馆日上午，流通台暂停服务。",
		Windows: []data.DowntimeWindow{{StartAt: fixtureTime(16, 8, 30), EndAt: fixtureTime(16, 12, 0), Systems: data.SystemIDs{1, 2},
			Notes: "周一闭馆日"}},
		Milestones:       []data.Milestone{{Name: "测试环境演练", Start: "2026-03-13", End: "2026-03-14"}, {Name: "正式升级", Start: "2026-03-16", End: "2026-03-16"}},
		Responsibilities: []data.Responsibility{{Task: "技术方案与实施", Person: "李明"}, {Task: "数据备份与恢复验证", Person: "陈静"}},
		Risks:            []data.Risk{{Risk: "数据库升级脚本失败", Likelihood: "low", Impact: "high", Countermeasure: "升级前完整备份，失败即回退。"}},
		BudgetItems:      []data.BudgetItem{{Item: "电子发票接口模块", Amount: 1500000}, {Item: "现场实施服务", Amount: 300000}}}
	d.Backups = []data.Backup{{Meta: data.Meta{ID: 1}, CaseID: 1, Kind: "before", TakenAt: fixtureTime(16, 8, 10),
		Scope: "业务数据库全库", Method: "数据库全量导出", Location: `\\backup01\upgrade\SJ-2026-0001`, Verified: true,
		VerifiedAt: ptr(fixtureTime(16, 8, 25)), Operator: "陈静"}}
	d.Implementation = &data.Implementation{Meta: data.Meta{ID: 1}, CaseID: 1, ActualStart: ptr(fixtureTime(16, 8, 30)),
		ActualEnd: ptr(fixtureTime(16, 10, 40)), Steps: "停止服务、备份、升级、验证、恢复服务。", Problems: "无。",
		DowntimeMinutes: 130, VendorStaff: "黄志强"}
	d.Migration = &data.Migration{Meta: data.Meta{ID: 1}, CaseID: 1, Scope: "收费记录表结构调整", Records: 128734, Checks: "记录数一致。"}
	d.Tests = []data.TestRecord{
		{Meta: data.Meta{ID: 1}, CaseID: 1, Type: "system", Date: "2026-03-16", Tester: "李明", Items: "服务启动与登录", Result: "pass"},
		{Meta: data.Meta{ID: 2}, CaseID: 1, Type: "data", Date: "2026-03-16", Tester: "陈静", Items: "抽查 500 条收费记录", Result: "pass"},
		{Meta: data.Meta{ID: 3}, CaseID: 1, Type: "business", Date: "2026-03-17", Tester: "张丽", Items: "开具电子发票 20 张", Result: "pass", Notes: "推送正常"},
	}
	d.Acceptance = &data.Acceptance{Meta: data.Meta{ID: 1, UpdatedBy: "李明"}, CaseID: 1, Conclusion: "pass", Outstanding: "无。"}
	d.Registration = &data.Registration{Meta: data.Meta{ID: 1}, CaseID: 1, SystemID: 1, OldVersion: "V3.2.4", NewVersion: "V3.3.0",
		EffectiveDate: "2026-03-19", UpgradeType: "feature", Registrar: "李明", Registered: true}
	d.Costs = []data.Cost{{Meta: data.Meta{ID: 1}, CaseID: 1, Item: "电子发票接口模块", Amount: 1500000, InvoiceNo: "04400123", Date: "2026-03-25"}}
	d.Trainings = []data.Training{{Meta: data.Meta{ID: 1}, CaseID: 1, Date: "2026-03-20", Audience: "流通部全体人员",
		Content: "电子发票开具与重推", Trainer: "李明", Attendees: 18, Feedback: "操作简单。"}}
	d.Evaluation = &data.Evaluation{Meta: data.Meta{ID: 1, UpdatedBy: "王建国"}, CaseID: 1, Effect: "开票时间缩短到 10 秒。",
		Improvements: "提前一周发布停机公告。", CostBenefit: "费用在预算内。", Outcome: "good", Conclusion: "达到预期，同意归档。"}
	d.Archive = &data.ArchiveEntry{ID: 1, CaseID: 1, ArchivedAt: fixtureTime(28, 10, 0), ArchivedBy: "王建国",
		DossierSHA: "5c0c70ca9787a374dbe967e1e498164017a06fff4f6ac1016d567556522b37dd"}
	d.History = []data.AuditEntry{
		{Seq: 101, At: fixtureTime(2, 9, 15), ActorName: "张丽", Op: data.OpCreate, Entity: "cases", CaseID: ptr(uint(1)),
			Changes: `[{"field":"title","old":"","new":"图书馆集成管理系统升级到 V3.3 以支持电子发票"},{"field":"urgency","old":"","new":"routine"}]`},
		{Seq: 102, At: fixtureTime(2, 9, 20), ActorName: "张丽", Op: data.OpTransition, Entity: "cases", CaseID: ptr(uint(1)),
			Decision: "submit", Changes: `[{"field":"state","old":"draft","new":"dept_review"}]`},
		{Seq: 140, At: fixtureTime(11, 16, 0), ActorName: "李明", Op: data.OpUpdate, Entity: "plans", CaseID: ptr(uint(1)),
			Changes: `[{"field":"downtime_window","old":"2026-03-16 08:30–11:00","new":"2026-03-16 08:30–12:00"}]`},
	}
	return d
}
