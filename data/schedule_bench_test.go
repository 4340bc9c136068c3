package data

import (
	"testing"
	"time"
)

// BenchmarkSchedule reads what the upgrade calendar shows: a month (six
// weeks) and a week of windows, actual downtimes, blackout periods and the
// conflicts of the open cases' windows, around the newest window of the
// database.
func BenchmarkSchedule(b *testing.B) {
	s := benchStore(b)
	var w DowntimeWindow
	if err := s.db.Order("start_at DESC").Limit(1).Find(&w).Error; err != nil || w.ID == 0 {
		b.Skipf("no downtime windows: %v", err)
	}
	newest := w.StartAt
	day := dayStart(newest.AddDate(0, 0, -30)) // a month of the demo's busy past
	month := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	for _, r := range []struct {
		name     string
		from, to time.Time
	}{{"month", month, month.AddDate(0, 0, 42)}, {"week", month, month.AddDate(0, 0, 7)}} {
		b.Run(r.name, func(b *testing.B) {
			var n, conflicts int
			for b.Loop() {
				sch, err := s.Schedule(r.from, r.to)
				if err != nil {
					b.Fatal(err)
				}
				n, conflicts = len(sch.Entries), 0
				for _, e := range sch.Entries {
					conflicts += len(e.Conflicts)
				}
			}
			b.ReportMetric(float64(n), "entries")
			b.ReportMetric(float64(conflicts), "conflicts")
		})
	}
}
