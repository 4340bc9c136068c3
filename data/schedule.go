package data

import (
	"sort"
	"time"

	"gorm.io/gorm"
)

// ScheduleEntry is one downtime on the upgrade calendar (升级日历): a
// window of a plan (planned), or the downtime an implementation record
// gives, from its actual start to its actual end (actual).
type ScheduleEntry struct {
	CaseID uint
	CaseNo string
	Title  string
	State  State
	// Window is the window's number in the plan, from 1; 0 for an actual
	// downtime.
	Window int
	Actual bool
	Start  time.Time
	End    time.Time
	// Systems are the systems down: those the window names; for an actual
	// downtime, the case's system.
	Systems SystemIDs
	Notes   string
	// Conflicts are the conflicts of a planned window of an open case.
	Conflicts Conflicts
}

// Schedule is what the upgrade calendar shows of a range of days.
type Schedule struct {
	From, To  time.Time
	Entries   []ScheduleEntry
	Blackouts []BlackoutPeriod
	Hours     OpeningHours
	// Names are the names of the systems, by ID.
	Names map[uint]string
}

// calendarStates are the states whose planned windows the calendar shows:
// every case but those rejected, merged or cancelled.
var calendarStates = append(append([]State{}, openStates...), StateClosed)

// Schedule reads the upgrade calendar from from to to (times; the days
// the calendar shows): the planned windows of cases and the actual
// downtimes of their implementations that overlap the range, the blackout
// periods in it, the opening hours, and the conflicts of the planned
// windows of open cases (with windows in and out of the range). Only the
// range is read: windows are found by their start, which is at most
// MaxWindow before their end.
func (s *Store) Schedule(from, to time.Time) (*Schedule, error) {
	out := &Schedule{From: from, To: to}
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		return readSchedule(tx, out)
	})
	if err != nil {
		return nil, s.fail("read calendar", err)
	}
	return out, nil
}

