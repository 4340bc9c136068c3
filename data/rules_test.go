package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCompleteness(t *testing.T) {
	f := newFixture(t)
	t.Run("plan lists what is missing", func(t *testing.T) {
		c := f.driveTo(t, StatePlanning)
		p := &Plan{CaseID: c.ID, Goals: "目标", Risks: []Risk{{Risk: "停机超时"}}}
		if err := f.s.SaveStage(f.u["sysadmin"], p); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActSubmit})
		var e *Error
		if !errors.As(err, &e) || e.Code != EIncomplete {
			t.Fatalf("want incomplete, got %v", err)
		}
		msg := e.Message(LangZH)
		for _, want := range []string{"升级范围", "时间安排", "责任人员", "技术方案", "应对措施", "回退方案", "培训计划", "预算"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message does not name %s: %s", want, msg)
			}
		}
		if strings.Contains(msg, "升级目标") {
			t.Errorf("message names a filled field: %s", msg)
		}
	})
	t.Run("assessment needs all six criteria", func(t *testing.T) {
		c := f.driveTo(t, StateAssessing)
		f.completeAssessment(t, c)
		a, _ := f.s.Assessment(c.ID)
		a.Benefit = Rating{}
		if err := f.s.SaveStage(f.u["sysadmin"], a); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActSubmit})
		if ErrorCode(err) != EIncomplete || !strings.Contains(err.Error(), "潜在效益") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("implementation is done only after a verified backup, its record saved as a draft before", func(t *testing.T) {
		c := f.driveTo(t, StateImplementing)
		start := f.s.Now().Add(-time.Hour)
		im := &Implementation{CaseID: c.ID, ActualStart: &start, ActualEnd: &start, Steps: "升级"}
		if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
			t.Fatalf("draft without backup: %v", err)
		}
		complete := func() error {
			_, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActComplete})
			return err
		}
		if err := complete(); ErrorCode(err) != EIncomplete {
			t.Fatalf("done without backup: %v", err)
		}
		b := &Backup{CaseID: c.ID, Kind: "before", TakenAt: start.Add(-time.Hour), Scope: "全库", Method: "导出", Location: "NAS"}
		if err := f.s.SaveStage(f.u["dataadmin"], b); err != nil {
			t.Fatal(err)
		}
		if err := complete(); ErrorCode(err) != EIncomplete {
			t.Fatalf("done with unverified backup: %v", err)
		}
		b.Verified = true
		if err := f.s.SaveStage(f.u["dataadmin"], b); err != nil {
			t.Fatal(err)
		}
		early := start.Add(-2 * time.Hour)
		im.ActualStart = &early
		if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
			t.Fatalf("draft starting before the backup: %v", err)
		}
		if err := complete(); ErrorCode(err) != EIncomplete {
			t.Fatalf("done though started before the backup was taken: %v", err)
		}
		im.ActualStart = &start
		if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
			t.Fatal(err)
		}
		if err := complete(); err != nil {
			t.Fatalf("done after a verified backup: %v", err)
		}
	})
	t.Run("forms are read-only outside their stage and role", func(t *testing.T) {
		c := f.driveTo(t, StateMgmtApproval)
		a, _ := f.s.Assessment(c.ID)
		a.Recommendation = "改"
		if err := f.s.SaveStage(f.u["sysadmin"], a); ErrorCode(err) != EState {
			t.Fatalf("assessment edited in management approval: %v", err)
		}
		p := &Plan{CaseID: c.ID, Goals: "x"}
		if err := f.s.SaveStage(f.u["sysadmin"], p); ErrorCode(err) != EState {
			t.Fatalf("plan saved before planning: %v", err)
		}
		d := f.driveTo(t, StateAssessing)
		a2 := &Assessment{CaseID: d.ID, MeetingPlace: "x"}
		if err := f.s.SaveStage(f.u["staff"], a2); ErrorCode(err) != EForbidden {
			t.Fatalf("staff wrote assessment: %v", err)
		}
	})
	t.Run("second single record is a conflict", func(t *testing.T) {
		c := f.driveTo(t, StatePlanning)
		f.completePlan(t, c)
		p := &Plan{CaseID: c.ID, Goals: "另一个"}
		if err := f.s.SaveStage(f.u["director"], p); ErrorCode(err) != EConflict {
			t.Fatalf("second plan: %v", err)
		}
	})
}

