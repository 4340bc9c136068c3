package data

import (
	"context"
	"testing"
)

// TestSavingUnchangedKeepsTheSeal checks that saving a record as it is
// (an import of the same ledger again, a form saved without edits) writes
// nothing: the record keeps its version, and the database checks out.
func TestSavingUnchangedKeepsTheSeal(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StatePlanning)
	f.completePlan(t, c)
	p, _ := f.s.Plan(c.ID)
	version := p.Version
	if err := f.s.SaveStage(f.u["sysadmin"], p); err != nil {
		t.Fatal(err)
	}
	v := f.vendor
	if err := f.s.SaveVendor(f.u["admin"], &v); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.s.Plan(c.ID); again.Version != version || p.Version != version {
		t.Errorf("version %d (saved copy %d), was %d", again.Version, p.Version, version)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check: %v %+v", err, rep)
	}
}
