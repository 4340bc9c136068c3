package forms

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// actionImportance colours the button of an action after what it does.
var actionImportance = map[data.Action]widget.Importance{
	data.ActSubmit: widget.HighImportance, data.ActApprove: widget.HighImportance,
	data.ActAccept: widget.HighImportance, data.ActApprovePlan: widget.HighImportance,
	data.ActApproveBudget: widget.HighImportance, data.ActComplete: widget.HighImportance,
	data.ActSign: widget.HighImportance, data.ActRegister: widget.HighImportance,
	data.ActClose: widget.HighImportance, data.ActReplan: widget.HighImportance,
	data.ActReturn: widget.WarningImportance, data.ActMerge: widget.WarningImportance,
	data.ActReject: widget.DangerImportance, data.ActCancel: widget.DangerImportance,
	data.ActRollback: widget.DangerImportance,
}

// actionOrder is the order of the action buttons: the way forward first,
// the ways back after it, cancelling last.
var actionOrder = []data.Action{
	data.ActSubmit, data.ActApprove, data.ActAccept, data.ActApprovePlan, data.ActApproveBudget, data.ActComplete,
	data.ActSign, data.ActRegister, data.ActClose, data.ActReplan, data.ActReturn, data.ActMerge, data.ActReject,
	data.ActRollback, data.ActCancel,
}

// sortActions returns the actions in the order of their buttons.
func sortActions(as []data.Action) []data.Action {
	var out []data.Action
	for _, a := range actionOrder {
		if slices.Contains(as, a) {
			out = append(out, a)
		}
	}
	for _, a := range as {
		if !slices.Contains(actionOrder, a) {
			out = append(out, a)
		}
	}
	return out
}

// actionButton returns the button of action a.
func (w *caseWindow) actionButton(a data.Action) *uikit.Button {
	b := uikit.NewButton(w.actionLabel(a), func() { w.onAction(a) })
	b.Importance = actionImportance[a]
	return b
}

// actionLabel names action a as taken in the case's state now.
func (w *caseWindow) actionLabel(a data.Action) string {
	st := data.StateDraft
	if w.cd != nil {
		st = w.cd.c().State
	}
	return lang.L(a.LabelKeyIn(st))
}

// onAction asks for the opinion of action a, after the unsaved edits are
// saved or discarded: an action is taken on what is stored.
func (w *caseWindow) onAction(a data.Action) {
	w.askUnsaved(func() { w.openAction(a) })
}

func (w *caseWindow) openAction(a data.Action) {
	if w.actionDlg != nil {
		w.actionDlg.close()
	}
	w.actionDlg = newActionDialog(w, a)
	w.actionDlg.dlg.Show()
}

// actionDialog asks for what goes with an action: the opinion, whether it
// was signed on paper (with the scan), and for a merge the target case.
type actionDialog struct {
	w      *caseWindow
	action data.Action

	Opinion   *uikit.Entry
	MergeInto *uikit.Entry
	// Override is, when archiving, the reason to archive with signed
	// paper still outstanding (待回收签字件).
	Override   *uikit.Entry
	Paper      *uikit.Check
	ScanButton *uikit.Button
	ScanName   *widget.Label
	Problem    *widget.Label
	OK         *uikit.Button
	Cancel     *uikit.Button
	// StandIn tells a stand-in for whom they act; nil otherwise.
	StandIn *widget.Label
	// Warning lists what the action is warned of (the conflicts of the
	// plan's downtime windows); hidden when there is nothing.
	Warning *widget.Label
	// warned is the fingerprint of the warnings shown (ActionRequest.Warned).
	warned string

	scan     []byte
	scanName string
	scanID   *uint
	dlg      *uikit.Dialog
}

// needsOpinion reports whether the action must give a reason.
func (d *actionDialog) needsOpinion() bool {
	return d.w.cd != nil && data.OpinionRequired(d.action, d.w.cd.c().State)
}

