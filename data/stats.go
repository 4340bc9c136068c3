package data

import (
	"context"
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
	// OverBudget lists the cases whose costs exceed their plan's budget,
	// the largest overrun first.
	OverBudget []BudgetRow `json:"over_budget"`
	// Stuck lists the open cases nobody may take forward now, with why
	// (StuckCases).
	Stuck []StuckCase `json:"stuck"`
	// PaperDue counts the decisions confirmed on paper whose signed copy
	// has not come back (待回收签字件), and PaperByCase per case (Key and
	// Label are the case number), the most first, at most 200 cases.
	PaperDue    int64   `json:"paper_due"`
	PaperByCase []Count `json:"paper_by_case"`
	// Upgrades are the figures of upgrades done (per system and year,
	// rollbacks, downtime), of days per stage and of kinds of change.
	Upgrades *UpgradeStats `json:"upgrades"`
}

// BudgetRow is a case whose recorded costs exceed its plan's budget.
type BudgetRow struct {
	CaseRow
	Spent  Money `json:"spent"`
	Budget Money `json:"budget"`
	// Approval is the last 批准预算 (nil when none was given).
	Approval *Decision `json:"approval,omitempty"`
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
	if err := s.overBudget(st); err != nil {
		return nil, err
	}
	if err := s.paperByCase(st); err != nil {
		return nil, err
	}
	var err error
	if st.Upgrades, err = s.UpgradeStats(); err != nil {
		return nil, err
	}
	if st.Stuck, err = s.StuckCases(context.Background()); err != nil {
		return nil, err
	}
	return st, s.overdue(st)
}

// overBudget lists the cases whose costs exceed their budget.
func (s *Store) overBudget(st *Stats) error {
	var rows []struct {
		ID            uint
		Spent, Budget Money
	}
	err := s.db.Raw(`SELECT cases.id, k.spent, b.budget FROM cases
		-- SUM of a BIGINT is NUMERIC on PostgreSQL: cast back for Money.
		JOIN (SELECT case_id, CAST(SUM(amount) AS BIGINT) AS spent FROM costs GROUP BY case_id) k ON k.case_id = cases.id
		JOIN (SELECT plans.case_id, CAST(SUM(budget_items.amount) AS BIGINT) AS budget FROM plans
			JOIN budget_items ON budget_items.plan_id = plans.id GROUP BY plans.case_id) b ON b.case_id = cases.id
		WHERE k.spent > b.budget ORDER BY k.spent - b.budget DESC, cases.id LIMIT 200`).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return s.read("stats", err)
	}
	ids := make([]uint, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var cases []CaseRow
	if err := s.rowsByID(s.db, ids, &cases); err != nil {
		return s.read("stats", err)
	}
	byID := map[uint]CaseRow{}
	for _, c := range cases {
		byID[c.ID] = c
	}
	var approvals []Decision
	if err := s.db.Where("action = ? AND case_id IN ?", ActApproveBudget, ids).Order("at").Find(&approvals).Error; err != nil {
		return s.read("stats", err)
	}
	by := map[uint]*Decision{}
	for i := range approvals {
		by[approvals[i].CaseID] = &approvals[i]
	}
	for _, r := range rows {
		st.OverBudget = append(st.OverBudget, BudgetRow{CaseRow: byID[r.ID], Spent: r.Spent, Budget: r.Budget, Approval: by[r.ID]})
	}
	return nil
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
