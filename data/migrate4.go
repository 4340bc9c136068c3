package data

import (
	"encoding/json"
	"strconv"

	"gorm.io/gorm"
)

// planningIndexes serve the upgrade calendar: the windows and the actual
// implementations of a range of days, found by their start.
var planningIndexes = []string{
	"CREATE INDEX IF NOT EXISTS idx_implementations_actual_start ON implementations (actual_start)",
}

func createPlanningIndexes(tx *gorm.DB) error {
	for _, q := range planningIndexes {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// migrateWindows is the step of a database older than version 4: the
// downtime each plan had as text becomes downtime windows of the case's
// system where the text reads as windows (ParseDowntime); other texts stay
// as they are, and show as the plan's downtime note. Each plan changed gets
// an audit entry saying so, and is sealed anew.
func (s *Store) migrateWindows(tx *gorm.DB) error {
	var plans []struct {
		ID             uint
		CaseID         uint
		Version        int
		DowntimeWindow string
		SystemID       uint
	}
	err := tx.Table("plans").Select("plans.id, plans.case_id, plans.version, plans.downtime_window, cases.system_id").
		Joins("JOIN cases ON cases.id = plans.case_id").
		Where("plans.downtime_window <> '' AND NOT EXISTS (SELECT 1 FROM downtime_windows w WHERE w.plan_id = plans.id)").
		Order("plans.id").Scan(&plans).Error
	if err != nil {
		return err
	}
	actor := &User{FullName: Label("migrate.actor")}
	units := unitSet{}
	for _, p := range plans {
		ws, ok := ParseDowntime(p.DowntimeWindow)
		if !ok {
			continue
		}
		for i := range ws {
			ws[i].PlanID, ws[i].Pos, ws[i].Systems = p.ID, i, SystemIDs{p.SystemID}
		}
		if err := tx.Create(&ws).Error; err != nil {
			return err
		}
		if err := tx.Table("plans").Where("id = ?", p.ID).
			Updates(map[string]any{"downtime_window": "", "version": p.Version + 1}).Error; err != nil {
			return err
		}
		rows, err := json.Marshal(ws)
		if err != nil {
			return err
		}
		changes := []Change{{Field: "downtime_window", Old: p.DowntimeWindow}, {Field: "downtime_windows", New: string(rows)}}
		if err := s.audit(tx, actor, OpUpdate, "plans", p.ID, p.CaseID, changes, "", Label("migrate.windows")); err != nil {
			return err
		}
		units["c:"+strconv.FormatUint(uint64(p.CaseID), 10)] = true
	}
	lines, err := reseal(tx, units)
	if err != nil {
		return err
	}
	return s.writeSeals(tx, lines, "")
}
