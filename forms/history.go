package forms

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
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
	{"history.changes", 345}, {"history.decision", 70}, {"history.comment", 150},
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
	for i, c := range historyColumns {
		h.Table.SetColumnWidth(i, c.width)
	}
	return h
}

func (h *historyTab) content() fyne.CanvasObject { return h.Table }

func (h *historyTab) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(h.Entries) {
		return
	}
	r := h.Entries[id.Row]
	o.(*widget.Label).SetText([]string{r.At, r.Who, r.Op, r.What, r.Changes, r.Decision, r.Comment}[id.Col])
}

// load shows the audit trail of cd, newest first.
func (h *historyTab) load(cd *caseData) {
	es := cd.d.History
	h.Entries = make([]historyRow, len(es))
	for i := range es {
		e := &es[len(es)-1-i]
		h.Entries[i] = historyRow{At: fmtTime(e.At), Who: e.ActorName, Op: vocab("history.op", e.Op),
			What: vocab("entity", e.Entity), Changes: changeText(e.Entity, e.ChangeList()), Comment: e.Comment}
		if e.Decision != "" {
			h.Entries[i].Decision = lang.L(data.Action(e.Decision).LabelKey())
		}
		n := max(lines(h.Entries[i].Changes, 22), lines(e.Comment, 9), 1)
		h.Table.SetRowHeight(i, rowHeight(n))
	}
	h.Table.Refresh()
}

// changeText lists the changed fields of a record of entity, one a line:
// 字段：旧 → 新. References by ID mean nothing to people and are left out.
func changeText(entity string, cs []data.Change) string {
	var shown []data.Change
	for _, c := range cs {
		if !strings.HasSuffix(c.Field, "_id") {
			shown = append(shown, c)
		}
	}
	var out []string
	for i, c := range shown {
		if i == maxChangeLines {
			out = append(out, lang.L("history.more", map[string]any{"N": len(shown) - i}))
			break
		}
		out = append(out, fmt.Sprintf("%s：%s → %s", changeField(entity, c.Field),
			changeValue(entity, c.Field, c.Old), changeValue(entity, c.Field, c.New)))
	}
	return strings.Join(out, "\n")
}

// fieldKeys maps the stored names of fields whose label differs from
// record to record to their keys in the vocabulary ("field.<key>").
var fieldKeys = map[string]map[string]string{
	"backups":          {"kind": "backup_kind", "scope": "backup_scope", "method": "backup_method", "location": "backup_location"},
	"test_records":     {"type": "test_type", "date": "test_date", "items": "test_items", "result": "test_result"},
	"costs":            {"item": "cost_item", "date": "cost_date"},
	"trainings":        {"date": "training_date", "content": "training_content"},
	"migrations":       {"scope": "migration_scope", "records": "migration_records", "checks": "migration_checks"},
	"rollback_reports": {"date": "rollback_date", "problem": "rollback_problem"},
	"evaluations":      {"improvements": "process_improvements", "conclusion": "evaluation_conclusion"},
	"acceptances":      {"conclusion": "acceptance_result"},
	"assessments": {"reasonable": "criterion.reasonable", "necessary": "criterion.necessary",
		"feasible": "criterion.feasible", "impact": "criterion.impact", "cost": "criterion.cost",
		"benefit": "criterion.benefit"},
}

// choiceFields names the choice list of the fields that store codes.
var choiceFields = map[string]map[string]string{
	"cases":            {"upgrade_type": "upgrade_type", "urgency": "urgency", "source": "source"},
	"registrations":    {"upgrade_type": "upgrade_type"},
	"assessments":      {"conclusion": "feasibility"},
	"acceptances":      {"conclusion": "acceptance"},
	"backups":          {"kind": "backup_kind"},
	"test_records":     {"type": "test_type", "result": "test_result"},
	"rollback_reports": {"restore_status": "restore"},
	"evaluations":      {"outcome": "outcome"},
}

// moneyFields store amounts in fen.
var moneyFields = map[string]bool{"estimated_cost": true, "amount": true}

// changeField names a changed field by its label when it has one.
func changeField(entity, key string) string {
	if k, ok := fieldKeys[entity][key]; ok {
		key = k
	}
	if l := fieldLabel(key); l != "field."+key {
		return l
	}
	return key
}

// changeValue shows a stored value as the forms show it.
func changeValue(entity, key, v string) string {
	list, isChoice := choiceFields[entity][key]
	switch {
	case v == "":
		return lang.L("history.empty")
	case key == "state":
		return lang.L(data.State(v).LabelKey())
	case isChoice:
		return vocab(list, v)
	case moneyFields[key]:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return data.Money(n).String()
		}
	case v == "true" || v == "false":
		return uikit.YesNo(v == "true")
	case strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{"):
		return jsonValue(v)
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return fmtTime(t)
	}
	return uikit.FirstLine(v, 24)
}

// jsonValue shows rows as their number and a criterion as its rating and
// notes.
func jsonValue(v string) string {
	var rows []json.RawMessage
	if json.Unmarshal([]byte(v), &rows) == nil {
		return lang.L("history.rows", map[string]any{"N": len(rows)})
	}
	var r data.Rating
	if json.Unmarshal([]byte(v), &r) == nil && r.Rating != "" {
		return vocab("rating", r.Rating) + "，" + uikit.FirstLine(r.Notes, 20)
	}
	return uikit.FirstLine(v, 24)
}
