package forms

import (
	"errors"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// conflictDialog tells the user that someone else saved, since the user
// loaded the record, other values in fields the user changed too. It shows
// those fields only, with the stored value and the user's, and offers to
// keep the user's edits (every field the user changed is saved over the
// stored record, no other field), to drop them and reload, or to go on
// editing.
type conflictDialog struct {
	fr *stageForm
	// stored is the record as stored when the dialog opened; keeping the
	// user's edits saves them onto it.
	stored any

	Message *widget.Label
	Intro   *widget.Label
	Rows    []compareRow
	Table   *widget.Table
	Keep    *uikit.Button
	Reload  *uikit.Button
	Mine    *uikit.Button
	dlg     *uikit.Dialog
}

// compareRow is one field both the user and someone else changed.
type compareRow struct {
	Key    string
	Label  string
	Theirs string
	Mine   string
}

// showConflict reads the case again and shows the conflict of a refused
// save of fr with what is stored now; the user's text stays in the form.
func (w *caseWindow) showConflict(fr *stageForm, err error) {
	fyne.LogError("save "+string(fr.kind), err)
	w.fetch(func(cd *caseData) {
		w.apply(cd)
		newConflictDialog(fr, err, cd).show()
	})
}

func newConflictDialog(fr *stageForm, err error, cd *caseData) *conflictDialog {
	d := &conflictDialog{fr: fr, stored: cd.record(fr.kind)}
	by := conflictBy(err, d.stored)
	d.Rows = fr.conflicts(err, d.stored, cd.names())
	d.Message = widget.NewLabel(uikit.Message(err))
	d.Message.Wrapping = uikit.Wrapping()
	d.Intro = widget.NewLabel(lang.L("conflict.intro", map[string]any{"By": by}))
	d.Intro.Wrapping = uikit.Wrapping()
	var height float32
	d.Table, height = newCompareTable(d.Rows, by)
	slack := 2 * theme.Padding() // the table's own separators and borders
	table := uikit.WithMinSize(d.Table, func() fyne.Size {
		return fyne.NewSize(compareWidth+slack, min(height+slack, maxCompareHeight))
	})
	d.Keep = uikit.NewButtonWithIcon(lang.L("conflict.keep"), theme.DocumentCreateIcon(), d.close)
	d.Reload = uikit.NewButtonWithIcon(lang.L("conflict.take_theirs"), theme.ViewRefreshIcon(), d.onReload)
	d.Reload.Importance = widget.DangerImportance
	d.Mine = uikit.NewButtonWithIcon(lang.L("conflict.keep_mine"), theme.DocumentSaveIcon(), d.onMine)
	d.Mine.Importance = widget.HighImportance
	body := container.NewBorder(container.NewVBox(d.Message, d.Intro), nil, nil, nil, table)
	d.dlg = uikit.NewDialog(lang.L("conflict.title"), body, fr.w.win)
	d.dlg.SetButtons(d.Keep, d.Reload, d.Mine)
	d.dlg.OnEscape(d.close)
	// Laid out at its width first, the texts wrap and the dialog knows its
	// height.
	d.dlg.Resize(fyne.NewSize(compareWidth, 0))
	d.dlg.Resize(fyne.NewSize(compareWidth, d.dlg.MinSize().Height))
	fr.w.conflictDlg = d
	return d
}

// maxCompareHeight is the height of a comparison beyond which it scrolls.
const maxCompareHeight = 320

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

// onMine saves the user's edits over the record as stored when the dialog
// opened: each field the user changed gets the user's value, every other
// field keeps the stored one. Should someone have saved again meanwhile,
// that is a conflict of its own.
func (d *conflictDialog) onMine() {
	d.close()
	fr := d.fr
	rec, err := fr.keepMine(d.stored)
	if err != nil {
		uikit.ShowError("read form", err, fr.w.win)
		return
	}
	fr.runSave(fr.saveOp(d.stored, rec))
}

// keepMine returns stored, a newer version of the base record, with the
// user's edits: each field the user changed since the base was loaded set
// to what the widgets hold, every other field as stored.
func (fr *stageForm) keepMine(stored any) (any, error) {
	mine := clone(fr.base)
	if err := fr.read(mine); err != nil {
		return nil, err
	}
	rec := clone(stored)
	for _, bf := range fr.edited(fr.base, mine) {
		if err := bf.read(rec); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// conflicts returns the fields in conflict, in form order: those the store
// named, and any other field that the user changed and that is now stored
// with a third value.
func (fr *stageForm) conflicts(err error, stored any, names data.Names) []compareRow {
	var keys []string
	var de *data.Error
	if errors.As(err, &de) {
		keys, _ = de.Args["Keys"].([]string)
	}
	mine := fr.mine()
	var rows []compareRow
	for _, bf := range fr.edited(fr.base, mine) {
		if !slices.Contains(keys, bf.f.Key) && (sameValue(bf.f, stored, fr.base) || sameValue(bf.f, stored, mine)) {
			continue
		}
		rows = append(rows, compareRow{Key: bf.f.Key, Label: lang.L(bf.f.LabelKey()),
			Theirs: valueText(bf.f, stored, names), Mine: valueText(bf.f, mine, names)})
	}
	return rows
}

// conflictBy names who saved the record last: the person the store named,
// else the stored record's last editor.
func conflictBy(err error, stored any) string {
	var de *data.Error
	if errors.As(err, &de) {
		if by, _ := de.Args["By"].(string); by != "" {
			return by
		}
	}
	return data.MetaOf(stored).UpdatedBy
}

// valueText is a field's value of rec as the history shows it; an empty
// value reads as such.
func valueText(f *data.Field, rec any, names data.Names) string {
	if s := f.Text(uikit.Language(), rec, names); s != "" {
		return s
	}
	return lang.L("value.empty")
}

// compareWidths are the widths of the columns of a comparison: the field,
// the stored value, the user's.
var compareWidths = []float32{150, 330, 330}

const compareWidth = 150 + 330 + 330

// newCompareTable lays out the fields in conflict in three columns; by is
// who saved the stored values. It returns the table and its height.
func newCompareTable(rows []compareRow, by string) (*widget.Table, float32) {
	heads := []string{lang.L("conflict.field"), lang.L("conflict.theirs", map[string]any{"By": by}), lang.L("conflict.mine")}
	t := widget.NewTableWithHeaders(func() (int, int) { return len(rows), 3 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = uikit.Wrapping()
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			r := rows[id.Row]
			o.(*widget.Label).SetText([]string{r.Label, r.Theirs, r.Mine}[id.Col])
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return heading("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(heads[id.Col])
		}
	}
	for i, w := range compareWidths {
		t.SetColumnWidth(i, w)
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = []string{r.Label, r.Theirs, r.Mine}
	}
	return t, heading("").MinSize().Height + fitRows(t, compareWidths, cells, uikit.Wrapping())
}
