package data

import (
	"slices"

	"gorm.io/gorm"
)

// This file keeps the dependencies between the systems of the ledger: a
// system depends on others (System.DependsOn), saved with it; what
// depends on a system, directly or through others, is its dependants.

// loadDependencies reads the systems sys depends on.
func loadDependencies(tx *gorm.DB, sys *System) error {
	var rows []SystemDependency
	if err := tx.Where("system_id = ?", sys.ID).Order("pos, id").Find(&rows).Error; err != nil {
		return err
	}
	sys.DependsOn = nil
	for _, r := range rows {
		sys.DependsOn = append(sys.DependsOn, r.DependsOnID)
	}
	return nil
}

// loadAllDependencies fills in what each of systems depends on.
func loadAllDependencies(tx *gorm.DB, systems []System) error {
	g, err := readDependencies(tx)
	if err != nil {
		return err
	}
	for i := range systems {
		systems[i].DependsOn = g.on[systems[i].ID]
	}
	return nil
}

// saveDependencies replaces the dependencies of sys with sys.DependsOn.
func saveDependencies(tx *gorm.DB, sys *System) error {
	rows := make([]SystemDependency, len(sys.DependsOn))
	for i, id := range sys.DependsOn {
		rows[i] = SystemDependency{DependsOnID: id}
	}
	return replaceChildren(tx, "system_id", sys.ID, rows, func(r *SystemDependency, parent uint, pos int) {
		r.ID, r.SystemID, r.Pos = 0, parent, pos
	})
}

// checkDependencies refuses dependencies of sys on itself, on a system not
// in the ledger, and ones that would make a cycle (a system depending,
// through others, on itself).
func checkDependencies(tx *gorm.DB, sys *System) error {
	if len(sys.DependsOn) == 0 {
		return nil
	}
	g, err := readDependencies(tx)
	if err != nil {
		return err
	}
	var names []struct {
		ID   uint
		Name string
	}
	if err := tx.Model(&System{}).Select("id, name").Find(&names).Error; err != nil {
		return err
	}
	known := map[uint]string{}
	for _, n := range names {
		known[n.ID] = n.Name
	}
	for _, id := range sys.DependsOn {
		switch {
		case id == sys.ID && sys.ID != 0:
			return fieldError("depends_on", errf(EInvalid, "err.depends_self"))
		case known[id] == "":
			return fieldError("depends_on", errf(EInvalid, "valid.choice"))
		}
	}
	if sys.ID == 0 {
		return nil // nothing depends on a new system yet
	}
	g.on[sys.ID] = sys.DependsOn
	for _, id := range sys.DependsOn {
		if g.reaches(id, sys.ID) {
			return fieldError("depends_on", errf(EInvalid, "err.depends_cycle", "Name", known[id]))
		}
	}
	return nil
}

// DependencyGraph is the dependencies of every system of the ledger.
type DependencyGraph struct {
	// on are the systems each system depends on.
	on map[uint]SystemIDs
	// by are the systems that depend on each system.
	by map[uint]SystemIDs
}

// readDependencies reads every dependency.
func readDependencies(tx *gorm.DB) (*DependencyGraph, error) {
	var rows []SystemDependency
	if err := tx.Order("system_id, pos, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	g := &DependencyGraph{on: map[uint]SystemIDs{}, by: map[uint]SystemIDs{}}
	for _, r := range rows {
		g.on[r.SystemID] = append(g.on[r.SystemID], r.DependsOnID)
		g.by[r.DependsOnID] = append(g.by[r.DependsOnID], r.SystemID)
	}
	return g, nil
}

// Dependencies returns the dependencies of every system of the ledger.
func (s *Store) Dependencies() (*DependencyGraph, error) {
	g, err := readDependencies(s.db)
	return g, s.read("read dependencies", err)
}

// DependsOn returns the systems id depends on directly.
func (g *DependencyGraph) DependsOn(id uint) SystemIDs { return slices.Clone(g.on[id]) }

// Dependants returns the systems that depend on id, directly or through
// others, nearest first: the systems an upgrade of id may affect.
func (g *DependencyGraph) Dependants(id uint) SystemIDs { return g.walk(id, g.by) }

// Prerequisites returns the systems id depends on, directly or through
// others, nearest first.
func (g *DependencyGraph) Prerequisites(id uint) SystemIDs { return g.walk(id, g.on) }

// walk returns what id reaches along edges, breadth first, without id.
func (g *DependencyGraph) walk(id uint, edges map[uint]SystemIDs) SystemIDs {
	var out SystemIDs
	seen := map[uint]bool{id: true}
	queue := []uint{id}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, next := range edges[cur] {
			if !seen[next] {
				seen[next] = true
				out = append(out, next)
				queue = append(queue, next)
			}
		}
	}
	return out
}

// reaches reports whether from depends, directly or through others, on to.
func (g *DependencyGraph) reaches(from, to uint) bool {
	return g.Prerequisites(from).Has(to)
}

// Related reports whether a and b are the same system or one depends on
// the other, directly or through others: a downtime of one touches the
// other.
func (g *DependencyGraph) Related(a, b uint) bool {
	return a == b || g.reaches(a, b) || g.reaches(b, a)
}
