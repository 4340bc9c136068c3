package forms

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
)

// TestConcurrentEditsMerge opens a form on two PCs; each changes another
// field, and both save: the second save is merged with the first without
// asking, and after the next refresh both windows show both values.
func TestConcurrentEditsMerge(t *testing.T) {
	for _, c := range []struct {
		form         data.Form
		state        data.State
		user1, user2 string
		key1, key2   string
	}{
		{data.FormPlan, data.StatePlanning, "sysadmin", "director", "goals", "scope"},
		{data.FormRequest, data.StateDraft, "staff", "staff", "title", "content"},
	} {
		t.Run(string(c.form), func(t *testing.T) {
			f := newFixture(t)
			id := f.driveTo(t, c.state)
			m1, m2 := f.manager(c.user1, nil), f.manager(c.user2, f.openStore())
			m1.Open(id)
			m2.Open(id)
			w1, w2 := m1.find(id), m2.find(id)
			fr1, fr2 := w1.forms[c.form], w2.forms[c.form]
			fill(fr1.Entry(c.key1), "第一台电脑的内容")
			fill(fr2.Entry(c.key2), "第二台电脑的内容")
			save(t, fr1)
			save(t, fr2)
			if w2.conflictDlg != nil {
				t.Fatal("edits of different fields were shown as a conflict")
			}
			cd, err := loadCaseData(f.s, f.u[c.user1], id)
			must(t, err)
			rec, r := cd.record(c.form), data.RecordOf(c.form)
			want1, want2 := r.Field(c.key1).Input(rec), r.Field(c.key2).Input(rec)
			if want1 != "第一台电脑的内容" || want2 != "第二台电脑的内容" {
				t.Fatalf("stored %s %q, %s %q", c.key1, want1, c.key2, want2)
			}
			m1.Refresh()
			m2.Refresh()
			for i, fr := range []*stageForm{fr1, fr2} {
				if v1, v2 := fr.Entry(c.key1).Text, fr.Entry(c.key2).Text; v1 != want1 || v2 != want2 || fr.dirty {
					t.Errorf("window %d shows %q, %q (dirty %v)", i+1, v1, v2, fr.dirty)
				}
			}
		})
	}
}

// TestKeepMineWritesOnlyMyEdits is the scenario of two PCs on one
// assessment: the system administrator changes 会议地点, writes a note on
// 合理性 and saves; the director, who loaded the assessment before and
// changed only 会议地点, saves, is shown the conflict of 会议地点 alone and
// keeps his edit. The administrator's note stays, 会议地点 is the
// director's, and the administrator's window shows both after a refresh.
func TestKeepMineWritesOnlyMyEdits(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateAssessing)
	a := &data.Assessment{CaseID: id, MeetingDate: "2026-04-10", MeetingPlace: "三楼会议室",
		Participants: []data.Participant{{Name: "王主任", Side: "it"}}, Conclusion: "feasible"}
	for _, k := range data.Criteria {
		*a.Criterion(k) = data.Rating{Rating: "high"}
	}
	must(t, f.s.SaveStage(f.sess(f.u["sysadmin"]), a))
	ms, md := f.manager("sysadmin", nil), f.manager("director", f.openStore())
	ms.Open(id)
	md.Open(id)
	ws, wd := ms.find(id), md.find(id)
	as, ad := ws.forms[data.FormAssessment], wd.forms[data.FormAssessment]

	fill(as.Entry("meeting_place"), "二楼报告厅")
	fill(as.Notes("reasonable"), "符合馆藏发展规划")
	save(t, as)
	fill(ad.Entry("meeting_place"), "馆长办公室")
	test.Tap(ad.SaveButton)
	d := wd.conflictDlg
	if d == nil {
		t.Fatal("no conflict shown")
	}
	if want := []compareRow{{Key: "meeting_place", Label: "会议地点", Theirs: "二楼报告厅", Mine: "馆长办公室"}}; !slices.Equal(d.Rows, want) {
		t.Errorf("conflict shows %+v, want %+v", d.Rows, want)
	}
	test.Tap(d.Mine)
	if wd.conflictDlg != nil || ad.dirty {
		t.Fatal("keeping the director's edit did not save it")
	}
	got, err := f.s.Assessment(id)
	must(t, err)
	if got.MeetingPlace != "馆长办公室" || got.Criterion("reasonable").Notes != "符合馆藏发展规划" {
		t.Errorf("stored 会议地点 %q, 合理性 %+v", got.MeetingPlace, *got.Criterion("reasonable"))
	}
	ms.Refresh()
	if as.Entry("meeting_place").Text != "馆长办公室" || as.Notes("reasonable").Text != "符合馆藏发展规划" {
		t.Errorf("the administrator's window shows %q, %q", as.Entry("meeting_place").Text, as.Notes("reasonable").Text)
	}
}