func newActionDialog(w *caseWindow, a data.Action) *actionDialog {
	d := &actionDialog{w: w, action: a}
	d.Opinion = uikit.NewEntry(uikit.Spec{Lines: 4, Required: d.needsOpinion(), Valid: data.ValidText,
		Placeholder: lang.L("act.opinion_placeholder")})
	d.MergeInto = uikit.NewEntry(uikit.Spec{Required: true, Valid: data.ValidCaseNo, Placeholder: "SJ-2026-0001"})
	d.Override = uikit.NewEntry(uikit.Spec{Lines: 2, Valid: data.ValidText})
	d.Paper = uikit.NewCheck(lang.L("act.paper_signed"), nil)
	d.ScanName = widget.NewLabel(lang.L("act.no_scan"))
	d.ScanName.Importance = widget.LowImportance
	d.ScanButton = uikit.NewButtonWithIcon(lang.L("act.attach_scan"), theme.FileIcon(), d.onPickScan)
	d.Problem = widget.NewLabel("")
	d.Problem.Importance = widget.DangerImportance
	d.Problem.Wrapping = fyne.TextWrapWord
	d.Problem.Hide()
	d.Warning = widget.NewLabel("")
	d.Warning.Importance = widget.WarningImportance
	d.Warning.Wrapping = fyne.TextWrapWord
	d.Warning.Hide()
	// The way back is 返回, never a second 取消 beside the action, which
	// may itself be the cancelling of the case (撤销事项).
	d.Cancel = uikit.NewButtonWithIcon(lang.L("act.back"), theme.NavigateBackIcon(), d.close)
	d.OK = uikit.NewButtonWithIcon(w.actionLabel(a), theme.ConfirmIcon(), d.onOK)
	d.OK.Importance = actionImportance[a]
	d.dlg = uikit.NewDialog(lang.L("act.title", map[string]any{"Action": w.actionLabel(a), "No": w.cd.c().No}),
		d.form(), w.win)
	d.dlg.SetButtons(d.Cancel, d.OK)
	d.dlg.OnEscape(d.close)
	d.dlg.OnEnter(d.onOK)
	d.dlg.Resize(fyne.NewSize(560, d.dlg.MinSize().Height))
	d.loadWarnings()
	return d
}

// loadWarnings reads, off the UI goroutine, what the action is warned of
// and shows it above the opinion.
func (d *actionDialog) loadWarnings() {
	var cs data.Conflicts
	id, a := d.w.caseID, d.action
	d.w.run(func() (err error) {
		cs, err = d.w.store().Warnings(id, a)
		return err
	}, func(err error) {
		if err != nil {
			fyne.LogError("read warnings", err)
			return
		}
		d.showWarnings(cs)
	})
}

// showWarnings lists the warnings cs, to be gone on with.
func (d *actionDialog) showWarnings(cs data.Conflicts) {
	d.warned = cs.Fingerprint()
	if len(cs) == 0 {
		d.Warning.Hide()
		return
	}
	d.Warning.SetText(lang.L("act.warnings", map[string]any{"N": len(cs)}) + "\n" + cs.Text(uikit.Language()) +
		"\n" + lang.L("act.warnings_go_on"))
	d.Warning.Show()
	d.dlg.Resize(fyne.NewSize(620, d.dlg.MinSize().Height))
}

// form lays out the dialog's inputs.
func (d *actionDialog) form() fyne.CanvasObject {
	f := widget.NewForm()
	if d.action == data.ActMerge {
		f.AppendItem(&widget.FormItem{Text: fieldLabel("merge_into") + " *", Widget: d.MergeInto,
			HintText: lang.L("act.merge_hint")})
	}
	label := fieldLabel("opinion")
	if d.needsOpinion() {
		label += " *"
	}
	f.Append(label, d.Opinion)
	if d.action == data.ActClose {
		f.AppendItem(&widget.FormItem{Text: fieldLabel("paper_override"), Widget: d.Override,
			HintText: lang.L("act.paper_override_hint")})
	}
	f.Append("", d.Paper)
	f.Append("", container.NewBorder(nil, nil, d.ScanButton, nil, d.ScanName))
	box := container.NewVBox(d.Warning, f, d.Problem)
	if hint := actionHints[d.action]; hint != "" {
		l := widget.NewLabel(lang.L(hint))
		l.Wrapping = uikit.Wrapping()
		box.Objects = append([]fyne.CanvasObject{l}, box.Objects...)
	}
	if d.StandIn = d.standInNote(); d.StandIn != nil {
		box.Objects = append([]fyne.CanvasObject{d.StandIn}, box.Objects...)
	}
	return box
}

// standInNote tells a stand-in for whom they take the action and how it
// is recorded (代签); nil when the user takes it of their own right.
func (d *actionDialog) standInNote() *widget.Label {
	cd := d.w.cd
	if cd == nil || cd.next == nil {
		return nil
	}
	for _, wt := range cd.next.Waiting {
		if wt.UserID == d.w.user().ID && wt.Action == d.action && wt.For != "" {
			l := widget.NewLabel(lang.L("act.stand_in", map[string]any{"For": wt.For,
				"As": (&data.Decision{ActorName: wt.Name, ForName: wt.For}).ActorText(uikit.Language())}))
			l.Wrapping = uikit.Wrapping()
			l.Importance = widget.WarningImportance
			return l
		}
	}
	return nil
}

