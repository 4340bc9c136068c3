package uikit

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// riskColumns are the columns of the tests' rows: a required text, a
// choice, a yes/no and a note shown in the dialog only.
var riskColumns = []Column{
	{Spec: Spec{Key: "risk", Label: "风险", Required: true}, Width: 200},
	{Spec: Spec{Key: "likelihood", Label: "可能性"}, Kind: ChoiceColumn, List: "likelihood", Width: 80, Default: "medium"},
	{Spec: Spec{Key: "handled", Label: "已处理"}, Kind: CheckColumn, Width: 60},
	{Spec: Spec{Key: "notes", Label: "备注", Valid: data.ValidText}, Kind: LongTextColumn},
}

func TestRowsEditInMemory(t *testing.T) {
	w := newTestWindow(t)
	r := NewRows(w, "风险", riskColumns...)
	changes := 0
	r.OnChanged = func() { changes++ }
	w.SetContent(r)

	test.Tap(r.AddButton)
	d := r.Dialog
	test.Tap(d.OK)
	if r.Dialog == nil || !strings.Contains(d.Problem.Text, "风险：必填") {
		t.Fatalf("a row without its required value was accepted: %q", d.Problem.Text)
	}
	test.Type(d.Entry("risk"), "数据迁移失败")
	d.Check("handled").SetChecked(true)
	test.Type(d.Entry("notes"), "先在测试机演练")
	test.Tap(d.OK)
	if r.Dialog != nil || changes != 1 {
		t.Fatalf("row not added (%d changes)", changes)
	}
	if got := r.Rows(); len(got) != 1 || strings.Join(got[0], "|") != "数据迁移失败|medium|true|先在测试机演练" {
		t.Fatalf("rows %q", got)
	}
	if r.cell(0, 1) != "中" || r.cell(0, 2) != "是" {
		t.Errorf("cells show %q %q", r.cell(0, 1), r.cell(0, 2))
	}

	r.Select(0)
	test.Tap(r.EditButton)
	r.Dialog.Choice("likelihood").SetValue("high")
	test.Tap(r.Dialog.OK)
	if r.Rows()[0][1] != "high" || changes != 2 {
		t.Errorf("edit gave %q", r.Rows()[0])
	}
	if r.Text() != "1. 数据迁移失败；高；是；先在测试机演练" {
		t.Errorf("text %q", r.Text())
	}

	r.Select(0)
	test.Tap(r.RemoveButton)
	yes := buttonIn(w, "删除")
	if yes == nil {
		t.Fatal("removing did not ask first")
	}
	test.Tap(yes)
	if r.Len() != 0 || changes != 3 {
		t.Errorf("%d rows left", r.Len())
	}
}

func TestRowsSavedOneByOne(t *testing.T) {
	w := newTestWindow(t)
	r := NewRows(w, "风险", riskColumns...)
	w.SetContent(r)
	var saved [][]string
	refuse := errors.New("database locked")
	r.Save = func(row int, vals []string, done func(error)) {
		if len(saved) == 0 && refuse != nil {
			done(refuse)
			refuse = nil
			return
		}
		saved = append(saved, vals)
		done(nil)
	}
	deleted := -1
	r.Delete = func(row int, done func(error)) { deleted = row; done(nil) }

	test.Tap(r.AddButton)
	d := r.Dialog
	test.Type(d.Entry("risk"), "停机超时")
	test.Tap(d.OK)
	if r.Dialog == nil || d.Problem.Text == "" || d.Entry("risk").Text != "停机超时" {
		t.Fatal("a refused save closed the dialog or lost the text")
	}
	test.Tap(d.OK)
	if r.Dialog != nil || len(saved) != 1 || saved[0][0] != "停机超时" {
		t.Fatalf("saved %q", saved)
	}
	if r.Len() != 0 {
		t.Error("a stored row was also kept in memory; the owner reloads it")
	}
	r.SetRows(saved)
	r.Select(0)
	test.Tap(r.RemoveButton)
	test.Tap(buttonIn(w, "删除"))
	if deleted != 0 {
		t.Error("Delete was not called")
	}
}

func TestRowsReadOnly(t *testing.T) {
	w := newTestWindow(t)
	r := NewRows(w, "风险", riskColumns...)
	w.SetContent(r)
	r.SetRows([][]string{{"数据迁移失败", "low", "false", "很长的说明"}})
	r.SetReadOnly(true)
	if r.AddButton.Visible() || r.RemoveButton.Visible() || r.EditButton.Text != "查看" {
		t.Fatal("a read-only table offers changes")
	}
	r.Select(0)
	test.Tap(r.EditButton)
	d := r.Dialog
	if d == nil || !d.Entry("notes").Disabled() || d.Entry("notes").Text != "很长的说明" {
		t.Fatal("viewing a row does not show it locked")
	}
	test.Tap(d.Cancel)
	if r.Dialog != nil {
		t.Error("the view did not close")
	}
}
