package data

import (
	"context"
	"errors"
	"testing"
)

func TestMailPreferencesAndServer(t *testing.T) {
	f := newFixture(t)
	staff := f.u["staff"]
	if err := f.s.SaveMailPrefs(staff, LangEN, true); err != nil {
		t.Fatal(err)
	}
	u, _ := f.s.User(staff.User().ID)
	if u.MailLang != LangEN || !u.DigestOff || u.MessageLang() != LangEN {
		t.Fatalf("saved %+v", u)
	}
	if err := f.s.SaveMailPrefs(staff, "fr", false); ErrorCode(err) != EInvalid {
		t.Fatalf("an unknown language: %v", err)
	}
	u.MailLang = "xx"
	if err := f.s.SaveUser(f.u["admin"], u); ErrorCode(err) != EInvalid {
		t.Fatalf("an administrator saving an unknown language: %v", err)
	}
	if _, err := f.s.CreateUser(f.u["admin"], NewUser{Username: "newbie", FullName: "新人", DepartmentID: f.lending.ID,
		Roles: []Role{RoleStaff}, Email: "newbie@library.example.cn", Password: testPassword, MailLang: LangEN, DigestOff: true}); err != nil {
		t.Fatal(err)
	}

	m := MailSettings{Host: "mail.library.example.cn", Port: 587, Security: SecuritySTARTTLS, User: "upgradedesk",
		From: "upgradedesk@library.example.cn", DigestHour: 7}
	if err := f.s.SaveMailSettings(staff, m); ErrorCode(err) != EForbidden {
		t.Fatalf("a member of staff sets the mail server: %v", err)
	}
	for _, bad := range []struct {
		field string
		m     MailSettings
	}{
		{"smtp_host", MailSettings{Host: "mail server", From: "a@b.cn"}},
		{"smtp_port", MailSettings{Host: "mail.b.cn", Port: 70000, From: "a@b.cn"}},
		{"smtp_security", MailSettings{Host: "mail.b.cn", Security: "ssl3", From: "a@b.cn"}},
		{"smtp_from", MailSettings{Host: "mail.b.cn"}},
		{"smtp_from", MailSettings{Host: "mail.b.cn", From: "not an address"}},
		{"mail_digest_hour", MailSettings{Host: "mail.b.cn", From: "a@b.cn", DigestHour: 24}},
	} {
		err := f.s.SaveMailSettings(f.u["admin"], bad.m)
		var e *Error
		if ErrorCode(err) != EInvalid || !errors.As(err, &e) || e.Field != bad.field {
			t.Errorf("%+v: %v", bad.m, err)
		}
	}
	if err := f.s.SaveMailSettings(f.u["admin"], m); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.MailSettings()
	if err != nil || got != m || !got.Enabled() {
		t.Fatalf("read back %+v, %v", got, err)
	}
	for _, c := range []struct {
		m    MailSettings
		port int
	}{
		{MailSettings{}, 587}, {MailSettings{Security: SecurityTLS}, 465}, {MailSettings{Security: SecurityNone}, 25},
		{MailSettings{Port: 2525}, 2525},
	} {
		if p := c.m.PortOrDefault(); p != c.port {
			t.Errorf("%+v: port %d, want %d", c.m, p, c.port)
		}
	}
	// Turning e-mail off is a host left empty.
	if err := f.s.SaveMailSettings(f.u["admin"], MailSettings{DigestHour: DefaultDigestHour}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.s.MailSettings(); got.Enabled() {
		t.Fatalf("still on: %+v", got)
	}
	if r, err := f.s.Check(context.Background()); err != nil || !r.OK() {
		t.Fatalf("check: %v %+v", err, r)
	}
}
