package app

import (
	"fyne.io/fyne/v2/container"
)

// buildTabs assembles the main window's tabs, in this one place: 待办,
// 升级事项, 软件台账, 统计, 设置, 签字件 and 升级日历.
func (s *session) buildTabs() {
	s.todo = newTodoTab(s)
	s.list = newCasesTab(s)
	s.ledger = newLedgerTab(s)
	s.stats = newStatsTab(s)
	s.scans = newScansTab(s)
	s.settings = newSettingsTab(s)
	s.calendar = newCalendarTab(s)
	s.pages = []page{s.todo, s.list, s.ledger, s.stats, s.settings, s.scans, s.calendar}
	items := make([]*container.TabItem, len(s.pages))
	for i, pg := range s.pages {
		items[i] = pg.tabItem()
	}
	s.tabs = container.NewAppTabs(items...)
	s.tabs.OnSelected = s.onTabSelected
}
