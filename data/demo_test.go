package data

import (
	"context"
	"testing"
	"time"
)

func TestFillDemo(t *testing.T) {
	s := mustOpen(t)
	pdf := func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.4 " + d.Case.No), nil }
	sum, err := s.FillDemo(DemoOptions{Cases: 60, Now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local), Dossier: pdf})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range AllStates {
		if sum.ByState[st] == 0 {
			t.Errorf("no demo case in state %s", st)
		}
	}
	if sum.Cases != 60 {
		t.Errorf("%d cases", sum.Cases)
	}
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check of demo data: %v %+v", err, rep)
	}
	if _, err := s.Login("staff", DemoPassword); err != nil {
		t.Errorf("demo login: %v", err)
	}
	if _, err := s.FillDemo(DemoOptions{}); ErrorCode(err) != EExists {
		t.Errorf("second fill: %v", err)
	}
	// Every role has something to do.
	for _, name := range []string{"director", "sysadmin", "dataadmin", "head", "staff", "finance", "leader"} {
		u, _ := s.Login(name, DemoPassword)
		todo, err := s.Todo(u.User())
		if err != nil {
			t.Fatal(err)
		}
		if len(todo) == 0 {
			t.Errorf("%s has nothing to do in the demo", name)
		}
	}
}

func TestFillDemoWithCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	s := mustOpen(t)
	sum, err := s.FillDemo(DemoOptions{Cases: demoRealCases + 500})
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	s.db.Model(&Case{}).Count(&n)
	if n != int64(demoRealCases+500) {
		t.Fatalf("%d cases", n)
	}
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep)
	}
	if sum.ByState[StateImplementing] < 10 {
		t.Errorf("states %+v", sum.ByState)
	}
	rows, total, err := s.ListCases(CaseFilter{Text: "续借", Limit: 10})
	if err != nil || total == 0 || len(rows) == 0 {
		t.Errorf("search in copies: %v %d", err, total)
	}
}
