package app

import (
	"testing"
	"time"

	"upgradedesk/data"
)

func TestStatsFigures(t *testing.T) {
	t.Run("state bars leave out empty states", func(t *testing.T) {
		bars := stateBars([]data.Count{{Key: "draft", N: 3}, {Key: "screening"}, {Key: "cancelled", N: 1}})
		if len(bars) != 2 || bars[0].label != "起草中" || bars[1].label != "已撤销" || bars[1].color != endedGrey {
			t.Errorf("bars %+v", bars)
		}
	})
	t.Run("months are named in the user's language", func(t *testing.T) {
		cols := monthColumns([]data.Count{{Key: "2025-12", N: 2}, {Key: "2026-01", N: 5}})
		if cols[0].label != "12月" || cols[1].label != "1月" || cols[1].value != 5 {
			t.Errorf("columns %+v", cols)
		}
	})
	t.Run("days late count calendar days", func(t *testing.T) {
		today := time.Date(2026, 3, 16, 23, 30, 0, 0, time.UTC)
		rows := overdueRows([]data.CaseRow{{ExpectedDate: "2026-03-15"}, {ExpectedDate: "2026-01-16"}}, today)
		if rows[0].days != 1 || rows[1].days != 59 {
			t.Errorf("days %d, %d", rows[0].days, rows[1].days)
		}
	})
	t.Run("counts have thousands separators", func(t *testing.T) {
		for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100120: "100,120", -2500: "-2,500"} {
			if got := formatCount(n); got != want {
				t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
			}
		}
	})
}
