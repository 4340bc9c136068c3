package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"upgradedesk/data"
)

// WriteICS writes downtime windows as an iCalendar file (.ics) that
// Outlook, WPS and other calendars open: one event per window, its start
// and end in UTC, its summary the case number and the systems down, its
// description the case's title and state, the window's notes and its
// conflicts, in lang. name names a system by ID; stamp is the file's
// time (DTSTAMP). Each event's UID stays the same from one export to the
// next, so that importing again updates the events.
func WriteICS(w io.Writer, lang string, entries []data.ScheduleEntry, name func(uint) string, stamp time.Time) error {
	cal := ics.NewCalendar()
	cal.SetProductId("-//UpgradeDesk//Upgrade calendar//ZH")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(data.T(lang, "ics.calendar_name", nil))
	for _, e := range entries {
		uid := fmt.Sprintf("%s-w%d@upgradedesk", e.CaseNo, e.Window)
		key := "ics.summary"
		if e.Actual {
			uid, key = fmt.Sprintf("%s-actual@upgradedesk", e.CaseNo), "ics.summary_actual"
		}
		systems := make([]string, len(e.Systems))
		for i, id := range e.Systems {
			systems[i] = name(id)
		}
		ev := cal.AddEvent(uid)
		ev.SetDtStampTime(stamp)
		ev.SetStartAt(e.Start)
		ev.SetEndAt(e.End)
		ev.SetSummary(data.T(lang, key, map[string]any{"No": e.CaseNo,
			"Systems": strings.Join(systems, data.T(lang, "value.list_sep", nil))}))
		lines := []string{e.Title, data.T(lang, "ics.state", map[string]any{"State": data.T(lang, e.State.LabelKey(), nil)})}
		if e.Notes != "" {
			lines = append(lines, e.Notes)
		}
		if len(e.Conflicts) > 0 {
			lines = append(lines, data.T(lang, "ics.conflicts", nil), e.Conflicts.Text(lang))
		}
		ev.SetDescription(strings.Join(lines, "\n"))
	}
	if err := cal.SerializeTo(w, ics.WithNewLineWindows); err != nil { // CRLF, as RFC 5545 has it
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
}
