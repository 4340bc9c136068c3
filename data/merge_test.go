package data

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
)

// editor is one person with the plan open in a form: the plan as loaded
// and what they typed since.
type editor struct {
	name       string
	base, mine *Plan
	edited     map[string]bool
}

// mergeFields are the plan's fields the simulated editors change.
var mergeFields = []string{"goals", "scope", "tech_approach", "rollback_plan", "training_plan", "downtime_window", "milestones"}

// TestNoRowsIsNoEdit checks that a table read back empty and one never
// set are the same value, so that an untouched empty table is no edit.
func TestNoRowsIsNoEdit(t *testing.T) {
	loaded, typed := &Plan{Milestones: []Milestone{}}, &Plan{}
	now := &Plan{Milestones: []Milestone{{Name: "另一台电脑添加的阶段"}}}
	if conflicts := mergeEdits(planRecord, loaded, typed, now); len(conflicts) > 0 {
		t.Errorf("an untouched empty table conflicts with rows added since: %v", conflicts[0].Key)
	}
	if len(now.Milestones) != 1 {
		t.Error("an untouched empty table wiped rows added since")
	}
}

// TestEveryEditIsStoredOrShownAsAConflict lets several editors change
// random fields of one plan and save in random order. After every save
// each field the saver changed holds their value and every other field
// holds what was stored before; a refused save names exactly the fields
// someone else changed to another value, and changes nothing.
func TestEveryEditIsStoredOrShownAsAConflict(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StatePlanning)
	f.completePlan(t, c)
	rng := rand.New(rand.NewSource(7))
	load := func() *Plan {
		p, err := f.s.Plan(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	eds := make([]*editor, 4)
	for i := range eds {
		eds[i] = &editor{name: fmt.Sprint("editor", i)}
		eds[i].reload(load())
	}
	var saved, conflicts int
	for step := 0; step < 300; step++ {
		e := eds[rng.Intn(len(eds))]
		for range 1 + rng.Intn(2) {
			e.edit(t, mergeFields[rng.Intn(len(mergeFields))], fmt.Sprintf("%s step %d", e.name, step))
		}
		before := load()
		err := f.s.SaveChanges(f.u["sysadmin"], e.base, e.mine)
		after := load()
		switch ErrorCode(err) {
		case "":
			saved++
			e.checkSaved(t, before, after)
			e.reload(after)
		case EConflict:
			conflicts++
			e.checkConflict(t, err, before, after)
			if rng.Intn(2) == 0 {
				e.reload(after) // 放弃我的修改
				continue
			}
			e.keepMine(after) // 保留我的修改
			if err := f.s.SaveChanges(f.u["sysadmin"], e.base, e.mine); err != nil {
				t.Fatalf("step %d: keeping %s's edits: %v", step, e.name, err)
			}
			e.checkSaved(t, after, load())
			e.reload(load())
		default:
			t.Fatalf("step %d: %v", step, err)
		}
	}
	if saved == 0 || conflicts == 0 {
		t.Errorf("saved %d, conflicts %d: the simulation did not exercise both", saved, conflicts)
	}
}

func (e *editor) reload(p *Plan) {
	e.base, e.mine = p, cloneRecord(p).(*Plan)
	e.edited = map[string]bool{}
}

func (e *editor) edit(t *testing.T, key, value string) {
	fd := planRecord.Field(key)
	if fd.Kind == KindRows {
		if err := fd.SetRowInputs(e.mine, [][]string{{value, "2026-05-01", "2026-05-02"}}); err != nil {
			t.Fatal(err)
		}
	} else if err := fd.SetInput(e.mine, value); err != nil {
		t.Fatal(err)
	}
	e.edited[key] = planRecord.Field(key).Raw(e.mine) != planRecord.Field(key).Raw(e.base)
}

// keepMine is what 保留我的修改 does: the stored plan with every field the
// editor changed set to the editor's value, based on the stored version.
func (e *editor) keepMine(stored *Plan) {
	mine := cloneRecord(stored).(*Plan)
	for key, changed := range e.edited {
		if changed {
			fd := planRecord.Field(key)
			fd.value(mine).Set(fd.value(e.mine))
		}
	}
	e.base, e.mine = stored, mine
}

func (e *editor) checkSaved(t *testing.T, before, after *Plan) {
	t.Helper()
	for _, key := range mergeFields {
		fd := planRecord.Field(key)
		want := fd.Raw(before)
		if e.edited[key] {
			want = fd.Raw(e.mine)
		}
		if got := fd.Raw(after); got != want {
			t.Fatalf("%s saved: %s is %q, want %q", e.name, key, got, want)
		}
	}
}

func (e *editor) checkConflict(t *testing.T, err error, before, after *Plan) {
	t.Helper()
	if before.Version != after.Version {
		t.Fatalf("%s's refused save changed the plan", e.name)
	}
	var want []string
	for _, fd := range planRecord.Fields {
		b, m, s := fd.Raw(e.base), fd.Raw(e.mine), fd.Raw(before)
		if fd.Filler == ByUser && b != m && s != b && s != m {
			want = append(want, fd.Key)
		}
	}
	got, _ := err.(*Error).Args["Keys"].([]string)
	if !slices.Equal(got, want) {
		t.Fatalf("%s's conflict names %v, want %v", e.name, got, want)
	}
}
