package data

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// downtimeRe matches one downtime window as people write it: a date, a
// start time, a dash or 至, an end time with or without its own date,
// and a remark in brackets: "2026-05-01 22:00-02:00",
// "2026-05-01 22:00 至 2026-05-02 02:00", "2026年5月1日 8:00～12:00（闭馆日）".
var downtimeRe = func() *regexp.Regexp {
	date := `(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`
	clock := `(\d{1,2})\s*[:：]\s*(\d{2})`
	sep := `\s*(?:-|－|—|–|~|～|至|到)\s*`
	return regexp.MustCompile(`^` + date + `\s*` + clock + sep + `(?:` + date + `\s*)?` + clock +
		`\s*(?:[（(]([^）)]*)[）)])?$`)
}()

// downtimeSeps separate the windows of a text.
var downtimeSeps = regexp.MustCompile(`[；;，,、\n]+`)

// ParseDowntime reads the downtime windows of text written before plans
// kept windows (Plan.DowntimeWindow), in local time: one or more windows
// (see downtimeRe) separated by semicolons, commas or lines. An end
// without a date that is not after its start is on the next day
// ("22:00-02:00"). It returns false, and no windows, unless the whole text
// is such windows, each shorter than MaxWindow.
func ParseDowntime(text string) ([]DowntimeWindow, bool) {
	var out []DowntimeWindow
	for _, part := range downtimeSeps.Split(strings.TrimSpace(text), -1) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := downtimeRe.FindStringSubmatch(part)
		if m == nil {
			return nil, false
		}
		start, ok := localTime(m[1], m[2], m[3], m[4], m[5])
		if !ok {
			return nil, false
		}
		var end time.Time
		if m[6] != "" {
			if end, ok = localTime(m[6], m[7], m[8], m[9], m[10]); !ok {
				return nil, false
			}
		} else {
			y, mo, d := start.Date()
			if end, ok = localTime(strconv.Itoa(y), strconv.Itoa(int(mo)), strconv.Itoa(d), m[9], m[10]); !ok {
				return nil, false
			}
			if !end.After(start) {
				end = end.AddDate(0, 0, 1)
			}
		}
		if !end.After(start) || end.Sub(start) > MaxWindow {
			return nil, false
		}
		out = append(out, DowntimeWindow{StartAt: start.UTC(), EndAt: end.UTC(), Notes: truncateRunes(strings.TrimSpace(m[11]), 200)})
	}
	return out, len(out) > 0
}

// localTime returns the local time of a date and a time of day given as
// digits, false when there is no such time.
func localTime(y, mo, d, h, mi string) (time.Time, bool) {
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	t := time.Date(n(y), time.Month(n(mo)), n(d), n(h), n(mi), 0, 0, time.Local)
	if t.Year() != n(y) || int(t.Month()) != n(mo) || t.Day() != n(d) || t.Hour() != n(h) || t.Minute() != n(mi) ||
		n(y) < 1900 || n(y) > 2999 {
		return time.Time{}, false
	}
	return t, true
}
