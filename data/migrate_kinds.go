package data

import (
	"strings"
	"time"

	"gorm.io/gorm"
)

// kindIndexes serve 统计's kinds of change and days per stage, and the
// 待办's emergency changes whose skipped steps are due.
var kindIndexes = []string{
	"CREATE INDEX IF NOT EXISTS idx_cases_kind ON cases (change_kind, year)",
	"CREATE INDEX IF NOT EXISTS idx_decisions_stage ON decisions (from_state, to_state, stage_seconds)",
}

// migrateKinds is schema 4's step of migrate (the tables and columns are
// made by AutoMigrate): the indexes of the kinds of change, and, for a
// database of an earlier version, how long each stage had lasted at every
// decision taken so far, worked out from the decisions' times. Cases
// filed before there were kinds keep "" as their kind, which reads as a
// normal change (KindOf), so that their seals stay as they are; the
// stage times are not sealed.
func migrateKinds(tx *gorm.DB, from int) error {
	for _, q := range kindIndexes {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	if from == 0 || from >= 4 {
		return nil
	}
	return fillStageSeconds(tx)
}

// fillStageSeconds sets Decision.StageSeconds of every decision from the
// times the case entered each state: its filing for the first, then each
// decision that moved it.
func fillStageSeconds(tx *gorm.DB) error {
	var cases []struct {
		ID        uint
		CreatedAt time.Time
	}
	if err := tx.Model(&Case{}).Select("id, created_at").Find(&cases).Error; err != nil {
		return err
	}
	filed := make(map[uint]time.Time, len(cases))
	for _, c := range cases {
		filed[c.ID] = c.CreatedAt
	}
	var ds []struct {
		ID        uint
		CaseID    uint
		StateSeq  int
		FromState State
		ToState   State
		At        time.Time
	}
	if err := tx.Model(&Decision{}).Select("id, case_id, state_seq, from_state, to_state, at").
		Order("case_id, at, id").Find(&ds).Error; err != nil {
		return err
	}
	var ids []uint
	var secs []int64
	entered := map[int]time.Time{}
	var cur uint
	for _, d := range ds {
		if d.CaseID != cur {
			cur = d.CaseID
			clear(entered)
			entered[1] = filed[d.CaseID]
		}
		if from, ok := entered[d.StateSeq]; ok {
			if n := stageSeconds(from, d.At); n > 0 {
				ids, secs = append(ids, d.ID), append(secs, n)
			}
		}
		if d.ToState != d.FromState {
			entered[d.StateSeq+1] = d.At
		}
	}
	const batch = 400
	for start := 0; start < len(ids); start += batch {
		end := min(start+batch, len(ids))
		var b strings.Builder
		args := make([]any, 0, 3*(end-start))
		b.WriteString("UPDATE decisions SET stage_seconds = CASE id")
		for i := start; i < end; i++ {
			b.WriteString(" WHEN ? THEN CAST(? AS BIGINT)")
			args = append(args, ids[i], secs[i])
		}
		b.WriteString(" END WHERE id IN ?")
		args = append(args, ids[start:end])
		if err := tx.Exec(b.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}
