package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"upgradedesk/data"
	"upgradedesk/data/notify"
	"upgradedesk/data/notify/smtptest"
	"upgradedesk/forms/uikit"
)

// fakeSecrets is a credential store in memory; down makes it unavailable.
type fakeSecrets struct {
	mu   sync.Mutex
	pw   map[string]string
	down bool
}

func (f *fakeSecrets) Get(service, user string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return "", errors.New("no secret service")
	}
	pw, ok := f.pw[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return pw, nil
}

func (f *fakeSecrets) Set(service, user, pw string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("no secret service")
	}
	f.pw[service+"/"+user] = pw
	return nil
}

func (f *fakeSecrets) Delete(service, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.pw, service+"/"+user)
	return nil
}

// useSecrets makes the client keep passwords in sec for the test.
func useSecrets(t *testing.T, sec notify.Secrets) {
	t.Helper()
	old := mailSecrets
	mailSecrets = sec
	t.Cleanup(func() { mailSecrets = old })
}

// mailOf shows 设置 and returns the page of e-mail reminders.
func mailOf(t *testing.T, c *Client, s *session) *mailPage {
	t.Helper()
	showTab(c, s, 4)
	return s.settings.build().mail
}

// setEmail gives the fixture's user an e-mail address.
func (f *fixture) setEmail(t *testing.T, user, addr string) {
	t.Helper()
	u, err := f.store.User(f.users[user].ID)
	must(t, err)
	u.Email = addr
	must(t, f.store.SaveUser(f.sess(f.users["admin"]), u))
}

// useServer points the library's mail server at port on this PC.
func (f *fixture) useServer(t *testing.T, port int) {
	t.Helper()
	must(t, f.store.SaveMailSettings(f.sess(f.users["admin"]), data.MailSettings{Host: "127.0.0.1", Port: port,
		Security: data.SecurityNone, From: "upgrade@library.cn", DigestHour: data.DefaultDigestHour}))
}

// submitCase files and submits a request of the member of staff: the
// head of 流通部 is told by e-mail.
func (f *fixture) submitCase(t *testing.T) *data.Case {
	t.Helper()
	c := f.addCases(t, 1, time.Minute)[0]
	f.act(t, "staff", c, data.ActSubmit, "")
	return c
}

func TestEveryUserSetsTheirOwnMailPreferences(t *testing.T) {
	f, c, s := clientAs(t, "staff")
	p := mailOf(t, c, s)
	if p.host != nil || p.summary != nil {
		t.Fatal("staff sees the mail server or the outbox")
	}
	if p.address.Text != "未填写（请联系账号管理员）" {
		t.Errorf("address %q", p.address.Text)
	}
	p.mailLang.sel.SetSelected("English")
	test.Tap(p.digestOff)
	test.Tap(p.saveOwn)
	c.jobs.Wait()
	u, err := f.store.User(f.users["staff"].ID)
	must(t, err)
	if u.MailLang != data.LangEN || !u.DigestOff {
		t.Errorf("saved language %q, digest off %v", u.MailLang, u.DigestOff)
	}
}

func TestAdministratorSetsAUsersMailAddress(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	showTab(c, s, 4)
	users := s.settings.build().users
	for i, r := range users.rows {
		if r.Username == "head" {
			users.grid.selectRow(i)
		}
	}
	test.Tap(users.edit)
	b := users.form
	inputOf(t, b, "field.email").SetText("liuyang@library.cn")
	pick(t, b, "field.mail_lang", "English")
	test.Tap(checkNamed(b.byKey["mailset.digest"], "不接收每日待办汇总"))
	test.Tap(users.dialog.OK)
	c.jobs.Wait()
	u, err := f.store.User(f.users["head"].ID)
	must(t, err)
	if u.Email != "liuyang@library.cn" || u.MailLang != data.LangEN || !u.DigestOff {
		t.Errorf("saved %q %q %v", u.Email, u.MailLang, u.DigestOff)
	}
}

