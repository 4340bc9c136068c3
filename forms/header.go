package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// caseHeader is the top of a case window: what the case is, where it
// stands, the actions the user may take and the export of its documents.
type caseHeader struct {
	w *caseWindow

	No       *widget.Label
	Title    *widget.Label
	State    *widget.Label
	Facts    *widget.Label
	Changed  *widget.Label
	Actions  *fyne.Container
	Export   *uikit.Button
	Progress *widget.ProgressBarInfinite

	// ActionButtons are the buttons of the actions now offered.
	ActionButtons map[data.Action]*uikit.Button

	Banner       *fyne.Container
	BannerText   *widget.Label
	BannerReload *uikit.Button

	box fyne.CanvasObject
}

func newCaseHeader(w *caseWindow) *caseHeader {
	h := &caseHeader{w: w, ActionButtons: map[data.Action]*uikit.Button{}}
	h.No = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.No.SizeName = theme.SizeNameSubHeadingText
	h.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.Title.SizeName = theme.SizeNameSubHeadingText
	h.Title.Truncation = fyne.TextTruncateEllipsis
	h.State = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	h.State.Importance = widget.HighImportance
	h.Facts = widget.NewLabel("")
	h.Facts.Truncation = fyne.TextTruncateEllipsis
	h.Changed = widget.NewLabel("")
	h.Actions = container.NewHBox()
	h.Export = uikit.NewButtonWithIcon(lang.L("case.export"), theme.DocumentPrintIcon(), w.onExportMenu)
	h.Progress = widget.NewProgressBarInfinite()
	h.Progress.Hide()
	h.buildBanner()
	h.box = h.layout()
	return h
}

// layout lays out the header; the progress bar and the banner float
// over the window (see windowLayout), so that they never move the form.
func (h *caseHeader) layout() fyne.CanvasObject {
	top := container.NewBorder(nil, nil, h.No, h.State, h.Title)
	facts := container.NewBorder(nil, nil, nil, h.Changed, h.Facts)
	bar := container.NewBorder(nil, nil, nil, h.Export, container.NewHScroll(h.Actions))
	return container.NewVBox(container.NewPadded(container.NewVBox(top, facts, bar)), widget.NewSeparator())
}

// buildBanner builds the note that the case changed elsewhere: a framed
// strip with 重新载入, shown over the bottom of the window.
func (h *caseHeader) buildBanner() {
	h.BannerText = widget.NewLabel(lang.L("case.changed_elsewhere"))
	h.BannerText.Importance = widget.WarningImportance
	h.BannerText.Wrapping = uikit.Wrapping()
	h.BannerReload = uikit.NewButtonWithIcon(lang.L("case.reload"), theme.ViewRefreshIcon(), h.w.onBannerReload)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameWarning)
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	h.Banner = container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil,
		widget.NewIcon(theme.WarningIcon()), h.BannerReload, h.BannerText)))
	h.Banner.Hide()
}

// content returns the header's widgets.
func (h *caseHeader) content() fyne.CanvasObject { return h.box }

// load shows the case of cd and the actions the user may take.
func (h *caseHeader) load(cd *caseData) {
	c := cd.c()
	h.No.SetText(c.No)
	if c.ID == 0 {
		h.No.SetText(lang.L("case.new_no"))
	}
	h.Title.SetText(c.Title)
	h.State.SetText(lang.L(c.State.LabelKey()))
	h.Facts.SetText(lang.L("case.facts", map[string]any{"System": h.systemText(cd),
		"Dept": cd.d.DeptName, "Applicant": cd.d.ApplicantName}))
	h.Changed.SetText("")
	if e := cd.lastChange(); e != nil {
		h.Changed.SetText(lang.L("case.last_change", map[string]any{"By": e.ActorName, "At": fmtTime(e.At)}))
	}
	h.loadActions(cd)
	if h.w.m.env.Docs != nil && c.ID != 0 {
		h.Export.Show()
	} else {
		h.Export.Hide()
	}
}

// systemText names the case's system with its version before the upgrade.
func (h *caseHeader) systemText(cd *caseData) string {
	c := cd.c()
	name := cd.d.System.Name
	if s := cd.system(c.SystemID); name == "" && s != nil {
		name = s.Name
	}
	if name == "" {
		return "—"
	}
	if c.CurrentVersion == "" {
		return name
	}
	return name + " " + c.CurrentVersion
}

// loadActions shows one button per action the user may take now.
func (h *caseHeader) loadActions(cd *caseData) {
	h.Actions.RemoveAll()
	h.ActionButtons = map[data.Action]*uikit.Button{}
	for _, a := range sortActions(cd.actions) {
		b := h.w.actionButton(a)
		h.ActionButtons[a] = b
		h.Actions.Add(b)
	}
	h.Actions.Refresh()
}

// showBusy shows or hides the progress bar of slow work.
func (h *caseHeader) showBusy(on bool) {
	if on {
		h.Progress.Show()
		h.Progress.Start()
		return
	}
	h.Progress.Stop()
	h.Progress.Hide()
}

// showBanner tells the user that the case changed elsewhere while they
// have unsaved edits.
func (h *caseHeader) showBanner() { h.Banner.Show() }

func (h *caseHeader) hideBanner() { h.Banner.Hide() }

// onBannerReload reloads the case after asking about the unsaved edits.
func (w *caseWindow) onBannerReload() {
	w.askUnsaved(func() {
		w.header.hideBanner()
		w.reload()
	})
}
