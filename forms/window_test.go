package forms

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// TestReadOnlyTabs checks that a form the user may not fill now is locked,
// says who filled it and why it is locked, and ignores typing.
func TestReadOnlyTabs(t *testing.T) {
	f := newFixture(t)
	draft := f.driveTo(t, data.StateDraft)
	review := f.driveTo(t, data.StateDeptReview)
	planning := f.driveTo(t, data.StatePlanning)
	for _, c := range []struct {
		name, user string
		id         uint
		frame      func(w *caseWindow) *stageForm
		entry      func(w *caseWindow) *uikit.Entry
		editable   bool
		note       string
	}{
		{"applicant edits own draft", "staff", draft, reqFrame, reqTitle, true, "由 张馆员 于 2026-04-13 10:00 填写"},
		{"others may not edit a draft", "sysadmin", draft, reqFrame, reqTitle, false, "只有申请人本人可以执行此操作"},
		{"submitted request is locked", "staff", review, reqFrame, reqTitle, false, "当前状态为“部门审核中”"},
		{"plan is the IT office's", "staff", planning, planFrame, planGoals, false, "只有系统管理员、信息主管可以执行此操作"},
		{"sysadmin writes the plan", "sysadmin", planning, planFrame, planGoals, true, ""},
		{"assessment is over", "sysadmin", planning, func(w *caseWindow) *stageForm { return w.forms[data.FormAssessment] },
			func(w *caseWindow) *uikit.Entry { return w.forms[data.FormAssessment].Entry("meeting_place") }, false, "由 李工 于"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := f.open(c.user, c.id)
			fr, e := c.frame(w), c.entry(w)
			if fr.SaveButton.Visible() != c.editable || e.Disabled() == c.editable {
				t.Errorf("Save shown %v, entry disabled %v; want editable %v", fr.SaveButton.Visible(), e.Disabled(), c.editable)
			}
			if !strings.Contains(fr.Note.Text, c.note) {
				t.Errorf("note %q does not say %q", fr.Note.Text, c.note)
			}
			before := e.Text
			test.Type(e, "改")
			if changed := e.Text != before; changed != c.editable {
				t.Errorf("typing changed the text: %v, want %v", changed, c.editable)
			}
		})
	}
	t.Run("tables of a locked plan", func(t *testing.T) {
		w := f.open("staff", planning)
		if ms := w.forms[data.FormPlan].Rows("milestones"); ms.AddButton.Visible() || ms.RemoveButton.Visible() {
			t.Error("a locked table offers to add or remove rows")
		}
		if w.lists[data.FormBackup].Rows.AddButton.Visible() {
			t.Error("backups can be added before implementation")
		}
	})
}

func reqFrame(w *caseWindow) *stageForm    { return w.request }
func reqTitle(w *caseWindow) *uikit.Entry  { return w.request.Entry("title") }
func planFrame(w *caseWindow) *stageForm   { return w.forms[data.FormPlan] }
func planGoals(w *caseWindow) *uikit.Entry { return w.forms[data.FormPlan].Entry("goals") }