func TestAdministratorSetsTheMailServerAndThePasswordStaysOnThisPC(t *testing.T) {
	sec := &fakeSecrets{pw: map[string]string{}}
	useSecrets(t, newCachedSecrets(sec))
	f, c, s := clientAs(t, "admin")
	p := mailOf(t, c, s)
	if got := strings.Join(p.security.sel.Options, "|"); got != "STARTTLS（端口通常为 587）|TLS/SSL（端口通常为 465）|不加密（端口通常为 25）" {
		t.Errorf("securities offered: %s", got)
	}
	p.host.SetText("mail.library.cn")
	p.port.SetText("99999")
	p.user.SetText("notify")
	p.password.SetText("s3cret-pw")
	p.from.SetText("upgrade@library.cn")
	test.Tap(p.saveServer)
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "端口") || !strings.Contains(got, "1 到 65535") {
		t.Errorf("a bad port: %q", got)
	}
	if m, _ := f.store.MailSettings(); m.Enabled() {
		t.Fatal("saved with a bad port")
	}
	p.port.SetText("")
	test.Tap(p.saveServer)
	c.jobs.Wait()
	m, err := f.store.MailSettings()
	must(t, err)
	if m.Host != "mail.library.cn" || m.User != "notify" || m.From != "upgrade@library.cn" || m.SecurityOrDefault() != data.SecuritySTARTTLS {
		t.Errorf("saved %+v", m)
	}
	if got := sec.pw[notify.KeyringService+"/notify@mail.library.cn:587"]; got != "s3cret-pw" {
		t.Errorf("the credential store holds %q", got)
	}
	for _, path := range []string{f.path, f.path + "-wal"} {
		if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte("s3cret-pw")) {
			t.Errorf("the password is in %s", path)
		}
	}
	if !strings.Contains(p.pwState.Text, "已保存 notify@mail.library.cn:587 的密码") {
		t.Errorf("password state %q", p.pwState.Text)
	}
	if p.password.Text != "" {
		t.Error("the password stays in the form")
	}

	// Where the PC has no credential store the settings are saved, and
	// the user is told the password was not.
	useSecrets(t, &fakeSecrets{down: true})
	p.password.SetText("other-pw")
	test.Tap(p.saveServer)
	c.jobs.Wait()
	got := topMessage(c)
	if !strings.Contains(got, "邮件服务器设置已保存，但密码未能保存") || !strings.Contains(got, "本电脑的凭据库不可用") {
		t.Errorf("without a credential store: %q", got)
	}
	p.refresh()
	c.jobs.Wait()
	if !strings.Contains(p.pwState.Text, "本电脑的凭据库不可用") {
		t.Errorf("password state without a credential store %q", p.pwState.Text)
	}
}

func TestTestMessageGoesThroughTheServerAsTyped(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	_, c, s := clientAs(t, "admin")
	p := mailOf(t, c, s)
	p.host.SetText(srv.Host)
	p.security.setValue(data.SecurityNone)
	p.port.SetText(strconv.Itoa(srv.Port))
	p.from.SetText("upgrade@library.cn")
	test.Tap(p.test)
	to := inputOfDialog(t, p)
	to.SetText("it@library.cn")
	test.Tap(p.testDialog.OK)
	c.jobs.Wait()
	msgs := srv.Messages()
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "it@library.cn" {
		t.Fatalf("the server got %+v", msgs)
	}
	if got := topMessage(c); !strings.Contains(got, "测试邮件已发往 it@library.cn") {
		t.Errorf("after sending: %q", got)
	}

	p.port.SetText(strconv.Itoa(smtptest.Down(t)))
	test.Tap(p.test)
	inputOfDialog(t, p).SetText("it@library.cn")
	test.Tap(p.testDialog.OK)
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "测试邮件未能发出：无法连接邮件服务器") {
		t.Errorf("a server that is down: %q", got)
	}
}

