package forms

import (
	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// newTestList is the test records (测试记录): system tests by the system
// administrator, data compatibility tests by the data administrator and
// business tests by the requesting department.
func newTestList(w *caseWindow) *recordList[data.TestRecord] {
	return newRecordList(w, recordKind[data.TestRecord]{
		form:  data.FormTest,
		title: lang.L("form.test"),
		cols: []uikit.Column{
			{Spec: uikit.Spec{Label: fieldLabel("test_type"), Required: true}, Kind: uikit.ChoiceColumn,
				List: "test_type", Width: 130, Default: ownTestType(w.user())},
			{Spec: dateSpec("test_date", true), Width: 110},
			{Spec: uikit.Spec{Label: fieldLabel("tester"), Valid: data.MaxLen(64), Placeholder: w.user().FullName},
				Width: 90},
			{Spec: uikit.Spec{Label: fieldLabel("test_items"), Required: true, Valid: data.ValidText},
				Kind: uikit.LongTextColumn, Width: 320},
			{Spec: uikit.Spec{Label: fieldLabel("test_result"), Required: true}, Kind: uikit.ChoiceColumn,
				List: "test_result", Width: 80},
			{Spec: uikit.Spec{Label: fieldLabel("notes"), Valid: data.ValidText}, Kind: uikit.LongTextColumn, Width: 160},
		},
		list:  func(cd *caseData) []data.TestRecord { return cd.d.Tests },
		blank: func(id uint) data.TestRecord { return data.TestRecord{CaseID: id} },
		toRow: func(t *data.TestRecord) []string {
			return []string{t.Type, t.Date, t.Tester, t.Items, t.Result, t.Notes}
		},
		fromRow: func(t *data.TestRecord, v []string) error {
			t.Type, t.Date, t.Tester, t.Items, t.Result, t.Notes = v[0], v[1], v[2], v[3], v[4], v[5]
			return nil
		},
		save: func(s *data.Store, u *data.User, t *data.TestRecord) error { return s.SaveStage(u, t) },
		del:  func(s *data.Store, u *data.User, t *data.TestRecord) error { return s.DeleteStage(u, t) },
	})
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
