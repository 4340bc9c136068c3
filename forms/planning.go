package forms

import (
	"bytes"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// planningPart is the part of the plan tab under the plan: the conflicts
// of its downtime windows as saved, the downtime notice (停机公告) to read
// and copy, and the windows as an .ics file for Outlook or WPS.
type planningPart struct {
	w *caseWindow
	// Conflicts says what the saved windows conflict with, or that they
	// conflict with nothing.
	Conflicts *widget.Label
	Notice    *uikit.Button
	ICS       *uikit.Button
	// NoticeText is the text of the notice dialog, when it is open.
	NoticeText *uikit.Entry

	cd  *caseData
	box fyne.CanvasObject
}

func newPlanningPart(w *caseWindow) *planningPart {
	p := &planningPart{w: w}
	p.Conflicts = widget.NewLabel("")
	p.Conflicts.Wrapping = fyne.TextWrapWord
	p.Notice = uikit.NewButtonWithIcon(lang.L("planning.notice"), theme.DocumentIcon(), p.onNotice)
	p.ICS = uikit.NewButtonWithIcon(lang.L("planning.ics"), theme.DownloadIcon(), p.onICS)
	if w.m.env.Calendar == nil {
		p.ICS.Hide()
	}
	p.box = container.NewVBox(p.Conflicts, container.NewHBox(p.Notice, p.ICS))
	return p
}

func (p *planningPart) title() string              { return lang.L("planning.title") }
func (p *planningPart) content() fyne.CanvasObject { return p.box }

// load shows the conflicts of the saved windows and enables what the
// windows allow.
func (p *planningPart) load(cd *caseData) {
	p.cd = cd
	windows := 0
	if cd.d.Plan != nil {
		windows = len(cd.d.Plan.Windows)
	}
	switch {
	case windows == 0:
		p.Conflicts.Importance = widget.LowImportance
		p.Conflicts.SetText(lang.L("planning.no_windows"))
	case len(cd.conflicts) == 0:
		p.Conflicts.Importance = widget.SuccessImportance
		p.Conflicts.SetText(lang.L("planning.no_conflicts", map[string]any{"N": windows}))
	default:
		p.Conflicts.Importance = widget.WarningImportance
		p.Conflicts.SetText(lang.L("planning.conflicts", map[string]any{"N": len(cd.conflicts)}) + "\n" +
			cd.conflicts.Text(uikit.Language()))
	}
	p.Conflicts.Refresh()
	enable(p.Notice, windows > 0)
	enable(p.ICS, windows > 0)
}

// enable enables or disables b.
func enable(b *uikit.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// onNotice shows the downtime notice of the saved plan in the user's
// language, to copy, with its PDF to save.
func (p *planningPart) onNotice() {
	if p.cd == nil || !p.cd.d.HasNotice() {
		return
	}
	n := p.cd.d.DowntimeNotice(uikit.Language())
	p.NoticeText = uikit.NewEntry(uikit.Spec{Lines: 16})
	p.NoticeText.SetText(n.Text())
	p.NoticeText.Wrapping = fyne.TextWrapWord
	dlg := uikit.NewDialog(lang.L("planning.notice_title", map[string]any{"No": p.cd.c().No}), p.NoticeText, p.w.win)
	copyBtn := uikit.NewButtonWithIcon(lang.L("planning.copy"), theme.ContentCopyIcon(), func() {
		p.w.m.env.App.Clipboard().SetContent(p.NoticeText.Text)
	})
	pdf := uikit.NewButtonWithIcon(lang.L("planning.notice_pdf"), theme.DocumentPrintIcon(), func() {
		if doc, ok := p.noticeDocument(); ok {
			p.w.onExport(doc)
		}
	})
	if _, ok := p.noticeDocument(); !ok {
		pdf.Hide()
	}
	closeBtn := uikit.NewButton(lang.L("uikit.close"), func() { dlg.Hide() })
	dlg.SetButtons(closeBtn, pdf, copyBtn)
	dlg.OnEscape(dlg.Hide)
	dlg.Resize(fyne.NewSize(640, 520))
	dlg.Show()
}

// noticeDocument returns the notice among the case's documents.
func (p *planningPart) noticeDocument() (Document, bool) {
	if p.w.m.env.Docs == nil {
		return Document{}, false
	}
	for _, doc := range p.w.m.env.Docs.Documents(p.cd.stored()) {
		if doc.Kind == "notice" {
			return doc, true
		}
	}
	return Document{}, false
}

// onICS asks where to save the windows of the saved plan, and the actual
// downtime, as an .ics file.
func (p *planningPart) onICS() {
	if p.cd == nil || p.w.m.env.Calendar == nil {
		return
	}
	file := p.cd.c().No + "-" + lang.L("planning.ics_file") + ".ics"
	uikit.AskSaveFile(p.w.win, uikit.FileSpec{Title: lang.L("planning.ics"), Name: file, Exts: []string{".ics"}},
		func(wr fyne.URIWriteCloser, err error) {
			if err != nil {
				uikit.ShowError("choose calendar file", err, p.w.win)
				return
			}
			if wr == nil {
				return
			}
			p.w.run(func() error {
				return uikit.WriteAll(wr, func() ([]byte, error) {
					var buf bytes.Buffer
					err := p.writeICS(&buf)
					return buf.Bytes(), err
				})
			}, func(err error) {
				if err != nil {
					uikit.ShowError("export calendar", fmt.Errorf("write calendar: %w", err), p.w.win)
				}
			})
		})
}

// writeICS writes the windows of the saved plan, with their conflicts,
// and the actual downtime as iCalendar.
func (p *planningPart) writeICS(w io.Writer) error {
	d := p.cd.stored()
	name := func(id uint) string { return d.Names.Name(data.KindSystem, id) }
	return p.w.m.env.Calendar(w, d.ScheduleEntries(p.cd.conflicts), name)
}
