package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOnlySignInMakesSessions checks that the writing methods refuse
// anything but a session the store made when the password was given:
// none, a made-up one, one of another store, one of a disabled account.
func TestOnlySignInMakesSessions(t *testing.T) {
	f := newFixture(t)
	c := f.request("借还书界面调整")
	other := mustOpenPath(t, filepath.Join(t.TempDir(), "other.db"), Options{Create: true})
	forged := []struct {
		name string
		ss   *Session
	}{
		{"no session", nil},
		{"a made-up session", &Session{}},
		{"a session of another store", other.sessionOf(f.u["staff"].User())},
	}
	for _, x := range forged {
		t.Run(x.name, func(t *testing.T) {
			if err := f.s.NewCase(x.ss, c); ErrorCode(err) != EAuth {
				t.Errorf("NewCase: %v", err)
			}
			if _, err := f.s.Act(x.ss, ActionRequest{CaseID: 1, Action: ActSubmit}); ErrorCode(err) != EAuth {
				t.Errorf("Act: %v", err)
			}
			if err := f.s.SetSetting(x.ss, SettingLibraryName, "假图书馆"); ErrorCode(err) != EAuth {
				t.Errorf("SetSetting: %v", err)
			}
		})
	}
	t.Run("a session survives the store's patient copy", func(t *testing.T) {
		ss, err := f.s.Login("staff", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		patient := f.s.Patient(func(string) (context.Context, func()) { return context.Background(), func() {} })
		if err := patient.NewCase(ss, f.request("经由另一份存储")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a disabled account's session does nothing more", func(t *testing.T) {
		u := f.u["otherstaff"].User()
		u.Disabled = true
		if err := f.s.SaveUser(f.u["admin"], u); err != nil {
			t.Fatal(err)
		}
		if err := f.s.NewCase(f.u["otherstaff"], f.request("停用后")); ErrorCode(err) != EAuth {
			t.Errorf("disabled: %v", err)
		}
	})
}

// TestAdministratorsDoNotGrantThemselvesRoles checks that an administrator
// gives themselves a procedure role only with no other administrator, and
// then only with the password entered just now; check lists such grants.
func TestAdministratorsDoNotGrantThemselvesRoles(t *testing.T) {
	f := newFixture(t)
	admin := f.u["admin"]
	grant := func(ss *Session) error {
		u := ss.User()
		u.SetRoles(RoleAdmin, RoleSysadmin)
		return f.s.SaveUser(ss, u)
	}
	second, err := f.s.CreateUser(admin, NewUser{Username: "admin2", FullName: "孙管理", DepartmentID: f.it.ID,
		Roles: []Role{RoleAdmin}, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := grant(admin); ErrorCode(err) != EForbidden {
		t.Fatalf("with a second administrator: %v", err)
	}
	second.Disabled = true
	if err := f.s.SaveUser(admin, second); err != nil {
		t.Fatal(err)
	}
	later := *admin
	later.confirmed = f.s.now().Add(-time.Hour)
	if err := grant(&later); ErrorCode(err) != EConfirm {
		t.Fatalf("the only administrator, password not entered again: %v", err)
	}
	if _, err := f.s.Confirm(&later, "wrong password"); ErrorCode(err) != EAuth {
		t.Fatalf("confirm with a wrong password: %v", err)
	}
	confirmed, err := f.s.Confirm(&later, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := grant(confirmed); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
	rep, err := f.s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(rep.Notices) != 1 || !strings.Contains(rep.Notices[0].Describe(LangZH), "系统管理员") {
		t.Errorf("check: ok %v, notices %+v", rep.OK(), rep.Notices)
	}
}