// TestValidationHints checks the hints at the fields, in the user's
// language, and that refused values keep what the user typed.
func TestValidationHints(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateDraft)
	w := f.open("staff", id)
	r := w.request
	for _, c := range []struct {
		name        string
		entry       *uikit.Entry
		text        string
		zh, en      string
		shownAsHint bool
	}{
		{"date", r.Entry("request_date"), "2026/03/15", "日期格式为 年-月-日，例如 2026-03-15", "YYYY-MM-DD", true},
		{"no such day", r.Entry("request_date"), "2026-02-30", "没有 2026-02-30 这一天", "no day 2026-02-30", true},
		{"phone", r.Entry("phone"), "call me", "请填写电话号码或分机号，例如 010-6253 1234", "phone", true},
		{"version", r.Entry("target_version"), "v 3 !", "版本号只能包含字母、数字", "version", true},
		{"required", r.Entry("title"), "", "必填", "Required", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			fill(c.entry, c.text)
			c.entry.FocusLost()
			err := c.entry.Validate()
			if err == nil || !strings.Contains(err.Error(), c.zh) {
				t.Fatalf("hint %v, want %q", err, c.zh)
			}
			if c.shownAsHint && !showsText(w.win.Canvas().Content(), c.zh) {
				t.Errorf("the form does not show %q under the field", c.zh)
			}
			must(t, uikit.SetLanguage(data.LangEN))
			defer func() { must(t, uikit.SetLanguage(data.LangZH)) }()
			if err := c.entry.Validate(); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.en)) {
				t.Errorf("English hint %v, want %q", err, c.en)
			}
		})
	}
	t.Run("refused save keeps the text", func(t *testing.T) {
		fill(r.Entry("title"), "新标题")
		fill(r.Entry("phone"), "call me")
		test.Tap(r.SaveButton)
		if !slices.ContainsFunc(overlayTexts(w), func(s string) bool { return strings.Contains(s, "联系电话") }) {
			t.Errorf("error shown: %q", overlayTexts(w))
		}
		if r.Entry("phone").Text != "call me" || r.Entry("title").Text != "新标题" || !r.dirty {
			t.Error("the typed text was lost")
		}
	})
	t.Run("row dialog", func(t *testing.T) {
		w := f.open("sysadmin", f.driveTo(t, data.StatePlanning))
		rows := w.forms[data.FormPlan].Rows("milestones")
		test.Tap(rows.AddButton)
		d := rows.Dialog
		fill(d.Entry("name"), "正式升级")
		fill(d.Entry("start"), "2026-04-13")
		fill(d.Entry("end"), "4月20日")
		test.Tap(d.OK)
		if rows.Dialog == nil || !strings.Contains(d.Problem.Text, "结束日期：日期格式为") {
			t.Fatalf("bad row accepted; problem %q", d.Problem.Text)
		}
		if d.Entry("name").Text != "正式升级" || rows.Len() != 0 {
			t.Error("the dialog lost the typed text or stored the row")
		}
		test.Tap(d.Cancel)
	})
}

// showsText reports whether a text with s is drawn inside o.
func showsText(o fyne.CanvasObject, s string) bool {
	found := false
	walk(o, func(x fyne.CanvasObject) {
		if t, ok := x.(*canvas.Text); ok && x.Visible() && strings.Contains(t.Text, s) {
			found = true
		}
	})
	return found
}

// TestUnsavedChangesPrompt checks that closing a window with edits asks
// first, and that each answer does what it says.
func TestUnsavedChangesPrompt(t *testing.T) {
	for _, c := range []struct {
		answer    string
		open      bool
		wantTitle string
	}{
		{"save", false, "新的标题"},
		{"discard", false, "借还书界面挂失提示与批量续借"},
		{"cancel", true, "借还书界面挂失提示与批量续借"},
	} {
		t.Run(c.answer, func(t *testing.T) {
			f := newFixture(t)
			id := f.driveTo(t, data.StateDraft)
			m := f.manager("staff", nil)
			m.Open(id)
			w := m.find(id)
			fill(w.request.Entry("title"), "新的标题")
			w.onCloseRequest()
			p := w.unsavedDlg
			if p == nil || m.find(id) == nil {
				t.Fatal("the window closed without asking")
			}
			test.Tap(map[string]*uikit.Button{"save": p.Save, "discard": p.Discard, "cancel": p.Cancel}[c.answer])
			if open := m.find(id) != nil; open != c.open {
				t.Errorf("window open: %v, want %v", open, c.open)
			}
			stored, err := f.s.Case(id)
			must(t, err)
			if stored.Title != c.wantTitle {
				t.Errorf("stored title %q, want %q", stored.Title, c.wantTitle)
			}
			if c.open && (w.request.Entry("title").Text != "新的标题" || !w.dirty()) {
				t.Error("going back lost the edits")
			}
		})
	}
	t.Run("close all", func(t *testing.T) {
		f := newFixture(t)
		clean, edited := f.driveTo(t, data.StateDraft), f.driveTo(t, data.StateDraft)
		m := f.manager("staff", nil)
		m.Open(clean)
		m.Open(edited)
		fill(m.find(edited).request.Entry("content"), "补充说明")
		closed := 0
		m.CloseAll(func() { closed++ })
		if closed != 0 {
			t.Fatal("CloseAll went on with a window with edits open")
		}
		if m.find(clean) != nil || m.find(edited) == nil {
			t.Fatal("the clean window should close, the edited one stay and ask")
		}
		test.Tap(m.find(edited).unsavedDlg.Discard)
		if len(m.windows) != 0 || closed != 1 {
			t.Errorf("%d windows left, went on %d times after discarding", len(m.windows), closed)
		}
		m.CloseAll(func() { closed++ })
		if closed != 2 {
			t.Error("CloseAll with no window did not go on")
		}
	})
}

