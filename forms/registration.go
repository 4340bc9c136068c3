package forms

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// registrationForm is the registration form (软件版本升级登记表). Taking
// the 登记 action writes it into the version ledger.
type registrationForm struct {
	frame *formFrame
	base  *data.Registration
	cd    *caseData

	System        *widget.Label
	OldVersion    *widget.Label
	NewVersion    *widget.Entry
	EffectiveDate *widget.Entry
	UpgradeType   *uikit.Choice
	Registrar     *widget.Entry
	Notes         *widget.Entry
	Registered    *widget.Label
}

func newRegistrationForm(w *caseWindow) *registrationForm {
	f := &registrationForm{frame: newFrame(w, data.FormRegistration)}
	fs := f.frame.Fields
	f.System = fs.Static(fieldLabel("system"))
	f.OldVersion = fs.Static(fieldLabel("old_version"))
	f.NewVersion = fs.Entry(uikit.Spec{Label: fieldLabel("new_version"), Required: true, Valid: data.ValidVersion,
		Placeholder: "V3.3.0"})
	f.EffectiveDate = fs.Entry(dateSpec("effective_date", true))
	f.UpgradeType = fs.Choice(uikit.Spec{Label: fieldLabel("upgrade_type"), Required: true}, "upgrade_type")
	f.Registrar = fs.Entry(uikit.Spec{Label: fieldLabel("registrar"), Valid: data.MaxLen(64),
		Placeholder: w.user().FullName})
	f.Notes = fs.Entry(textSpec("notes", false, 2))
	f.Registered = fs.Static(fieldLabel("registered"))
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newRegistrationForm(w).frame })
	return f
}

func (f *registrationForm) rebase(cd *caseData) { f.base, f.cd = cd.reg, cd }

func (f *registrationForm) meta() *data.Meta { return &f.base.Meta }

func (f *registrationForm) show() {
	r := f.base
	f.System.SetText(f.cd.d.System.Name)
	f.OldVersion.SetText(r.OldVersion)
	f.NewVersion.SetText(r.NewVersion)
	f.EffectiveDate.SetText(r.EffectiveDate)
	f.UpgradeType.SetValue(r.UpgradeType)
	f.Registrar.SetText(r.Registrar)
	f.Notes.SetText(r.Notes)
	f.Registered.SetText(lang.L("registration.pending"))
	if r.Registered {
		f.Registered.SetText(lang.L("registration.done"))
	}
}

func (f *registrationForm) prepare() (saveOp, error) {
	r := *f.base
	r.NewVersion, r.EffectiveDate, r.UpgradeType = f.NewVersion.Text, f.EffectiveDate.Text, f.UpgradeType.Value()
	r.Registrar, r.Notes = f.Registrar.Text, f.Notes.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &r) }, nil
}
