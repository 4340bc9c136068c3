package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestLoginDialog(t *testing.T) {
	f := newFixture(t)
	c := startClient(t, newTestApp(t), f.path, f.clock)
	l := c.login
	try := func(user, pw string) {
		l.username.SetText(user)
		l.password.SetText("")
		test.Type(l.password, pw)
		test.Tap(l.submit)
		c.jobs.Wait()
	}
	t.Run("a wrong password is refused in the dialog", func(t *testing.T) {
		try("staff", "wrong password")
		if c.sess != nil {
			t.Fatal("signed in with a wrong password")
		}
		if l.message.Text != "用户名或密码不正确。" || !l.message.Visible() {
			t.Errorf("message %q", l.message.Text)
		}
		if l.password.Text != "" {
			t.Error("the wrong password stays in the field")
		}
	})
	t.Run("repeated failures make the user wait", func(t *testing.T) {
		for range 3 {
			try("staff", "wrong password")
		}
		if !strings.Contains(l.message.Text, "秒后再试") {
			t.Errorf("message %q", l.message.Text)
		}
	})
	t.Run("the right password signs in", func(t *testing.T) {
		try("head", testPassword)
		if c.sess == nil || c.sess.user.Username != "head" {
			t.Fatalf("not signed in: %q", l.message.Text)
		}
		if c.login != nil {
			t.Error("the login dialog is still there")
		}
		if got := c.sess.header.who.Text + " " + c.sess.header.roles.Text; got != "刘洋（流通部） 部门负责人" {
			t.Errorf("header = %q", got)
		}
	})
	t.Run("switching user asks for the next one", func(t *testing.T) {
		test.Tap(c.sess.header.switchUser)
		c.jobs.Wait()
		if c.sess != nil || c.login == nil {
			t.Fatal("still signed in")
		}
		if c.login.username.Text != "head" {
			t.Errorf("login proposes %q", c.login.username.Text)
		}
	})
	t.Run("the next start proposes the last user", func(t *testing.T) {
		a := newTestApp(t)
		a.Preferences().SetString(prefLastUser, c.app.Preferences().String(prefLastUser))
		next := startClient(t, a, f.path, f.clock)
		if next.login == nil || next.login.username.Text != "head" || next.login.asked != "head" {
			t.Fatalf("the next start proposes %q and asked ahead for %q", next.login.username.Text, next.login.asked)
		}
		if next.win.Canvas().Focused() != next.login.password {
			t.Error("the password does not have the focus")
		}
	})
}
