package app

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
)

// deadline tells how a case stands against its stage's time limit, by the
// library's calendar of working days, as of a moment: the lists show it
// in their 办理时限 column.
type deadline struct {
	cal *data.Calendar
	now time.Time
}

// loadDeadline reads the calendar; off the UI goroutine.
func loadDeadline(s *data.Store) (deadline, error) {
	cal, err := s.Calendar()
	return deadline{cal: cal, now: s.Now()}, err
}

// late reports whether the case is past its stage's time limit.
func (d deadline) late(r *data.CaseRow) bool { return !d.now.IsZero() && r.OverdueAt(d.now) }

// text says how the case stands: "逾期 3 个工作日" past its limit, else the
// day it is due; "" for a stage without a limit.
// An emergency change whose skipped steps are due before its stage is told
// by those (the 待办 says which is due).
func (d deadline) text(r *data.CaseRow) string {
	due := r.Due()
	switch {
	case due == nil:
		return ""
	case d.late(r):
		cal := d.cal
		if cal == nil {
			cal = data.NewCalendar(nil)
		}
		if n := cal.LateDays(r, d.now); n > 0 {
			return lang.L("deadline.late", map[string]any{"N": n})
		}
		return lang.L("deadline.late_today")
	}
	return lang.L("deadline.due", map[string]any{"Date": due.Local().Format(data.DateLayout)})
}
