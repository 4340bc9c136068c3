package forms

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// The tests run in China Standard Time on a fixed clock, so that dates in
// forms and images do not depend on the machine.
var (
	cst   = time.FixedZone("CST", 8*3600)
	clock = time.Date(2026, 4, 13, 10, 0, 0, 0, cst)
)

func TestMain(m *testing.M) {
	time.Local = cst
	if err := uikit.SetLanguage(data.LangZH); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(templateDir)
	os.Exit(code)
}

// users of the test library: key, name, department, role.
var users = []struct {
	key, name, dept string
	role            data.Role
}{
	{"director", "王主任", "信息管理部", data.RoleITDirector},
	{"sysadmin", "李工", "信息管理部", data.RoleSysadmin},
	{"sysadmin2", "周工", "信息管理部", data.RoleSysadmin},
	{"dataadmin", "陈数据", "信息管理部", data.RoleDataAdmin},
	{"head", "刘部长", "流通部", data.RoleDeptHead},
	{"staff", "张馆员", "流通部", data.RoleStaff},
	{"otherhead", "孙部长", "阅览部", data.RoleDeptHead},
	{"finmgr", "钱经理", "财务部", data.RoleFinanceManager},
	{"accountant", "郑会计", "财务部", data.RoleAccountant},
	{"leader", "冯馆长", "馆办", data.RoleManagement},
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// templateDB builds, once per test run, a library with one user per role,
// a vendor and a system; every test works on a copy of it.
func templateDB() (string, error) {
	templateOnce.Do(func() {
		templateDir, templateErr = os.MkdirTemp("", "forms-test-")
		if templateErr == nil {
			templateErr = buildLibrary(filepath.Join(templateDir, "library.db"))
		}
	})
	return filepath.Join(templateDir, "library.db"), templateErr
}

func buildLibrary(path string) error {
	s, err := openStore(path, true)
	if err != nil {
		return err
	}
	defer s.Close()
	admin, err := s.Init("admin", "管理员", "correct horse", "信息管理部")
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	depts := map[string]uint{}
	for _, d := range []data.Department{{Name: "流通部", Kind: data.DeptBusiness}, {Name: "阅览部", Kind: data.DeptBusiness},
		{Name: "财务部", Kind: data.DeptFinance}, {Name: "馆办", Kind: data.DeptManagement}} {
		if err := s.SaveDepartment(admin, &d); err != nil {
			return fmt.Errorf("department: %w", err)
		}
		depts[d.Name] = d.ID
	}
	depts["信息管理部"] = admin.User().DepartmentID
	for _, u := range users {
		n := data.NewUser{Username: u.key, FullName: u.name, DepartmentID: depts[u.dept],
			Roles: []data.Role{u.role}, Phone: "010-8888 0001", Password: "correct horse"}
		if _, err := s.CreateUser(admin, n); err != nil {
			return fmt.Errorf("user %s: %w", u.key, err)
		}
	}
	v := &data.Vendor{Name: "图创科技", Contact: "黄经理", Phone: "020-3888 1234"}
	if err := s.SaveVendor(admin, v); err != nil {
		return fmt.Errorf("vendor: %w", err)
	}
	sys := &data.System{Name: "图书馆集成管理系统", Code: "ILS", VendorID: &v.ID, OwnerDeptID: admin.User().DepartmentID,
		CurrentVersion: "V3.2.0", InstalledOn: "2021-05-01"}
	if err := s.SaveSystem(admin, sys); err != nil {
		return fmt.Errorf("system: %w", err)
	}
	return nil
}

func openStore(path string, create bool) (*data.Store, error) {
	return data.Open(path, data.Options{Create: create, Now: func() time.Time { return clock }, Dossier: archivedPDF})
}

// archivedPDF stands in for the dossier the client archives when a case
// is closed: a tiny PDF naming the case and its state.
func archivedPDF(d *data.Dossier) ([]byte, error) {
	return fmt.Appendf(nil, "%%PDF-1.7\n%% archived dossier of %s, %s\n%%%%EOF\n", d.Case.No, d.Case.State), nil
}

// fixture is one test's library and Fyne test app.
type fixture struct {
	t    *testing.T
	path string
	s    *data.Store
	app  fyne.App
	u    map[string]*data.User
	// sessions are the users signed in, by store and user name.
	sessions map[*data.Store]map[string]*data.Session
	docs     *fakeDocs
	changed  []uint
	// onPaper names the users whose decisions (through do) are
	// confirmed on paper, with no scan filed yet.
	onPaper map[string]bool
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	src, err := templateDB()
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "library.db"), docs: &fakeDocs{}}
	copyFile(t, src, f.path)
	f.s = f.openStore()
	f.u = map[string]*data.User{}
	all, err := f.s.Users()
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		f.u[all[i].Username] = &all[i]
	}
	f.app = test.NewTempApp(t)
	f.app.Settings().SetTheme(uikit.Theme())
	return f
}

