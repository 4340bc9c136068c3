package data

import (
	"cmp"
	"slices"
	"time"
)

// The figures of 统计 about upgrades done and kinds of change.

// UpgradeRow is what was upgraded of one system, in one year (Year 0: in
// all years): how many upgrades were carried out (an implementation
// started, or a rollback), how many of them were rolled back, and the
// downtime they caused.
type UpgradeRow struct {
	SystemID   uint   `json:"system_id"`
	System     string `json:"system"`
	Year       int    `json:"year,omitempty"`
	Upgrades   int64  `json:"upgrades"`
	RolledBack int64  `json:"rolled_back"`
	// DowntimeMinutes sums the downtime of the implementation records; an
	// implementation without one counts from its actual start to its end.
	DowntimeMinutes int64 `json:"downtime_minutes"`
}

// RollbackRate returns the share of the upgrades rolled back, 0 to 1.
func (r *UpgradeRow) RollbackRate() float64 { return rate(r.RolledBack, r.Upgrades) }

// DowntimeHours returns the downtime in hours.
func (r *UpgradeRow) DowntimeHours() float64 { return float64(r.DowntimeMinutes) / 60 }

func rate(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// StageTime is how long cases stayed in one stage: over the N times a
// case left it, Days on average (calendar days).
type StageTime struct {
	State State   `json:"state"`
	N     int64   `json:"n"`
	Days  float64 `json:"days"`
}

// KindYear counts the cases filed in one year by kind of change.
type KindYear struct {
	Year      int   `json:"year"`
	Normal    int64 `json:"normal"`
	Standard  int64 `json:"standard"`
	Emergency int64 `json:"emergency"`
}

// Total returns the cases of the year.
func (k *KindYear) Total() int64 { return k.Normal + k.Standard + k.Emergency }

// add counts n cases of kind.
func (k *KindYear) add(kind string, n int64) {
	switch kind {
	case ChangeStandard:
		k.Standard += n
	case ChangeEmergency:
		k.Emergency += n
	default:
		k.Normal += n
	}
}

// UpgradeStats are 统计's figures of upgrades and kinds of change.
type UpgradeStats struct {
	// BySystemYear are the upgrades of each system in each year, by system
	// name and year; BySystem the same over all years, the most upgraded
	// first.
	BySystemYear []UpgradeRow `json:"by_system_year"`
	BySystem     []UpgradeRow `json:"by_system"`
	// Total sums BySystem: every upgrade, rollback and minute of downtime.
	Total UpgradeRow `json:"total"`
	// StageTimes are the days cases stayed in each stage, in the order of
	// the procedure.
	StageTimes []StageTime `json:"stage_times"`
	// Kinds counts every case by kind of change; KindYears by year filed.
	Kinds     KindYear   `json:"kinds"`
	KindYears []KindYear `json:"kind_years"`
	// RetroOpen counts the emergency changes whose skipped steps are not
	// complete, RetroLate those of them past their due time.
	RetroOpen int64 `json:"retro_open"`
	RetroLate int64 `json:"retro_late"`
}

// UpgradeStats computes the figures of upgrades and kinds of change.
func (s *Store) UpgradeStats() (*UpgradeStats, error) {
	u := &UpgradeStats{}
	for _, step := range []func(*UpgradeStats) error{s.upgradesBySystem, s.stageTimes, s.kindCounts, s.retroCounts} {
		if err := step(u); err != nil {
			return nil, s.read("stats", err)
		}
	}
	return u, nil
}

// upgradesBySystem counts the upgrades, rollbacks and downtime per system
// and year: an upgrade is a case whose implementation started (its
// record has an actual start) or that was rolled back; its year is the
// year its implementation ended (or started, or it was rolled back).
func (s *Store) upgradesBySystem(u *UpgradeStats) error {
	type upgrade struct {
		system     uint
		year       int
		minutes    int64
		rolledBack bool
	}
	ups := map[uint]*upgrade{}
	var impls []struct {
		CaseID          uint
		SystemID        uint
		ActualStart     *time.Time
		ActualEnd       *time.Time
		DowntimeMinutes int64
	}
	if err := s.db.Table("implementations").
		Select("implementations.case_id, cases.system_id, implementations.actual_start, implementations.actual_end, implementations.downtime_minutes").
		Joins("JOIN cases ON cases.id = implementations.case_id").
		Where("implementations.actual_start IS NOT NULL").Scan(&impls).Error; err != nil {
		return err
	}
	for _, im := range impls {
		up := &upgrade{system: im.SystemID, year: im.ActualStart.Local().Year(), minutes: im.DowntimeMinutes}
		if im.ActualEnd != nil {
			up.year = im.ActualEnd.Local().Year()
			if up.minutes == 0 && im.ActualEnd.After(*im.ActualStart) {
				up.minutes = int64(im.ActualEnd.Sub(*im.ActualStart) / time.Minute)
			}
		}
		ups[im.CaseID] = up
	}
	var rolled []struct {
		CaseID   uint
		SystemID uint
		At       time.Time
	}
	if err := s.db.Table("decisions").Select("decisions.case_id, cases.system_id, decisions.at").
		Joins("JOIN cases ON cases.id = decisions.case_id").
		Where("decisions.from_state IN ? AND decisions.to_state = ?", []State{StateImplementing, StateAccepting}, StateRolledBack).
		Scan(&rolled).Error; err != nil {
		return err
	}
	for _, r := range rolled {
		up := ups[r.CaseID]
		if up == nil {
			up = &upgrade{system: r.SystemID, year: r.At.Local().Year()}
			ups[r.CaseID] = up
		}
		up.rolledBack = true
	}
	var systems []System
	if err := s.db.Select("id, name").Find(&systems).Error; err != nil {
		return err
	}
	names := map[uint]string{}
	for _, sys := range systems {
		names[sys.ID] = sys.Name
	}
	type key struct {
		system uint
		year   int
	}
	byYear, bySys := map[key]*UpgradeRow{}, map[key]*UpgradeRow{}
	row := func(m map[key]*UpgradeRow, k key) *UpgradeRow {
		if m[k] == nil {
			m[k] = &UpgradeRow{SystemID: k.system, System: names[k.system], Year: k.year}
		}
		return m[k]
	}
	for _, up := range ups {
		for _, r := range []*UpgradeRow{row(byYear, key{up.system, up.year}), row(bySys, key{up.system, 0}), &u.Total} {
			r.Upgrades++
			r.DowntimeMinutes += up.minutes
			if up.rolledBack {
				r.RolledBack++
			}
		}
	}
	for _, r := range byYear {
		u.BySystemYear = append(u.BySystemYear, *r)
	}
	slices.SortFunc(u.BySystemYear, func(a, b UpgradeRow) int { return cmp.Compare(a.Year, b.Year) })
	SortByName(u.BySystemYear, func(r *UpgradeRow) string { return r.System })
	for _, r := range bySys {
		u.BySystem = append(u.BySystem, *r)
	}
	SortByName(u.BySystem, func(r *UpgradeRow) string { return r.System })
	slices.SortStableFunc(u.BySystem, func(a, b UpgradeRow) int { return cmp.Compare(b.Upgrades, a.Upgrades) })
	return nil
}

// stageTimes averages how long the cases stayed in each stage they left.
func (s *Store) stageTimes(u *UpgradeStats) error {
	var rows []struct {
		FromState State
		N         int64
		Secs      int64
	}
	// SUM of a BIGINT is NUMERIC on PostgreSQL: cast back.
	if err := s.db.Model(&Decision{}).Select("from_state, COUNT(*) AS n, CAST(SUM(stage_seconds) AS BIGINT) AS secs").
		Where("to_state <> from_state").Group("from_state").Scan(&rows).Error; err != nil {
		return err
	}
	for _, st := range AllStates {
		for _, r := range rows {
			if r.FromState == st && r.N > 0 {
				u.StageTimes = append(u.StageTimes, StageTime{State: st, N: r.N, Days: float64(r.Secs) / float64(r.N) / 86400})
			}
		}
	}
	return nil
}

// kindCounts counts the cases by kind of change and year filed.
func (s *Store) kindCounts(u *UpgradeStats) error {
	var rows []struct {
		ChangeKind string
		Year       int
		N          int64
	}
	if err := s.db.Model(&Case{}).Select("change_kind, year, COUNT(*) AS n").Group("change_kind, year").
		Scan(&rows).Error; err != nil {
		return err
	}
	years := map[int]*KindYear{}
	for _, r := range rows {
		if years[r.Year] == nil {
			years[r.Year] = &KindYear{Year: r.Year}
		}
		years[r.Year].add(r.ChangeKind, r.N)
		u.Kinds.add(r.ChangeKind, r.N)
	}
	for _, k := range years {
		u.KindYears = append(u.KindYears, *k)
	}
	slices.SortFunc(u.KindYears, func(a, b KindYear) int { return cmp.Compare(a.Year, b.Year) })
	return nil
}

// retroCounts counts the emergency changes whose skipped steps are due.
func (s *Store) retroCounts(u *UpgradeStats) error {
	open := s.db.Model(&Case{}).Where(retroPendingSQL).Where("cases.state IN ?", openStates)
	if err := open.Count(&u.RetroOpen).Error; err != nil {
		return err
	}
	return s.db.Model(&Case{}).Where(retroPendingSQL).Where("cases.state IN ?", openStates).
		Where("cases.retro_due_at < ?", s.now()).Count(&u.RetroLate).Error
}
