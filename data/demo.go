package data

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"gorm.io/gorm"
)

// DemoOptions tune FillDemo.
type DemoOptions struct {
	// Cases is how many cases to file (default 60).
	Cases int
	// Seed makes the data reproducible (default 1).
	Seed int64
	// Now is the demo's today (default the current time).
	Now time.Time
	// Dossier makes the dossier PDF archived when a case is closed, as
	// Options.Dossier does (which it replaces while the demo is made).
	// Without either, cases meant to be archived stay in 培训与后评估.
	Dossier func(d *Dossier) ([]byte, error)
	// Progress is told how many cases are done.
	Progress func(done, total int)
}

// DemoSummary says what FillDemo created.
type DemoSummary struct {
	Users, Systems, Cases int
	ByState               map[State]int
}

// FillDemo fills an empty database with a realistic demo library: its
// departments, one account for every role (password DemoPassword),
// vendors, systems with their version history, and cases in every state
// of the procedure with their records filled in, each taken through the
// store's own rules.
func (s *Store) FillDemo(opt DemoOptions) (*DemoSummary, error) {
	if opt.Cases <= 0 {
		opt.Cases = 60
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	empty, err := s.IsEmpty()
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, errf(EExists, "err.already_initialised")
	}
	r := &demoRun{opt: opt, rng: rngFor(opt.Seed), sum: &DemoSummary{ByState: map[State]int{}}}
	if err := r.master(s); err != nil {
		return nil, err
	}
	real := min(opt.Cases, demoRealCases)
	plans := r.planCases(real)
	batch := s.dialect.batchCases()
	for start := 0; start < len(plans); start += batch {
		end := min(start+batch, len(plans))
		if err := s.Batch(func(b *Store) error { return r.cases(b, plans[start:end]) }); err != nil {
			return nil, err
		}
		if opt.Progress != nil {
			opt.Progress(end, opt.Cases)
		}
	}
	if copies := opt.Cases - real; copies > 0 {
		if err := r.cloneDemo(s, copies); err != nil {
			return nil, err
		}
		if err := s.countStates(r.sum); err != nil {
			return nil, err
		}
	}
	r.sum.Cases = opt.Cases
	return r.sum, nil
}

// FillDemoFile makes a demo database at location. A file is built under
// a temporary name beside it and takes its name only when complete, so an
// interrupted run leaves nothing at location (and the next run removes
// what it left); an existing database with data is refused, as is a file
// that is not an UpgradeDesk database. A database on a server is filled
// in place.
func FillDemoFile(location string, opt DemoOptions) (*DemoSummary, error) {
	if IsURL(location) {
		s, err := Open(location, Options{Create: true})
		if err != nil {
			return nil, err
		}
		defer s.Close()
		return s.FillDemo(opt)
	}
	if st, err := os.Stat(location); err == nil && st.Size() > 0 {
		s, err := Open(location, Options{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		empty, err := s.IsEmpty()
		s.Close()
		if err != nil {
			return nil, err
		}
		if !empty {
			return nil, errf(EExists, "err.already_initialised")
		}
	}
	dir := filepath.Dir(location)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, outputError(err, dir)
	}
	CleanTemps(dir)
	tmp := tempPath(location)
	defer func() {
		os.Remove(tmp)
		os.Remove(tmp + "-journal")
	}()
	s, err := Open(tmp, Options{Create: true})
	if err != nil {
		return nil, err
	}
	sum, err := s.FillDemo(opt)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = fileError(cerr, location)
	}
	if err != nil {
		return nil, err
	}
	if err := syncFile(tmp); err != nil {
		return nil, outputError(err, location)
	}
	if err := os.Rename(tmp, location); err != nil {
		return nil, outputError(err, location)
	}
	syncDir(dir)
	return sum, nil
}

// countStates counts the cases of the database by state into sum.
func (s *Store) countStates(sum *DemoSummary) error {
	var rows []struct {
		State State
		N     int
	}
	if err := s.db.Model(&Case{}).Select("state, count(*) AS n").Group("state").Scan(&rows).Error; err != nil {
		return err
	}
	sum.ByState = map[State]int{}
	for _, r := range rows {
		sum.ByState[r.State] = r.N
	}
	return nil
}

