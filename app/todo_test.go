package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

func TestTodoShowsEachUserWhatWaitsForThem(t *testing.T) {
	f := newFixture(t)
	cs := f.addCases(t, 4, time.Hour)
	f.act(t, "staff", cs[0], data.ActSubmit, "")
	f.act(t, "staff", cs[1], data.ActSubmit, "")
	f.act(t, "head", cs[0], data.ActApprove, "同意")
	c := startClient(t, newTestApp(t), f.path, f.clock)

	for _, tc := range []struct {
		user     string
		want     []*data.Case
		expected string
	}{
		{"head", []*data.Case{cs[1]}, "同意"},
		{"sysadmin", []*data.Case{cs[0]}, "纳入评估"},
		{"staff", []*data.Case{cs[2], cs[3]}, "提交申请"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			s := signInAs(t, c, tc.user)
			tab := s.todo
			if len(tab.items) != len(tc.want) {
				t.Fatalf("%d cases waiting, want %d", len(tab.items), len(tc.want))
			}
			for i, w := range tc.want {
				if tab.items[i].ID != w.ID {
					t.Errorf("row %d is %s, want %s", i, tab.items[i].No, w.No)
				}
				if got := expectedText(&tab.items[i]); got != tc.expected {
					t.Errorf("row %d expects %q, want %q", i, got, tc.expected)
				}
			}
			if got := s.tabs.Items[0].Text; got != "待办（"+string(rune('0'+len(tc.want)))+"）" {
				t.Errorf("tab title %q", got)
			}
			test.Tap(s.header.switchUser)
			c.jobs.Wait()
		})
	}
}

func TestTodoSaysWhichRecordToFill(t *testing.T) {
	it := &data.TodoItem{Actions: []data.Action{data.ActApprove, data.ActReturn}, Forms: []data.Form{data.FormBackup}}
	if got, want := expectedText(it), "同意、退回；填写备份记录"; got != want {
		t.Errorf("expectedText = %q, want %q", got, want)
	}
}
