package forms

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// historyTab shows the case's audit trail: when, who, what was done to
// which record, each changed field with its old and new value, and the
// decision and comment of an action.
type historyTab struct {
	w *caseWindow

	Table   *widget.Table
	Entries []historyRow
}

// historyRow is one audit entry as the table shows it.
type historyRow struct {
	At, Who, Op, What, Changes, Decision, Comment string
}

// historyColumns are the table's headings and widths.
var historyColumns = []struct {
	key   string
	width float32
}{
	{"history.at", 135}, {"history.who", 80}, {"history.op", 75}, {"history.what", 105},
	{"history.changes", 320}, {"history.decision", 70}, {"history.comment", 150},
}

// historyWidths returns the widths of the columns: each at least as wide
// as its heading in the language shown (English headings are longer), the
// changes column giving up what the others take for that, so that the
// table keeps its width and no heading runs into the next.
func historyWidths() []float32 {
	out := make([]float32, len(historyColumns))
	pad := 2 * theme.InnerPadding()
	extra, changes := float32(0), 0
	for i, c := range historyColumns {
		text := fyne.MeasureText(lang.L(c.key), theme.TextSize(), fyne.TextStyle{Bold: true})
		out[i] = max(c.width, float32(math.Ceil(float64(text.Width+pad))))
		extra += out[i] - c.width
		if c.key == "history.changes" {
			changes = i
		}
	}
	out[changes] -= extra
	return out
}

// maxChangeLines caps the changes shown for one entry.
const maxChangeLines = 8

func newHistoryTab(w *caseWindow) *historyTab {
	h := &historyTab{w: w}
	h.Table = widget.NewTableWithHeaders(func() (int, int) { return len(h.Entries), len(historyColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			return l
		}, h.updateCell)
	h.Table.ShowHeaderColumn = false
	h.Table.CreateHeader = func() fyne.CanvasObject { return heading("") }
	h.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(lang.L(historyColumns[id.Col].key))
		}
	}
	for i, width := range historyWidths() {
		h.Table.SetColumnWidth(i, width)
	}
	return h
}

func (h *historyTab) content() fyne.CanvasObject { return h.Table }

func (h *historyTab) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(h.Entries) {
		return
	}
	o.(*widget.Label).SetText(h.Entries[id.Row].cells()[id.Col])
}

// cells returns the texts of the row's cells, in the order of the columns.
func (r historyRow) cells() []string {
	return []string{r.At, r.Who, r.Op, r.What, r.Changes, r.Decision, r.Comment}
}

// load shows the audit trail of cd, newest first.
func (h *historyTab) load(cd *caseData) {
	es := cd.d.History
	h.Entries = make([]historyRow, len(es))
	for i := range es {
		e := &es[len(es)-1-i]
		lines := data.ChangeLines(uikit.Language(), e.Entity, e.ChangeList(), cd.d.Names)
		h.Entries[i] = historyRow{At: fmtTime(e.At), Who: e.ActorText(uikit.Language()), Op: vocab("history.op", e.Op),
			What: vocab("entity", e.Entity), Changes: changeText(e.Op, lines), Comment: e.Comment}
		if k := e.DecisionKey(); k != "" {
			h.Entries[i].Decision = lang.L(k)
		}
	}
	rows := make([][]string, len(h.Entries))
	for i, r := range h.Entries {
		rows[i] = r.cells()
	}
	widths := wordWidths(historyWidths(), rows)
	for i, w := range widths {
		h.Table.SetColumnWidth(i, w)
	}
	fitRows(h.Table, widths, rows, fyne.TextWrapWord)
	h.Table.Refresh()
}

// maxWordWidth caps how far a column grows for one long word.
const maxWordWidth = 200

// wordWidths returns widths, each widened so that its heading and the
// longest word of a language written with spaces (English: "Approve",
// "assessment") in its cells fit on a line: a word wider than its column
// would be broken anywhere. Chinese, which wraps between any two
// characters, needs no more.
func wordWidths(widths []float32, rows [][]string) []float32 {
	out := slices.Clone(widths)
	for c := range out {
		out[c] = max(out[c], uikit.CellWidth(true, lang.L(historyColumns[c].key)))
	}
	for _, cells := range rows {
		for c, text := range cells {
			for _, word := range strings.Fields(text) {
				if isSpaced(word) {
					out[c] = max(out[c], min(uikit.CellWidth(false, word), maxWordWidth))
				}
			}
		}
	}
	return out
}

// isSpaced reports whether word is written in a script that separates
// words with spaces: no Chinese in it.
func isSpaced(word string) bool {
	for _, r := range word {
		if unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Punct) && r > 0x2000 {
			return false
		}
	}
	return true
}

// maxValue is how many characters of a changed value the table shows.
const maxValue = 40

// changeText lists the changed fields of an audit entry of operation op,
// one a line, in the order of the record's form: 字段：旧 → 新; for a record
// created only the new values (字段：新值), for one deleted only those it
// had (字段：原值), empty ones left out.
func changeText(op string, ls []data.ChangeLine) string {
	empty := lang.L("value.empty")
	var out []string
	for _, l := range ls {
		var line string
		switch op {
		case data.OpCreate:
			if l.New == empty {
				continue
			}
			line = lang.L("history.value", map[string]any{"Field": l.Label, "Value": uikit.FirstLine(l.New, maxValue)})
		case data.OpDelete:
			if l.Old == empty {
				continue
			}
			line = lang.L("history.value", map[string]any{"Field": l.Label, "Value": uikit.FirstLine(l.Old, maxValue)})
		default:
			line = lang.L("history.change", map[string]any{"Field": l.Label,
				"Old": uikit.FirstLine(l.Old, maxValue), "New": uikit.FirstLine(l.New, maxValue)})
		}
		out = append(out, line)
	}
	if len(out) > maxChangeLines {
		more := lang.L("history.more", map[string]any{"N": len(out) - maxChangeLines})
		out = append(out[:maxChangeLines], more)
	}
	return strings.Join(out, "\n")
}
