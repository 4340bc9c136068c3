package forms

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// decisionTab shows the decisions given in one stage of the procedure
// (name, role, decision, opinion, time, signed on paper) and, while the
// case is in that stage, the actions the user may take there.
type decisionTab struct {
	w     *caseWindow
	state data.State

	About         *widget.Label
	Decisions     *uikit.Rows
	Status        *widget.Label
	Actions       *fyne.Container
	ActionButtons map[data.Action]*uikit.Button
	box           fyne.CanvasObject
}

func newDecisionTab(w *caseWindow, st data.State) *decisionTab {
	t := &decisionTab{w: w, state: st, ActionButtons: map[data.Action]*uikit.Button{}}
	t.About = widget.NewLabel(vocab("decisions.about", string(st)))
	t.About.Wrapping = fyne.TextWrapWord
	t.Decisions = uikit.NewRows(w.win, lang.L("decisions.one"),
		uikit.Column{Spec: uikit.Spec{Label: lang.L("decisions.name")}, Width: 140}, // "冯志远 代 刘洋" for a stand-in
		uikit.Column{Spec: uikit.Spec{Label: lang.L("decisions.role")}, Width: roleWidth(110)},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("decisions.decision")}, Width: 100},
		uikit.Column{Spec: uikit.Spec{Label: fieldLabel("opinion")}, Kind: uikit.LongTextColumn, Width: 290},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("decisions.time")}, Width: 140},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("decisions.paper")}, Kind: uikit.CheckColumn, Width: 80})
	t.Decisions.SetReadOnly(true)
	t.Status = widget.NewLabel("")
	t.Actions = container.NewHBox()
	t.box = container.NewVBox(t.About, t.Decisions, t.Status, t.Actions)
	return t
}

func (t *decisionTab) content() fyne.CanvasObject { return t.box }

func (t *decisionTab) title() string { return vocab("decisions.title", string(t.state)) }

// load shows the stage's decisions and, in the stage, the user's actions.
func (t *decisionTab) load(cd *caseData) {
	var rows [][]string
	for _, d := range cd.d.Decisions {
		if d.FromState == t.state {
			opinion := d.Opinion
			if d.Warning != "" { // gone on with, in spite of the conflicts
				opinion = strings.TrimSpace(opinion + "\n" + lang.L("decisions.warned") + "\n" + d.Warning)
			}
			rows = append(rows, []string{d.ActorText(uikit.Language()), lang.L(d.ActorRole.LabelKey()), lang.L(d.LabelKey()),
				opinion, fmtTime(d.At), strconv.FormatBool(d.PaperSigned)})
		}
	}
	t.Decisions.SetRows(rows)
	t.loadActions(cd)
	t.Status.Importance = widget.MediumImportance
	if cd.c().State == t.state && cd.next != nil && cd.next.Stuck {
		t.Status.Importance = widget.DangerImportance
	}
	t.Status.SetText(t.statusText(cd, len(rows)))
	if cd.d.Plan != nil && t.state == data.StatePlanApproval {
		t.About.SetText(lang.L("decisions.about.plan_approval") + "\n" +
			lang.L("decisions.budget", map[string]any{"Budget": cd.d.Plan.Budget().String()}))
	}
}

// statusText says whether the stage is under way, over or to come; under
// way, whether it waits for the user, or else who may decide and why the
// user may not (as the header says it).
func (t *decisionTab) statusText(cd *caseData, n int) string {
	mine := len(t.ActionButtons) > 0
	if cd.next != nil {
		mine = len(cd.next.Mine) > 0
	}
	switch {
	case cd.c().State == t.state && mine:
		return lang.L("decisions.your_turn")
	case cd.c().State == t.state:
		if text, _ := nextText(cd.next, t.state); text != "" {
			return text
		}
		return lang.L("decisions.waiting_others")
	case n == 0:
		return lang.L("decisions.none")
	}
	return ""
}

// loadActions shows the actions of the stage the user may take now.
func (t *decisionTab) loadActions(cd *caseData) {
	t.Actions.RemoveAll()
	t.ActionButtons = map[data.Action]*uikit.Button{}
	if cd.c().State != t.state {
		return
	}
	for _, a := range sortActions(cd.actions) {
		if a == data.ActCancel || a == data.ActRollback {
			continue
		}
		b := t.w.actionButton(a)
		t.ActionButtons[a] = b
		t.Actions.Add(b)
	}
	t.Actions.Refresh()
}

// roleWidth is the width of a column of role names: least, or that of the
// longest name in the current language.
func roleWidth(least float32) float32 {
	names := make([]string, len(data.AllRoles))
	for i, r := range data.AllRoles {
		names[i] = lang.L(r.LabelKey())
	}
	return max(least, uikit.CellWidth(false, names...))
}
