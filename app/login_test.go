package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
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
		if got := c.app.Preferences().String(prefLastUser); got != "head" {
			t.Errorf("the user to propose next is %q", got)
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
}

// TestSignInShowsThe待办AskedForAhead starts the client on a PC where
// head signed in last: the dialog proposes head and asks for their 待办
// ahead, and signing in shows it at once.
func TestSignInShowsThe待办AskedForAhead(t *testing.T) {
	f := newFixture(t)
	for _, c := range f.addCases(t, 2, time.Minute) {
		f.act(t, "staff", c, data.ActSubmit, "") // waiting for head
	}
	a := newTestApp(t)
	a.Preferences().SetString(prefLastUser, "head")
	next := startClient(t, a, f.path, f.clock)
	l := next.login
	if l == nil || l.username.Text != "head" || l.asked != "head" {
		t.Fatalf("the dialog proposes %q and asked ahead for %q", l.username.Text, l.asked)
	}
	if next.win.Canvas().Focused() != l.password {
		t.Error("the password does not have the focus")
	}
	kept := keptTodo(next.store, f.users["head"])
	if kept == nil || len(kept.items) != 2 {
		t.Fatalf("the 待办 asked for ahead is not kept: %+v", kept)
	}
	test.Type(l.password, testPassword)
	test.Tap(l.submit)
	next.jobs.Wait()
	if next.sess == nil || len(next.sess.todo.items) != 2 || next.sess.todo.count.Text == "" {
		t.Fatal("signed in, 待办 does not show the two cases")
	}
}
