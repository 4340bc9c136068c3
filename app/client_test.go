package app

import (
	"testing"
)

func TestMainWindowHasTheMainTabsInChinese(t *testing.T) {
	_, c, s := clientAs(t, "admin")
	want := []string{"待办", "升级事项", "软件台账", "统计", "设置", "签字件", "升级日历"}
	if len(s.tabs.Items) != len(want) {
		t.Fatalf("%d tabs, want %d", len(s.tabs.Items), len(want))
	}
	for i, w := range want {
		if got := s.tabs.Items[i].Text; got != w {
			t.Errorf("tab %d = %q, want %q", i, got, w)
		}
	}
	if c.Window().Title() == "" {
		t.Error("window has no title")
	}
	if got := s.header.who.Text; got != "赵敏（信息管理部）" {
		t.Errorf("header shows %q", got)
	}
	if got := s.header.roles.Text; got != "信息主管、账号管理员" && got != "账号管理员、信息主管" {
		t.Errorf("header roles %q", got)
	}
}
