package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// standInsOf shows 设置 and returns the stand-ins list of the session.
func standInsOf(t *testing.T, c *Client, s *session) *masterList[standInRow] {
	t.Helper()
	showTab(c, s, 4)
	return s.settings.build().standIns.list
}

// pick chooses the option labelled label in the form row key.
func pick(t *testing.T, b *binder, key, label string) {
	t.Helper()
	d, ok := b.byKey[key].(*uikit.Dropdown)
	if !ok {
		t.Fatalf("no drop-down %s", key)
	}
	d.SetSelected(label)
	if d.Selected != label {
		t.Fatalf("%s has no option %q: %v", key, label, d.Options)
	}
}

// inputOf returns the entry of the form row key: the entry itself, or the
// one inside a date field.
func inputOf(t *testing.T, b *binder, key string) *uikit.Entry {
	t.Helper()
	var e *uikit.Entry
	walkObjects(b.byKey[key], func(o fyne.CanvasObject) {
		if x, ok := o.(*uikit.Entry); ok && e == nil {
			e = x
		}
	})
	if e == nil {
		t.Fatalf("no entry %s", key)
	}
	return e
}

// topMessage returns the text of the dialog on top of the window.
func topMessage(c *Client) string {
	top := c.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return strings.Join(labelTexts(top), "\n")
}

// tapDialogButton taps the button labelled text in the dialog on top.
func tapDialogButton(t *testing.T, c *Client, text string) {
	t.Helper()
	var found *uikit.Button
	if top := c.win.Canvas().Overlays().Top(); top != nil {
		walkObjects(top, func(o fyne.CanvasObject) {
			if b, ok := o.(*uikit.Button); ok && b.Text == text && found == nil {
				found = b
			}
		})
	}
	if found == nil {
		t.Fatalf("no button %q in %q", text, topMessage(c))
	}
	test.Tap(found)
}

// formProblem returns what the open form dialog of m says is wrong.
func formProblem[T any](m *masterList[T]) string {
	if m.dialog == nil || !m.dialog.Problem.Visible() {
		return ""
	}
	return m.dialog.Problem.Text
}

func TestStaffNamesTheirOwnStandIn(t *testing.T) {
	f, c, s := clientAs(t, "staff")
	list := standInsOf(t, c, s)
	if len(list.adders) != 0 {
		t.Error("staff may name the stand-ins of roles")
	}
	test.Tap(list.add)
	b := list.form
	if l, ok := b.byKey["field.principal"].(*widget.Label); !ok || l.Text != "张丽（本人）" {
		t.Fatalf("the person stood in for is not fixed to the user: %#v", b.byKey["field.principal"])
	}
	pick(t, b, "field.stand_in", "刘洋（流通部）")
	inputOf(t, b, "field.substitute_from").SetText("2025-04-07")
	inputOf(t, b, "field.substitute_to").SetText("")
	test.Type(inputOf(t, b, "field.substitute_reason"), "年假")
	test.Tap(list.dialog.OK)
	c.jobs.Wait()
	if got := formProblem(list); got != "为个人指定代理时，请填写开始和结束日期。" {
		t.Errorf("without an end date the form says %q", got)
	}
	inputOf(t, b, "field.substitute_to").SetText("2025-04-03")
	test.Tap(list.dialog.OK)
	c.jobs.Wait()
	if got := formProblem(list); !strings.Contains(got, "结束日期") || !strings.Contains(got, "开始日期") {
		t.Errorf("an end before the start: %q", got)
	}
	inputOf(t, b, "field.substitute_to").SetText("2025-04-11")
	test.Tap(list.dialog.OK)
	c.jobs.Wait()

	subs, err := f.store.Substitutes()
	must(t, err)
	if len(subs) != 1 {
		t.Fatalf("%d substitutions saved", len(subs))
	}
	sub := subs[0]
	if sub.PrincipalID != f.users["staff"].ID || sub.StandInID != f.users["head"].ID || sub.StartsOn != "2025-04-07" ||
		sub.EndsOn != "2025-04-11" || sub.Reason != "年假" || sub.Role != "" {
		t.Errorf("saved %+v", sub)
	}
	if len(list.rows) != 1 || list.rows[0].For != "张丽" || list.rows[0].StandIn != "刘洋" {
		t.Errorf("listed %+v", list.rows)
	}
	if got := standInState(&sub, "2025-04-01"); got != "未开始" {
		t.Errorf("state before the absence %q", got)
	}
}

