package forms

import (
	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// newTrainingList is the training sessions (培训记录) after the upgrade.
func newTrainingList(w *caseWindow) *recordList[data.Training] {
	return newRecordList(w, recordKind[data.Training]{
		form:  data.FormTraining,
		title: lang.L("form.training"),
		cols: []uikit.Column{
			{Spec: dateSpec("training_date", true), Width: 110},
			{Spec: uikit.Spec{Label: fieldLabel("audience"), Required: true, Valid: data.MaxLen(200)}, Width: 170},
			{Spec: uikit.Spec{Label: fieldLabel("training_content"), Required: true, Valid: data.ValidText},
				Kind: uikit.LongTextColumn, Width: 280},
			{Spec: uikit.Spec{Label: fieldLabel("trainer"), Required: true, Valid: data.MaxLen(64)}, Width: 100},
			{Spec: uikit.Spec{Label: fieldLabel("attendees"), Valid: data.ValidCount}, Width: 90},
			{Spec: uikit.Spec{Label: fieldLabel("feedback"), Valid: data.ValidText}, Kind: uikit.LongTextColumn, Width: 140},
		},
		list:  func(cd *caseData) []data.Training { return cd.d.Trainings },
		blank: func(id uint) data.Training { return data.Training{CaseID: id} },
		toRow: func(t *data.Training) []string {
			return []string{t.Date, t.Audience, t.Content, t.Trainer, countText(t.Attendees), t.Feedback}
		},
		fromRow: func(t *data.Training, v []string) error {
			n, err := parseCount("attendees", v[4])
			t.Date, t.Audience, t.Content, t.Trainer, t.Attendees, t.Feedback = v[0], v[1], v[2], v[3], n, v[5]
			return err
		},
		save: func(s *data.Store, u *data.User, t *data.Training) error { return s.SaveStage(u, t) },
		del:  func(s *data.Store, u *data.User, t *data.Training) error { return s.DeleteStage(u, t) },
	})
}
