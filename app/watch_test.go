package app

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

func TestWatcherReportsGrowthAndOutages(t *testing.T) {
	seq, fail := int64(5), error(nil)
	changes := 0
	var status []error
	w := newWatcher(func() (int64, error) { return seq, fail }, nil, func() { changes++ },
		func(err error) { status = append(status, err) })
	steps := []struct {
		name    string
		seq     int64
		fail    error
		changed bool
	}{
		{"the first poll only records", 5, nil, false},
		{"no write, no change", 5, nil, false},
		{"a write elsewhere is a change", 7, nil, true},
		{"an outage is no change", 7, errors.New("share gone"), false},
		{"back with more writes", 9, nil, true},
	}
	for _, st := range steps {
		seq, fail = st.seq, st.fail
		if got := w.tick(); got != st.changed {
			t.Errorf("%s: tick = %v", st.name, got)
		}
	}
	if changes != 2 {
		t.Errorf("%d changes reported, want 2", changes)
	}
	if len(status) != 2 || status[0] == nil || status[1] != nil {
		t.Errorf("status reports %v, want the outage then its end", status)
	}
}

func TestWatcherPicksUpACaseFiledOnAnotherPC(t *testing.T) {
	f, c, s := clientAs(t, "head")
	if len(s.todo.items) != 0 {
		t.Fatalf("%d cases waiting before", len(s.todo.items))
	}
	// Another PC: a second connection to the same file.
	other, err := data.Open(f.path, data.Options{Now: f.clock.now})
	must(t, err)
	defer other.Close()
	staff, err := other.Login("staff", testPassword)
	must(t, err)
	nc := f.newCase(1)
	must(t, other.NewCase(staff, nc))
	_, err = other.Act(staff, data.ActionRequest{CaseID: nc.ID, Action: data.ActSubmit})
	must(t, err)

	want := &fyne.Notification{Title: "升级报备台：新的待办", Content: nc.No + " " + nc.Title + "\n等待您处理：同意"}
	test.AssertNotificationSent(t, want, func() {
		if !s.watch.tick() {
			t.Error("the change was not noticed")
		}
		c.jobs.Wait()
	})
	if len(s.todo.items) != 1 || s.todo.items[0].ID != nc.ID {
		t.Fatalf("todo %+v", s.todo.items)
	}
	if s.watch.tick() {
		t.Error("a change reported twice")
	}
	s.tabs.SelectIndex(1)
	c.jobs.Wait()
	if got := s.list.total.Text; got != "共 1 件" {
		t.Errorf("case list shows %q", got)
	}
}

// TestWatcherTakesNoOwnWriteForAChange checks that the client does not read
// everything again after its own saves, which it shows already, and still
// notices another PC's writes made in between.
func TestWatcherTakesNoOwnWriteForAChange(t *testing.T) {
	f, c, s := clientAs(t, "staff")
	mine := f.newCase(1)
	must(t, s.store.NewCase(s.login, mine)) // as a case window saves
	if s.watch.tick() {
		t.Error("the client's own write was taken for another PC's")
	}

	other, err := data.Open(f.path, data.Options{Now: f.clock.now})
	must(t, err)
	defer other.Close()
	staff, err := other.Login("staff", testPassword)
	must(t, err)
	must(t, other.NewCase(staff, f.newCase(2)))
	mine.Title = "改过的标题"
	must(t, s.store.SaveRequest(s.login, mine))
	if !s.watch.tick() {
		t.Error("another PC's write between two of the client's went unnoticed")
	}
	c.jobs.Wait()
	mine.Title = "又改了一次"
	must(t, s.store.SaveRequest(s.login, mine))
	if s.watch.tick() {
		t.Error("the client's own write was taken for another PC's")
	}
}
