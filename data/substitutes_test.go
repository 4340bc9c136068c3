package data

import "testing"

// TestSubstitutesForShowsOnlyOnesOwn checks who sees which substitutions in
// 设置: an administrator every one, anybody else those naming them.
func TestSubstitutesForShowsOnlyOnesOwn(t *testing.T) {
	f := newFixture(t)
	staff, other, head := f.u["staff"].User(), f.u["otherstaff"].User(), f.u["head"].User()
	own := &Substitute{PrincipalID: staff.ID, StandInID: other.ID, StartsOn: "2026-05-01", EndsOn: "2026-05-07",
		Reason: "年假"}
	if err := f.s.SaveSubstitute(f.u["staff"], own); err != nil {
		t.Fatal(err)
	}
	f.standIn(t, Substitute{Role: RoleDeptHead, DepartmentID: f.lending.ID, StandInID: f.u["leader"].User().ID})
	ids := func(u *User) []uint {
		t.Helper()
		subs, err := f.s.SubstitutesFor(u)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint
		for _, s := range subs {
			out = append(out, s.ID)
		}
		return out
	}
	if got := ids(staff); len(got) != 1 || got[0] != own.ID {
		t.Errorf("the person away sees %v, want their own %d", got, own.ID)
	}
	if got := ids(other); len(got) != 1 || got[0] != own.ID {
		t.Errorf("the stand-in sees %v, want %d", got, own.ID)
	}
	if got := ids(head); len(got) != 0 {
		t.Errorf("someone else sees %v", got)
	}
	if got := ids(f.u["admin"].User()); len(got) != 2 {
		t.Errorf("the administrator sees %v, want both", got)
	}
}
