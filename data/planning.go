package data

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the records of planning upgrades like a library: the
// dependencies between the systems of the ledger, the plan's downtime
// windows, and the library's calendar of blackout periods and opening
// hours (see conflicts.go for what they are checked against).

// SystemIDs is a list of software systems by ID, as a field of kind
// KindSystems holds it: stored as the IDs in decimal separated by commas
// ("3,5"), in JSON as a list of numbers.
type SystemIDs []uint

// Value stores the list as "3,5".
func (ids SystemIDs) Value() (driver.Value, error) { return ids.String(), nil }

// Scan reads a list stored by Value.
func (ids *SystemIDs) Scan(v any) error {
	var s string
	switch x := v.(type) {
	case nil:
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("data: cannot read systems from %T", v)
	}
	out, err := ParseSystemIDs(s)
	if err != nil {
		return err
	}
	*ids = out
	return nil
}

// String returns the list as "3,5".
func (ids SystemIDs) String() string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatUint(uint64(id), 10)
	}
	return strings.Join(parts, ",")
}

// Has reports whether the list holds id.
func (ids SystemIDs) Has(id uint) bool { return slices.Contains(ids, id) }

// ParseSystemIDs reads a list written as String writes it; spaces and
// empty items are skipped, and an ID given twice is kept once.
func ParseSystemIDs(s string) (SystemIDs, error) {
	var out SystemIDs
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		n, err := strconv.ParseUint(p, 10, 64)
		if err != nil || n == 0 {
			return nil, errf(EInvalid, "valid.choice")
		}
		if !out.Has(uint(n)) {
			out = append(out, uint(n))
		}
	}
	return out, nil
}

// SystemDependency says that a system of the ledger depends on another: the
// RFID self-service depends on the ILS. It is a row of its system, saved
// with it (System.DependsOn).
type SystemDependency struct {
	ID          uint `gorm:"primaryKey"`
	SystemID    uint `gorm:"not null;index"`
	Pos         int
	DependsOnID uint `gorm:"not null;index"`
}

// TableName keeps the dependencies in system_dependencies.
func (SystemDependency) TableName() string { return "system_dependencies" }

// DowntimeWindow is one window of the plan's downtime (停机窗口): when the
// systems it names are down. Times are kept in UTC and shown in local
// time.
type DowntimeWindow struct {
	ID      uint      `gorm:"primaryKey" json:"-"`
	PlanID  uint      `gorm:"not null;index" json:"-"`
	Pos     int       `json:"-"`
	StartAt time.Time `gorm:"not null;index" json:"start"`
	EndAt   time.Time `gorm:"not null" json:"end"`
	// Systems are the systems down during the window: the case's system
	// and those of its dependants the plan names.
	Systems SystemIDs `gorm:"type:text" json:"systems"`
	Notes   string    `gorm:"size:200" json:"notes"`
}

// MaxWindow is the longest downtime window a plan may have: a longer one
// is a typing mistake, and the calendar finds windows by their start
// within it.
const MaxWindow = 30 * 24 * time.Hour

// BlackoutKinds are the kinds of the library's blackout periods: days it
// is closed, exam weeks, the summer peak, the year-end inventory, others.
var BlackoutKinds = []string{"closed", "exam", "summer", "inventory", "other"}

// BlackoutPeriod is a period of the library's calendar in which no system
// should be down (不宜停机时段), kept by administrators in 设置: a window
// falling in one is a conflict the plan's submitter and approver are
// warned of. From and To are dates, both included.
type BlackoutPeriod struct {
	Meta
	Kind string `gorm:"size:16;not null" json:"kind"`
	Name string `gorm:"size:64;not null" json:"name"`
	From string `gorm:"column:from_date;size:10;not null" json:"from"`
	To   string `gorm:"column:to_date;size:10;not null;index" json:"to"`
}

// TableName keeps the periods in blackout_periods.
func (BlackoutPeriod) TableName() string { return "blackout_periods" }

// blackoutRecord describes a blackout period, for its form in 设置 and the
// history of its changes.
var blackoutRecord = (&Record{Table: "blackout_periods", Fields: []*Field{
	{Key: "kind", Label: "blackout_kind", Kind: KindChoice, List: "blackout_kind", Required: true, Width: 90},
	{Key: "name", Label: "blackout_name", Kind: KindText, Max: 64, Required: true, Width: 200},
	{Key: "from", Label: "blackout_from", Kind: KindDate, Required: true, Width: 110},
	{Key: "to", Label: "blackout_to", Kind: KindDate, Required: true, NotBefore: "from", Width: 110},
}}).bind(BlackoutPeriod{})