// TestConflict checks a save refused because another PC saved other
// values in the fields the user changed: the user's text stays, the dialog
// shows only those fields, and keeping mine, discarding mine and going on
// editing each do what they say.
func TestConflict(t *testing.T) {
	for _, answer := range []string{"reload", "mine", "keep"} {
		t.Run(answer, func(t *testing.T) {
			f := newFixture(t)
			id := f.driveTo(t, data.StatePlanning)
			w := f.open("sysadmin", id)
			other := f.openStore()
			p, err := other.Plan(id)
			must(t, err)
			p.Goals, p.Scope = "他人的目标", "全部模块"
			must(t, other.SaveStage(f.signIn(other, f.u["director"]), p))

			plan := w.forms[data.FormPlan]
			fill(plan.Entry("goals"), "我的目标")
			test.Tap(plan.SaveButton)
			d := w.conflictDlg
			if d == nil || !strings.Contains(d.Message.Text, "王主任") {
				t.Fatalf("conflict not shown with who saved: %v", d)
			}
			if want := []compareRow{{Key: "goals", Label: "升级目标", Theirs: "他人的目标", Mine: "我的目标"}}; !slices.Equal(d.Rows, want) {
				t.Errorf("conflict shows %+v, want %+v", d.Rows, want)
			}
			if plan.Entry("goals").Text != "我的目标" {
				t.Fatal("the conflict dropped the user's text")
			}
			switch answer {
			case "reload":
				test.Tap(d.Reload)
				if plan.Entry("goals").Text != "他人的目标" || plan.Entry("scope").Text != "全部模块" || w.dirty() {
					t.Errorf("reload shows %q/%q", plan.Entry("goals").Text, plan.Entry("scope").Text)
				}
			case "mine":
				test.Tap(d.Mine)
				if w.conflictDlg != nil || w.dirty() {
					t.Fatal("keeping my edits did not save them")
				}
				p, err := f.s.Plan(id)
				must(t, err)
				if p.Goals != "我的目标" || p.Scope != "全部模块" {
					t.Errorf("stored goals %q, scope %q", p.Goals, p.Scope)
				}
				if plan.Entry("goals").Text != "我的目标" || plan.Entry("scope").Text != "全部模块" {
					t.Errorf("the form shows %q/%q", plan.Entry("goals").Text, plan.Entry("scope").Text)
				}
			case "keep":
				test.Tap(d.Keep)
				if plan.Entry("goals").Text != "我的目标" || !w.dirty() {
					t.Error("keep editing lost the text")
				}
				test.Tap(plan.SaveButton)
				if w.conflictDlg == nil {
					t.Error("a second save on the old version did not conflict")
				}
			}
		})
	}
}

// TestActionsOffered checks that a window shows exactly the actions its
// user may take, and that a decision needing a reason asks for one.
func TestActionsOffered(t *testing.T) {
	f := newFixture(t)
	review := f.driveTo(t, data.StateDeptReview)
	planning := f.driveTo(t, data.StatePlanning)
	for _, c := range []struct {
		user string
		id   uint
		want []data.Action
	}{
		{"head", review, []data.Action{data.ActApprove, data.ActReturn, data.ActReject}},
		{"otherhead", review, nil},
		{"staff", review, nil},
		{"sysadmin", review, nil},
		{"director", review, []data.Action{data.ActCancel}},
		{"sysadmin", planning, []data.Action{data.ActSubmit}},
		{"director", planning, []data.Action{data.ActSubmit, data.ActCancel}},
		{"leader", planning, nil},
		{"finmgr", planning, nil},
	} {
		t.Run(c.user+" "+string(f.state(c.id)), func(t *testing.T) {
			w := f.open(c.user, c.id)
			var got []data.Action
			for _, o := range w.header.Actions.Objects {
				for a, b := range w.header.ActionButtons {
					if b == o {
						got = append(got, a)
					}
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("buttons %v, want %v", got, c.want)
			}
		})
	}
	t.Run("reject needs a reason", func(t *testing.T) {
		w := f.open("head", review)
		test.Tap(w.decisions[data.StateDeptReview].ActionButtons[data.ActReject])
		test.Tap(w.actionDlg.OK)
		if w.actionDlg == nil || !strings.Contains(w.actionDlg.Problem.Text, "意见：必填") {
			t.Fatal("rejected without a reason")
		}
		if f.state(review) != data.StateDeptReview {
			t.Error("the case moved")
		}
	})
}

// TestRefresh checks that open windows follow changes made elsewhere:
// a window without edits shows them, one with edits keeps its text and
// shows the banner.
func TestRefresh(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateDraft)
	m := f.manager("staff", nil)
	m.Open(id)
	w := m.find(id)
	other := f.openStore()
	rename := func(title string) {
		c, err := other.Case(id)
		must(t, err)
		c.Title = title
		must(t, other.SaveRequest(f.signIn(other, f.u["staff"]), c))
	}
	rename("另一台电脑改的标题")
	m.Refresh()
	title, content := w.request.Entry("title"), w.request.Entry("content")
	if title.Text != "另一台电脑改的标题" || w.header.Banner.Visible() {
		t.Fatalf("clean window shows %q", title.Text)
	}
	fill(content, "我正在写的内容")
	rename("又改了一次")
	m.Refresh()
	if !w.header.Banner.Visible() || content.Text != "我正在写的内容" {
		t.Fatal("window with edits lost them or shows no banner")
	}
	test.Tap(w.header.BannerReload)
	test.Tap(w.unsavedDlg.Discard)
	if title.Text != "又改了一次" || w.header.Banner.Visible() {
		t.Errorf("reload shows %q", title.Text)
	}
}

