package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The benchmarks in this file run against a large database named by the
// environment variable UPGRADEDESK_BENCH_DB (made with `upgradedesk demo
// --cases 100000`; see BENCHMARKS.md and `make bench`), a file or a
// postgres:// URL of such a database migrated to a server (`upgradedesk
// migrate`). Write benchmarks work on a copy of it, so the database itself
// is left as it was.

func benchDB(b *testing.B) string {
	b.Helper()
	path := os.Getenv("UPGRADEDESK_BENCH_DB")
	if path == "" {
		b.Skip("UPGRADEDESK_BENCH_DB not set")
	}
	return path
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(benchDB(b), Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchCopy returns a writable copy of the benchmark database.
func benchCopy(b *testing.B) *Store {
	b.Helper()
	if IsURL(benchDB(b)) {
		return benchServerCopy(b)
	}
	src := benchStore(b)
	dest := filepath.Join(b.TempDir(), "copy.db")
	if _, err := src.Backup(context.Background(), dest); err != nil {
		b.Fatal(err)
	}
	s, err := Open(dest, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchServerCopy makes a copy of a benchmark database on a PostgreSQL
// server (UPGRADEDESK_BENCH_DB=postgres://…/DATABASE, made with
// `upgradedesk migrate`) with CREATE DATABASE … TEMPLATE, dropped after
// the benchmark.
func benchServerCopy(b *testing.B) *Store {
	b.Helper()
	src := mustURL(b, benchDB(b))
	name := strings.TrimPrefix(src.Path, "/")
	server := *src
	server.Path = "/postgres"
	admin := rawPG(b, server.String())
	copyName := fmt.Sprintf("%s_copy_%d", name, time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + copyName + " TEMPLATE " + name + " STRATEGY FILE_COPY"); err != nil {
		b.Fatalf("copy %s: %v", name, err)
	}
	b.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + copyName + " WITH (FORCE)"); err != nil {
			b.Errorf("drop %s: %v", copyName, err)
		}
	})
	dest := *src
	dest.Path = "/" + copyName
	s, err := Open(dest.String(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkOpenFirstPage opens the database and reads the first page of
// the case list, as the client does when it starts.
func BenchmarkOpenFirstPage(b *testing.B) {
	path := benchDB(b)
	for i := 0; i < b.N; i++ {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.ListCases(CaseFilter{Limit: 50}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func BenchmarkFilter(b *testing.B) {
	s := benchStore(b)
	var dept Department
	s.db.Where("name = ?", "流通部").First(&dept)
	for _, f := range []struct {
		name string
		f    CaseFilter
	}{
		{"state", CaseFilter{States: []State{StateImplementing}, Limit: 50}},
		{"department", CaseFilter{DepartmentID: dept.ID, Limit: 50}},
		{"state+department", CaseFilter{States: []State{StatePlanning, StatePlanApproval}, DepartmentID: dept.ID, Limit: 50}},
		{"sorted by title", CaseFilter{Sort: "title", Limit: 50}},
	} {
		b.Run(f.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := s.ListCases(f.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	for _, q := range []string{"借", "续借", "固件升级", "OPAC", "不存在的词"} {
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := s.ListCases(CaseFilter{Text: q, Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSaveForm saves a plan with its rows (an update with an audit
// entry, in one transaction).
func BenchmarkSaveForm(b *testing.B) {
	s := benchCopy(b)
	var c Case
	if err := s.db.Where("state = ?", StatePlanning).First(&c).Error; err != nil {
		b.Skip("no case in planning")
	}
	actor := benchUser(b, s, "sysadmin")
	plan, _ := s.Plan(c.ID)
	if plan.ID == 0 {
		plan = &Plan{CaseID: c.ID, Goals: "升级目标", Scope: "范围", TechApproach: "方案",
			Milestones: []Milestone{{Name: "升级", Start: "2026-12-01", End: "2026-12-02"}},
			Risks:      []Risk{{Risk: "失败", Countermeasure: "回退"}}, BudgetItems: []BudgetItem{{Item: "服务费", Amount: 100000}}}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		plan.Goals = fmt.Sprintf("升级目标（第 %d 次修改）", i)
		if err := s.SaveStage(s.sessionOf(actor), plan); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTransition takes cases in dept review back and forth with the
// department head's return and the applicant's submit.
func BenchmarkTransition(b *testing.B) {
	s := benchCopy(b)
	var cases []Case
	s.db.Where("state = ?", StateDraft).Limit(200).Find(&cases)
	var ready []*Case
	for i := range cases {
		if len(requestRecord.Missing(&cases[i])) == 0 {
			ready = append(ready, &cases[i])
		}
	}
	if len(ready) == 0 {
		b.Skip("no complete draft")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := ready[i%len(ready)]
		applicant, _ := s.User(c.ApplicantID)
		action := ActSubmit
		if cur, _ := s.Case(c.ID); cur.State != StateDraft {
			continue
		}
		if _, err := s.Act(s.sessionOf(applicant), ActionRequest{CaseID: c.ID, Action: action}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	s := benchStore(b)
	for i := 0; i < b.N; i++ {
		rep, err := s.Check(context.Background())
		if err != nil || !rep.OK() {
			b.Fatal(err, rep)
		}
	}
}

func benchUser(b *testing.B, s *Store, name string) *User {
	var u User
	if err := s.db.Where("username = ?", name).First(&u).Error; err != nil {
		b.Fatal(err)
	}
	return &u
}

// BenchmarkTodo builds the 待办 list of the IT director, who has the most
// waiting for him: computed (as after any write to the database, or at a
// first sign-in) and kept (nothing written since).
func BenchmarkTodo(b *testing.B) {
	s := benchStore(b)
	u := benchUser(b, s, "director")
	b.Run("computed", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := s.todoList(u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("kept", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Todo(u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTodoLeader builds the 待办 list of the library leader: the
// assessments to approve, the templates to approve and the emergency
// changes to confirm, found by their own condition.
func BenchmarkTodoLeader(b *testing.B) {
	s := benchStore(b)
	u := benchUser(b, s, "leader")
	for i := 0; i < b.N; i++ {
		if _, _, err := s.todoList(u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpgradeStats computes 统计's figures of upgrades, rollbacks,
// downtime, days per stage and kinds of change.
func BenchmarkUpgradeStats(b *testing.B) {
	s := benchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.UpgradeStats(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStuckCases looks for the open cases nobody may take forward,
// as check, 统计 and the administrators' 待办 do: after a write (cold),
// and again with nothing written since.
func BenchmarkStuckCases(b *testing.B) {
	s := benchStore(b)
	for _, cold := range []bool{true, false} {
		name := map[bool]string{true: "cold", false: "unchanged"}[cold]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if cold {
					s.stuck = &stuckMemo{}
				}
				if _, err := s.StuckCases(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStats computes the figures of the 统计 tab.
func BenchmarkStats(b *testing.B) {
	s := benchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Stats(12); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNextStep says who may take the next step of a case awaiting
// plan approval, as its window's header does when it opens.
func BenchmarkNextStep(b *testing.B) {
	s := benchStore(b)
	u := benchUser(b, s, "director")
	var c Case
	if err := s.db.Where("state = ?", StatePlanApproval).Order("id DESC").First(&c).Error; err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := s.NextStep(u, c.ID); err != nil {
			b.Fatal(err)
		}
	}
}
