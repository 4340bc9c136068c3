package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/forms/uikit"
)

// conflictDialog tells the user that someone else saved the record since
// it was read, and offers to reload it (dropping the user's edits), to
// compare the two versions, or to go on editing.
type conflictDialog struct {
	fr *stageForm

	Message *widget.Label
	Reload  *widget.Button
	Compare *widget.Button
	Keep    *widget.Button
	dlg     *dialog.CustomDialog
}

func newConflictDialog(fr *stageForm, err error) *conflictDialog {
	fyne.LogError("save "+string(fr.kind), err)
	d := &conflictDialog{fr: fr}
	d.Message = widget.NewLabel(uikit.Message(err))
	d.Message.Wrapping = fyne.TextWrapWord
	d.Reload = widget.NewButtonWithIcon(lang.L("conflict.reload"), theme.ViewRefreshIcon(), d.onReload)
	d.Reload.Importance = widget.DangerImportance
	d.Compare = widget.NewButtonWithIcon(lang.L("conflict.compare"), theme.ListIcon(), d.onCompare)
	d.Compare.Importance = widget.HighImportance
	d.Keep = widget.NewButtonWithIcon(lang.L("conflict.keep"), theme.DocumentCreateIcon(), d.close)
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("conflict.title"), d.Message, fr.w.win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.Keep, d.Reload, d.Compare})
	d.dlg.Resize(fyne.NewSize(600, d.dlg.MinSize().Height))
	fr.w.conflictDlg = d
	return d
}

func (d *conflictDialog) show() { d.dlg.Show() }

func (d *conflictDialog) close() {
	d.dlg.Hide()
	if d.fr.w.conflictDlg == d {
		d.fr.w.conflictDlg = nil
	}
}

// onReload drops the user's edits of this form and shows what is stored.
func (d *conflictDialog) onReload() {
	d.close()
	d.fr.discard()
	d.fr.w.reload()
}

// onCompare reads the stored version, makes it the base of the next save
// while the user's text stays in the form, and shows both side by side.
func (d *conflictDialog) onCompare() {
	d.close()
	fr := d.fr
	fr.w.fetch(func(cd *caseData) {
		mine := fr.Fields.Texts()
		fr.w.apply(cd)
		fr.rebase(cd)
		twin := newStageForm(fr.w.detached(), fr.kind)
		twin.refill(cd)
		newCompareDialog(fr, twin.Fields.Texts(), mine).dlg.Show()
	})
}

// compareRow is one field that differs between the stored version and the
// user's.
type compareRow struct {
	Label  string
	Theirs string
	Mine   string
}

// compareDialog shows, field by field, the stored version beside the
// user's edits, which stay in the form to be saved again.
type compareDialog struct {
	fr *stageForm

	Rows    []compareRow
	Table   *widget.Table
	Discard *widget.Button
	Close   *widget.Button
	dlg     *dialog.CustomDialog
}

func newCompareDialog(fr *stageForm, theirs, mine []uikit.LabelText) *compareDialog {
	d := &compareDialog{fr: fr}
	for i := range theirs {
		if i < len(mine) && theirs[i].Text != mine[i].Text {
			d.Rows = append(d.Rows, compareRow{Label: theirs[i].Label, Theirs: theirs[i].Text, Mine: mine[i].Text})
		}
	}
	m := fr.meta()
	intro := widget.NewLabel(lang.L("conflict.compare_intro", map[string]any{"By": m.UpdatedBy, "At": fmtTime(m.UpdatedAt)}))
	intro.Wrapping = fyne.TextWrapWord
	d.Table = d.newTable()
	d.Discard = widget.NewButtonWithIcon(lang.L("conflict.take_theirs"), theme.ViewRefreshIcon(), d.onDiscard)
	d.Discard.Importance = widget.DangerImportance
	d.Close = widget.NewButtonWithIcon(lang.L("conflict.keep_mine"), theme.DocumentCreateIcon(), d.close)
	d.Close.Importance = widget.HighImportance
	body := container.NewBorder(intro, nil, nil, nil, d.Table)
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("conflict.compare_title"), body, fr.w.win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.Discard, d.Close})
	d.dlg.Resize(fyne.NewSize(900, 520))
	fr.w.compareDlg = d
	return d
}

// newTable lays the differing fields out in three columns.
func (d *compareDialog) newTable() *widget.Table {
	heads := []string{lang.L("conflict.field"), lang.L("conflict.theirs"), lang.L("conflict.mine")}
	t := widget.NewTableWithHeaders(func() (int, int) { return len(d.Rows), 3 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			r := d.Rows[id.Row]
			o.(*widget.Label).SetText([]string{r.Label, r.Theirs, r.Mine}[id.Col])
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return heading("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(heads[id.Col])
		}
	}
	widths := []float32{150, 350, 350}
	for i, w := range widths {
		t.SetColumnWidth(i, w)
	}
	rows := make([][]string, len(d.Rows))
	for i, r := range d.Rows {
		rows[i] = []string{r.Label, r.Theirs, r.Mine}
	}
	fitRows(t, widths, rows)
	return t
}

// onDiscard drops the user's edits and shows the stored version.
func (d *compareDialog) onDiscard() {
	d.close()
	d.fr.discard()
	d.fr.w.reload()
}

func (d *compareDialog) close() {
	d.dlg.Hide()
	if d.fr.w.compareDlg == d {
		d.fr.w.compareDlg = nil
	}
}
