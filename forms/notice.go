package forms

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// A notice names the last maxNoticePeople people who saved the record,
// and for each the first maxNoticeFields fields they changed, so that it
// stays within the note line.
const (
	maxNoticePeople = 2
	maxNoticeFields = 4
)

// othersChanges tells of the saves of the form's record by other people
// that the user has not known of (see stageForm.seen), from the case's
// history: who, when and which fields, such as "李明 于 2026-04-13 10:45
// 修改了：升级目标、时间安排" (the time without the date when it is today);
// one sentence per person, their fields in form order. It is "" when there
// were none.
func (fr *stageForm) othersChanges(cd *caseData) string {
	type saves struct {
		by     string
		at     time.Time
		labels map[string]string // by field key
	}
	var people []*saves
	byActor := map[uint]*saves{}
	me := fr.w.user().ID
	fr.shown = fr.seen
	for _, e := range cd.d.History {
		if e.Seq <= fr.seen || e.ActorID == me || e.Entity != fr.desc.Table ||
			(e.Op != data.OpCreate && e.Op != data.OpUpdate) {
			continue
		}
		lines := data.ChangeLines(uikit.Language(), e.Entity, e.ChangeList(), cd.names())
		if len(lines) == 0 {
			continue
		}
		p := byActor[e.ActorID]
		if p == nil {
			p = &saves{labels: map[string]string{}}
			byActor[e.ActorID] = p
		}
		people = append(slices.DeleteFunc(people, func(x *saves) bool { return x == p }), p) // the latest last
		p.by, p.at = e.ActorName, e.At
		for _, l := range lines {
			p.labels[l.Field] = l.Label
		}
		fr.shown = e.Seq
	}
	people = people[max(0, len(people)-maxNoticePeople):]
	now := fr.w.store().Now()
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = lang.L("case.changed_by", map[string]any{"By": p.by, "At": shortTime(p.at, now),
			"Fields": fr.fieldList(p.labels)})
	}
	return strings.Join(out, notePartSep)
}

// fieldList names the fields of labels (by key) in form order, the first
// few of them and how many there are.
func (fr *stageForm) fieldList(labels map[string]string) string {
	var names []string
	for _, f := range fr.desc.Fields {
		if l, ok := labels[f.Key]; ok {
			names = append(names, l)
			delete(labels, f.Key)
		}
	}
	for _, l := range labels { // fields no form shows, should there be any
		names = append(names, l)
	}
	sep := lang.L("value.list_sep")
	if len(names) <= maxNoticeFields {
		return strings.Join(names, sep)
	}
	return lang.L("case.changed_fields_more", map[string]any{"Fields": strings.Join(names[:maxNoticeFields], sep),
		"Total": len(names), "More": len(names) - maxNoticeFields})
}

// shortTime formats a stored time as a local time of day when it is on the
// day of now, else as a date and time.
func shortTime(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return fmtTime(t)
}