// Batch runs fn with a store whose writes all join one transaction (each
// write a savepoint of it), so that many writes cost one commit. If fn
// returns an error, nothing of the batch is kept.
func (s *Store) Batch(fn func(b *Store) error) error {
	return s.write("batch", func(tx *gorm.DB) error {
		b := *s
		b.db, b.batch = tx, true
		return fn(&b)
	})
}

type demoRun struct {
	opt   DemoOptions
	rng   *rand.Rand
	sum   *DemoSummary
	clock time.Time
	users map[string]*User
	depts map[string]Department
	sys   map[string]System
	// open are the numbers of cases that stay open, for merging into.
	open []string
	// versions counts registered upgrades per system, for new version numbers.
	versions map[uint]int
}

// master writes the departments, users, vendors and systems.
func (r *demoRun) master(s *Store) error {
	hashes, err := demoHashes(len(demoUsers))
	if err != nil {
		return err
	}
	r.users, r.depts, r.sys, r.versions = map[string]*User{}, map[string]Department{}, map[string]System{}, map[uint]int{}
	r.clock = r.opt.Now.AddDate(-2, -1, 0)
	return s.Batch(func(b *Store) error {
		b.now = r.now
		if err := r.people(b, hashes); err != nil {
			return err
		}
		if err := r.ledger(b); err != nil {
			return err
		}
		if err := r.calendar(b); err != nil {
			return err
		}
		if err := b.db.Save(&Setting{Key: SettingLibraryName, Value: "示例市图书馆", UpdatedAt: r.clock}).Error; err != nil {
			return err
		}
		return b.audit(b.db, r.users["admin"], OpUpdate, "settings", 0, 0,
			[]Change{{Field: SettingLibraryName, New: "示例市图书馆"}}, "", "")
	})
}

func (r *demoRun) now() time.Time { return r.clock.UTC().Truncate(time.Microsecond) }

// demoHashes hashes the demo password once per account, in parallel.
func demoHashes(n int) ([]string, error) {
	out := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i], errs[i] = HashPassword(DemoPassword)
		}(i)
	}
	wg.Wait()
	return out, firstError(errs...)
}

func (r *demoRun) people(b *Store, hashes []string) error {
	for _, d := range demoDepts {
		dept := Department{Name: d.name, Kind: d.kind}
		if err := b.db.Create(&dept).Error; err != nil {
			return err
		}
		r.depts[d.name] = dept
	}
	var first *User
	for i, du := range demoUsers {
		n := NewUser{Username: du.username, FullName: du.name, DepartmentID: r.depts[du.dept].ID, Roles: du.roles,
			Phone: "0571-8800 " + du.phone, Email: du.username + "@library.example.cn"}
		u, err := b.insertUser(b.db, first, n, hashes[i])
		if err != nil {
			return err
		}
		if first == nil {
			first = u
		}
		r.users[du.username] = u
	}
	for _, d := range demoDepts {
		dept := r.depts[d.name]
		if err := b.audit(b.db, first, OpCreate, "departments", dept.ID, 0, diff(nil, &dept), "", ""); err != nil {
			return err
		}
	}
	r.sum.Users = len(demoUsers)
	return nil
}

