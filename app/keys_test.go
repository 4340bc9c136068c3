package app

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
	"upgradedesk/forms/uikit/keytest"
)

// clickTarget returns the object a mouse click at pos (absolute, on the
// canvas c) goes to on the desktop: as the GLFW driver chooses it, the
// last object drawn under the mouse that takes taps, double taps, mouse
// buttons or the focus. Fyne's test driver looks for tappable objects
// only, so a focusable object lying over a list would take the desktop's
// clicks unnoticed by test.TapCanvas.
func clickTarget(c fyne.Canvas, pos fyne.Position) fyne.CanvasObject {
	var found fyne.CanvasObject
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		size := o.Size()
		if pos.X < at.X || pos.Y < at.Y || pos.X >= at.X+size.Width || pos.Y >= at.Y+size.Height {
			return
		}
		switch o.(type) {
		case fyne.Tappable, fyne.SecondaryTappable, fyne.DoubleTappable, fyne.Focusable, desktop.Mouseable:
			found = o
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, ch := range x.Objects {
				walk(ch, at)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				walk(ch, at)
			}
		}
	}
	walk(c.Content(), fyne.NewPos(0, 0))
	return found
}

// clickRow clicks the middle of the cell showing text as the desktop
// delivers the click, and fails when the click would not reach the cell.
func clickRow[T any](t *testing.T, c *Client, g *grid[T], text string) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	var found *cell
	walkObjects(g.table, func(o fyne.CanvasObject) {
		if cl, ok := o.(*cell); ok && found == nil && cl.Visible() && cl.label.Text == text {
			found = cl
		}
	})
	if found == nil {
		t.Fatalf("no cell shows %q", text)
	}
	at := d.AbsolutePositionForObject(found).AddXY(found.Size().Width/2, found.Size().Height/2)
	if target := clickTarget(c.win.Canvas(), at); target != found {
		t.Fatalf("a click on %q goes to %T, not to its cell", text, target)
	}
	test.Tap(found)
}

// caseWindowOpen reports whether a window of case no is open.
func caseWindowOpen(no string) bool {
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		if strings.HasPrefix(strings.TrimPrefix(w.Title(), "* "), no+" ") {
			return true
		}
	}
	return false
}

func TestListsAnswerTheKeyboard(t *testing.T) {
	f, c, ct := casesClient(t)
	cv := c.win.Canvas()
	row := func(t *testing.T, i int) data.CaseRow {
		// A row not read yet is asked for by looking at it, and is there
		// once the reads in the background are done.
		r, ok := ct.pager.row(i)
		if !ok {
			c.jobs.Wait()
			r, ok = ct.pager.row(i)
		}
		if !ok {
			t.Fatalf("row %d not loaded", i)
		}
		return *r
	}

	// Fyne's test driver hands an object the canvas of the window opened
	// last, so the keys that open case windows come last.
	t.Run("Ctrl+F finds cases from another tab", func(t *testing.T) {
		s := c.sess
		s.tabs.SelectIndex(0)
		c.jobs.Wait()
		cv.Unfocus()
		keytest.Ctrl(cv, fyne.KeyF)
		if s.tabs.Selected() != ct.item || cv.Focused() != ct.text {
			t.Errorf("Ctrl+F showed %q with the focus on %T", s.tabs.Selected().Text, cv.Focused())
		}
	})
	t.Run("F5 reads the list again", func(t *testing.T) {
		other, err := data.Open(f.path, data.Options{Now: f.clock.now})
		must(t, err)
		defer other.Close()
		staff, err := other.Login("staff", testPassword)
		must(t, err)
		must(t, other.NewCase(staff, f.newCase(301)))
		if got := ct.total.Text; got != "共 300 件" {
			t.Fatalf("count %q before F5", got)
		}
		keytest.Press(cv, fyne.KeyF5)
		c.jobs.Wait()
		if got := ct.total.Text; got != "共 301 件" {
			t.Errorf("count %q after F5", got)
		}
	})
	t.Run("a click selects the row and gives the list the keyboard", func(t *testing.T) {
		clickRow(t, c, ct.grid, row(t, 1).No)
		if ct.grid.selected != 1 || cv.Focused() != ct.grid.keys {
			t.Fatalf("selected %d, focus on %T", ct.grid.selected, cv.Focused())
		}
		if ct.grid.keys.ring.StrokeColor == color.Transparent || !ct.grid.keys.ring.Visible() {
			t.Error("no ring around the focused list")
		}
	})
	t.Run("the arrows move the selection, Enter opens it", func(t *testing.T) {
		keytest.Press(cv, fyne.KeyDown)
		keytest.Press(cv, fyne.KeyDown)
		keytest.Press(cv, fyne.KeyUp)
		if ct.grid.selected != 2 {
			t.Fatalf("selected %d after Down, Down, Up from 1", ct.grid.selected)
		}
		no := row(t, 2).No
		keytest.Press(cv, fyne.KeyReturn)
		c.jobs.Wait()
		if !caseWindowOpen(no) {
			t.Errorf("Enter did not open %s", no)
		}
	})
	t.Run("Enter with nothing focused opens the selected case", func(t *testing.T) {
		keytest.Press(cv, fyne.KeyEnd)
		no := row(t, ct.grid.selected).No
		cv.Unfocus()
		keytest.Press(cv, fyne.KeyReturn)
		c.jobs.Wait()
		if !caseWindowOpen(no) {
			t.Errorf("Enter did not open %s", no)
		}
	})
}
