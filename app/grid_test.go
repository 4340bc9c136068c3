package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

func TestColumnsFitTheWindow(t *testing.T) {
	natural := []float32{100, 200, 100}
	floor := []float32{60, 120, 60}
	for _, c := range []struct {
		avail float32
		want  []float32
	}{
		{600, []float32{100, 400, 100}}, // the title takes what is left
		{400, []float32{100, 200, 100}}, // everything at its width
		{350, []float32{100, 150, 100}}, // the title gives up width first
		{250, []float32{65, 120, 65}},   // then the others, down to their headings
		{100, []float32{60, 120, 60}},   // narrower than every heading: the table scrolls
	} {
		if got := fitWidths(natural, floor, 1, c.avail); !slices.Equal(got, c.want) {
			t.Errorf("in %v: %v, want %v", c.avail, got, c.want)
		}
	}
}

// TestEnglishListsShowWholeHeadings checks, in English in a window of a
// 1024-pixel screen, that no heading of a list is cut, nor a state name
// in the lists of cases and the statistics' chart.
func TestEnglishListsShowWholeHeadings(t *testing.T) {
	f := newFixture(t)
	cs := f.addCases(t, 30, 24*time.Hour)
	for _, c := range cs[:5] {
		f.act(t, "staff", c, data.ActSubmit, "")
	}
	a := newTestApp(t)
	must(t, uikit.SetLanguage(data.LangEN))
	t.Cleanup(func() { _ = uikit.SetLanguage(data.LangZH) })
	c := startClient(t, a, f.path, f.clock)
	s := signInAs(t, c, "admin")
	c.win.Resize(fyne.NewSize(1000, 660))
	for i := range s.tabs.Items {
		showTab(c, s, i)
		name := s.tabs.Items[i].Text
		walkObjects(s.tabs.Items[i].Content, func(o fyne.CanvasObject) {
			var l *widget.Label
			switch x := o.(type) {
			case *headerCell:
				l = x.label
			case *cell:
				if !strings.HasPrefix(x.label.Text, "In ") {
					return
				}
				l = x.label
			default:
				return
			}
			// The labels truncate, so their MinSize is that of "…".
			need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
			if l.Visible() && l.Text != "" && l.Size().Width > 0 && l.Size().Width < need {
				t.Errorf("%s: %q is %v wide, needs %v", name, l.Text, l.Size().Width, need)
			}
		})
	}
	showTab(c, s, 3)
	for _, x := range test.WidgetRenderer(s.stats.byState).(*barRenderer).shapes.labels {
		w := fyne.MeasureText(x.Text, x.TextSize, x.TextStyle).Width
		if strings.HasSuffix(x.Text, uikit.Ellipsis()) || w > x.Size().Width {
			t.Errorf("chart label %q, %v wide in %v", x.Text, w, x.Size().Width)
		}
	}
}

// TestAClickOnARowSelectsItAtOnceAndASecondOneOpensIt checks that a row's
// cell takes no double taps (Fyne would hold its taps back for the
// double-click time), that one click selects at once and that a second
// click on the same row within the double-click time opens it.
func TestAClickOnARowSelectsItAtOnceAndASecondOneOpensIt(t *testing.T) {
	_, c, ct := casesClient(t)
	g := ct.grid
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local)
	g.now = func() time.Time { return now }
	windows := func() int { return len(fyne.CurrentApp().Driver().AllWindows()) }
	before := windows()
	no := func(i int) string {
		r, ok := ct.pager.row(i)
		if !ok {
			t.Fatalf("row %d not loaded", i)
		}
		return r.No
	}
	click := func(i int) {
		clickRow(t, c, g, no(i))
		c.jobs.Wait()
	}

	walkObjects(g.table, func(o fyne.CanvasObject) {
		if _, ok := o.(*cell); ok {
			if _, ok := o.(fyne.DoubleTappable); ok {
				t.Fatal("the cells take double taps: Fyne then holds their taps back for the double-click time")
			}
		}
	})
	click(2)
	if g.selected != 2 || ct.open.Disabled() {
		t.Errorf("after one click: selected row %d, 打开 disabled %v", g.selected, ct.open.Disabled())
	}
	if windows() != before {
		t.Fatal("one click opened the case")
	}
	if c.win.Canvas().Focused() != g.keys {
		t.Errorf("the list has not the keyboard after a click: %T", c.win.Canvas().Focused())
	}

	now = now.Add(doubleClickTime() + time.Millisecond)
	click(2)
	if windows() != before {
		t.Fatal("a second click after the double-click time opened the case")
	}
	now = now.Add(doubleClickTime() / 2)
	click(3)
	if g.selected != 3 || windows() != before {
		t.Fatalf("a click on another row: selected %d, windows %d (was %d)", g.selected, windows(), before)
	}
	now = now.Add(doubleClickTime() / 2)
	click(3)
	if windows() != before+1 {
		t.Fatalf("a double click did not open the case: %d windows, was %d", windows(), before)
	}
	if g.selected != 3 {
		t.Errorf("the opened row is not selected: %d", g.selected)
	}
}

// TestMainWindowFitsA1024Screen checks, for an administrator (who sees
// every page of 设置) in both languages, that no tab of the main window,
// nor any page of 设置, needs more than the width of a 1024-pixel screen.
func TestMainWindowFitsA1024Screen(t *testing.T) {
	for _, l := range []string{data.LangZH, data.LangEN} {
		f := newFixture(t)
		a := newTestApp(t)
		must(t, uikit.SetLanguage(l))
		c := startClient(t, a, f.path, f.clock)
		s := signInAs(t, c, "admin")
		for i, it := range s.tabs.Items {
			showTab(c, s, i)
			if w := it.Content.MinSize().Width; w > 1024 {
				t.Errorf("%s: the tab %s needs %v pixels", l, it.Text, w)
			}
		}
		for _, it := range s.settings.build().inner.Items {
			s.settings.build().inner.Select(it)
			c.jobs.Wait()
			if w := s.settings.build().inner.MinSize().Width; w > 1024 {
				t.Errorf("%s: 设置 › %s needs %v pixels", l, it.Text, w)
			}
		}
		if w := c.win.Content().MinSize().Width; w > 1024 {
			t.Errorf("%s: the main window needs %v pixels", l, w)
		}
	}
	must(t, uikit.SetLanguage(data.LangZH))
}
