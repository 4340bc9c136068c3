package forms

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// layout is what a stage form states beyond its record's description
// (data.RecordOf): the extras of some of its fields and, for the few forms
// that have them, rules of their own. Which fields it shows, their labels,
// sections, kinds, stars and checks, and the columns of its tables, come
// from the description.
type layout struct {
	// extras are the extras of fields, by key.
	extras map[string]extra
	// preview fills in rec, the record as the form holds it, what the
	// store fills in when saving, so that the form shows it before.
	preview func(cd *caseData, rec any)
	// save stores rec, the user's version of base, when SaveChanges does
	// not.
	save func(s *data.Store, ss *data.Session, base, rec any) error
	// filledBy says who filled the form in when the record's own
	// bookkeeping (m) does not.
	filledBy func(cd *caseData, m data.Meta) data.Meta
	// summary, when set, is a line under a list of records; warn shows it
	// as a warning.
	summary func(cd *caseData) (text string, warn bool)
	// note, when set, is what the list says above its records to a user
	// who may add them.
	note func(cd *caseData) string
}

// layoutOf returns the layout of form f as user u sees it.
func layoutOf(f data.Form, u *data.User) layout {
	mine := u.FullName // what the store fills in when left empty
	switch f {
	case data.FormRequest: // 软件升级需求申请表
		return layout{extras: map[string]extra{
			"title":          {placeholder: lang.L("request.title_placeholder")},
			"target_version": {placeholder: "V3.3.0"},
			"phone":          {placeholder: "010-6253 1234"},
			"content":        {lines: 4},
		}, preview: previewRequest, save: saveRequest, filledBy: requestFilledBy}
	case data.FormAssessment: // 需求评估报告: the meeting, the six criteria, the conclusion
		x := map[string]extra{}
		for _, k := range data.Criteria {
			x[k] = extra{placeholder: lang.L("assessment.criterion_placeholder")}
		}
		x["impact"] = extra{placeholder: lang.L("assessment.criterion_placeholder"), hintOf: dependantsHint}
		return layout{extras: x}
	case data.FormPlan: // 软件升级计划
		return layout{extras: map[string]extra{
			"goals": {lines: 2}, "scope": {lines: 2}, "tech_approach": {lines: 4},
			"downtime_window": {placeholder: lang.L("plan.downtime_placeholder")},
			"budget_items":    {total: lang.L("plan.budget_total")},
		}}
	case data.FormBackup: // 备份记录: a verified backup before the upgrade comes first
		return layout{extras: map[string]extra{
			"kind": {def: "before"}, "verified": {placeholder: lang.L("backup.verified_text")},
			"operator": {placeholder: mine},
		}}
	case data.FormImplementation: // 实施记录
		return layout{extras: map[string]extra{
			"steps": {lines: 4}, "vendor_staff": {placeholder: lang.L("implementation.vendor_staff_placeholder")},
		}}
	case data.FormMigration: // 数据迁移记录
		return layout{extras: map[string]extra{"scope": {lines: 2}, "checks": {lines: 2}, "notes": {lines: 2}}}
	case data.FormTest: // 测试记录: each role records its own kind of test
		return layout{extras: map[string]extra{"type": {def: ownTestType(u)}, "tester": {placeholder: mine}}}
	case data.FormAcceptance: // 软件升级验收单, signed as decisions
		return layout{extras: map[string]extra{
			"conclusion": {hint: lang.L("acceptance.conclusion_hint")}, "notes": {lines: 2},
		}}
	case data.FormRollback: // 软件升级回退报告
		return layout{extras: map[string]extra{"restored_version": {placeholder: "V3.2.0"}}}
	case data.FormRegistration: // 软件版本升级登记表, written into the ledger by 登记
		return layout{extras: map[string]extra{
			"new_version": {placeholder: "V3.3.0"}, "registrar": {placeholder: mine}, "notes": {lines: 2},
			"registered": {status: registeredText},
		}}
	case data.FormCost: // 费用核算, beside the plan's budget
		return layout{summary: costSummary, note: costNote}
	}
	return layout{} // 培训记录, 后评估
}

// dependantsHint names, under the assessment's 对现有系统的影响, the systems
// that depend on the case's system, directly or through others.
func dependantsHint(cd *caseData) string {
	var names []string
	for _, id := range cd.d.Dependants {
		names = append(names, cd.d.Names.Name(data.KindSystem, id))
	}
	if len(names) == 0 {
		return lang.L("assessment.no_dependants")
	}
	return lang.L("assessment.dependants", map[string]any{"Systems": strings.Join(names, lang.L("value.list_sep"))})
}

// ownTestType is the kind of test the user records: the one of their role.
func ownTestType(u *data.User) string {
	switch {
	case u.HasRole(data.RoleSysadmin):
		return "system"
	case u.HasRole(data.RoleDataAdmin):
		return "data"
	case u.HasAnyRole(data.RoleStaff, data.RoleDeptHead):
		return "business"
	}
	return ""
}

// registeredText says whether the registration is in the ledger yet.
func registeredText(rec any) string {
	if rec.(*data.Registration).Registered {
		return lang.L("registration.done")
	}
	return lang.L("registration.pending")
}

// costNote tells the accountant what a cost recorded on an archived case
// becomes.
func costNote(cd *caseData) string {
	if cd.c().State != data.StateClosed {
		return ""
	}
	return lang.L("costs.addendum_note")
}

// costSummary is the total of the costs against the plan's budget and,
// beyond it, by how much and who approved the budget.
func costSummary(cd *caseData) (string, bool) {
	text := lang.L("costs.total", map[string]any{"Total": cd.d.TotalCost().String(),
		"Budget": cd.d.Plan.Budget().String()})
	if cd.d.Plan.ID == 0 { // no plan written: nothing to be over
		return text, false
	}
	if over := cd.d.OverrunText(uikit.Language()); over != "" { // it names the budget
		spent := lang.L("costs.spent", map[string]any{"Total": cd.d.TotalCost().String()})
		return spent + lang.L("value.sentence_sep") + over, true
	}
	return text, false
}