func (r *demoRun) ledger(b *Store) error {
	admin := r.users["admin"]
	vendors := map[string]uint{}
	for _, v := range demoVendors {
		v := v
		if err := b.saveRecord(b.db, admin, &v, "vendors"); err != nil {
			return err
		}
		vendors[v.Name] = v.ID
	}
	for _, ds := range demoSystems {
		vid := vendors[ds.vendor]
		last := ds.versions[len(ds.versions)-1][0]
		sys := System{Name: ds.name, Code: ds.code, VendorID: &vid, OwnerDeptID: r.depts[ds.owner].ID,
			CurrentVersion: last, InstalledOn: ds.versions[0][1], Description: ds.desc, DependsOn: r.dependsOn(ds.name)}
		if err := b.saveRecord(b.db, admin, &sys, "systems"); err != nil {
			return err
		}
		prev := ""
		for _, v := range ds.versions {
			line := SystemVersion{SystemID: sys.ID, Version: v[0], PrevVersion: prev, EffectiveDate: v[1],
				UpgradeType: "vendor", Registrar: "李明", Notes: Label("ledger.initial_entry"), CreatedAt: r.now()}
			if err := b.db.Create(&line).Error; err != nil {
				return err
			}
			prev = v[0]
		}
		r.sys[ds.name] = sys
	}
	r.sum.Systems = len(demoSystems)
	return nil
}

// demoPlan is one case to file: where it ends and when it starts.
type demoPlan struct {
	target State
	tmpl   demoRequest
	filed  time.Time
	via    int // which way to a terminal state
	// scenario marks the cases whose plans show the demo's conflicts.
	scenario demoScenario
}

// planCases spreads the cases over every state, the further along the
// procedure the earlier filed, and orders them by filing time.
func (r *demoRun) planCases(n int) []demoPlan {
	plans := make([]demoPlan, n)
	for i := range plans {
		target := AllStates[i%len(AllStates)]
		age := demoAge(target)
		days := age[0] + r.rng.Intn(age[1]-age[0]+1)
		filed := r.opt.Now.AddDate(0, 0, -days).Add(-time.Duration(r.rng.Intn(8*60)) * time.Minute)
		plans[i] = demoPlan{target: target, tmpl: demoRequests[r.rng.Intn(len(demoRequests))], filed: filed, via: r.rng.Intn(3)}
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].filed.Before(plans[j].filed) })
	r.scenarios(plans)
	return plans
}

// demoAge returns how many days ago a case ending in st was filed (range).
func demoAge(st State) [2]int {
	switch st {
	case StateDraft, StateDeptReview, StateScreening:
		return [2]int{2, 20}
	case StateAssessing, StateMgmtApproval, StatePlanning, StatePlanApproval:
		return [2]int{20, 90}
	case StateImplementing, StateAccepting, StateRegistering:
		return [2]int{60, 150}
	case StateRejected, StateMerged, StateCancelled:
		return [2]int{10, 600}
	}
	return [2]int{120, 700}
}

func (r *demoRun) cases(b *Store, plans []demoPlan) error {
	b.now = r.now
	if r.opt.Dossier != nil {
		b.archiver = r.opt.Dossier
	}
	for _, p := range plans {
		if err := r.oneCase(b, p); err != nil {
			return fmt.Errorf("demo case (%s): %w", p.target, err)
		}
	}
	return nil
}

// step moves the demo clock on by a few hours to a few days, never past
// an hour before the demo's today.
func (r *demoRun) step(minHours, maxHours int) {
	r.clock = r.clock.Add(time.Duration(minHours*60+r.rng.Intn((maxHours-minHours)*60+1)) * time.Minute)
	if limit := r.opt.Now.Add(-time.Hour); r.clock.After(limit) {
		r.clock = limit.Add(-time.Duration(r.rng.Intn(50)) * time.Minute)
	}
}

func (r *demoRun) date() string { return r.clock.Local().Format(DateLayout) }

// act takes an action, which must be allowed.
func (r *demoRun) act(b *Store, u *User, c *Case, a Action, opinion string, extra ...func(*ActionRequest)) error {
	r.step(2, 72)
	req := ActionRequest{CaseID: c.ID, Action: a, Opinion: opinion, PaperSigned: r.rng.Intn(3) == 0}
	for _, e := range extra {
		e(&req)
	}
	out, err := b.Act(b.sessionOf(u), req)
	if _, seen, ok := WarningsOf(err); ok { // shown the conflicts, the user goes on
		req.Warned = seen
		out, err = b.Act(b.sessionOf(u), req)
	}
	if err != nil {
		return fmt.Errorf("%s by %s in %s: %w", a, u.Username, c.State, err)
	}
	*c = *out
	return nil
}
