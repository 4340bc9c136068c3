package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"upgradedesk/app/uikit"
)

func TestMainWindowHasTheMainTabs(t *testing.T) {
	a := test.NewTempApp(t)
	if err := uikit.SetLanguage(uikit.LangChinese); err != nil {
		t.Fatal(err)
	}
	c := New(a, Config{DBPath: t.TempDir() + "/x.db"})
	want := []string{"待办", "升级事项", "软件台账", "统计", "设置"}
	if len(c.tabs.Items) != len(want) {
		t.Fatalf("%d tabs, want %d", len(c.tabs.Items), len(want))
	}
	for i, w := range want {
		if got := c.tabs.Items[i].Text; got != w {
			t.Errorf("tab %d = %q, want %q", i, got, w)
		}
	}
	if c.Window().Title() == "" {
		t.Error("window has no title")
	}
	c.Window().Resize(fyne.NewSize(800, 500))
	test.AssertImageMatches(t, "main_window.png", c.Window().Canvas().Capture())
}