// openStore opens another connection to the fixture's database, as a
// second PC would.
func (f *fixture) openStore() *data.Store {
	s, err := openStore(f.path, false)
	if err != nil {
		f.t.Fatalf("open store: %v", err)
	}
	f.t.Cleanup(func() { s.Close() })
	return s
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err == nil {
		err = os.WriteFile(dst, b, 0o644)
	}
	if err != nil {
		t.Fatalf("copy database: %v", err)
	}
}

// manager returns a manager of case windows for user key on store s (the
// fixture's store when nil) whose slow work runs at once.
func (f *fixture) manager(key string, s *data.Store) *Manager {
	if s == nil {
		s = f.s
	}
	u, ok := f.u[key]
	if !ok {
		f.t.Fatalf("no user %q", key)
	}
	jobs := &uikit.Jobs{}
	jobs.Inline()
	return NewManager(&Env{App: f.app, Store: s, Session: f.signIn(s, u), Docs: f.docs, Jobs: jobs,
		Changed: func(id uint) { f.changed = append(f.changed, id) }})
}

// signIn returns u's session on store s, signing in with the password the
// template library gives everybody the first time.
func (f *fixture) signIn(s *data.Store, u *data.User) *data.Session {
	f.t.Helper()
	if f.sessions == nil {
		f.sessions = map[*data.Store]map[string]*data.Session{}
	}
	if f.sessions[s] == nil {
		f.sessions[s] = map[string]*data.Session{}
	}
	if ss := f.sessions[s][u.Username]; ss != nil {
		return ss
	}
	ss, err := s.Login(u.Username, "correct horse")
	if err != nil {
		f.t.Fatalf("sign in %s: %v", u.Username, err)
	}
	f.sessions[s][u.Username] = ss
	return ss
}

// sess returns u's session on the fixture's store.
func (f *fixture) sess(u *data.User) *data.Session { return f.signIn(f.s, u) }

// open opens case id as user key and returns its window.
func (f *fixture) open(key string, id uint) *caseWindow {
	f.t.Helper()
	m := f.manager(key, nil)
	m.Open(id)
	w := m.find(id)
	if w == nil {
		f.t.Fatalf("case %d did not open", id)
	}
	// The test canvas lays containers out only when they are resized, not
	// when what they show grows as the desktop's does each frame: the
	// window goes through another size first, so that everything is laid
	// out with what the window shows now.
	w.win.Resize(fyne.NewSize(1010, 750))
	w.win.Resize(fyne.NewSize(1000, 740))
	return w
}

// fakeDocs is an exporter that writes a tiny PDF naming the document.
type fakeDocs struct {
	written []string
}

// Documents offers, as the real one, the plan and the acceptance form
// only once their records exist.
func (x *fakeDocs) Documents(d *data.Dossier) []Document {
	docs := []Document{{Kind: "request", Title: "软件升级需求申请表", FileName: d.Case.No + "-申请表.pdf"}}
	if d.Plan != nil {
		docs = append(docs, Document{Kind: "plan", Title: "软件升级计划", FileName: d.Case.No + "-计划.pdf"})
	}
	if d.Acceptance != nil || len(d.Tests) > 0 {
		docs = append(docs, Document{Kind: "acceptance", Title: "软件升级验收单", FileName: d.Case.No + "-验收单.pdf"})
	}
	return append(docs, Document{Kind: "dossier", Title: "升级事项案卷", FileName: d.Case.No + "-案卷.pdf"})
}

func (x *fakeDocs) Write(w io.Writer, doc Document, d *data.Dossier) error {
	x.written = append(x.written, doc.Kind)
	_, err := fmt.Fprintf(w, "%%PDF-1.4\n%% %s %s\n%%%%EOF\n", d.Case.No, doc.Kind)
	return err
}

// fill replaces the text of an entry by typing it.
func fill(e *uikit.Entry, s string) {
	e.SetText("")
	test.Type(e, s)
}

