package data

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHalfApprovedPlanWaitsForTheOtherHalf checks that a plan approved by
// the IT director waits for the budget's approval, and is not reported as
// stuck because nobody may approve the plan a second time.
func TestHalfApprovedPlanWaitsForTheOtherHalf(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StatePlanApproval)
	f.act(t, "director", c, ActApprovePlan, "")
	ns, err := f.s.NextStep(f.u["director"].User(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ns.Stuck || len(ns.Waiting) != 1 || ns.Waiting[0].Action != ActApproveBudget || ns.Waiting[0].Name != "钱经理" {
		t.Fatalf("next step after the plan's approval: %+v", ns)
	}
	if ErrorCode(ns.WhyNot) != EState {
		t.Errorf("why the director may not approve the budget: %v", ns.WhyNot)
	}
	stuck, err := f.s.StuckCases(context.Background())
	if err != nil || slices.ContainsFunc(stuck, func(sc StuckCase) bool { return sc.ID == c.ID }) {
		t.Fatalf("reported stuck: %+v %v", stuck, err)
	}
}

// TestDemoCasesWaitForSomebody checks that every open case of the demo is
// in somebody's 待办, and that a case that is in nobody's is reported, with
// the reason, by check and in the statistics.
func TestDemoCasesWaitForSomebody(t *testing.T) {
	s := mustOpen(t)
	pdf := func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.4 " + d.Case.No), nil }
	if _, err := s.FillDemo(DemoOptions{Cases: 60, Now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local), Dossier: pdf}); err != nil {
		t.Fatal(err)
	}
	var users []User
	s.db.Order("id").Find(&users)
	// waiting returns the cases in somebody's 待办 with a step to take.
	waiting := func() map[uint]bool {
		out := map[uint]bool{}
		for i := range users {
			todo, err := s.Todo(&users[i])
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range todo {
				if len(it.Actions)+len(it.Forms) > 0 { // not only escalated
					out[it.ID] = true
				}
			}
		}
		return out
	}
	var open []Case
	s.db.Where("state IN ?", openStates).Order("id").Find(&open)
	reported := func() (map[uint]StuckCase, string, map[uint]bool) {
		stuck, err := s.StuckCases(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		byID := map[uint]StuckCase{}
		for _, sc := range stuck {
			byID[sc.ID] = sc
		}
		rep, err := s.Check(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var notices []string
		for _, n := range rep.Notices {
			notices = append(notices, n.Describe(LangZH))
		}
		st, err := s.Stats(12)
		if err != nil {
			t.Fatal(err)
		}
		inStats := map[uint]bool{}
		for _, sc := range st.Stuck {
			inStats[sc.ID] = true
		}
		return byID, strings.Join(notices, "\n"), inStats
	}
	forgotten := func() {
		t.Helper()
		w := waiting()
		stuck, notices, inStats := reported()
		for _, c := range open {
			if w[c.ID] {
				continue
			}
			sc, ok := stuck[c.ID]
			if !ok || sc.Reason == nil {
				t.Errorf("%s (%s) is in nobody's 待办 and not reported as stuck", c.No, c.State)
				continue
			}
			if !strings.Contains(notices, c.No) || !strings.Contains(notices, ErrorMessage(sc.Reason, LangZH)) {
				t.Errorf("check does not say why %s waits: %s", c.No, notices)
			}
			if !inStats[c.ID] {
				t.Errorf("统计 does not list %s", c.No)
			}
		}
	}
	forgotten()
	director, _ := s.Login("director", DemoPassword)
	todo, err := s.Todo(director.User())
	if err != nil {
		t.Fatal(err)
	}
	escalated := 0
	for i, it := range todo {
		if it.Escalated {
			escalated++
		}
		if i > 0 && it.StateAt.Before(todo[i-1].StateAt) {
			t.Errorf("the director's 待办 is not oldest first: %s (%v) after %s (%v)", it.No, it.StateAt, todo[i-1].No, todo[i-1].StateAt)
		}
	}
	if escalated == 0 {
		t.Error("no overdue demo case brought to the director")
	}
	if w := waiting(); len(w) < len(open)/2 {
		t.Fatalf("only %d of %d open cases in anybody's 待办", len(w), len(open))
	}

	// The only department head of a department with a case to review
	// leaves: the case waits for nobody, and is reported.
	var review Case
	if err := s.db.Where("state = ?", StateDeptReview).Order("id").First(&review).Error; err != nil {
		t.Fatal(err)
	}
	admin, _ := s.Login("admin", DemoPassword)
	var head User
	s.db.Where("department_id = ? AND roles LIKE ?", review.BusinessDeptID, "%dept_head%").First(&head)
	head.Disabled = true
	if err := s.SaveUser(admin, &head); err != nil {
		t.Fatal(err)
	}
	users = slices.DeleteFunc(users, func(u User) bool { return u.ID == head.ID })
	if waiting()[review.ID] {
		t.Fatalf("%s still in somebody's 待办 with its department's head gone", review.No)
	}
	stuck, notices, _ := reported()
	if sc, ok := stuck[review.ID]; !ok || ErrorCode(sc.Reason) != EForbidden || sc.Action != ActApprove {
		t.Fatalf("stuck %+v", stuck)
	}
	if !strings.Contains(notices, review.No+"「"+review.Title+"」部门审核中，无人可以办理“同意”——没有可以办理此步骤的用户") {
		t.Errorf("check notices:\n%s", notices)
	}
	forgotten()
}