// TestUntouchedTableIsNoEdit checks that a table the user left empty is
// not an edit of the user's: the plan was saved without milestones, one PC
// adds a milestone, another changes 升级目标, and both saves are kept.
func TestUntouchedTableIsNoEdit(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	must(t, f.s.SaveStage(f.sess(f.u["sysadmin"]), &data.Plan{CaseID: id, Goals: "升级到 V3.3.0"}))
	m1, m2 := f.manager("sysadmin", nil), f.manager("director", f.openStore())
	m1.Open(id)
	m2.Open(id)
	p1, p2 := m1.find(id).forms[data.FormPlan], m2.find(id).forms[data.FormPlan]
	addRow(t, p1.Rows("milestones"), "name", "正式升级", "start", "2026-04-20", "end", "2026-04-20")
	save(t, p1)
	fill(p2.Entry("goals"), "升级到 V3.3.1")
	save(t, p2)
	p, err := f.s.Plan(id)
	must(t, err)
	if p.Goals != "升级到 V3.3.1" || len(p.Milestones) != 1 {
		t.Errorf("stored goals %q, milestones %+v", p.Goals, p.Milestones)
	}
}

// TestOthersChangesAreNoticed checks that a form open on one PC tells, in
// its note line, who changed which fields on another PC: a form without
// edits shows the change, one with edits keeps them; the form does not move
// down for it, and the user's own save ends the notice.
func TestOthersChangesAreNoticed(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanApproval) // the plan is stored
	must(t, f.do("director", id, data.ActReturn))
	m1, m2 := f.manager("sysadmin", nil), f.manager("director", f.openStore())
	m1.Open(id)
	m2.Open(id)
	w1, w2 := m1.find(id), m2.find(id)
	w1.tabs.SelectIndex(5) // 计划
	p1, p2 := w1.forms[data.FormPlan], w2.forms[data.FormPlan]
	top := formTop(p1)
	if strings.Contains(p1.Note.Text, "修改了") {
		t.Fatalf("a notice before anybody changed anything: %q", p1.Note.Text)
	}

	fill(p2.Entry("goals"), "升级到 V3.3.1")
	addRow(t, p2.Rows("milestones"), "name", "培训", "start", "2026-04-21", "end", "2026-04-21")
	save(t, p2)
	m1.Refresh()
	want := "王主任 于 10:00 修改了：升级目标、时间安排"
	if !strings.HasPrefix(p1.Note.Text, want) || p1.Note.Importance != widget.WarningImportance {
		t.Errorf("clean form's note %q, want %q", p1.Note.Text, want)
	}
	if p1.Entry("goals").Text != "升级到 V3.3.1" || p1.dirty {
		t.Errorf("clean form shows goals %q", p1.Entry("goals").Text)
	}
	if y := formTop(p1); y != top {
		t.Errorf("the notice moved the form from %v to %v", top, y)
	}

	fill(p1.Entry("scope"), "流通与典藏模块")
	fill(p2.Entry("tech_approach"), "厂商远程升级，信息管理部配合。")
	save(t, p2)
	m1.Refresh()
	want = "王主任 于 10:00 修改了：升级目标、时间安排、技术方案"
	if !strings.HasPrefix(p1.Note.Text, want) {
		t.Errorf("edited form's note %q, want %q", p1.Note.Text, want)
	}
	if p1.Entry("scope").Text != "流通与典藏模块" || !p1.dirty {
		t.Error("the edited form lost its edits")
	}
	if stamp, err := f.s.CaseStamp(id); err != nil || w1.cd.lastSeq() != stamp || !w1.header.Banner.Visible() {
		t.Error("the window with edits does not show the case as stored now, with the banner")
	}

	save(t, p1)
	if strings.Contains(p1.Note.Text, "修改了") || p1.Note.Importance == widget.WarningImportance {
		t.Errorf("the notice stayed after the user's save: %q", p1.Note.Text)
	}
	p, err := f.s.Plan(id)
	must(t, err)
	if p.Scope != "流通与典藏模块" || p.TechApproach != "厂商远程升级，信息管理部配合。" || p.Goals != "升级到 V3.3.1" {
		t.Errorf("stored %q, %q, %q", p.Goals, p.Scope, p.TechApproach)
	}

	p.Goals, p.Scope, p.EnvAssessment, p.TechApproach, p.RollbackPlan = "甲", "乙", "丙", "丁", "戊"
	other := f.openStore()
	must(t, other.SaveStage(f.signIn(other, f.u["sysadmin2"]), p))
	m1.Refresh()
	want = "周工 于 10:00 修改了：升级目标、升级范围、系统环境评估、技术方案等 5 项"
	if p1.Note.Text != want {
		t.Errorf("note %q, want %q", p1.Note.Text, want)
	}
}

// formTop lays the window of fr out again and returns where its fields
// begin.
func formTop(fr *stageForm) float32 {
	fr.w.win.Content().Refresh()
	return fr.Fields.Content().Position().Y
}