// BlackoutRecord returns the description of a blackout period.
func BlackoutRecord() *Record { return blackoutRecord }

// Covers reports whether the period includes the local day of t.
func (b *BlackoutPeriod) Covers(t time.Time) bool {
	d := t.In(time.Local).Format(DateLayout)
	return b.From <= d && d <= b.To
}

// span returns the period as the times it starts and ends (local
// midnights, the end excluded).
func (b *BlackoutPeriod) span() (time.Time, time.Time) {
	from, _ := time.ParseInLocation(DateLayout, b.From, time.Local)
	to, _ := time.ParseInLocation(DateLayout, b.To, time.Local)
	return from, to.AddDate(0, 0, 1)
}

// OpeningHours are the library's opening hours by weekday (index
// time.Weekday, Sunday 0): "08:00" to "22:00"; both empty on a day it is
// closed. A downtime window in them is a conflict (在开馆时间内).
type OpeningHours [7]struct{ Open, Close string }

// SettingOpeningHours keeps the opening hours (OpeningHours.String).
const SettingOpeningHours = "opening_hours"

// weekOrder is the week as the library's calendar shows it, Monday first.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday,
	time.Saturday, time.Sunday}

// WeekOrder returns the days of the week, Monday first.
func WeekOrder() []time.Weekday { return slices.Clone(weekOrder) }

// WeekdayKey returns the translation key of a day's name, "monday".
func WeekdayKey(d time.Weekday) string { return strings.ToLower(d.String()) }

// String writes the hours of the open days, Monday first, separated by
// semicolons: "1 08:00-22:00;2 08:00-22:00"; closed days are left out.
func (h OpeningHours) String() string {
	var lines []string
	for _, d := range weekOrder {
		if h[d].Open != "" {
			lines = append(lines, strconv.Itoa(int(d))+" "+h[d].Open+"-"+h[d].Close)
		}
	}
	return strings.Join(lines, ";")
}

// ParseOpeningHours reads hours written by String.
func ParseOpeningHours(s string) (OpeningHours, error) {
	var h OpeningHours
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		day, span, ok := strings.Cut(line, " ")
		open, closing, ok2 := strings.Cut(strings.TrimSpace(span), "-")
		d, err := strconv.Atoi(day)
		if !ok || !ok2 || err != nil || d < 0 || d > 6 {
			return OpeningHours{}, errf(EInvalid, "valid.opening_hours")
		}
		h[d].Open, h[d].Close = strings.TrimSpace(open), strings.TrimSpace(closing)
	}
	return h, h.Valid()
}

// Valid checks every day: both times or neither, each HH:MM, closing after
// opening.
func (h OpeningHours) Valid() error {
	for _, d := range weekOrder {
		o, c := h[d].Open, h[d].Close
		if o == "" && c == "" {
			continue
		}
		if err := firstError(ValidClock(o), ValidClock(c)); err != nil || o == "" || c == "" {
			return errf(EInvalid, "valid.opening_day", "Day", labelArg(WeekdayKey(d)))
		}
		if c <= o {
			return errf(EInvalid, "valid.opening_order", "Day", labelArg(WeekdayKey(d)))
		}
	}
	return nil
}

// ValidClock accepts a time of day written HH:MM (00:00 to 23:59), or
// nothing.
func ValidClock(s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse("15:04", s); err != nil || len(s) != 5 {
		return errf(EInvalid, "valid.clock")
	}
	return nil
}

// on returns the opening hours of the local day of t as times, and false
// when the library is closed that day.
func (h OpeningHours) on(day time.Time) (time.Time, time.Time, bool) {
	d := h[day.Weekday()]
	if d.Open == "" {
		return time.Time{}, time.Time{}, false
	}
	at := func(clock string) time.Time {
		c, _ := time.Parse("15:04", clock)
		return time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), 0, 0, time.Local)
	}
	return at(d.Open), at(d.Close), true
}

func init() {
	ChoiceLists["blackout_kind"] = BlackoutKinds
}
