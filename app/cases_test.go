package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"upgradedesk/data"
)

// casesClient is a client signed in as the administrator on 300 cases,
// ten of them submitted, showing 升级事项.
func casesClient(t *testing.T) (*fixture, *Client, *casesTab) {
	t.Helper()
	f := newFixture(t)
	cs := f.addCases(t, 300, 3*time.Hour)
	for _, c := range cs[:10] {
		f.act(t, "staff", c, data.ActSubmit, "")
	}
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "admin")
	c.win.Resize(fyne.NewSize(1100, 680))
	s.tabs.SelectIndex(1)
	c.jobs.Wait()
	return f, c, s.list
}

// tapHeading taps the heading of column col of g, which must not lie
// after the stretching column.
func tapHeading[T any](c *Client, g *grid[T], col int) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(g.table)
	x := float32(10)
	for i := range col {
		x += g.cols[i].width + theme.Padding()
	}
	test.TapCanvas(c.win.Canvas(), pos.AddXY(x, 10))
	c.jobs.Wait()
}

// visibleTitles returns the titles of the first n rows.
func visibleTitles(t *casesTab, n int) []string {
	var out []string
	for i := range n {
		if r, ok := t.pager.row(i); ok {
			out = append(out, r.Title)
		}
	}
	return out
}

func TestCaseListLoadsOnlyThePagesInView(t *testing.T) {
	_, c, ct := casesClient(t)
	if got := ct.total.Text; got != "共 300 件" {
		t.Errorf("count = %q", got)
	}
	if got := ct.pager.loadedPages(); !slices.Equal(got, []int{0}) {
		t.Errorf("pages loaded at the top: %v", got)
	}
	ct.grid.table.ScrollToBottom()
	c.jobs.Wait()
	if got := ct.pager.loadedPages(); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("pages loaded at the bottom: %v, want the first and the last", got)
	}
	if r, ok := ct.pager.row(299); !ok || r.No != "SJ-2025-0001" {
		t.Errorf("last row %+v, want the oldest case", r)
	}
}

func TestCaseListSortsByTheTappedColumn(t *testing.T) {
	f, c, ct := casesClient(t)
	want := func(desc bool) string {
		rows, _, err := f.store.ListCases(data.CaseFilter{Sort: "title", Desc: desc, Limit: 1})
		must(t, err)
		return rows[0].Title
	}
	tapHeading(c, ct.grid, 1)
	if got := visibleTitles(ct, 1); len(got) != 1 || got[0] != want(false) {
		t.Errorf("first row after sorting by title: %v, want %q", got, want(false))
	}
	tapHeading(c, ct.grid, 1)
	if got := visibleTitles(ct, 1); len(got) != 1 || got[0] != want(true) {
		t.Errorf("first row after sorting the other way: %v, want %q", got, want(true))
	}
	if f := ct.pager.currentFilter(); f.Sort != "title" || !f.Desc {
		t.Errorf("filter %+v", f)
	}
}

func TestCaseListFilters(t *testing.T) {
	f, c, ct := casesClient(t)
	t.Run("by state", func(t *testing.T) {
		ct.state.SetSelected("部门审核中")
		c.jobs.Wait()
		if got := ct.total.Text; got != "共 10 件" {
			t.Errorf("count = %q", got)
		}
		for i := range 10 {
			if r, ok := ct.pager.row(i); !ok || r.State != data.StateDeptReview {
				t.Fatalf("row %d = %+v", i, r)
			}
		}
	})
	t.Run("by Chinese text", func(t *testing.T) {
		test.Tap(ct.clear)
		test.Type(ct.text, "二维码")
		c.jobs.Wait()
		if got := ct.total.Text; got != "共 43 件" {
			t.Errorf("count = %q", got)
		}
		for _, title := range visibleTitles(ct, 43) {
			if !strings.Contains(title, "二维码") {
				t.Fatalf("row %q does not match", title)
			}
		}
	})
	t.Run("by system and dates", func(t *testing.T) {
		test.Tap(ct.clear)
		ct.system.setValue(f.systems[0].ID)
		// Cases are filed every 3 hours from 2025-04-01 09:00: 8 a day.
		ct.from.entry.SetText("2025-04-02")
		ct.to.entry.SetText("2025-04-03")
		c.jobs.Wait()
		want, _, err := f.store.ListCases(data.CaseFilter{SystemID: f.systems[0].ID, From: "2025-04-02", To: "2025-04-03"})
		must(t, err)
		if n := ct.pager.count(); n != len(want) || n == 0 {
			t.Errorf("%d rows, want %d", n, len(want))
		}
	})
	t.Run("clearing shows every case", func(t *testing.T) {
		test.Tap(ct.clear)
		c.jobs.Wait()
		if got := ct.total.Text; got != "共 300 件" {
			t.Errorf("count = %q", got)
		}
	})
}