// TestHistory checks the history tab: each change under its label in the
// order of its record's form, and every row as high as its text, so that
// no text runs into the next row.
func TestHistory(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	w := f.open("staff", id)
	w.tabs.SelectIndex(len(w.tabs.Items) - 1)
	r := data.RecordOf(data.FormAssessment)
	var order []int
	for _, e := range w.history.Entries {
		if e.What != "需求评估报告" {
			continue
		}
		for _, line := range strings.Split(e.Changes, "\n") {
			label, _, _ := strings.Cut(line, "：")
			for i, fd := range r.Fields {
				if data.T(data.LangZH, fd.LabelKey(), nil) == label {
					order = append(order, i)
				}
			}
		}
	}
	if len(order) < 5 || !slices.IsSorted(order) {
		t.Errorf("assessment changes in the order %v of its fields", order)
	}
	cells := 0
	walk(w.history.Table, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" && l.Wrapping == fyne.TextWrapWord {
			cells++
			if need := l.MinSize().Height; l.Size().Height+0.5 < need {
				t.Errorf("%q is %.0f high in a row of %.0f", l.Text, need, l.Size().Height)
			}
		}
	})
	if cells == 0 {
		t.Error("no cells shown")
	}
}

// TestHistoryOfCreatedAndDeleted checks that the history shows a record
// created with its values only (字段：新值) and a record deleted with the
// values it had (字段：原值), without "（空）" or arrows.
func TestHistoryOfCreatedAndDeleted(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateImplementing)
	d, err := f.s.Dossier(id)
	must(t, err)
	must(t, f.s.DeleteStage(f.sess(f.u["dataadmin"]), &d.Backups[0]))
	w := f.open("staff", id)
	w.tabs.SelectIndex(len(w.tabs.Items) - 1)
	seen := map[string]bool{}
	for _, e := range w.history.Entries {
		if e.Op != "新建" && e.Op != "删除" {
			continue
		}
		seen[e.Op+e.What] = true
		if e.Changes == "" || strings.Contains(e.Changes, "→") || strings.Contains(e.Changes, "（空）") {
			t.Errorf("%s %s: %q", e.Op, e.What, e.Changes)
		}
	}
	for _, want := range []string{"新建需求评估报告", "新建备份记录", "删除备份记录"} {
		if !seen[want] {
			t.Errorf("no history row %q among %v", want, seen)
		}
	}
	for _, e := range w.history.Entries {
		if e.Op == "删除" && !strings.Contains(e.Changes, "备份范围：全库") {
			t.Errorf("deleted backup shows %q", e.Changes)
		}
	}
}

// TestAClosedCaseWindowIsFreed checks that a case window closed after the
// user looked at some of its tabs leaves nothing of it in memory: neither
// the manager nor Fyne's caches hold it, nor the tabs never shown.
func TestAClosedCaseWindowIsFreed(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	w := f.open("sysadmin", id)
	for i := range w.tabs.Items[:len(w.tabs.Items)/2] { // some tabs, not all
		w.tabs.SelectIndex(i)
	}
	w.m.jobs.Wait()
	freed := weak.Make(w)
	w.onCloseRequest()
	w = nil
	runtime.GC()
	runtime.GC()
	if freed.Value() != nil {
		t.Error("the closed case window is still in memory")
	}
}