func TestRegistrationIsAtomic(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateRegistering)
	r, _ := f.s.Registration(c.ID)
	if r.OldVersion != "V3.2.0" || r.SystemID != f.system.ID {
		t.Fatalf("registration not prefilled: %+v", r)
	}
	r.NewVersion, r.EffectiveDate = "V3.2.0", "2026-04-13"
	if err := f.s.SaveStage(f.u["sysadmin"], r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActRegister}); ErrorCode(err) != EInvalid {
		t.Fatalf("registering the current version: %v", err)
	}
	hist, _ := f.s.SystemHistory(f.system.ID)
	sys, _ := f.s.System(f.system.ID)
	if len(hist) != 1 || sys.CurrentVersion != "V3.2.0" {
		t.Fatalf("refused registration changed the ledger: %v %+v", sys.CurrentVersion, hist)
	}
	r.NewVersion = "V4.0.0"
	if err := f.s.SaveStage(f.u["sysadmin"], r); err != nil {
		t.Fatal(err)
	}
	f.act(t, "sysadmin", c, ActRegister, "")
	hist, _ = f.s.SystemHistory(f.system.ID)
	sys, _ = f.s.System(f.system.ID)
	if len(hist) != 2 || sys.CurrentVersion != "V4.0.0" || hist[0].PrevVersion != "V3.2.0" {
		t.Fatalf("after registration: %v %+v", sys.CurrentVersion, hist)
	}
	reg, _ := f.s.Registration(c.ID)
	if !reg.Registered {
		t.Error("registration not marked registered")
	}
}

