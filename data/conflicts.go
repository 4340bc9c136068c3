package data

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// This file finds the conflicts of downtime windows: a window of a plan
// overlapping in time a window of another open case on the same system or
// on a system in a dependency relation with it (either way, directly or
// through others), a window falling in a blackout period of the library's
// calendar, and a window in its opening hours. Submitting and approving a
// plan with conflicts warns the actor, who may go on; the warning is
// recorded with the decision (Decision.Warning).

// ConflictKind says what a window conflicts with.
type ConflictKind string

// The kinds of conflicts.
const (
	ConflictOverlap  ConflictKind = "overlap"  // another case's window on the same or a related system
	ConflictBlackout ConflictKind = "blackout" // a blackout period
	ConflictOpening  ConflictKind = "opening"  // the library's opening hours
)

// Conflict is one conflict of a downtime window.
type Conflict struct {
	Kind ConflictKind `json:"kind"`
	// CaseID and Window name the window: its case and its number in the
	// plan (from 1); Start and End are its times.
	CaseID uint      `json:"case_id"`
	CaseNo string    `json:"case_no"`
	Window int       `json:"window"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	// For an overlap: the other case's window, and the two systems, the
	// same one or a system (Dependant) and one it depends on (Prereq).
	OtherCaseID uint      `json:"other_case_id,omitempty"`
	OtherCaseNo string    `json:"other_case_no,omitempty"`
	OtherWindow int       `json:"other_window,omitempty"`
	OtherStart  time.Time `json:"other_start"`
	OtherEnd    time.Time `json:"other_end"`
	System      string    `json:"system,omitempty"`
	Dependant   string    `json:"dependant,omitempty"`
	Prereq      string    `json:"prereq,omitempty"`
	// For a blackout period: the period.
	Period *BlackoutPeriod `json:"period,omitempty"`
	// For the opening hours: the first day the window is in them, and
	// that day's hours.
	Day   string `json:"day,omitempty"`
	Open  string `json:"open,omitempty"`
	Close string `json:"close,omitempty"`
}

// Message says what the conflict is, in lang: "停机窗口 1（2026-05-01
// 22:00—05-02 02:00）与 SJ-2026-0012 的停机窗口（…）重叠：“RFID 自助借还系统”
// 依赖“图书馆集成管理系统”".
func (c Conflict) Message(lang string) string {
	args := map[string]any{"N": c.Window, "Span": SpanText(c.Start, c.End)}
	switch c.Kind {
	case ConflictOverlap:
		args["Other"], args["OtherSpan"] = c.OtherCaseNo, SpanText(c.OtherStart, c.OtherEnd)
		if c.System != "" {
			args["System"] = c.System
			return T(lang, "conflict.overlap_same", args)
		}
		args["Dependant"], args["Prereq"] = c.Dependant, c.Prereq
		return T(lang, "conflict.overlap_related", args)
	case ConflictBlackout:
		args["Kind"] = T(lang, ChoiceKey("blackout_kind", c.Period.Kind), nil)
		args["Name"], args["From"], args["To"] = c.Period.Name, c.Period.From, c.Period.To
		return T(lang, "conflict.blackout", args)
	case ConflictOpening:
		day, _ := time.ParseInLocation(DateLayout, c.Day, time.Local)
		args["Day"] = c.Day + " " + T(lang, WeekdayKey(day.Weekday()), nil)
		args["Open"], args["Close"] = c.Open, c.Close
		return T(lang, "conflict.opening", args)
	}
	return string(c.Kind)
}

// Brief says what the window conflicts with, in a few words, for the
// calendar: "与 SJ-2026-0012 重叠", "落在闭馆日“春节闭馆”", "在开馆时间内".
func (c Conflict) Brief(lang string) string {
	switch c.Kind {
	case ConflictOverlap:
		return T(lang, "conflict.brief_overlap", map[string]any{"Other": c.OtherCaseNo})
	case ConflictBlackout:
		return T(lang, "conflict.brief_blackout", map[string]any{"Kind": T(lang, ChoiceKey("blackout_kind", c.Period.Kind), nil),
			"Name": c.Period.Name})
	case ConflictOpening:
		return T(lang, "conflict.brief_opening", nil)
	}
	return string(c.Kind)
}

// SpanText writes a window's times in local time, the end's date only when
// it is another day: "2026-05-01 22:00—05-02 02:00", "2026-05-01
// 08:00—12:00".
func SpanText(start, end time.Time) string {
	s, e := start.In(time.Local), end.In(time.Local)
	switch {
	case s.Year() != e.Year():
		return s.Format(DateTimeLayout) + "—" + e.Format(DateTimeLayout)
	case s.YearDay() != e.YearDay():
		return s.Format(DateTimeLayout) + "—" + e.Format("01-02 15:04")
	}
	return s.Format(DateTimeLayout) + "—" + e.Format("15:04")
}

// Conflicts is a list of conflicts as a message argument, a conflict a
// line in the language of the message.
type Conflicts []Conflict

// Text returns the conflicts in lang, a line each.
func (cs Conflicts) Text(lang string) string {
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = c.Message(lang)
	}
	return strings.Join(lines, "\n")
}

func (cs Conflicts) localText(lang string) string { return cs.Text(lang) }

// Fingerprint identifies the conflicts as a user was shown them: the
// first 12 hex digits of the SHA-256 of their Chinese text; "" for none.
// An action taken with a fingerprint (ActionRequest.Warned) goes on only
// while the conflicts are still those.
func (cs Conflicts) Fingerprint() string {
	if len(cs) == 0 {
		return ""
	}
	sum := sha256.Sum256([]byte(cs.Text(LangZH)))
	return hex.EncodeToString(sum[:])[:12]
}

// plannedWindow is a downtime window with its case, as conflicts are found
// with.
type plannedWindow struct {
	CaseID   uint
	CaseNo   string
	SystemID uint // the case's system
	N        int  // the window's number in its plan, from 1
	Start    time.Time
	End      time.Time
	Systems  SystemIDs
}

// systems returns the systems down in the window: those it names, else
// the case's system.
func (w *plannedWindow) systems() SystemIDs {
	if len(w.Systems) > 0 {
		return w.Systems
	}
	return SystemIDs{w.SystemID}
}

// conflictEnv is what windows are checked against: the dependencies, the
// names of the systems, the blackout periods and the opening hours.
type conflictEnv struct {
	g         *DependencyGraph
	names     map[uint]string
	blackouts []BlackoutPeriod
	hours     OpeningHours
	// reach caches, by pair of systems, whether the first depends on the
	// second, directly or through others.
	reach map[[2]uint]bool
}

// reaches reports whether system a depends on b, directly or through
// others.
func (env *conflictEnv) reaches(a, b uint) bool {
	k := [2]uint{a, b}
	r, ok := env.reach[k]
	if !ok {
		if env.reach == nil {
			env.reach = map[[2]uint]bool{}
		}
		r = env.g.reaches(a, b)
		env.reach[k] = r
	}
	return r
}

// overlapping returns the windows of others, sorted by start, that may
// overlap w: those starting before its end and after its start less the
// longest of others (longest).
func overlapping(w plannedWindow, others []plannedWindow, longest time.Duration) []plannedWindow {
	lo := sort.Search(len(others), func(i int) bool { return !others[i].Start.Before(w.Start.Add(-longest)) })
	hi := sort.Search(len(others), func(i int) bool { return !others[i].Start.Before(w.End) })
	if lo >= hi {
		return nil
	}
	return others[lo:hi]
}

// longestOf returns the length of the longest of windows.
func longestOf(ws []plannedWindow) time.Duration {
	var d time.Duration
	for _, w := range ws {
		d = max(d, w.End.Sub(w.Start))
	}
	return d
}

// readConflictEnv reads what windows from from to to are checked against.
func readConflictEnv(tx *gorm.DB, from, to time.Time) (*conflictEnv, error) {
	env := &conflictEnv{names: map[uint]string{}}
	var err error
	if env.g, err = readDependencies(tx); err != nil {
		return nil, err
	}
	var names []struct {
		ID   uint
		Name string
	}
	if err := tx.Model(&System{}).Select("id, name").Find(&names).Error; err != nil {
		return nil, err
	}
	for _, n := range names {
		env.names[n.ID] = n.Name
	}
	if env.blackouts, err = blackoutsBetween(tx, from.In(time.Local).Format(DateLayout),
		to.In(time.Local).Format(DateLayout)); err != nil {
		return nil, err
	}
	if env.hours, err = openingHoursIn(tx); err != nil {
		return nil, err
	}
	return env, nil
}

// windowJoins join downtime windows to their plans and cases (the
// conditions are the query's): CROSS JOIN keeps SQLite reading the
// windows first, by their start (an index), rather than every case in a
// state; PostgreSQL plans it as any join.
const windowJoins = "CROSS JOIN plans p CROSS JOIN cases c"

// windowsBetween returns the downtime windows of open cases that overlap
// the time from from to to, but those of case except, sorted by start.
func windowsBetween(tx *gorm.DB, from, to time.Time, except uint) ([]plannedWindow, error) {
	var rows []struct {
		CaseID   uint
		CaseNo   string
		SystemID uint
		Pos      int
		StartAt  time.Time
		EndAt    time.Time
		Systems  SystemIDs
	}
	err := tx.Table("downtime_windows w").
		Select("c.id AS case_id, c.no AS case_no, c.system_id, w.pos, w.start_at, w.end_at, w.systems").
		Joins(windowJoins).
		Where("p.id = w.plan_id AND c.id = p.case_id AND w.start_at < ? AND w.start_at >= ? AND w.end_at > ? AND c.id <> ? AND c.state IN ?",
			to.UTC(), from.Add(-MaxWindow).UTC(), from.UTC(), except, openStates).
		Order("w.start_at, c.id, w.pos").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]plannedWindow, len(rows))
	for i, r := range rows {
		out[i] = plannedWindow{CaseID: r.CaseID, CaseNo: r.CaseNo, SystemID: r.SystemID, N: r.Pos + 1,
			Start: r.StartAt, End: r.EndAt, Systems: r.Systems}
	}
	return out, nil
}

// conflicts returns the conflicts of window w with the windows others (of
// other cases, sorted by start, the longest of them longest), the
// blackout periods and the opening hours.
func (env *conflictEnv) conflicts(w plannedWindow, others []plannedWindow, longest time.Duration) []Conflict {
	base := Conflict{CaseID: w.CaseID, CaseNo: w.CaseNo, Window: w.N, Start: w.Start, End: w.End}
	var out []Conflict
	for _, o := range overlapping(w, others, longest) {
		if o.CaseID == w.CaseID || !o.Start.Before(w.End) || !w.Start.Before(o.End) {
			continue
		}
		if c, ok := env.related(w, o); ok {
			c.Kind, c.CaseID, c.CaseNo, c.Window, c.Start, c.End = ConflictOverlap, w.CaseID, w.CaseNo, w.N, w.Start, w.End
			c.OtherCaseID, c.OtherCaseNo, c.OtherWindow, c.OtherStart, c.OtherEnd = o.CaseID, o.CaseNo, o.N, o.Start, o.End
			out = append(out, c)
		}
	}
	for i := range env.blackouts {
		b := &env.blackouts[i]
		if from, to := b.span(); from.Before(w.End) && w.Start.Before(to) {
			c := base
			c.Kind, c.Period = ConflictBlackout, b
			out = append(out, c)
		}
	}
	if c, ok := env.opening(w); ok {
		out = append(out, c)
	}
	return out
}

// related returns, when a system of w and one of o are the same or one
// depends on the other, the conflict naming them; the same system first.
func (env *conflictEnv) related(w, o plannedWindow) (Conflict, bool) {
	for _, a := range w.systems() {
		if o.systems().Has(a) {
			return Conflict{System: env.names[a]}, true
		}
	}
	for _, a := range w.systems() {
		for _, b := range o.systems() {
			switch {
			case env.reaches(a, b):
				return Conflict{Dependant: env.names[a], Prereq: env.names[b]}, true
			case env.reaches(b, a):
				return Conflict{Dependant: env.names[b], Prereq: env.names[a]}, true
			}
		}
	}
	return Conflict{}, false
}

// opening returns the conflict of w with the opening hours of the first
// day it overlaps them; days the library is closed (a blackout period of
// kind closed) have none.
func (env *conflictEnv) opening(w plannedWindow) (Conflict, bool) {
	start, end := w.Start.In(time.Local), w.End.In(time.Local)
	for day := dayStart(start); day.Before(end); day = day.AddDate(0, 0, 1) {
		if env.closedOn(day) {
			continue
		}
		open, closing, ok := env.hours.on(day)
		if !ok || !open.Before(end) || !start.Before(closing) {
			continue
		}
		h := env.hours[day.Weekday()]
		return Conflict{Kind: ConflictOpening, CaseID: w.CaseID, CaseNo: w.CaseNo, Window: w.N, Start: w.Start, End: w.End,
			Day: day.Format(DateLayout), Open: h.Open, Close: h.Close}, true
	}
	return Conflict{}, false
}

// closedOn reports whether the library is closed on day by a blackout
// period of kind closed.
func (env *conflictEnv) closedOn(day time.Time) bool {
	for i := range env.blackouts {
		if b := &env.blackouts[i]; b.Kind == "closed" && b.Covers(day) {
			return true
		}
	}
	return false
}

// windowsConflicts returns the conflicts of windows ws of one case, read in
// tx, in the order of the windows.
func windowsConflicts(tx *gorm.DB, ws []plannedWindow) (Conflicts, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	from, to := ws[0].Start, ws[0].End
	for _, w := range ws {
		if w.Start.Before(from) {
			from = w.Start
		}
		if w.End.After(to) {
			to = w.End
		}
	}
	others, err := windowsBetween(tx, from, to, ws[0].CaseID)
	if err != nil {
		return nil, err
	}
	env, err := readConflictEnv(tx, from, to)
	if err != nil {
		return nil, err
	}
	var out Conflicts
	longest := longestOf(others)
	for _, w := range ws {
		out = append(out, env.conflicts(w, others, longest)...)
	}
	return out, nil
}

// caseWindows returns windows of case c as conflicts are found with.
func caseWindows(c *Case, windows []DowntimeWindow) []plannedWindow {
	out := make([]plannedWindow, 0, len(windows))
	for i, w := range windows {
		if w.StartAt.IsZero() || !w.EndAt.After(w.StartAt) {
			continue // not a window yet
		}
		out = append(out, plannedWindow{CaseID: c.ID, CaseNo: c.No, SystemID: c.SystemID, N: i + 1,
			Start: w.StartAt, End: w.EndAt, Systems: w.Systems})
	}
	return out
}

// planConflicts returns the conflicts of the stored plan of case c.
func planConflicts(tx *gorm.DB, c *Case) (Conflicts, error) {
	p := &Plan{}
	if err := loadByCase(tx, p, c.ID); err != nil {
		return nil, err
	}
	return windowsConflicts(tx, caseWindows(c, p.Windows))
}

// PlanConflicts returns the conflicts of the downtime windows of case
// caseID's plan as stored; none without a plan.
func (s *Store) PlanConflicts(caseID uint) (Conflicts, error) {
	var out Conflicts
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		out, err = planConflicts(tx, c)
		return err
	})
	return out, s.fail("read conflicts", err)
}

// WindowConflicts returns the conflicts windows would have as the
// downtime of case caseID's plan: the plan as a form holds it, before it
// is saved.
func (s *Store) WindowConflicts(caseID uint, windows []DowntimeWindow) (Conflicts, error) {
	var out Conflicts
	err := s.dialect.snapshot(s.db, func(tx *gorm.DB) error {
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		out, err = windowsConflicts(tx, caseWindows(c, windows))
		return err
	})
	return out, s.fail("read conflicts", err)
}

func init() { stageHooks[FormPlan] = planHook }

// planHook checks the plan's downtime windows beyond their description:
// none longer than MaxWindow, every system one of the ledger; their
// times are kept in UTC.
func planHook(_ *Store, tx *gorm.DB, _ *User, _ *Case, rec any) error {
	p := rec.(*Plan)
	f := planRecord.Field("downtime_windows")
	var known []uint
	if err := tx.Model(&System{}).Pluck("id", &known).Error; err != nil {
		return err
	}
	var ps []*Error
	for i := range p.Windows {
		w := &p.Windows[i]
		w.StartAt, w.EndAt = w.StartAt.UTC().Truncate(time.Microsecond), w.EndAt.UTC().Truncate(time.Microsecond)
		if w.EndAt.Sub(w.StartAt) > MaxWindow {
			ps = append(ps, rowProblem(f, i, asField("window_end", errf(EInvalid, "valid.window_too_long", "Days", int(MaxWindow.Hours()/24)))))
		}
		for _, id := range w.Systems {
			if !slices.Contains(known, id) {
				ps = append(ps, rowProblem(f, i, asField("window_systems", errf(EInvalid, "valid.choice"))))
				break
			}
		}
	}
	return joinProblems(ps)
}
