package data

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// CalendarDay is a day the library's calendar treats differently from the
// week: a public holiday on a weekday, or a make-up working day (调休) on a
// weekend. The list cannot be computed (the State Council publishes it
// each year): administrators keep it in 设置, typed or imported.
type CalendarDay struct {
	Date string `gorm:"primaryKey;size:10" json:"date"`
	// Working is true for a make-up working day, false for a holiday.
	Working bool   `gorm:"not null;default:false" json:"working"`
	Name    string `gorm:"size:64" json:"name"`
}

// TableName keeps the days in calendar_days.
func (CalendarDay) TableName() string { return "calendar_days" }

// calendarDayRecord describes a day of the list, for its form in 设置 and
// the workbooks it is imported from.
var calendarDayRecord = (&Record{Table: "calendar_days", Fields: []*Field{
	{Key: "date", Label: "calendar_date", Kind: KindDate, Required: true},
	{Key: "working", Label: "calendar_kind", Kind: KindBool},
	{Key: "name", Label: "calendar_name", Kind: KindText, Max: 64},
}}).bind(CalendarDay{})

// ValidateCalendarDay checks a day of the list as its description has it:
// a date, and a name of at most 64 characters.
func ValidateCalendarDay(d *CalendarDay) error {
	d.Date, d.Name = strings.TrimSpace(d.Date), strings.TrimSpace(d.Name)
	return calendarDayRecord.Check(d, time.Time{})
}

// CalendarKindKey returns the translation key naming a day's kind: 休息日
// or 调休上班日.
func CalendarKindKey(working bool) string {
	if working {
		return "calendar_kind.working"
	}
	return "calendar_kind.holiday"
}

// Calendar counts working days: Monday to Friday, without holidays, with
// make-up working days.
type Calendar struct {
	days map[string]bool // date → working
}

// NewCalendar returns the calendar of days.
func NewCalendar(days []CalendarDay) *Calendar {
	c := &Calendar{days: map[string]bool{}}
	for _, d := range days {
		c.days[d.Date] = d.Working
	}
	return c
}