// addRow adds a row to r through its dialog: kv are keys of columns and
// the values that go into their inputs; other columns stay as they are.
func addRow(t *testing.T, r *uikit.Rows, kv ...string) {
	t.Helper()
	test.Tap(r.AddButton)
	d := r.Dialog
	if d == nil {
		t.Fatal("no row dialog")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if !setInput(d, kv[i], kv[i+1]) {
			t.Fatalf("the row dialog has no input %q", kv[i])
		}
	}
	test.Tap(d.OK)
	if r.Dialog != nil {
		t.Fatalf("row not added: %s", d.Problem.Text)
	}
}

// setInput types or chooses v in the input of the column key of d; false
// when there is no such input.
func setInput(d *uikit.RowDialog, key, v string) bool {
	switch {
	case d.Entry(key) != nil:
		fill(d.Entry(key), v)
	case d.Choice(key) != nil:
		d.Choice(key).SetValue(v)
	case d.Check(key) != nil:
		d.Check(key).SetChecked(v == "true")
	case d.CheckGroup(key) != nil:
		return d.Value(key) == v // the boxes ticked when the dialog opened
	default:
		return false
	}
	return true
}

// act takes action a in window w through its button and dialog.
func act(t *testing.T, w *caseWindow, a data.Action, opinion string) {
	t.Helper()
	b := w.header.ActionButtons[a]
	if b == nil {
		t.Fatalf("%s: no %s button among %v", w.user().Username, a, w.cd.actions)
	}
	test.Tap(b)
	d := w.actionDlg
	if d == nil {
		t.Fatalf("%s: no dialog for %s", w.user().Username, a)
	}
	test.Type(d.Opinion, opinion)
	test.Tap(d.OK)
	if w.actionDlg != nil {
		t.Fatalf("%s %s refused: %s", w.user().Username, a, d.Problem.Text)
	}
}

// save taps a form's Save button and fails the test when the form stays
// unsaved.
func save(t *testing.T, fr *stageForm) {
	t.Helper()
	if !fr.SaveButton.Visible() {
		t.Fatalf("%s: no Save button: %s", fr.kind, fr.Note.Text)
	}
	test.Tap(fr.SaveButton)
	if fr.dirty {
		t.Fatalf("%s not saved", fr.kind)
	}
}

// state returns the stored state of case id.
func (f *fixture) state(id uint) data.State {
	f.t.Helper()
	c, err := f.s.Case(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c.State
}

// overlayTexts returns the texts shown in the window's top dialog.
func overlayTexts(w *caseWindow) []string {
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var out []string
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *uikit.Button:
			out = append(out, x.Text)
		}
	})
	return out
}

// walk calls fn on o and everything inside it.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// tapOverlayButton taps the button labelled text in the top dialog.
func tapOverlayButton(t *testing.T, w *caseWindow, text string) {
	t.Helper()
	var found fyne.Tappable
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		walk(top, func(o fyne.CanvasObject) {
			if found != nil {
				return
			}
			switch b := o.(type) {
			case *widget.Button:
				if b.Text == text {
					found = b
				}
			case *uikit.Button:
				if b.Text == text {
					found = b
				}
			}
		})
	}
	if found == nil {
		t.Fatalf("no button %q in %q", text, overlayTexts(w))
	}
	test.Tap(found)
}

// driveTo files a request of the member of staff through the store and
// takes it along the procedure to state st, without any window: the set-up
// of tests about one stage.
func (f *fixture) driveTo(t *testing.T, st data.State) uint {
	t.Helper()
	systems, err := f.s.Systems()
	if err != nil || len(systems) == 0 {
		t.Fatalf("systems: %v", err)
	}
	c := &data.Case{Title: "借还书界面挂失提示与批量续借", SystemID: systems[0].ID, Phone: "010-6253 1234",
		TargetVersion: "V3.3.0", UpgradeType: "feature", Urgency: "routine", Source: "business",
		Content: "增加挂失提示。", Problem: "挂失证仍可借书。", Impact: "影响借还业务。", ExpectedDate: "2026-12-31"}
	must(t, f.s.NewCase(f.sess(f.u["staff"]), c))
	steps := []struct {
		at   data.State
		step func() error
	}{
		{data.StateDraft, func() error { return f.do("staff", c.ID, data.ActSubmit) }},
		{data.StateDeptReview, func() error { return f.do("head", c.ID, data.ActApprove) }},
		{data.StateScreening, func() error { return f.do("sysadmin", c.ID, data.ActAccept) }},
		{data.StateAssessing, func() error { return f.assessAndSubmit(c.ID) }},
		{data.StateMgmtApproval, func() error { return f.do("leader", c.ID, data.ActApprove) }},
		{data.StatePlanning, func() error { return f.planAndSubmit(c.ID) }},
		{data.StatePlanApproval, func() error { return f.approvePlan(c.ID) }},
		{data.StateImplementing, func() error { return f.implementAndComplete(c.ID) }},
		{data.StateAccepting, func() error { return f.acceptAndSign(c.ID) }},
		{data.StateRegistering, func() error { return f.register(c.ID) }},
	}
	for _, s := range steps {
		if s.at == st {
			return c.ID
		}
		must(t, s.step())
	}
	if got := f.state(c.ID); got != st {
		t.Fatalf("cannot drive to %s (at %s)", st, got)
	}
	return c.ID
}