func TestStandInRefusedByTheStoreSaysWhy(t *testing.T) {
	_, c, s := clientAs(t, "staff")
	list := standInsOf(t, c, s)
	test.Tap(list.add)
	b := list.form
	pick(t, b, "field.stand_in", "张丽（流通部）") // herself
	inputOf(t, b, "field.substitute_to").SetText("2025-04-11")
	test.Tap(list.dialog.OK)
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "代理人不能是被代理人本人。") {
		t.Errorf("message %q", got)
	}
	if len(list.rows) != 0 {
		t.Errorf("listed %+v", list.rows)
	}
}

func TestAdministratorNamesStandInsOfRolesAndOthersSeeOnlyTheirOwn(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	list := standInsOf(t, c, s)
	if len(list.adders) != 1 {
		t.Fatal("no 新建角色代理 for the administrator")
	}
	test.Tap(list.adders[0])
	b := list.form
	pick(t, b, "field.substitute_role", "部门负责人")
	pick(t, b, "field.substitute_department", "流通部")
	pick(t, b, "field.stand_in", "李明（信息管理部）")
	test.Tap(list.dialog.OK)
	c.jobs.Wait()

	test.Tap(list.add)
	b = list.form
	pick(t, b, "field.principal", "刘洋（流通部）")
	pick(t, b, "field.stand_in", "李明（信息管理部）")
	inputOf(t, b, "field.substitute_from").SetText("2025-04-01")
	inputOf(t, b, "field.substitute_to").SetText("2025-04-04")
	test.Tap(list.dialog.OK)
	c.jobs.Wait()
	if len(list.rows) != 2 {
		t.Fatalf("the administrator lists %+v", list.rows)
	}
	fors := []string{list.rows[0].For, list.rows[1].For}
	if !strings.Contains(strings.Join(fors, "|"), "部门负责人（流通部）") || !strings.Contains(strings.Join(fors, "|"), "刘洋") {
		t.Errorf("named %v", fors)
	}

	// The member of staff sees neither; the head sees his own absence,
	// not the role's stand-in, and the stand-in sees both he stands in.
	for _, tc := range []struct {
		user string
		want int
	}{{"staff", 0}, {"head", 1}, {"sysadmin", 2}} {
		ss := f.sess(f.users[tc.user]).User()
		rows, _, err := loadStandIns(f.store, ss)
		must(t, err)
		if len(rows) != tc.want {
			t.Errorf("%s sees %d substitutions, want %d", tc.user, len(rows), tc.want)
		}
	}
	// The head may change his own absence but not the role's stand-in.
	spec := standInSpec(&session{c: c, user: f.users["head"]})
	for _, r := range list.rows {
		if got, want := spec.editable(&r), r.Role == ""; got != want {
			t.Errorf("the head may edit %s: %v", r.For, got)
		}
	}
	// Deleting the absence.
	for i, r := range list.rows {
		if r.Role == "" {
			list.grid.selectRow(i)
		}
	}
	sel, _ := list.grid.selectedRow()
	deleteStandIn(list, *sel)
	tapDialogButton(t, c, "删除")
	c.jobs.Wait()
	subs, err := f.store.Substitutes()
	must(t, err)
	if len(subs) != 1 || subs[0].Role != data.RoleDeptHead {
		t.Errorf("after deleting the absence: %+v", subs)
	}
}
