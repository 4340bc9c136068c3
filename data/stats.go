package data

import (
	"time"
)

// Count is a labelled number.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int64  `json:"n"`
}

// Stats are the figures of the 统计 tab.
type Stats struct {
	Total    int64   `json:"total"`
	Open     int64   `json:"open"`
	ByState  []Count `json:"by_state"`
	BySystem []Count `json:"by_system"`
	// ByMonth counts cases filed per month (YYYY-MM) over the last months.
	ByMonth []Count `json:"by_month"`
	// Overdue lists open cases past their expected completion date.
	Overdue []CaseRow `json:"overdue"`
	// OverdueTotal is how many open cases are overdue in all.
	OverdueTotal int64 `json:"overdue_total"`
	// LateByStage counts the cases past their stage's time limit, by
	// state, and LateTotal all of them.
	LateByStage []Count `json:"late_by_stage"`
	LateTotal   int64   `json:"late_total"`
}

// Stats computes the statistics; months is how many months ByMonth covers.
func (s *Store) Stats(months int) (*Stats, error) {
	st := &Stats{}
	if err := s.countByState(st); err != nil {
		return nil, err
	}
	if err := s.countBySystem(st); err != nil {
		return nil, err
	}
	if err := s.countByMonth(st, months); err != nil {
		return nil, err
	}
	if err := s.lateByStage(st); err != nil {
		return nil, err
	}
	return st, s.overdue(st)
}

// lateByStage counts the cases past their stage's time limit.
func (s *Store) lateByStage(st *Stats) error {
	var rows []struct {
		State State
		N     int64
	}
	if err := s.db.Model(&Case{}).Select("state, count(*) AS n").Where("due_at < ?", s.now()).
		Group("state").Scan(&rows).Error; err != nil {
		return s.read("stats", err)
	}
	for _, x := range AllStates {
		for _, r := range rows {
			if r.State == x {
				st.LateByStage = append(st.LateByStage, Count{Key: string(x), N: r.N})
				st.LateTotal += r.N
			}
		}
	}
	return nil
}

func (s *Store) countByState(st *Stats) error {
	var rows []struct {
		State State
		N     int64
	}
	if err := s.db.Model(&Case{}).Select("state, count(*) AS n").Group("state").Scan(&rows).Error; err != nil {
		return s.read("stats", err)
	}
	n := map[State]int64{}
	for _, r := range rows {
		n[r.State] = r.N
		st.Total += r.N
		if !r.State.Terminal() {
			st.Open += r.N
		}
	}
	for _, state := range AllStates {
		st.ByState = append(st.ByState, Count{Key: string(state), Label: Label(state.LabelKey()), N: n[state]})
	}
	return nil
}

func (s *Store) countBySystem(st *Stats) error {
	err := s.db.Table("cases").Select("systems.name AS key, systems.name AS label, count(*) AS n").
		Joins("JOIN systems ON systems.id = cases.system_id").Group("systems.name").
		Order("n DESC, systems.name").Scan(&st.BySystem).Error
	return s.read("stats", err)
}

// countByMonth counts the cases filed in each of the last months months,
// by local calendar month, oldest first, including months with none.
func (s *Store) countByMonth(st *Stats, months int) error {
	if months <= 0 {
		months = 12
	}
	now := s.now().Local()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local).AddDate(0, -(months - 1), 0)
	var created []time.Time
	if err := s.db.Model(&Case{}).Where("created_at >= ?", start.UTC()).Pluck("created_at", &created).Error; err != nil {
		return s.read("stats", err)
	}
	n := map[string]int64{}
	for _, t := range created {
		n[t.Local().Format("2006-01")]++
	}
	for m := start; !m.After(now); m = m.AddDate(0, 1, 0) {
		k := m.Format("2006-01")
		st.ByMonth = append(st.ByMonth, Count{Key: k, Label: k, N: n[k]})
	}
	return nil
}

func (s *Store) overdue(st *Stats) error {
	today := localDay(s.now())
	var open []State
	for _, x := range AllStates {
		if !x.Terminal() {
			open = append(open, x)
		}
	}
	f := CaseFilter{States: open, Sort: "expected_date", Limit: 200}
	q := s.caseQuery(f).Where("cases.expected_date <> '' AND cases.expected_date < ?", today)
	if err := q.Count(&st.OverdueTotal).Error; err != nil {
		return s.read("stats", err)
	}
	err := withNames(q).
		Order("cases.expected_date, cases.id").Limit(200).Scan(&st.Overdue).Error
	return s.read("stats", err)
}