// actionHints say, above the opinion, what an action does that its name
// does not: archiving makes the dossier, cancelling ends the case.
var actionHints = map[data.Action]string{
	data.ActClose:  "act.close_hint",
	data.ActCancel: "act.cancel_hint",
}

// onPickScan lets the user choose the scan of the signed paper.
func (d *actionDialog) onPickScan() {
	uikit.AskOpenFile(d.w.win, uikit.FileSpec{Title: lang.L("act.attach_scan_title")}, d.onScanChosen)
}

// onScanChosen reads the chosen scan; a nil reader is a cancel.
func (d *actionDialog) onScanChosen(r fyne.URIReadCloser, err error) {
	if err != nil {
		uikit.ShowError("choose scan", err, d.w.win)
		return
	}
	if r == nil {
		return
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, data.MaxAttachment+1))
	if err != nil {
		uikit.ShowError("read scan", uikit.NewProblem("act.scan_unreadable", err), d.w.win)
		return
	}
	d.setScan(r.URI().Name(), b)
}

// setScan takes the scan to attach with the decision.
func (d *actionDialog) setScan(name string, b []byte) {
	d.scan, d.scanName, d.scanID = b, filepath.Base(name), nil
	d.ScanName.SetText(d.scanName)
	d.ScanName.Importance = widget.MediumImportance
	d.ScanName.Refresh()
	d.Paper.SetChecked(true)
}

// onOK checks the inputs and takes the action off the UI goroutine.
func (d *actionDialog) onOK() {
	if err := d.check(); err != nil {
		d.showProblem(uikit.Message(err))
		return
	}
	req := data.ActionRequest{CaseID: d.w.caseID, Action: d.action, Opinion: d.Opinion.Text,
		PaperSigned: d.Paper.Checked, MergeInto: d.MergeInto.Text, ExpectVersion: d.w.cd.c().Version, Warned: d.warned}
	if d.action == data.ActClose {
		req.PaperOverride = d.Override.Text
	}
	note := lang.L("act.scan_note", map[string]any{"Action": d.w.actionLabel(d.action)})
	d.OK.Disable()
	// The case is read again in the same step as the action, so that the
	// dialog goes and the window shows the case in its new state at once,
	// in one frame.
	w := d.w
	read := w.readAfter()
	w.run(func() error {
		if err := d.take(req, note); err != nil {
			return err
		}
		read.work()
		return nil
	}, func(err error) {
		d.done(err)
		if err == nil {
			read.show(w)
			w.notifyChanged()
		}
	})
}

// check refuses a missing opinion or a bad case number.
func (d *actionDialog) check() error {
	if d.needsOpinion() {
		if err := data.Required(d.Opinion.Text); err != nil {
			return uikit.FieldProblem(fieldLabel("opinion"), err)
		}
	}
	if d.action == data.ActMerge {
		if err := data.All(data.Required, data.ValidCaseNo)(d.MergeInto.Text); err != nil {
			return uikit.FieldProblem(fieldLabel("merge_into"), err)
		}
	}
	return nil
}

// take attaches the scan and takes the action; archiving makes the
// dossier inside the store's closing transaction. It runs off the UI
// goroutine.
func (d *actionDialog) take(req data.ActionRequest, note string) error {
	s, u := d.w.store(), d.w.session()
	if d.scan != nil && d.scanID == nil {
		att, err := s.AttachFile(u, req.CaseID, d.scanName, note, d.scan)
		if err != nil {
			return fmt.Errorf("attach scan: %w", err)
		}
		d.scanID = &att.ID
	}
	req.ScanID = d.scanID
	_, err := s.Act(u, req)
	return err
}

// done closes the dialog after the action, or shows why it was refused
// with the typed text still in place (and the case read again when it
// changed meanwhile).
func (d *actionDialog) done(err error) {
	d.OK.Enable()
	if err != nil {
		fyne.LogError("action "+string(d.action), err)
		if cs, _, ok := data.WarningsOf(err); ok { // the conflicts changed meanwhile: shown as they are now
			d.showWarnings(cs)
			d.showProblem(lang.L("act.warnings_changed"))
			return
		}
		d.showProblem(uikit.Message(err))
		if data.ErrorCode(err) == data.EConflict {
			d.w.reload()
		}
		return
	}
	d.close()
}

func (d *actionDialog) showProblem(msg string) {
	d.Problem.SetText(msg)
	d.Problem.Show()
	d.dlg.Resize(fyne.NewSize(560, 0))
	d.dlg.Resize(fyne.NewSize(560, d.dlg.MinSize().Height))
}

func (d *actionDialog) close() {
	d.dlg.Hide()
	if d.w.actionDlg == d {
		d.w.actionDlg = nil
	}
}
