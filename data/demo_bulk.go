package data

import (
	"fmt"
	"math/rand"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Large demo databases (for measuring the application at library scale
// and far beyond) are made from a few hundred cases taken through the
// procedure by the store's rules: the rest are copies of those, with every
// record, decision and audit entry of the original, their own numbers and
// slightly shifted times, written table by table in large batches. The
// audit chain of the copies is built as the store builds it, so the
// result passes Check.

// demoRealCases is how many cases of a large demo go through the rules.
const demoRealCases = 320

// demoChunk is how many copies are written per transaction.
const demoChunk = 5000

// cloneable reports whether cases in state st may be copied: copies never
// reach registration, whose ledger lines and archived dossiers belong to
// one case only.
func cloneable(st State) bool {
	return st != StateFollowUp && st != StateClosed
}

// bundle is everything recorded about one case.
type bundle struct {
	c               Case
	decisions       []Decision
	assessments     []Assessment
	plans           []Plan
	implementations []Implementation
	migrations      []Migration
	acceptances     []Acceptance
	rollbacks       []RollbackReport
	registrations   []Registration
	evaluations     []Evaluation
	backups         []Backup
	tests           []TestRecord
	costs           []Cost
	trainings       []Training
	audit           []AuditEntry
}

// loadBundles reads the cases that may be copied, with all their records.
func (s *Store) loadBundles() ([]*bundle, error) {
	var cases []Case
	if err := s.db.Order("id").Find(&cases).Error; err != nil {
		return nil, err
	}
	var out []*bundle
	for i := range cases {
		if !cloneable(cases[i].State) {
			continue
		}
		b := &bundle{c: cases[i]}
		if err := s.loadBundle(b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (s *Store) loadBundle(b *bundle) error {
	id := b.c.ID
	if err := s.db.Where("case_id = ?", id).Order("seq").Find(&b.audit).Error; err != nil {
		return err
	}
	byCase := func(dst any, preload ...string) error {
		q := s.db.Where("case_id = ?", id).Order("id")
		for _, p := range preload {
			q = q.Preload(p, func(db *gorm.DB) *gorm.DB { return db.Order("pos") })
		}
		return q.Find(dst).Error
	}
	plan := (&Plan{}).rowAssociations()
	for _, l := range []struct {
		dst     any
		preload []string
	}{
		{&b.decisions, nil}, {&b.assessments, []string{"Participants"}}, {&b.plans, plan},
		{&b.implementations, nil}, {&b.migrations, nil}, {&b.acceptances, nil}, {&b.rollbacks, nil},
		{&b.registrations, nil}, {&b.evaluations, nil}, {&b.backups, nil}, {&b.tests, nil},
		{&b.costs, nil}, {&b.trainings, nil},
	} {
		if err := byCase(l.dst, l.preload...); err != nil {
			return err
		}
	}
	return nil
}

// cloneDemo writes n copies of the copyable cases.
func (r *demoRun) cloneDemo(s *Store, n int) error {
	bundles, err := s.loadBundles()
	if err != nil {
		return err
	}
	if len(bundles) == 0 {
		return fmt.Errorf("no demo case to copy")
	}
	for done := 0; done < n; {
		chunk := min(demoChunk, n-done)
		if err := s.write("demo copies", func(tx *gorm.DB) error {
			return r.cloneChunk(s, tx, bundles, chunk)
		}); err != nil {
			return err
		}
		done += chunk
		if r.opt.Progress != nil {
			r.opt.Progress(r.opt.Cases-n+done, r.opt.Cases)
		}
	}
	return nil
}

// copyPlan is one copy: its original, how far its times move, and the new
// case once written.
type copyPlan struct {
	from  *bundle
	shift time.Duration
	c     Case
}

// idMap maps, per table, the ids of the originals' records to the copies'.
type idMap map[string]map[uint]uint

func (m idMap) set(table string, old, new uint) {
	if m[table] == nil {
		m[table] = map[uint]uint{}
	}
	m[table][old] = new
}

func (r *demoRun) cloneChunk(s *Store, tx *gorm.DB, bundles []*bundle, n int) error {
	copies, err := r.cloneCases(tx, bundles, n)
	if err != nil {
		return err
	}
	ids := idMap{}
	if err := cloneStages(tx, copies, ids); err != nil {
		return err
	}
	if err := s.dialect.indexCases(tx, casesOf(copies)); err != nil {
		return err
	}
	return cloneAudit(tx, copies, ids)
}

// cloneCases writes the case rows of n copies with the next numbers of
// their years.
func (r *demoRun) cloneCases(tx *gorm.DB, bundles []*bundle, n int) ([]*copyPlan, error) {
	copies := make([]*copyPlan, n)
	cases := make([]Case, n)
	counters := map[int]int{}
	for i := range copies {
		cp := &copyPlan{from: bundles[r.rng.Intn(len(bundles))],
			shift: time.Duration(r.rng.Int63n(int64(6*24*time.Hour))) - 3*24*time.Hour}
		c := cp.from.c
		c.ID = 0
		shiftCase(&c, cp.shift)
		year := c.CreatedAt.Local().Year()
		if _, ok := counters[year]; !ok {
			var last int
			if err := tx.Raw("SELECT COALESCE(MAX(last), 0) FROM case_counters WHERE year = ?", year).Scan(&last).Error; err != nil {
				return nil, err
			}
			counters[year] = last
		}
		counters[year]++
		c.Year, c.Seq, c.No = year, counters[year], CaseNo(year, counters[year])
		cases[i], copies[i] = c, cp
	}
	if err := tx.Omit(clause.Associations).CreateInBatches(&cases, 500).Error; err != nil {
		return nil, err
	}
	for i := range copies {
		copies[i].c = cases[i]
	}
	for year, last := range counters {
		err := tx.Exec(`INSERT INTO case_counters (year, last) VALUES (?, ?)
			ON CONFLICT (year) DO UPDATE SET last = excluded.last`, year, last).Error
		if err != nil {
			return nil, err
		}
	}
	return copies, nil
}

func casesOf(copies []*copyPlan) []Case {
	out := make([]Case, len(copies))
	for i, cp := range copies {
		out[i] = cp.c
	}
	return out
}

// shiftCase moves every time of a case by d.
func shiftCase(c *Case, d time.Duration) {
	c.CreatedAt, c.UpdatedAt, c.StateAt = c.CreatedAt.Add(d), c.UpdatedAt.Add(d), c.StateAt.Add(d)
	if c.ClosedAt != nil {
		t := c.ClosedAt.Add(d)
		c.ClosedAt = &t
	}
}

// cloneStages copies the decisions and every stage record of the copies,
// table by table.
func cloneStages(tx *gorm.DB, copies []*copyPlan, ids idMap) error {
	var decisions []Decision
	for _, cp := range copies {
		for _, d := range cp.from.decisions {
			d.ID, d.CaseID, d.At = 0, cp.c.ID, d.At.Add(cp.shift)
			decisions = append(decisions, d)
		}
	}
	if err := insertAll(tx, decisions); err != nil {
		return err
	}
	assessments, err := cloneTable(tx, copies, ids, "assessments", func(b *bundle) []Assessment { return b.assessments },
		func(a *Assessment, id uint) { a.CaseID = id })
	if err != nil {
		return err
	}
	plans, err := cloneTable(tx, copies, ids, "plans", func(b *bundle) []Plan { return b.plans },
		func(p *Plan, id uint) { p.CaseID = id })
	if err != nil {
		return err
	}
	var shifts []time.Duration // of each plan copied, in order
	for _, cp := range copies {
		for range cp.from.plans {
			shifts = append(shifts, cp.shift)
		}
	}
	if err := cloneChildren(tx, assessments, plans, shifts); err != nil {
		return err
	}
	return cloneOthers(tx, copies, ids)
}

// cloneOthers copies the stage records that have no child rows.
func cloneOthers(tx *gorm.DB, copies []*copyPlan, ids idMap) error {
	steps := []func() error{
		func() error {
			_, err := cloneTable(tx, copies, ids, "implementations", func(b *bundle) []Implementation { return b.implementations },
				func(x *Implementation, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "migrations", func(b *bundle) []Migration { return b.migrations },
				func(x *Migration, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "acceptances", func(b *bundle) []Acceptance { return b.acceptances },
				func(x *Acceptance, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "rollback_reports", func(b *bundle) []RollbackReport { return b.rollbacks },
				func(x *RollbackReport, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "registrations", func(b *bundle) []Registration { return b.registrations },
				func(x *Registration, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "evaluations", func(b *bundle) []Evaluation { return b.evaluations },
				func(x *Evaluation, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "backups", func(b *bundle) []Backup { return b.backups },
				func(x *Backup, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "test_records", func(b *bundle) []TestRecord { return b.tests },
				func(x *TestRecord, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "costs", func(b *bundle) []Cost { return b.costs },
				func(x *Cost, id uint) { x.CaseID = id })
			return err
		},
		func() error {
			_, err := cloneTable(tx, copies, ids, "trainings", func(b *bundle) []Training { return b.trainings },
				func(x *Training, id uint) { x.CaseID = id })
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// cloneTable inserts, for every copy, a copy of each of its original's
// records of one table, and notes the new ids.
func cloneTable[T any, P interface {
	*T
	record
}](tx *gorm.DB, copies []*copyPlan, ids idMap, table string, get func(*bundle) []T, setCase func(P, uint)) ([]T, error) {
	var rows []T
	var olds []uint
	for _, cp := range copies {
		for _, row := range get(cp.from) {
			p := P(&row)
			m := p.meta()
			olds = append(olds, m.ID)
			m.ID, m.CreatedAt, m.UpdatedAt = 0, m.CreatedAt.Add(cp.shift), m.UpdatedAt.Add(cp.shift)
			setCase(p, cp.c.ID)
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if err := tx.Omit(clause.Associations).CreateInBatches(&rows, 300).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		ids.set(table, olds[i], P(&rows[i]).meta().ID)
	}
	return rows, nil
}

// cloneChildren inserts the child rows of copied assessments and plans;
// the downtime windows of a plan move by its copy's shift.
func cloneChildren(tx *gorm.DB, assessments []Assessment, plans []Plan, shifts []time.Duration) error {
	var parts []Participant
	for _, a := range assessments {
		for _, p := range a.Participants {
			p.ID, p.AssessmentID = 0, a.ID
			parts = append(parts, p)
		}
	}
	var ms []Milestone
	var rs []Responsibility
	var risks []Risk
	var budget []BudgetItem
	var windows []DowntimeWindow
	for i, p := range plans {
		for _, x := range p.Windows {
			x.ID, x.PlanID, x.StartAt, x.EndAt = 0, p.ID, x.StartAt.Add(shifts[i]), x.EndAt.Add(shifts[i])
			windows = append(windows, x)
		}
		for _, x := range p.Milestones {
			x.ID, x.PlanID = 0, p.ID
			ms = append(ms, x)
		}
		for _, x := range p.Responsibilities {
			x.ID, x.PlanID = 0, p.ID
			rs = append(rs, x)
		}
		for _, x := range p.Risks {
			x.ID, x.PlanID = 0, p.ID
			risks = append(risks, x)
		}
		for _, x := range p.BudgetItems {
			x.ID, x.PlanID = 0, p.ID
			budget = append(budget, x)
		}
	}
	return firstError(insertAll(tx, parts), insertAll(tx, ms), insertAll(tx, rs), insertAll(tx, risks), insertAll(tx, budget),
		insertAll(tx, windows))
}

func insertAll[T any](tx *gorm.DB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.CreateInBatches(&rows, 500).Error
}

// cloneAudit appends the audit entries of every copy to the chain, with
// the copy's ids and times, and moves the chain's head.
func cloneAudit(tx *gorm.DB, copies []*copyPlan, ids idMap) error {
	var head auditHead
	if err := tx.First(&head, 1).Error; err != nil {
		return err
	}
	var entries []AuditEntry
	for _, cp := range copies {
		caseID := cp.c.ID
		for _, e := range cp.from.audit {
			e.ID, e.CaseID, e.At, e.Seals = 0, &caseID, e.At.Add(cp.shift), ""
			if e.Entity == "cases" {
				e.EntityID = caseID
			} else if id, ok := ids[e.Entity][e.EntityID]; ok {
				e.EntityID = id
			}
			head.Seq++
			e.Seq, e.PrevHash = head.Seq, head.Hash
			e.Hash = hashEntry(&e)
			head.Hash = e.Hash
			entries = append(entries, e)
		}
	}
	if err := insertAll(tx, entries); err != nil {
		return err
	}
	return tx.Model(&auditHead{}).Where("id = ?", 1).Updates(map[string]any{"seq": head.Seq, "hash": head.Hash}).Error
}

// rngFor gives each demo run its own random source.
func rngFor(seed int64) *rand.Rand { return rand.New(rand.NewSource(seed)) }