// Working reports whether day is a working day.
func (c *Calendar) Working(day time.Time) bool {
	if w, ok := c.days[day.Format(DateLayout)]; ok {
		return w
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the end of the n-th working day after start's
// day (local time): a stage entered on Friday with a limit of 1 is due at
// the end of Monday.
func (c *Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	day := dayStart(start)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.Working(day) {
			n--
		}
	}
	return day.AddDate(0, 0, 1).Add(-time.Second)
}

// WorkingDaysSince counts the working days from the end of due's day to
// now's day: how many working days a case is overdue by (0 within its
// limit or on its last day).
func (c *Calendar) WorkingDaysSince(due, now time.Time) int {
	n := 0
	for day := dayStart(due).AddDate(0, 0, 1); !day.After(dayStart(now)); day = day.AddDate(0, 0, 1) {
		if c.Working(day) {
			n++
		}
	}
	return n
}

// WorkingDaysBefore returns the start of the day n working days before
// now's day: a case due before it is overdue by n working days or more.
func (c *Calendar) WorkingDaysBefore(now time.Time, n int) time.Time {
	day := dayStart(now)
	for n > 0 {
		if c.Working(day) {
			n--
		}
		day = day.AddDate(0, 0, -1)
	}
	return day.AddDate(0, 0, 1)
}

func dayStart(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// stageDays are the default time limits of the stages, in working days;
// 设置 changes them (SettingStageDays + state). A stage without a limit
// waits as long as it must (a draft, a rolled-back case being decided).
var stageDays = map[State]int{
	StateDeptReview: 3, StateScreening: 5, StateAssessing: 10, StateMgmtApproval: 5, StatePlanning: 10,
	StatePlanApproval: 5, StateImplementing: 15, StateAccepting: 10, StateRegistering: 3, StateFollowUp: 20,
	StateRolledBack: 10,
}

// Setting keys of the deadlines.
const (
	// SettingStageDays + a state is that stage's time limit in working
	// days (0: none).
	SettingStageDays = "stage_days."
	// SettingEscalateDays is how many working days past its limit a case
	// is brought to the IT director's 待办.
	SettingEscalateDays = "escalate_after_days"
)

// defaultEscalateDays is SettingEscalateDays when it is not set.
const defaultEscalateDays = 3

// DefaultStageDays returns the time limit of stage st in working days
// when 设置 names none (0: the stage has no limit).
func DefaultStageDays(st State) int { return stageDays[st] }

// DefaultEscalateDays is the escalation's working days when 设置 names
// none.
const DefaultEscalateDays = defaultEscalateDays

// StageDays returns the time limits of the stages in working days.
func (s *Store) StageDays() (map[State]int, error) {
	return s.stageDaysIn(s.db)
}

func (s *Store) stageDaysIn(tx *gorm.DB) (map[State]int, error) {
	out := map[State]int{}
	for st, n := range stageDays {
		out[st] = n
	}
	var rows []Setting
	if err := tx.Where("key LIKE ?", SettingStageDays+"%").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		if n, err := strconv.Atoi(r.Value); err == nil {
			out[State(r.Key[len(SettingStageDays):])] = n
		}
	}
	return out, nil
}

// calendar reads the calendar of working days.
func calendarIn(tx *gorm.DB) (*Calendar, error) {
	var days []CalendarDay
	if err := tx.Order("date").Find(&days).Error; err != nil {
		return nil, err
	}
	return NewCalendar(days), nil
}

// Calendar returns the library's calendar of working days, as the
// deadlines are counted with: lists tell by it how many working days a
// case is late (Calendar.WorkingDaysSince its DueAt).
func (s *Store) Calendar() (*Calendar, error) {
	cal, err := calendarIn(s.db)
	return cal, s.read("read calendar", err)
}

// LateDays returns how many working days the stage of case row r is past
// its time limit at now by cal: 0 when it is not (or has none), and on
// the days off right after its last day.
func (c *Calendar) LateDays(r *CaseRow, now time.Time) int {
	if !r.OverdueAt(now) {
		return 0
	}
	return c.WorkingDaysSince(*r.Due(), now)
}

// CalendarDays returns the holidays and make-up working days, by date.
func (s *Store) CalendarDays() ([]CalendarDay, error) {
	var days []CalendarDay
	err := s.db.Order("date").Find(&days).Error
	return days, s.read("read calendar", err)
}

// dueIn returns when a case entering st at at is due, by the limits and
// calendar read in tx.
func (s *Store) dueIn(tx *gorm.DB, st State, at time.Time) (*time.Time, error) {
	limits, err := s.stageDaysIn(tx)
	if err != nil {
		return nil, err
	}
	if limits[st] <= 0 || st.Terminal() {
		return nil, nil
	}
	cal, err := calendarIn(tx)
	if err != nil {
		return nil, err
	}
	return dueAt(cal, limits, st, at), nil
}

// ValidDays accepts a number of working days from 0 to 365.
func ValidDays(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 365 {
		return errf(EInvalid, "valid.days")
	}
	return nil
}

// recomputeDue sets the due time of the open cases in states (every open
// case when none are named) again, after the limits or the calendar
// changed, inside the write that changed them. Cases entering a stage on
// the same day are due at the same time, so each due time is computed
// once a day of entry and the cases it changes are updated together.
func (s *Store) recomputeDue(tx *gorm.DB, states ...State) error {
	limits, err := s.stageDaysIn(tx)
	if err != nil {
		return err
	}
	cal, err := calendarIn(tx)
	if err != nil {
		return err
	}
	if len(states) == 0 {
		states = openStates
	}
	var cases []struct {
		ID      uint
		State   State
		StateAt time.Time
		DueAt   *time.Time
	}
	if err := tx.Model(&Case{}).Select("id, state, state_at, due_at").Where("state IN ?", states).Find(&cases).Error; err != nil {
		return err
	}
	type entry struct {
		day   int64
		state State
	}
	dues := map[entry]*time.Time{}
	changed := map[string][]uint{} // due time ("" for none) → cases
	var order []string
	for _, c := range cases {
		e := entry{dayStart(c.StateAt).Unix(), c.State}
		due, ok := dues[e]
		if !ok {
			due = dueAt(cal, limits, c.State, c.StateAt)
			dues[e] = due
		}
		if sameTimePtr(due, c.DueAt) {
			continue
		}
		key := ""
		if due != nil {
			key = due.Format(time.RFC3339Nano)
		}
		if _, seen := changed[key]; !seen {
			order = append(order, key)
		}
		changed[key] = append(changed[key], c.ID)
	}
	for _, key := range order {
		var due *time.Time
		if key != "" {
			t, _ := time.Parse(time.RFC3339Nano, key)
			due = &t
		}
		ids := changed[key]
		for len(ids) > 0 {
			n := min(len(ids), 500)
			if err := tx.Model(&Case{}).Where("id IN ?", ids[:n]).UpdateColumn("due_at", due).Error; err != nil {
				return err
			}
			ids = ids[n:]
		}
	}
	return nil
}

func sameTimePtr(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// dueAt returns when a case that entered st at at is due; nil when the
// stage has no limit.
func dueAt(cal *Calendar, limits map[State]int, st State, at time.Time) *time.Time {
	n := limits[st]
	if n <= 0 || st.Terminal() {
		return nil
	}
	t := cal.AddWorkingDays(at, n).UTC().Truncate(time.Microsecond)
	return &t
}

// SaveCalendarDays replaces the holidays and make-up working days of the
// years that days cover with days (account administrators), and sets the
// due times of open cases again. An import of next year's list is one
// call; so is a correction of one day (the list of its year).
func (s *Store) SaveCalendarDays(actor *Session, years []int, days []CalendarDay) error {
	for _, d := range days {
		if err := All(Required, ValidDate)(d.Date); err != nil {
			return fieldError("calendar_date", err)
		}
		if err := MaxLen(64)(d.Name); err != nil {
			return fieldError("calendar_name", err)
		}
		if !slices.Contains(years, yearOf(d.Date)) {
			return errf(EInvalid, "err.calendar_year", "Date", d.Date)
		}
	}
	return s.write("save calendar", func(tx *gorm.DB) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		var changes []Change
		for _, y := range years {
			var old []CalendarDay
			pattern := strconv.Itoa(y) + "-%"
			if err := tx.Where("date LIKE ?", pattern).Order("date").Find(&old).Error; err != nil {
				return err
			}
			if err := tx.Where("date LIKE ?", pattern).Delete(&CalendarDay{}).Error; err != nil {
				return err
			}
			changes = append(changes, Change{Field: strconv.Itoa(y), Old: strconv.Itoa(len(old))})
		}
		if len(days) > 0 {
			if err := tx.Create(&days).Error; err != nil {
				return err
			}
		}
		for i := range changes {
			n := 0
			for _, d := range days {
				if strconv.Itoa(yearOf(d.Date)) == changes[i].Field {
					n++
				}
			}
			changes[i].New = strconv.Itoa(n)
		}
		if err := s.recomputeDue(tx); err != nil {
			return err
		}
		return s.audit(tx, a, OpUpdate, "calendar_days", 0, 0, changes, "", "")
	})
}

func yearOf(date string) int {
	y, _ := strconv.Atoi(date[:min(4, len(date))])
	return y
}