// TestCaseOpensInTheSpareWindow checks that a case opened while a window
// was built ahead shows in that window, as in one built for it, and that
// closing every window lets the spare go, and one still coming too.
func TestCaseOpensInTheSpareWindow(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	m := f.manager("sysadmin", nil)
	spare := buildCaseWindow(m) // as Env.SpareAfter does while the user reads the lists
	m.spare = spare
	m.Open(id)
	w := m.find(id)
	if w != spare || m.spare != nil {
		t.Fatalf("the case opened in a new window (%p), not in the spare (%p)", w, spare)
	}
	fresh := f.open("sysadmin", id)
	if len(w.tabs.Items) != len(fresh.tabs.Items) || w.tabs.Selected().Text != fresh.tabs.Selected().Text {
		t.Errorf("the spare shows %d tabs on %q, a window built for the case %d on %q",
			len(w.tabs.Items), w.tabs.Selected().Text, len(fresh.tabs.Items), fresh.tabs.Selected().Text)
	}
	if w.header.No.Text != fresh.header.No.Text || w.win.Title() != fresh.win.Title() {
		t.Errorf("the spare shows %q (%q), a window built for the case %q (%q)",
			w.header.No.Text, w.win.Title(), fresh.header.No.Text, fresh.win.Title())
	}

	m.NewCase() // a new request in a window built now: no spare is left
	if n := len(m.windows); n != 2 {
		t.Fatalf("%d windows open, want the case and the new request", n)
	}
	m.spare = buildCaseWindow(m)
	m.spareDue = true
	ended := m.ended
	m.CloseAll(func() {})
	if m.spare != nil || m.ended == ended {
		t.Error("closing every window kept the spare, or would build the one coming")
	}
}

// TestHistoryFitsEntriesOfManyChangedFields checks the history in both
// languages with entries that changed many fields with long values, the
// last one saved while the history is in view: every cell is as high as
// its text and as wide as its column, and every heading fits its column,
// so that no text runs into a neighbour's.
func TestHistoryFitsEntriesOfManyChangedFields(t *testing.T) {
	for _, code := range []string{data.LangZH, data.LangEN} {
		t.Run(code, func(t *testing.T) {
			must(t, uikit.SetLanguage(code))
			defer func() { must(t, uikit.SetLanguage(data.LangZH)) }()
			f := newFixture(t)
			id := f.driveTo(t, data.StatePlanning)
			long := func(s string) string { return strings.Repeat(s, 6) }
			edit := func(mark string) {
				p, err := f.s.Plan(id)
				if err != nil {
					p = &data.Plan{CaseID: id}
				}
				p.Goals, p.Scope = long(mark+"将系统升级到新版本并完成数据迁移，"), long(mark+"流通、采编、典藏模块及接口，")
				p.EnvAssessment, p.TechApproach = long(mark+"数据库结构变化可能导致报表异常，"), long(mark+"先在测试环境演练，")
				p.RollbackPlan, p.TrainingPlan = long(mark+"如两小时内不能恢复即回退，"), long(mark+"闭馆日对流通部全员培训，")
				p.DowntimeWindow = mark + "周一闭馆日 08:30-17:00"
				p.Milestones = append(p.Milestones, data.Milestone{Name: mark + "演练", Start: "2026-04-01", End: "2026-04-02"})
				p.Risks = append(p.Risks, data.Risk{Risk: long(mark + "风险"), Countermeasure: long("对策")})
				must(t, f.s.SaveStage(f.sess(f.u["sysadmin"]), p))
			}
			edit("一")
			edit("二")
			w := f.open("sysadmin", id)
			w.tabs.SelectIndex(len(w.tabs.Items) - 1)
			w.m.jobs.Wait()
			edit("三")
			w.reload()
			w.m.jobs.Wait()
			w.win.Resize(fyne.NewSize(1000, 660))
			if n := strings.Count(w.history.Entries[0].Changes, "\n"); n < maxChangeLines {
				t.Fatalf("the newest entry lists %d lines of changes", n+1)
			}
			cells := 0
			walk(w.history.Table, func(o fyne.CanvasObject) {
				l, ok := o.(*widget.Label)
				if !ok || !l.Visible() || l.Text == "" {
					return
				}
				cells++
				need := l.MinSize()
				if l.Size().Height+0.5 < need.Height {
					t.Errorf("%q is %.0f high in a row of %.0f", l.Text, need.Height, l.Size().Height)
				}
				if l.Size().Width+0.5 < need.Width {
					t.Errorf("%q is %.0f wide in a column of %.0f", l.Text, need.Width, l.Size().Width)
				}
			})
			if cells < len(historyColumns)+4 {
				t.Errorf("only %d cells shown", cells)
			}
		})
	}
}
