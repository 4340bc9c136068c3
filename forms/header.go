package forms

import (
	"slices"
	"strings"
	"time"

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

	No      *widget.Label
	Title   *widget.Label
	State   *widget.Label
	Facts   *widget.Label
	Changed *widget.Label
	// Kind says what a standard or emergency change rests on (its
	// template, the 信息主管's approval, what is to be completed
	// afterwards); hidden for a normal change.
	Kind    *widget.Label
	kindRow fyne.CanvasObject
	// Next says who may take the next step now and, when the user may
	// not, why; hidden when the case waits for nobody.
	Next     *widget.Label
	NextIcon *widget.Icon
	nextRow  fyne.CanvasObject
	Actions  *fyne.Container
	Export   *uikit.Button
	Progress *widget.ProgressBarInfinite
	// busyRound counts the calls of showBusy: a bar due to show after a
	// delay shows only if nothing was shown or hidden since. busyTimer is
	// that delay, stopped when the work ends sooner, so that it holds the
	// window no longer than the work.
	busyRound int
	busyTimer *time.Timer

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
	h.Kind = widget.NewLabel("")
	h.Kind.Truncation = fyne.TextTruncateEllipsis
	h.kindRow = container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentIcon()), nil, h.Kind)
	h.kindRow.Hide()
	h.Next = widget.NewLabel("")
	h.Next.Truncation = fyne.TextTruncateEllipsis
	h.NextIcon = widget.NewIcon(theme.InfoIcon())
	h.nextRow = container.NewBorder(nil, nil, h.NextIcon, nil, h.Next)
	h.nextRow.Hide()
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
	return container.NewVBox(container.NewPadded(container.NewVBox(top, facts, h.kindRow, h.nextRow, bar)), widget.NewSeparator())
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
	h.State.SetText(stateText(c))
	h.loadKind(cd)
	h.Facts.SetText(lang.L("case.facts", map[string]any{"System": h.systemText(cd),
		"Dept": cd.d.DeptName, "Applicant": cd.d.ApplicantName}))
	h.Changed.SetText("")
	if e := cd.lastChange(); e != nil {
		h.Changed.SetText(lang.L("case.last_change", map[string]any{"By": e.ActorText(uikit.Language()), "At": fmtTime(e.At)}))
	}
	h.loadNext(cd.next, c.State)
	h.loadActions(cd)
	if h.w.m.env.Docs != nil && c.ID != 0 {
		h.Export.Show()
	} else {
		h.Export.Hide()
	}
}

// stateText names the state of c, after its kind of change when it is
// not a normal one: "紧急升级 · 实施中".
func stateText(c *data.Case) string {
	st := lang.L(c.State.LabelKey())
	if k := data.KindOf(c); k != data.ChangeNormal {
		return lang.L("case.kind_state", map[string]any{"Kind": lang.L(data.ChoiceKey("change_kind", k)), "State": st})
	}
	return st
}

// loadKind shows what a standard or an emergency change rests on, as its
// documents print it; what an emergency change must complete afterwards
// is a warning while it is due, and an error once it is late.
func (h *caseHeader) loadKind(cd *caseData) {
	c := cd.c()
	lines := cd.d.KindLines(uikit.Language())
	if c.ID == 0 || len(lines) < 2 {
		h.kindRow.Hide()
		return
	}
	rest := lines[1:]
	if n := len(rest); data.RetroPending(c) && n > 1 { // what is still due first, in view
		rest = append([]data.KindLine{rest[n-1]}, rest[:n-1]...)
	}
	parts := make([]string, 0, len(rest))
	for _, l := range rest {
		parts = append(parts, lang.L("case.kind_line", map[string]any{"Label": lang.L(l.Key), "Value": l.Value}))
	}
	text := strings.Join(parts, lang.L("value.sentence_sep"))
	h.Kind.Importance = widget.MediumImportance
	if data.RetroPending(c) {
		h.Kind.Importance = widget.WarningImportance
		if data.RetroLateAt(c, h.w.store().Now()) {
			h.Kind.Importance = widget.DangerImportance
			text = lang.L("case.retro_late", map[string]any{"Text": text})
		}
	}
	h.Kind.SetText(text)
	h.Kind.Refresh()
	h.kindRow.Show()
}