// inputOfDialog returns the address entry of the test message's dialog.
func inputOfDialog(t *testing.T, p *mailPage) *uikit.Entry {
	t.Helper()
	if p.testDialog == nil || len(p.testDialog.Form.Items) != 1 {
		t.Fatal("no dialog asking for the address")
	}
	return p.testDialog.Form.Items[0].Widget.(*uikit.Entry)
}

func TestOutboxListsUndeliveredMessagesAndSendsThemAgain(t *testing.T) {
	f := newFixture(t)
	f.setEmail(t, "head", "head@library.cn")
	f.useServer(t, smtptest.Down(t))
	f.submitCase(t)
	snd := &notify.Sender{Store: f.store, Owner: "test"}
	if _, err := snd.Once(context.Background()); err == nil {
		t.Fatal("sent through a server that is down")
	}
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "admin")
	p := mailOf(t, c, s)
	if len(p.undelivered) == 0 {
		t.Fatal("no undelivered message listed")
	}
	n := len(p.undelivered)
	if !strings.Contains(p.summary.Text, "等待重试 "+strconv.Itoa(n)+" 封") {
		t.Errorf("summary %q", p.summary.Text)
	}
	if got := p.grid.cols[3].text(&p.undelivered[0]); got != "已试 1 次" {
		t.Errorf("state %q", got)
	}
	if got := p.grid.cols[4].text(&p.undelivered[0]); !strings.Contains(got, "connect") {
		t.Errorf("reason %q", got)
	}
	if p.resend.Disabled() == false {
		t.Error("重新发送 with nothing selected")
	}
	p.grid.selectRow(0)
	test.Tap(p.resend)
	c.jobs.Wait()
	if len(p.undelivered) != n-1 {
		t.Errorf("%d undelivered after sending one again, want %d", len(p.undelivered), n-1)
	}
	if !strings.Contains(p.summary.Text, "待发送 1 封") {
		t.Errorf("summary %q", p.summary.Text)
	}
}

func TestClientSendsTheOutboxQuietlyWhileSignedIn(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	f.setEmail(t, "head", "head@library.cn")
	f.useServer(t, srv.Port)
	cs := f.submitCase(t)
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "admin")
	s.startMail(time.Hour) // looks at the outbox at once
	waitFor(t, func() bool { return !s.mail.current().At.IsZero() }, "the sender's first run")
	msgs := srv.Messages()
	if len(msgs) == 0 {
		t.Fatal("nothing sent")
	}
	for _, m := range msgs {
		if len(m.To) != 1 || m.To[0] != "head@library.cn" {
			t.Errorf("sent to %v", m.To)
		}
	}
	if !strings.Contains(strings.Join(subjects(msgs), "\n"), cs.No) {
		t.Errorf("no message names %s: %v", cs.No, subjects(msgs))
	}
	p := mailOf(t, c, s)
	c.jobs.Wait()
	if !strings.Contains(p.sender.Text, "发出 "+strconv.Itoa(len(msgs))+" 封") {
		t.Errorf("the sender's state %q", p.sender.Text)
	}
	m := s.mail
	s.stop()
	select {
	case <-m.done:
	default:
		t.Error("the sender runs on after the session stopped")
	}
}

func TestSendingFailuresShowInSettingsOnly(t *testing.T) {
	f := newFixture(t)
	f.setEmail(t, "head", "head@library.cn")
	f.useServer(t, smtptest.Down(t))
	f.submitCase(t)
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "staff")
	s.startMail(time.Hour)
	waitFor(t, func() bool { return !s.mail.current().At.IsZero() }, "the sender's first run")
	c.jobs.Wait()
	if top := c.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a failure to send shows a dialog: %q", topMessage(c))
	}
	if got := senderText(s.mail, true); !strings.Contains(got, "发送失败：无法连接邮件服务器 127.0.0.1") {
		t.Errorf("the sender's state %q", got)
	}
}

// subjects returns the subjects of msgs.
func subjects(msgs []smtptest.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Header.Get("Subject")
	}
	return out
}

// waitFor waits until cond holds, failing the test when it does not
// within a generous bound (the work waited for is not timed).
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}