func TestPasswordsAndLogin(t *testing.T) {
	s := mustOpen(t)
	admin, err := s.Init("admin", "系统管理员", "s3cret-pass", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(admin.User().PasswordHash, "s3cret") || !strings.HasPrefix(admin.User().PasswordHash, "$argon2id$") {
		t.Fatalf("password stored as %q", admin.User().PasswordHash)
	}
	file := s.Location()
	if IsURL(file) { // the whole content of a server database, as a file
		file = filepath.Join(t.TempDir(), "copy.db")
		if _, err := s.Backup(context.Background(), file); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "s3cret-pass") {
		t.Fatal("clear-text password in the database file")
	}
	if _, err := s.Init("x", "x", "another-pass", ""); ErrorCode(err) != EExists {
		t.Fatalf("second init: %v", err)
	}
	if _, err := s.Login("admin", "s3cret-pass"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login("nobody", "s3cret-pass"); ErrorCode(err) != EAuth {
		t.Fatalf("unknown user: %v", err)
	}
	t.Run("failures slow down", func(t *testing.T) {
		now := time.Now()
		s.now = func() time.Time { return now }
		for i := 0; i < 3; i++ {
			if _, err := s.Login("admin", "wrong"); ErrorCode(err) != EAuth {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := s.Login("admin", "s3cret-pass"); ErrorCode(err) != EThrottled {
			t.Fatalf("fourth attempt right away: %v", err)
		}
		now = now.Add(3 * time.Second)
		if _, err := s.Login("admin", "s3cret-pass"); err != nil {
			t.Fatalf("after waiting: %v", err)
		}
		s.now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	})
	t.Run("change password", func(t *testing.T) {
		if err := s.ChangePassword(admin, "wrong", "new-password-1"); ErrorCode(err) != EAuth {
			t.Fatalf("wrong old password: %v", err)
		}
		if err := s.ChangePassword(admin, "s3cret-pass", "short"); ErrorCode(err) != EInvalid {
			t.Fatalf("short password: %v", err)
		}
		if err := s.ChangePassword(admin, "s3cret-pass", "new-password-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login("admin", "new-password-1"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("disabled user", func(t *testing.T) {
		u, err := s.CreateUser(admin, NewUser{Username: "clerk", FullName: "馆员", DepartmentID: admin.User().DepartmentID,
			Roles: []Role{RoleStaff}, Password: "clerk-password"})
		if err != nil {
			t.Fatal(err)
		}
		u.Disabled = true
		if err := s.SaveUser(admin, u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login("clerk", "clerk-password"); ErrorCode(err) != EAuth {
			t.Fatalf("disabled login: %v", err)
		}
		if err := s.SaveVendor(s.sessionOf(u), &Vendor{Name: "x"}); ErrorCode(err) != EAuth {
			t.Fatalf("disabled user still acts: %v", err)
		}
	})
}

func TestOpenRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing", func(t *testing.T) {
		_, err := Open(filepath.Join(dir, "none.db"), Options{})
		if ErrorCode(err) != ENoDB {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("not a database", func(t *testing.T) {
		p := filepath.Join(dir, "notes.txt")
		os.WriteFile(p, []byte("这不是数据库，只是一段文字。"), 0o644)
		_, err := Open(p, Options{Create: true})
		if ErrorCode(err) != ENotDB {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("another program's database", func(t *testing.T) {
		p := filepath.Join(dir, "other.db")
		tamper(t, p, "CREATE TABLE t(x); INSERT INTO t VALUES (1);")
		_, err := Open(p, Options{Create: true})
		if ErrorCode(err) != ENotDB {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		p := filepath.Join(dir, "newer.db")
		s := mustOpenPath(t, p, Options{Create: true})
		s.db.Model(&metaRow{}).Where("key = ?", "schema_version").Update("value", "99")
		s.Close()
		_, err := Open(locate(t, p), Options{})
		if ErrorCode(err) != ENewer || !strings.Contains(err.Error(), "99") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("older schema gains this release's columns", func(t *testing.T) {
		p := filepath.Join(dir, "older.db")
		f := newFixtureOn(t, mustOpenPath(t, p, Options{Create: true}))
		c := f.driveTo(t, StatePlanning)
		f.completePlan(t, c)
		f.s.db.Exec("ALTER TABLE plans DROP COLUMN env_assessment")
		f.s.db.Model(&metaRow{}).Where("key = ?", "schema_version").Update("value", "1")
		f.s.Close()
		s, err := Open(locate(t, p), Options{})
		if err != nil {
			t.Fatalf("open a version 1 database: %v", err)
		}
		defer s.Close()
		plan, err := s.Plan(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		plan.EnvAssessment = "服务器 CentOS 7，数据库 Oracle 11g"
		if err := s.SaveStage(s.sessionOf(f.u["sysadmin"].User()), plan); err != nil {
			t.Fatalf("save after the migration: %v", err)
		}
		if v, _ := s.metaValue("schema_version"); v != strconv.Itoa(SchemaVersion) {
			t.Errorf("schema version %s after opening", v)
		}
	})
	t.Run("truncated file", func(t *testing.T) {
		if onPostgres() {
			t.Skip("about database files")
		}
		p := filepath.Join(dir, "cut.db")
		s := mustOpenPath(t, p, Options{Create: true})
		s.Close()
		data, _ := os.ReadFile(p)
		os.WriteFile(p, data[:100], 0o644)
		_, err := Open(p, Options{})
		if c := ErrorCode(err); c != ECorrupt && c != ENotDB {
			t.Fatalf("got %v", err)
		}
	})
}

func TestAuditTamperingIsFound(t *testing.T) {
	chainFound := 0
	chainEdits := []struct{ name, sql, kind string }{
		{"changed comment", "UPDATE audit_entries SET comment = '改过' WHERE seq = 5;", "changed"},
		{"deleted entry", "DELETE FROM audit_entries WHERE seq = 7;", "missing"},
		{"deleted last entry", "DELETE FROM audit_entries WHERE seq = (SELECT max(seq) FROM audit_entries);", "head"},
		{"inserted entry", `INSERT INTO audit_entries (seq, at, actor_id, actor_name, op, entity, entity_id, changes, prev_hash, hash)
			SELECT 100000, at, actor_id, actor_name, op, entity, entity_id, changes, prev_hash, hash FROM audit_entries WHERE seq = 3;`, "changed"},
	}
	for _, c := range chainEdits {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.driveTo(t, StatePlanning)
			if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
				t.Fatalf("check before tampering: %v %+v", err, rep)
			}
			path := f.s.Location()
			f.s.Close()
			tamper(t, path, c.sql)
			s := mustOpenPath(t, path, Options{})
			rep, err := s.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("check passed after tampering")
			}
			found := false
			for _, p := range rep.Audit {
				found = found || p.Kind == c.kind
				if p.Describe(LangZH) == p.Key {
					t.Errorf("no message for %s", p.Key)
				}
			}
			if !found {
				t.Errorf("want a %q problem, got %+v", c.kind, rep.Audit)
				return
			}
			chainFound++
		})
	}
	reliability(t, "%d kinds of out-of-band edit of the audit chain: %d found by check", len(chainEdits), chainFound)
}

func TestAuditRecordsFieldChanges(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	c.Problem = "新的问题描述"
	if err := f.s.SaveRequest(f.u["staff"], c); err != nil {
		t.Fatal(err)
	}
	h, _ := f.s.History(c.ID)
	last := h[len(h)-1]
	if last.Op != OpUpdate || last.ActorName != "张馆员" {
		t.Fatalf("last entry %+v", last)
	}
	cs := last.ChangeList()
	if len(cs) != 1 || cs[0].Field != "problem" || cs[0].New != "新的问题描述" || !strings.Contains(cs[0].Old, "挂失证") {
		t.Fatalf("changes %+v", cs)
	}
	f.act(t, "staff", c, ActSubmit, "请审核")
	h, _ = f.s.History(c.ID)
	last = h[len(h)-1]
	if last.Op != OpTransition || last.Decision != string(ActSubmit) || last.Comment != "请审核" {
		t.Fatalf("transition entry %+v", last)
	}
}
