package data

import (
	"context"
	"testing"
)

// TestStandInsAndCalendarAreSealed: the writes of stand-ins, of the
// holiday list and of stage time limits leave a database that passes
// check (their records are sealed, and the due times they move too).
func TestStandInsAndCalendarAreSealed(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	f.act(t, "staff", c, ActSubmit, "")
	sub := f.standIn(t, Substitute{Role: RoleDeptHead, DepartmentID: f.lending.ID, StandInID: f.u["leader"].User().ID})
	ctx := context.Background()
	check := func(what string) {
		t.Helper()
		if r, err := f.s.Check(ctx); err != nil || !r.OK() {
			t.Fatalf("check after %s: %v %+v", what, err, r.Records)
		}
	}
	check("a stand-in was named")
	if err := f.s.SaveCalendarDays(f.u["admin"], []int{2026}, []CalendarDay{{Date: "2026-10-01", Name: "国庆节"}}); err != nil {
		t.Fatal(err)
	}
	check("the holidays were saved")
	if err := f.s.SetSetting(f.u["admin"], SettingStageDays+string(StateDeptReview), "9"); err != nil {
		t.Fatal(err)
	}
	check("a time limit changed")
	if err := f.s.DeleteSubstitute(f.u["admin"], sub); err != nil {
		t.Fatal(err)
	}
	check("the stand-in was removed")
}