func (f *fixture) do(key string, id uint, a data.Action) error {
	_, err := f.s.Act(f.sess(f.u[key]), data.ActionRequest{CaseID: id, Action: a, Opinion: "同意",
		PaperSigned: f.onPaper[key]})
	return err
}

func (f *fixture) assessAndSubmit(id uint) error {
	a := &data.Assessment{CaseID: id, MeetingDate: "2026-03-10", MeetingPlace: "三楼会议室",
		Participants: []data.Participant{{Name: "王主任", Side: "it"}}, Conclusion: "feasible",
		Recommendation: "采用 V3.3.0。", PreliminaryPlan: "四月实施。"}
	for _, k := range data.Criteria {
		*a.Criterion(k) = data.Rating{Rating: "high", Notes: "可行"}
	}
	if err := f.s.SaveStage(f.sess(f.u["sysadmin"]), a); err != nil {
		return err
	}
	return f.do("sysadmin", id, data.ActSubmit)
}

func (f *fixture) planAndSubmit(id uint) error {
	p := &data.Plan{CaseID: id, Goals: "升级到 V3.3.0", Scope: "流通模块", TechApproach: "远程升级。",
		RollbackPlan: "恢复备份。", TrainingPlan: "闭馆日培训。",
		Milestones:       []data.Milestone{{Name: "正式升级", Start: "2026-04-13", End: "2026-04-13"}},
		Responsibilities: []data.Responsibility{{Task: "技术实施", Person: "李工"}},
		Risks:            []data.Risk{{Risk: "数据迁移失败", Countermeasure: "回退到备份"}},
		BudgetItems:      []data.BudgetItem{{Item: "升级服务费", Amount: 3000000}}}
	if err := f.s.SaveStage(f.sess(f.u["sysadmin"]), p); err != nil {
		return err
	}
	return f.do("sysadmin", id, data.ActSubmit)
}

// approvePlan approves the plan and the budget; the data administrator
// then backs the system up, as the implementation needs.
func (f *fixture) approvePlan(id uint) error {
	if err := f.do("director", id, data.ActApprovePlan); err != nil {
		return err
	}
	if err := f.do("finmgr", id, data.ActApproveBudget); err != nil {
		return err
	}
	b := &data.Backup{CaseID: id, Kind: "before", TakenAt: clock.Add(-3 * time.Hour), Scope: "全库",
		Method: "全量导出", Location: `\\nas\backup`, Verified: true}
	return f.s.SaveStage(f.sess(f.u["dataadmin"]), b)
}

func (f *fixture) implementAndComplete(id uint) error {
	start, end := clock.Add(-2*time.Hour), clock.Add(-time.Hour)
	im := &data.Implementation{CaseID: id, ActualStart: &start, ActualEnd: &end, Steps: "升级。"}
	if err := f.s.SaveStage(f.sess(f.u["sysadmin"]), im); err != nil {
		return err
	}
	return f.do("sysadmin", id, data.ActComplete)
}

func (f *fixture) acceptAndSign(id uint) error {
	tr := &data.TestRecord{CaseID: id, Type: "system", Date: "2026-04-13", Items: "登录、借还", Result: "pass"}
	if err := f.s.SaveStage(f.sess(f.u["sysadmin"]), tr); err != nil {
		return err
	}
	if err := f.s.SaveStage(f.sess(f.u["sysadmin"]), &data.Acceptance{CaseID: id, Conclusion: "pass"}); err != nil {
		return err
	}
	if err := f.do("head", id, data.ActSign); err != nil {
		return err
	}
	return f.do("director", id, data.ActSign)
}

func (f *fixture) register(id uint) error {
	r, err := f.s.Registration(id)
	if err != nil {
		return err
	}
	r.NewVersion, r.EffectiveDate = fmt.Sprintf("V3.%d.0", id+2), "2026-04-13" // each case a version up
	if err := f.s.SaveStage(f.sess(f.u["sysadmin"]), r); err != nil {
		return err
	}
	return f.do("sysadmin", id, data.ActRegister)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
