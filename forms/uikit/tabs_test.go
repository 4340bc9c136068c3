package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// caseTabTitles are the English titles of a case window's tabs.
var caseTabTitles = []string{"Request", "Dept. review", "Screening", "Assessment", "Leadership", "Plan",
	"Plan approval", "Implementation", "Tests & acceptance", "Rollback", "Registration", "Costs",
	"Training & evaluation", "Attachments", "History"}

func TestTabsWrapInsteadOfHidingTabs(t *testing.T) {
	w := newTestWindow(t)
	var items []*container.TabItem
	for _, title := range caseTabTitles {
		items = append(items, container.NewTabItem(title, widget.NewLabel("page "+title)))
	}
	tabs := NewTabs(items...)
	var heard []string
	tabs.OnSelected = func(it *container.TabItem) { heard = append(heard, it.Text) }
	w.SetContent(tabs)
	w.Resize(fyne.NewSize(600, 500))

	rows := map[float32]bool{}
	for i, b := range tabs.buttons {
		pos, size := b.Position(), b.Size()
		if !b.Visible() || size.Width < b.MinSize().Width || pos.X < 0 || pos.X+size.Width > tabs.Size().Width {
			t.Errorf("tab %q at %v, %v in a bar %v wide", caseTabTitles[i], pos, size, tabs.Size().Width)
		}
		rows[pos.Y] = true
	}
	if len(rows) < 2 {
		t.Errorf("%d row(s) of tabs in 600 units", len(rows))
	}
	page := items[0].Content
	if top := tabs.buttons[len(tabs.buttons)-1]; page.Position().Y < top.Position().Y+top.Size().Height {
		t.Errorf("the page at %v lies under the last row of tabs at %v", page.Position(), top.Position())
	}

	test.Tap(tabs.buttons[14])
	if tabs.Selected() != items[14] || len(heard) != 1 || heard[0] != "History" {
		t.Fatalf("after a tap on History: %q shown, heard %v", tabs.Selected().Text, heard)
	}
	if !items[14].Content.Visible() || items[0].Content.Visible() {
		t.Error("the page shown is not History's alone")
	}
	tabs.SelectIndex(14)
	if len(heard) != 1 {
		t.Errorf("selecting the tab shown was heard: %v", heard)
	}
	tabs.SetItems(items[:1])
	if tabs.Selected() != items[0] || heard[len(heard)-1] != "Request" {
		t.Errorf("after the items shrank: %q shown, heard %v", tabs.Selected().Text, heard)
	}
}
