package data

import (
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ParseCalendarICS reads holidays and make-up working days from an
// iCalendar file, such as the published lists of China's public holidays:
// every day an event covers is a day of the list, a working day when the
// event's summary says so (补班, 上班, 调休上班, "working day"), a holiday
// otherwise.
func ParseCalendarICS(r io.Reader) ([]CalendarDay, error) {
	cal, err := ics.ParseCalendar(r)
	if err != nil {
		return nil, errf(EInvalid, "err.ics_unreadable", "Err", err.Error())
	}
	seen := map[string]int{}
	var out []CalendarDay
	for _, ev := range cal.Events() {
		start, end, err := eventDays(ev)
		if err != nil {
			return nil, err
		}
		name := ""
		if p := ev.GetProperty(ics.ComponentPropertySummary); p != nil {
			name = strings.TrimSpace(p.Value)
		}
		working := workingName(name)
		for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
			cd := CalendarDay{Date: d.Format(DateLayout), Working: working, Name: truncateRunes(name, 64)}
			if i, ok := seen[cd.Date]; ok {
				out[i] = cd
				continue
			}
			seen[cd.Date] = len(out)
			out = append(out, cd)
		}
	}
	return out, nil
}

// eventDays returns the days an event covers: from its start's day to
// its end's day, the end excluded for all-day events as iCalendar has it.
func eventDays(ev *ics.VEvent) (time.Time, time.Time, error) {
	start, err := ev.GetAllDayStartAt()
	if err != nil {
		if start, err = ev.GetStartAt(); err != nil {
			return time.Time{}, time.Time{}, errf(EInvalid, "err.ics_event", "Err", err.Error())
		}
	}
	start = dayStart(start)
	end, err := ev.GetAllDayEndAt()
	if err != nil {
		if end, err = ev.GetEndAt(); err != nil {
			return start, start.AddDate(0, 0, 1), nil // one day
		}
		end = dayStart(end).AddDate(0, 0, 1)
	} else {
		end = dayStart(end)
	}
	if !end.After(start) {
		end = start.AddDate(0, 0, 1)
	}
	return start, end, nil
}

// workingName reports whether an event's summary names a make-up working
// day.
func workingName(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(s, "补班") || strings.Contains(s, "上班") || strings.Contains(l, "working day") ||
		(strings.Contains(s, "班") && !strings.Contains(s, "休"))
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
