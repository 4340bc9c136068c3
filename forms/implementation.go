package forms

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// implementationForm is the system administrator's implementation record
// (实施记录): when the upgrade ran, how, what went wrong and how long the
// system was down.
type implementationForm struct {
	frame *formFrame
	base  *data.Implementation

	ActualStart *widget.Entry
	ActualEnd   *widget.Entry
	Steps       *widget.Entry
	Problems    *widget.Entry
	Downtime    *widget.Entry
	VendorStaff *widget.Entry
}

func newImplementationForm(w *caseWindow) *implementationForm {
	f := &implementationForm{frame: newFrame(w, data.FormImplementation)}
	fs := f.frame.Fields
	f.ActualStart = fs.Entry(dateTimeSpec("actual_start", true))
	f.ActualEnd = fs.Entry(dateTimeSpec("actual_end", true))
	f.Steps = fs.Entry(textSpec("steps", true, 4))
	f.Problems = fs.Entry(textSpec("problems", false, 3))
	f.Downtime = fs.Entry(uikit.Spec{Label: fieldLabel("downtime"), Valid: data.ValidCount})
	f.VendorStaff = fs.Entry(uikit.Spec{Label: fieldLabel("vendor_staff"), Valid: data.MaxLen(200),
		Placeholder: lang.L("implementation.vendor_staff_placeholder")})
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newImplementationForm(w).frame })
	return f
}

func (f *implementationForm) rebase(cd *caseData) { f.base = cd.d.Implementation }

func (f *implementationForm) meta() *data.Meta { return &f.base.Meta }

func (f *implementationForm) show() {
	im := f.base
	f.ActualStart.SetText(fmtTimePtr(im.ActualStart))
	f.ActualEnd.SetText(fmtTimePtr(im.ActualEnd))
	f.Steps.SetText(im.Steps)
	f.Problems.SetText(im.Problems)
	f.Downtime.SetText(countText(im.DowntimeMinutes))
	f.VendorStaff.SetText(im.VendorStaff)
}

func (f *implementationForm) prepare() (saveOp, error) {
	im := *f.base
	var err error
	if im.ActualStart, err = parseTime("actual_start", f.ActualStart.Text); err != nil {
		return nil, err
	}
	if im.ActualEnd, err = parseTime("actual_end", f.ActualEnd.Text); err != nil {
		return nil, err
	}
	if im.DowntimeMinutes, err = parseCount("downtime", f.Downtime.Text); err != nil {
		return nil, err
	}
	im.Steps, im.Problems, im.VendorStaff = f.Steps.Text, f.Problems.Text, f.VendorStaff.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &im) }, nil
}

// migrationForm is the data administrator's data migration record
// (数据迁移记录).
type migrationForm struct {
	frame *formFrame
	base  *data.Migration

	Scope   *widget.Entry
	Records *widget.Entry
	Checks  *widget.Entry
	Notes   *widget.Entry
}

func newMigrationForm(w *caseWindow) *migrationForm {
	f := &migrationForm{frame: newFrame(w, data.FormMigration)}
	fs := f.frame.Fields
	f.Scope = fs.Entry(textSpec("migration_scope", false, 2))
	f.Records = fs.Entry(uikit.Spec{Label: fieldLabel("migration_records"), Valid: data.ValidCount})
	f.Checks = fs.Entry(textSpec("migration_checks", false, 2))
	f.Notes = fs.Entry(textSpec("notes", false, 2))
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newMigrationForm(w).frame })
	return f
}

func (f *migrationForm) rebase(cd *caseData) { f.base = cd.d.Migration }

func (f *migrationForm) meta() *data.Meta { return &f.base.Meta }

func (f *migrationForm) show() {
	m := f.base
	f.Scope.SetText(m.Scope)
	f.Records.SetText(countText(m.Records))
	f.Checks.SetText(m.Checks)
	f.Notes.SetText(m.Notes)
}

func (f *migrationForm) prepare() (saveOp, error) {
	m := *f.base
	n, err := parseCount("migration_records", f.Records.Text)
	if err != nil {
		return nil, err
	}
	m.Scope, m.Records, m.Checks, m.Notes = f.Scope.Text, int64(n), f.Checks.Text, f.Notes.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &m) }, nil
}
