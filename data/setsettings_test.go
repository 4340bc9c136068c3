package data

import (
	"path/filepath"
	"testing"
	"time"
)

// TestSetSettingsSavesTogether saves the time limits of 设置 in one write:
// one audit entry naming what changed, unchanged values left out, the due
// times of the changed stages' cases set again and the others' kept.
func TestSetSettingsSavesTogether(t *testing.T) {
	now := day("2026-09-25 10:00") // a Friday
	clock := func() time.Time { return now }
	f := newFixtureOn(t, mustOpenPath(t, filepath.Join(t.TempDir(), "limits.db"), Options{Create: true, Now: clock}))
	review := f.file(t, "staff")
	f.act(t, "staff", review, ActSubmit, "") // department review: 3 working days
	screening := f.file(t, "staff")
	f.act(t, "staff", screening, ActSubmit, "")
	f.act(t, "head", screening, ActApprove, "") // screening: 5 working days
	dueOf := func(c *Case) string {
		t.Helper()
		got, err := f.s.Case(c.ID)
		if err != nil || got.DueAt == nil {
			t.Fatalf("case %d: %v %v", c.ID, got, err)
		}
		return got.DueAt.In(time.Local).Format(DateLayout)
	}
	if dueOf(review) != "2026-09-30" || dueOf(screening) != "2026-10-02" {
		t.Fatalf("due %s and %s", dueOf(review), dueOf(screening))
	}
	var before int64
	f.s.db.Model(&AuditEntry{}).Count(&before)
	err := f.s.SetSettings(f.u["admin"], map[string]string{
		SettingStageDays + string(StateDeptReview): "5",
		SettingStageDays + string(StateScreening):  "5", // unchanged: the default
		SettingEscalateDays:                        "4",
	})
	if err != nil {
		t.Fatal(err)
	}
	var entries []AuditEntry
	f.s.db.Where("id > ?", before).Order("id").Find(&entries)
	if len(entries) != 1 {
		t.Fatalf("%d audit entries, want 1", len(entries))
	}
	if got := len(entries[0].ChangeList()); got != 3 {
		t.Errorf("%d changes recorded (%s), want 3: a setting that was not set is set", got, entries[0].Changes)
	}
	if dueOf(review) != "2026-10-02" || dueOf(screening) != "2026-10-02" {
		t.Errorf("due %s and %s after the change", dueOf(review), dueOf(screening))
	}
	// Saving the same values again writes nothing.
	err = f.s.SetSettings(f.u["admin"], map[string]string{SettingStageDays + string(StateDeptReview): "5", SettingEscalateDays: "4"})
	if err != nil {
		t.Fatal(err)
	}
	var after int64
	f.s.db.Model(&AuditEntry{}).Count(&after)
	if after != before+1 {
		t.Errorf("%d audit entries written for nothing changed", after-before-1)
	}
	// A bad value refuses them all.
	err = f.s.SetSettings(f.u["admin"], map[string]string{SettingStageDays + string(StateDeptReview): "7", SettingEscalateDays: "x"})
	if ErrorCode(err) != EInvalid {
		t.Errorf("a bad value: %v", err)
	}
	if days, _ := f.s.StageDays(); days[StateDeptReview] != 5 {
		t.Errorf("the department review's limit is %d after a refused save", days[StateDeptReview])
	}
	if err := f.s.SetSettings(f.u["staff"], map[string]string{SettingEscalateDays: "2"}); ErrorCode(err) != EForbidden {
		t.Errorf("staff changes settings: %v", err)
	}
}
