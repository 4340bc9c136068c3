package forms

import (
	"strconv"

	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// newBackupList is the data administrator's backup records (备份记录): a
// verified backup taken before the upgrade must exist before it starts.
func newBackupList(w *caseWindow) *recordList[data.Backup] {
	return newRecordList(w, recordKind[data.Backup]{
		form:  data.FormBackup,
		title: lang.L("form.backup"),
		cols: []uikit.Column{
			{Spec: uikit.Spec{Label: fieldLabel("backup_kind"), Required: true}, Kind: uikit.ChoiceColumn,
				List: "backup_kind", Width: 90, Default: "before"},
			{Spec: dateTimeSpec("taken_at", true), Width: 150},
			{Spec: uikit.Spec{Label: fieldLabel("backup_scope"), Required: true, Valid: data.ValidText},
				Kind: uikit.LongTextColumn, Width: 180},
			{Spec: uikit.Spec{Label: fieldLabel("backup_method"), Required: true, Valid: data.MaxLen(128)}, Width: 150},
			{Spec: uikit.Spec{Label: fieldLabel("backup_location"), Required: true, Valid: data.MaxLen(256)}, Width: 180},
			{Spec: uikit.Spec{Label: fieldLabel("verified"), Placeholder: lang.L("backup.verified_text")},
				Kind: uikit.CheckColumn, Width: 70},
			{Spec: uikit.Spec{Label: fieldLabel("operator"), Valid: data.MaxLen(64),
				Placeholder: w.user().FullName}, Width: 90},
			{Spec: uikit.Spec{Label: fieldLabel("notes"), Valid: data.ValidText}, Kind: uikit.LongTextColumn},
		},
		list:  func(cd *caseData) []data.Backup { return cd.d.Backups },
		blank: func(id uint) data.Backup { return data.Backup{CaseID: id} },
		toRow: func(b *data.Backup) []string {
			return []string{b.Kind, fmtTime(b.TakenAt), b.Scope, b.Method, b.Location,
				strconv.FormatBool(b.Verified), b.Operator, b.Notes}
		},
		fromRow: func(b *data.Backup, v []string) error {
			at, err := parseTime("taken_at", v[1])
			if err != nil {
				return err
			}
			if at != nil {
				b.TakenAt = *at
			}
			b.Kind, b.Scope, b.Method, b.Location = v[0], v[2], v[3], v[4]
			b.Verified, b.Operator, b.Notes = v[5] == "true", v[6], v[7]
			return nil
		},
		save: func(s *data.Store, u *data.User, b *data.Backup) error { return s.SaveStage(u, b) },
		del:  func(s *data.Store, u *data.User, b *data.Backup) error { return s.DeleteStage(u, b) },
	})
}