func readSchedule(tx *gorm.DB, out *Schedule) error {
	from, to := out.From, out.To
	var planned []struct {
		CaseID   uint
		CaseNo   string
		Title    string
		State    State
		SystemID uint
		Pos      int
		StartAt  time.Time
		EndAt    time.Time
		Systems  SystemIDs
		Notes    string
	}
	err := tx.Table("downtime_windows w").
		Select("c.id AS case_id, c.no AS case_no, c.title, c.state, c.system_id, w.pos, w.start_at, w.end_at, w.systems, w.notes").
		Joins(windowJoins).
		Where("p.id = w.plan_id AND c.id = p.case_id AND w.start_at < ? AND w.start_at >= ? AND w.end_at > ? AND c.state IN ?",
			to.UTC(), from.Add(-MaxWindow).UTC(), from.UTC(), calendarStates).
		Order("w.start_at, c.id, w.pos").Scan(&planned).Error
	if err != nil {
		return err
	}
	var actual []struct {
		CaseID      uint
		CaseNo      string
		Title       string
		State       State
		SystemID    uint
		ActualStart time.Time
		ActualEnd   time.Time
	}
	err = tx.Table("implementations i").
		Select("c.id AS case_id, c.no AS case_no, c.title, c.state, c.system_id, i.actual_start, i.actual_end").
		Joins("JOIN cases c ON c.id = i.case_id").
		Where("i.actual_start < ? AND i.actual_start >= ? AND i.actual_end > ?", to.UTC(), from.Add(-MaxWindow).UTC(), from.UTC()).
		Order("i.actual_start, c.id").Scan(&actual).Error
	if err != nil {
		return err
	}
	// The conflicts of the open cases' windows, with every open window
	// around them.
	lo, hi := from, to
	var mine []plannedWindow
	for _, p := range planned {
		if !stateIn(p.State, openStates) {
			continue
		}
		mine = append(mine, plannedWindow{CaseID: p.CaseID, CaseNo: p.CaseNo, SystemID: p.SystemID, N: p.Pos + 1,
			Start: p.StartAt, End: p.EndAt, Systems: p.Systems})
		if p.StartAt.Before(lo) {
			lo = p.StartAt
		}
		if p.EndAt.After(hi) {
			hi = p.EndAt
		}
	}
	env, err := readConflictEnv(tx, lo, hi)
	if err != nil {
		return err
	}
	// The windows they may overlap: those read, and those only before or
	// after the range that the windows read reach into.
	others := append([]plannedWindow(nil), mine...)
	seen := map[[2]uint]bool{}
	for _, w := range mine {
		seen[[2]uint{w.CaseID, uint(w.N)}] = true
	}
	for _, edge := range [][2]time.Time{{lo, from}, {to, hi}} {
		if !edge[0].Before(edge[1]) {
			continue
		}
		more, err := windowsBetween(tx, edge[0], edge[1], 0)
		if err != nil {
			return err
		}
		for _, w := range more {
			if k := [2]uint{w.CaseID, uint(w.N)}; !seen[k] {
				seen[k] = true
				others = append(others, w)
			}
		}
	}
	sort.SliceStable(others, func(i, j int) bool { return others[i].Start.Before(others[j].Start) })
	conflicts := map[[2]uint]Conflicts{}
	longest := longestOf(others)
	for _, w := range mine {
		conflicts[[2]uint{w.CaseID, uint(w.N)}] = env.conflicts(w, others, longest)
	}
	for _, p := range planned {
		out.Entries = append(out.Entries, ScheduleEntry{CaseID: p.CaseID, CaseNo: p.CaseNo, Title: p.Title, State: p.State,
			Window: p.Pos + 1, Start: p.StartAt, End: p.EndAt, Systems: (&plannedWindow{SystemID: p.SystemID, Systems: p.Systems}).systems(),
			Notes: p.Notes, Conflicts: conflicts[[2]uint{p.CaseID, uint(p.Pos + 1)}]})
	}
	for _, a := range actual {
		out.Entries = append(out.Entries, ScheduleEntry{CaseID: a.CaseID, CaseNo: a.CaseNo, Title: a.Title, State: a.State,
			Actual: true, Start: a.ActualStart, End: a.ActualEnd, Systems: SystemIDs{a.SystemID}})
	}
	sort.SliceStable(out.Entries, func(i, j int) bool { return out.Entries[i].Start.Before(out.Entries[j].Start) })
	if out.Blackouts, err = blackoutsBetween(tx, from.In(time.Local).Format(DateLayout),
		to.Add(-time.Nanosecond).In(time.Local).Format(DateLayout)); err != nil {
		return err
	}
	out.Hours, out.Names = env.hours, env.names
	return nil
}

// ScheduleEntries returns the case's downtime as the upgrade calendar
// shows it: the windows of its plan, with their conflicts from cs (the
// plan's, PlanConflicts), and the actual downtime of its implementation.
func (d *Dossier) ScheduleEntries(cs Conflicts) []ScheduleEntry {
	var out []ScheduleEntry
	c := &d.Case
	if d.Plan != nil {
		for i, w := range d.Plan.Windows {
			e := ScheduleEntry{CaseID: c.ID, CaseNo: c.No, Title: c.Title, State: c.State, Window: i + 1,
				Start: w.StartAt, End: w.EndAt, Systems: w.Systems, Notes: w.Notes}
			if len(e.Systems) == 0 {
				e.Systems = SystemIDs{c.SystemID}
			}
			for _, x := range cs {
				if x.Window == i+1 {
					e.Conflicts = append(e.Conflicts, x)
				}
			}
			out = append(out, e)
		}
	}
	if im := d.Implementation; im != nil && im.ActualStart != nil && im.ActualEnd != nil && im.ActualEnd.After(*im.ActualStart) {
		out = append(out, ScheduleEntry{CaseID: c.ID, CaseNo: c.No, Title: c.Title, State: c.State, Actual: true,
			Start: *im.ActualStart, End: *im.ActualEnd, Systems: SystemIDs{c.SystemID}})
	}
	return out
}
