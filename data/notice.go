package data

import (
	"strings"
	"time"
)

// Notice is the 停机公告 of a plan's downtime windows: a notice to the
// readers, to post, and one to the library's departments, in one
// language, made from the plan (DowntimeNotice).
type Notice struct {
	Title       string `json:"title"`
	Readers     string `json:"readers"`
	Departments string `json:"departments"`
	// Windows are the windows, a line each: when, and the systems down.
	Windows []NoticeWindow `json:"windows"`
}

// NoticeWindow is one window as the notice says it.
type NoticeWindow struct {
	When    string `json:"when"`
	Systems string `json:"systems"`
	Notes   string `json:"notes,omitempty"`
}

// HasNotice reports whether the case has a downtime notice: whether its
// plan has downtime windows.
func (d *Dossier) HasNotice() bool { return d.Plan != nil && len(d.Plan.Windows) > 0 }

// DowntimeNotice returns the downtime notice of the case's plan in lang,
// dated the day the plan was approved, or last saved before that; the
// library signs the notice to the readers, its IT department the one to
// the departments, naming the plan's author to ask.
func (d *Dossier) DowntimeNotice(lang string) Notice {
	n := Notice{Title: T(lang, "notice.title", nil)}
	if d.Plan == nil {
		return n
	}
	sep := T(lang, "value.list_sep", nil)
	var lines []string
	for i, w := range d.Plan.Windows {
		names := make([]string, 0, len(w.Systems))
		for _, id := range w.Systems {
			names = append(names, refText(lang, KindSystem, uintText(id), d.Names))
		}
		if len(names) == 0 {
			names = append(names, d.System.Name)
		}
		nw := NoticeWindow{When: NoticeSpan(lang, w.StartAt, w.EndAt), Systems: strings.Join(names, sep), Notes: w.Notes}
		n.Windows = append(n.Windows, nw)
		line := T(lang, "notice.window", map[string]any{"N": i + 1, "When": nw.When, "Systems": nw.Systems})
		if nw.Notes != "" {
			line += T(lang, "notice.window_notes", map[string]any{"Notes": nw.Notes})
		}
		lines = append(lines, line)
	}
	to := d.Case.TargetVersion
	if to == "" {
		to = T(lang, "notice.new_version", nil)
	}
	args := map[string]any{"System": d.System.Name, "From": d.Case.CurrentVersion, "To": to,
		"Windows": strings.Join(lines, "\n"), "Library": d.Library, "Date": d.noticeDate().In(time.Local).Format(DateLayout),
		"No": d.Case.No, "Title": d.Case.Title, "Contact": d.Plan.UpdatedBy}
	n.Readers = T(lang, "notice.readers", args)
	n.Departments = T(lang, "notice.departments", args)
	return n
}

// noticeDate is when the plan was last approved, else last saved.
func (d *Dossier) noticeDate() time.Time {
	for i := len(d.Decisions) - 1; i >= 0; i-- {
		if d.Decisions[i].Action == ActApprovePlan {
			return d.Decisions[i].At
		}
	}
	return d.Plan.UpdatedAt
}

// Text returns the notice as one text to copy: its title, the notice to
// the readers and the one to the departments.
func (n Notice) Text() string {
	return n.Title + "\n\n" + n.Readers + "\n\n\n" + n.Departments
}

// NoticeSpan writes a window's times for people in lang, with the day of
// the week: "2026-05-01（星期五）22:00 至 05-02（星期六）02:00".
func NoticeSpan(lang string, start, end time.Time) string {
	s, e := start.In(time.Local), end.In(time.Local)
	day := func(t time.Time, layout string) string {
		return T(lang, "notice.day", map[string]any{"Date": t.Format(layout), "Weekday": T(lang, WeekdayKey(t.Weekday()), nil)})
	}
	at := func(day, clock string) string { return T(lang, "notice.at", map[string]any{"Day": day, "Time": clock}) }
	args := map[string]any{"Start": at(day(s, DateLayout), s.Format("15:04")), "End": e.Format("15:04")}
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() {
		args["End"] = at(day(e, "01-02"), e.Format("15:04"))
	}
	return T(lang, "notice.span", args)
}

func uintText(id uint) string { return SystemIDs{id}.String() }
