package uikit

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit/keytest"
)

// keyWindow is a window with the client's keys and a button to put the
// focus on, and what its window keys did.
func keyWindow(t *testing.T) (fyne.Window, *windowKeysSeen) {
	t.Helper()
	w := newTestWindow(t)
	seen := &windowKeysSeen{}
	InstallKeys(w, WindowKeys{Enter: func() { seen.enter++ }, Save: func() { seen.save++ },
		Find: func() { seen.find++ }, Refresh: func() { seen.refresh++ }})
	return w, seen
}

type windowKeysSeen struct{ enter, save, find, refresh int }

// formDialog opens a dialog of a one-line and a multi-line entry, the
// first required, over w and reports what its callback heard.
func formDialog(w fyne.Window) (*FormDialog, *Entry, *Entry, *[]bool) {
	line := NewEntry(Spec{Required: true})
	lines := NewEntry(Spec{Lines: 3})
	var heard []bool
	d := NewFormDialog("测试", "保存", []*widget.FormItem{widget.NewFormItem("名称", line),
		widget.NewFormItem("说明", lines)}, func(ok bool) { heard = append(heard, ok) }, w)
	d.Show()
	return d, line, lines, &heard
}

func TestEscCancelsEveryDialog(t *testing.T) {
	w, _ := keyWindow(t)
	c := w.Canvas()
	t.Run("confirmation, nothing focused", func(t *testing.T) {
		dismissed := 0
		ShowConfirm(w, ConfirmSpec{Title: "删除", Message: "删除吗？", Confirm: "删除",
			OnConfirm: func() { t.Error("Esc confirmed") }, OnDismiss: func() { dismissed++ }})
		c.Unfocus()
		keytest.Press(c, fyne.KeyEscape)
		if dismissed != 1 || c.Overlays().Top() != nil {
			t.Errorf("dismissed %d times, dialog open: %v", dismissed, c.Overlays().Top() != nil)
		}
	})
	t.Run("form, from an entry", func(t *testing.T) {
		_, line, _, heard := formDialog(w)
		test.Type(line, "abc")
		keytest.Press(c, fyne.KeyEscape)
		if len(*heard) != 1 || (*heard)[0] || c.Overlays().Top() != nil {
			t.Errorf("callback heard %v", *heard)
		}
	})
	t.Run("form, from a check box and a button", func(t *testing.T) {
		check := NewCheck("已验证", nil)
		button := NewButton("浏览…", nil)
		var heard []bool
		d := NewFormDialog("测试", "确定", []*widget.FormItem{widget.NewFormItem("", check),
			widget.NewFormItem("", button)}, func(ok bool) { heard = append(heard, ok) }, w)
		d.Show()
		c.Focus(button)
		keytest.Press(c, fyne.KeyEscape)
		if len(heard) != 1 || heard[0] {
			t.Errorf("Esc on a button: callback heard %v", heard)
		}
		d.Show()
		c.Focus(check)
		keytest.Press(c, fyne.KeyEscape)
		if len(heard) != 2 || heard[1] {
			t.Errorf("Esc on a check box: callback heard %v", heard)
		}
	})
	t.Run("file dialog", func(t *testing.T) {
		calls := 0
		AskSaveFile(w, FileSpec{Name: "a.pdf"}, func(wr fyne.URIWriteCloser, err error) {
			calls++
			if wr != nil || err != nil {
				t.Errorf("Esc gave %v, %v", wr, err)
			}
		})
		keytest.Press(c, fyne.KeyEscape)
		if calls != 1 || c.Overlays().Top() != nil {
			t.Errorf("callback called %d times, dialog open: %v", calls, c.Overlays().Top() != nil)
		}
	})
	t.Run("a pop-up list", func(t *testing.T) {
		d := NewDropdown([]string{"甲", "乙"}, nil)
		w.SetContent(container.NewVBox(d))
		d.Open()
		if !d.IsOpen() {
			t.Fatal("the list did not open")
		}
		keytest.Press(c, fyne.KeyEscape)
		if d.IsOpen() || c.Focused() != d {
			t.Errorf("list open %v, focus on %v", d.IsOpen(), c.Focused())
		}
	})
}

func TestEnterConfirmsDialogs(t *testing.T) {
	w, seen := keyWindow(t)
	c := w.Canvas()
	t.Run("from a one-line entry", func(t *testing.T) {
		_, line, _, heard := formDialog(w)
		keytest.Press(c, fyne.KeyReturn)
		if len(*heard) != 0 || c.Overlays().Top() == nil {
			t.Fatal("Enter confirmed a form missing a required field")
		}
		test.Type(line, "abc")
		keytest.Press(c, fyne.KeyEnter)
		if len(*heard) != 1 || !(*heard)[0] {
			t.Errorf("callback heard %v", *heard)
		}
	})
	t.Run("Ctrl+Enter from a multi-line entry; Enter starts a new line", func(t *testing.T) {
		_, line, lines, heard := formDialog(w)
		test.Type(line, "abc")
		c.Focus(lines)
		test.Type(lines, "第一行")
		keytest.Press(c, fyne.KeyReturn)
		test.Type(lines, "第二行")
		if len(*heard) != 0 || lines.Text != "第一行\n第二行" {
			t.Fatalf("Enter in a multi-line entry: heard %v, text %q", *heard, lines.Text)
		}
		keytest.Ctrl(c, fyne.KeyReturn)
		if len(*heard) != 1 || !(*heard)[0] {
			t.Errorf("callback heard %v", *heard)
		}
	})
	t.Run("nothing focused, a message", func(t *testing.T) {
		closed := 0
		ShowInfo(w, "完成", "已保存。", func() { closed++ })
		c.Unfocus()
		keytest.Press(c, fyne.KeyReturn)
		if closed != 1 || c.Overlays().Top() != nil {
			t.Errorf("closed %d times", closed)
		}
	})
	t.Run("a focused button is pressed", func(t *testing.T) {
		pressed := 0
		b := NewButton("打开", func() { pressed++ })
		w.SetContent(b)
		c.Focus(b)
		keytest.Press(c, fyne.KeyReturn)
		if pressed != 1 || seen.enter != 0 {
			t.Errorf("pressed %d times, window's Enter %d times", pressed, seen.enter)
		}
	})
	t.Run("no dialog: the window's Enter", func(t *testing.T) {
		w.SetContent(widget.NewLabel(""))
		c.Unfocus()
		keytest.Press(c, fyne.KeyReturn)
		if seen.enter != 1 {
			t.Errorf("window's Enter ran %d times", seen.enter)
		}
	})
}