// loadNext shows who may take the next step of the case, and why the
// user may not; a case nobody may take forward is shown as a warning.
func (h *caseHeader) loadNext(ns *data.NextStep, st data.State) {
	text, stuck := nextText(ns, st)
	if text == "" {
		h.nextRow.Hide()
		return
	}
	h.Next.Importance = widget.MediumImportance
	h.NextIcon.SetResource(theme.InfoIcon())
	if stuck {
		h.Next.Importance = widget.DangerImportance
		h.NextIcon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
	}
	h.Next.SetText(text)
	h.nextRow.Show()
}

// nextText says who may take the next step of a case in state st and,
// when the user may not, why: "职责分离：不能审批自己提交的升级事项。可由
// 冯志远（代理）办理。" It is "" when the case waits for nobody; stuck is
// true when it waits for a step nobody may take.
func nextText(ns *data.NextStep, st data.State) (text string, stuck bool) {
	if ns == nil {
		return "", false
	}
	why := ""
	if ns.WhyNot != nil {
		why = uikit.Message(ns.WhyNot)
	}
	if ns.Stuck {
		return lang.L("case.next.stuck", map[string]any{"Why": why}), true
	}
	if len(ns.Waiting) == 0 {
		return "", false
	}
	who := waitersText(ns.Waiting, st)
	if len(ns.Mine) > 0 || why == "" {
		return lang.L("case.next.who", map[string]any{"Who": who}), false
	}
	return lang.L("case.next.why_not", map[string]any{"Why": why, "Who": who}), false
}

// waitersText names the people who may take the steps a case waits for,
// stand-ins marked "（代理）": one list when the steps have the same
// people, else per step ("批准计划：王建国；批准预算：钱晓东"). A step
// whose people are all named already is left out (退回 beside 批准).
func waitersText(ws []data.Waiter, st data.State) string {
	var order []data.Action
	names := map[data.Action][]string{}
	ids := map[data.Action][]uint{}
	for _, w := range ws {
		if _, ok := names[w.Action]; !ok {
			order = append(order, w.Action)
		}
		if slices.Contains(ids[w.Action], w.UserID) {
			continue
		}
		name := w.Name
		if w.For != "" {
			name = lang.L("case.next.stand_in", map[string]any{"Name": w.Name})
		}
		names[w.Action] = append(names[w.Action], name)
		ids[w.Action] = append(ids[w.Action], w.UserID)
	}
	sep := lang.L("value.list_sep")
	named := map[uint]bool{}
	var groups []string
	var kept []data.Action
	for _, a := range order {
		if !slices.ContainsFunc(ids[a], func(id uint) bool { return !named[id] }) {
			continue
		}
		for _, id := range ids[a] {
			named[id] = true
		}
		kept = append(kept, a)
		groups = append(groups, lang.L("case.next.step", map[string]any{"Step": lang.L(a.LabelKeyIn(st)),
			"Who": strings.Join(names[a], sep)}))
	}
	if len(kept) == 1 {
		return strings.Join(names[kept[0]], sep)
	}
	return strings.Join(groups, lang.L("value.sentence_sep"))
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

// busyDelay is how long work runs before the progress bar shows: a save
// or a step done sooner shows none, rather than a bar flashing for a frame
// or two (and the frames drawn for it delaying the result).
const busyDelay = 250 * time.Millisecond

// showBusy shows the progress bar of slow work once it has run for
// busyDelay, or hides it.
func (h *caseHeader) showBusy(on bool) {
	h.busyRound++
	if h.busyTimer != nil {
		h.busyTimer.Stop()
		h.busyTimer = nil
	}
	if !on {
		h.Progress.Stop()
		h.Progress.Hide()
		return
	}
	round := h.busyRound
	h.busyTimer = time.AfterFunc(busyDelay, func() {
		fyne.Do(func() {
			if h.busyRound == round {
				h.Progress.Show()
				h.Progress.Start()
			}
		})
	})
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
