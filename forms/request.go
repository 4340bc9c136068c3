package forms

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// requestForm is the request (软件升级需求申请表): what is to be upgraded,
// why, and how urgently. Its first save files a new case.
type requestForm struct {
	frame *formFrame
	base  *data.Case
	cd    *caseData
	// created is the case of the last save, whose ID the store set.
	created *data.Case

	Title          *widget.Entry
	System         *uikit.Choice
	CurrentVersion *widget.Label
	TargetVersion  *widget.Entry
	UpgradeType    *uikit.Choice
	Urgency        *uikit.Choice
	Source         *uikit.Choice
	Phone          *widget.Entry
	RequestDate    *widget.Entry
	ExpectedDate   *widget.Entry
	Content        *widget.Entry
	Problem        *widget.Entry
	Impact         *widget.Entry
}

func newRequestForm(w *caseWindow) *requestForm {
	f := &requestForm{frame: newFrame(w, data.FormRequest)}
	fs := f.frame.Fields
	fs.Section(lang.L("request.section_basic"))
	f.Title = fs.Entry(uikit.Spec{Label: fieldLabel("title"), Required: true, Valid: data.MaxLen(200),
		Placeholder: lang.L("request.title_placeholder")})
	f.System = fs.Pick(uikit.Spec{Label: fieldLabel("system"), Required: true}, uikit.NewPick(nil, nil))
	f.CurrentVersion = fs.Static(fieldLabel("current_version"))
	f.TargetVersion = fs.Entry(uikit.Spec{Label: fieldLabel("target_version"), Valid: data.ValidVersion,
		Placeholder: "V3.3.0"})
	f.UpgradeType = fs.Choice(uikit.Spec{Label: fieldLabel("upgrade_type"), Required: true}, "upgrade_type")
	f.Urgency = fs.Choice(uikit.Spec{Label: fieldLabel("urgency"), Required: true}, "urgency")
	f.Source = fs.Choice(uikit.Spec{Label: fieldLabel("source"), Required: true}, "source")
	f.Phone = fs.Entry(uikit.Spec{Label: fieldLabel("phone"), Required: true, Valid: data.ValidPhone,
		Placeholder: "010-6253 1234"})
	f.RequestDate = fs.Entry(dateSpec("request_date", true))
	f.ExpectedDate = fs.Entry(dateSpec("expected_date", true))
	fs.Section(lang.L("request.section_need"))
	f.Content = fs.Entry(textSpec("content", true, 4))
	f.Problem = fs.Entry(textSpec("problem", true, 3))
	f.Impact = fs.Entry(textSpec("impact", true, 3))
	f.frame.onEdit = f.showCurrentVersion
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newRequestForm(w).frame })
	return f
}

// dateSpec is the spec of a date field of package data's vocabulary.
func dateSpec(key string, required bool) uikit.Spec {
	return uikit.Spec{Label: fieldLabel(key), Required: required, Valid: data.ValidDate,
		Placeholder: lang.L("case.date_placeholder")}
}

// dateTimeSpec is the spec of a date-and-time field.
func dateTimeSpec(key string, required bool) uikit.Spec {
	return uikit.Spec{Label: fieldLabel(key), Required: required, Valid: data.ValidDateTime,
		Placeholder: lang.L("case.datetime_placeholder")}
}

// textSpec is the spec of a text of several lines.
func textSpec(key string, required bool, lines int) uikit.Spec {
	return uikit.Spec{Label: fieldLabel(key), Required: required, Valid: data.ValidText, Lines: lines}
}

// moneySpec is the spec of an amount of yuan.
func moneySpec(key string, required bool) uikit.Spec {
	return uikit.Spec{Label: fieldLabel(key), Required: required, Valid: data.ValidMoney, Placeholder: "0.00"}
}

func (f *requestForm) rebase(cd *caseData) {
	c := *cd.c()
	f.base, f.cd = &c, cd
}

func (f *requestForm) meta() *data.Meta { return &f.base.Meta }

// filledBy says who saved the request last and when: the case's own
// bookkeeping also moves with every decision taken on the case.
func (f *requestForm) filledBy() *data.Meta {
	m := f.base.Meta
	for _, e := range f.cd.d.History {
		if e.Entity == "cases" && (e.Op == data.OpCreate || e.Op == data.OpUpdate) {
			m.UpdatedBy, m.UpdatedAt = e.ActorName, e.At
		}
	}
	return &m
}

func (f *requestForm) show() {
	c := f.base
	f.System.SetChoices(f.cd.systemChoices())
	f.System.SetValue(idText(c.SystemID))
	f.Title.SetText(c.Title)
	f.TargetVersion.SetText(c.TargetVersion)
	f.UpgradeType.SetValue(c.UpgradeType)
	f.Urgency.SetValue(c.Urgency)
	f.Source.SetValue(c.Source)
	f.Phone.SetText(c.Phone)
	f.RequestDate.SetText(c.RequestDate)
	f.ExpectedDate.SetText(c.ExpectedDate)
	f.Content.SetText(c.Content)
	f.Problem.SetText(c.Problem)
	f.Impact.SetText(c.Impact)
	f.showCurrentVersion()
}

// showCurrentVersion shows the ledger version of the chosen system, or the
// one recorded with a request that left the draft stage.
func (f *requestForm) showCurrentVersion() {
	v := ""
	if s := f.cd.system(parseID(f.System.Value())); s != nil {
		v = s.CurrentVersion
	}
	if f.base.ID != 0 && f.base.State != data.StateDraft {
		v = f.base.CurrentVersion
	}
	f.CurrentVersion.SetText(v)
}

func (f *requestForm) prepare() (saveOp, error) {
	c := *f.base
	c.Title = f.Title.Text
	c.SystemID = parseID(f.System.Value())
	c.TargetVersion = f.TargetVersion.Text
	c.UpgradeType, c.Urgency, c.Source = f.UpgradeType.Value(), f.Urgency.Value(), f.Source.Value()
	c.Phone, c.RequestDate, c.ExpectedDate = f.Phone.Text, f.RequestDate.Text, f.ExpectedDate.Text
	c.Content, c.Problem, c.Impact = f.Content.Text, f.Problem.Text, f.Impact.Text
	return func(s *data.Store, u *data.User) error {
		if c.ID == 0 {
			if err := s.NewCase(u, &c); err != nil {
				return err
			}
			f.created = &c
			return nil
		}
		return s.SaveRequest(u, &c)
	}, nil
}

// createdID returns the ID of the case the first save filed, 0 if none.
func (f *requestForm) createdID() uint {
	if f.created == nil {
		return 0
	}
	return f.created.ID
}