func TestWindowShortcutsWorkFromAnyField(t *testing.T) {
	w, seen := keyWindow(t)
	c := w.Canvas()
	line, lines := NewLineEntry(), NewMultiLineEntry()
	check, choice := NewCheck("是", nil), NewChoice("urgency", data.Urgencies)
	w.SetContent(container.NewVBox(line, lines, check, choice))
	for _, f := range []fyne.Focusable{line, lines, check, choice, nil} {
		if f == nil {
			c.Unfocus()
		} else {
			c.Focus(f)
		}
		keytest.Ctrl(c, fyne.KeyS)
		keytest.Ctrl(c, fyne.KeyF)
		keytest.Press(c, fyne.KeyF5)
	}
	if seen.save != 5 || seen.find != 5 || seen.refresh != 5 {
		t.Errorf("Ctrl+S %d, Ctrl+F %d, F5 %d times of 5", seen.save, seen.find, seen.refresh)
	}
	if line.Text != "" || lines.Text != "" {
		t.Errorf("the keys typed text: %q, %q", line.Text, lines.Text)
	}
	t.Run("not while a dialog is open", func(t *testing.T) {
		ShowInfo(w, "完成", "已保存。", nil)
		keytest.Ctrl(c, fyne.KeyS)
		keytest.Press(c, fyne.KeyF5)
		if seen.save != 5 || seen.refresh != 5 {
			t.Error("the window saved or refreshed behind a dialog")
		}
	})
}

func TestTabLeavesMultiLineEntries(t *testing.T) {
	w, _ := keyWindow(t)
	c := w.Canvas()
	first, notes, last := NewLineEntry(), NewMultiLineEntry(), NewLineEntry()
	w.SetContent(container.NewVBox(first, notes, last))
	c.Focus(notes)
	test.Type(notes, "说明")
	keytest.Press(c, fyne.KeyTab)
	if c.Focused() != last {
		t.Errorf("Tab left the focus on %v", c.Focused())
	}
	keytest.PressWith(c, fyne.KeyTab, fyne.KeyModifierShift)
	keytest.PressWith(c, fyne.KeyTab, fyne.KeyModifierShift)
	if c.Focused() != first {
		t.Errorf("Shift+Tab twice left the focus on %v", c.Focused())
	}
	if notes.Text != "说明" {
		t.Errorf("Tab typed into the entry: %q", notes.Text)
	}
}

func TestDialogsOpenWithTheFocusInTheirFirstField(t *testing.T) {
	w, _ := keyWindow(t)
	c := w.Canvas()
	_, line, _, _ := formDialog(w)
	if c.Focused() != line {
		t.Errorf("a form dialog opened with the focus on %v", c.Focused())
	}
	c.Overlays().Top().Hide()
	r := NewRows(w, "风险", riskColumns...)
	w.SetContent(r)
	test.Tap(r.AddButton)
	if e := r.Dialog.Entry("risk"); c.Focused() != e {
		t.Errorf("a row dialog opened with the focus on %v", c.Focused())
	}
}

func TestRowEditorsAnswerTheKeyboard(t *testing.T) {
	w, _ := keyWindow(t)
	c := w.Canvas()
	r := NewRows(w, "风险", riskColumns...)
	w.SetContent(r)
	test.Tap(r.AddButton)
	test.Type(r.Dialog.Entry("risk"), "停机超时")
	c.Focus(r.Dialog.Entry("notes"))
	test.Type(r.Dialog.Entry("notes"), "先演练")
	keytest.Ctrl(c, fyne.KeyReturn)
	if r.Dialog != nil || r.Len() != 1 {
		t.Fatalf("Ctrl+Enter did not store the row: %d rows", r.Len())
	}
	c.Focus(r.table)
	r.Select(0)
	keytest.Press(c, fyne.KeyReturn)
	if r.Dialog == nil || r.Dialog.Entry("risk").Text != "停机超时" {
		t.Fatal("Enter on the selected row did not open it")
	}
	keytest.Press(c, fyne.KeyEscape)
	if r.Dialog != nil || r.Rows()[0][0] != "停机超时" {
		t.Error("Esc did not close the row unchanged")
	}
}

func TestFocusedButtonsShowARing(t *testing.T) {
	w, _ := keyWindow(t)
	b := NewButton("保存", nil)
	w.SetContent(container.NewVBox(b, NewLineEntry()))
	ring := test.WidgetRenderer(b).(*ringRenderer).ring
	if ring.StrokeColor != color.Transparent {
		t.Fatalf("ring %v before the focus", ring.StrokeColor)
	}
	w.Canvas().Focus(b)
	if ring.StrokeColor == color.Transparent || ring.StrokeWidth < 2 {
		t.Errorf("no ring around the focused button: %v, %v", ring.StrokeColor, ring.StrokeWidth)
	}
	w.Canvas().FocusNext()
	if ring.StrokeColor != color.Transparent {
		t.Error("the ring stayed after the focus left")
	}
}
