package forms

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// wheelTarget returns the object the mouse wheel at pos (absolute, on
// canvas c) goes to on the desktop: as the GLFW driver chooses it, the
// last object drawn under the mouse that scrolls.
func wheelTarget(c fyne.Canvas, pos fyne.Position) fyne.Scrollable {
	var found fyne.Scrollable
	var visit func(o fyne.CanvasObject, at fyne.Position)
	visit = func(o fyne.CanvasObject, at fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		size := o.Size()
		if pos.X < at.X || pos.Y < at.Y || pos.X >= at.X+size.Width || pos.Y >= at.Y+size.Height {
			return
		}
		if s, ok := o.(fyne.Scrollable); ok {
			found = s
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, ch := range x.Objects {
				visit(ch, at)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				visit(ch, at)
			}
		}
	}
	visit(c.Content(), fyne.NewPos(0, 0))
	return found
}

// TestWheelScrollsTheFormOverItsFields checks that the mouse wheel over a
// multi-line field whose text fits, and over a table, scrolls the form;
// over a field whose text is longer than it shows, the field.
func TestWheelScrollsTheFormOverItsFields(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	w := f.open("sysadmin", id)
	plan := w.forms[data.FormPlan]
	scroll := w.tabs.Items[5].Content.(*fyne.Container).Objects[0].(*container.Scroll)
	d := fyne.CurrentApp().Driver()
	wheel := func(o fyne.CanvasObject) {
		t.Helper()
		at := d.AbsolutePositionForObject(o).AddXY(20, 10)
		s := wheelTarget(w.win.Canvas(), at)
		if s == nil {
			t.Fatalf("nothing scrolls under %T", o)
		}
		s.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -30)})
	}
	for _, o := range []fyne.CanvasObject{plan.Entry("scope"), plan.Rows("milestones")} {
		before := scroll.Offset.Y
		wheel(o)
		if scroll.Offset.Y <= before {
			t.Errorf("the wheel over %T left the form at %v", o, scroll.Offset.Y)
		}
	}
	scope := plan.Entry("scope")
	long := ""
	for range 30 {
		long += "流通模块的挂失与续借。\n"
	}
	scope.SetText(long)
	before := scroll.Offset.Y
	wheel(scope)
	if scroll.Offset.Y != before {
		t.Errorf("the wheel over a field with more text than it shows scrolled the form")
	}
}
