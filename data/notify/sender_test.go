package notify

import (
	"context"
	"errors"
	"mime"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"upgradedesk/data"
	"upgradedesk/data/notify/smtptest"
)

var (
	demoOnce sync.Once
	demoFile string
	demoErr  error
)

// library returns a demo database of its own for the test, with e-mail
// set to the server at port (no encryption, no login) and today's digests
// waiting in the outbox; and the administrator's session.
func library(t *testing.T, port int, security string) (*data.Store, *data.Session) {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "notify-demo-")
		if err != nil {
			demoErr = err
			return
		}
		demoFile = filepath.Join(dir, "demo.db")
		_, demoErr = data.FillDemoFile(demoFile, data.DemoOptions{Cases: 12})
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	b, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "library.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	admin, err := s.Login("admin", data.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = s.SaveMailSettings(admin, data.MailSettings{Host: "127.0.0.1", Port: port, Security: security,
		From: "upgradedesk@library.example.cn", DigestHour: 0})
	if err != nil {
		t.Fatal(err)
	}
	return s, admin
}

// digests writes today's digests and returns how many.
func digests(t *testing.T, s *data.Store) int {
	t.Helper()
	n, err := s.EnqueueDigests(context.Background())
	if err != nil || n == 0 {
		t.Fatalf("digests: %d, %v", n, err)
	}
	return n
}

func undelivered(t *testing.T, s *data.Store) []data.Notification {
	t.Helper()
	un, err := s.Undelivered()
	if err != nil {
		t.Fatal(err)
	}
	return un
}

func errKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func TestDelivery(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	s, _ := library(t, srv.Port, data.SecurityNone)
	n := digests(t, s)
	snd := &Sender{Store: s, Batch: 3}
	rep, err := snd.Once(context.Background())
	if err != nil || rep.Sent != n {
		t.Fatalf("sent %+v of %d: %v", rep, n, err)
	}
	got := srv.Messages()
	if len(got) != n {
		t.Fatalf("the server has %d messages, want %d", len(got), n)
	}
	dec := new(mime.WordDecoder)
	seen := map[string]bool{}
	for _, m := range got {
		id := m.Header.Get(HeaderNotification)
		if seen[id] || id == "" {
			t.Errorf("notification %q twice or unnamed", id)
		}
		seen[id] = true
		subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
		if err != nil || !strings.Contains(subject, "待办汇总") {
			t.Errorf("subject %q %v", subject, err)
		}
		if m.From != "upgradedesk@library.example.cn" || len(m.To) != 1 || !strings.HasSuffix(m.To[0], "@library.example.cn") {
			t.Errorf("envelope %s → %v", m.From, m.To)
		}
		if !strings.HasPrefix(m.Header.Get("Message-Id"), "<upgradedesk.") || m.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("headers %v", m.Header)
		}
	}
	if rep, err := snd.Once(context.Background()); err != nil || rep.Sent != 0 {
		t.Fatalf("a second run: %+v %v", rep, err)
	}
	sum, _ := s.Outbox()
	if sum.Waiting != 0 || sum.SentToday != n || sum.LastSent == nil {
		t.Fatalf("summary %+v", sum)
	}
	if r, err := s.Check(context.Background()); err != nil || !r.OK() {
		t.Fatalf("check after sending: %v %+v", err, r)
	}
}

func TestServerDown(t *testing.T) {
	s, _ := library(t, smtptest.Down(t), data.SecurityNone)
	n := digests(t, s)
	rep, err := (&Sender{Store: s}).Once(context.Background())
	if errKey(err) != "notify.connect" || rep.Sent != 0 || rep.Failed != n {
		t.Fatalf("%+v %v", rep, err)
	}
	if msg := Message(err, data.LangZH); !strings.Contains(msg, "无法连接邮件服务器 127.0.0.1") {
		t.Errorf("message %q", msg)
	}
	un := undelivered(t, s)
	if len(un) != n || un[0].Attempts != 1 || un[0].GivenUp() || !strings.Contains(un[0].Failure(data.LangZH), "无法连接邮件服务器 127.0.0.1") {
		t.Fatalf("undelivered: %d %+v", len(un), un[0])
	}
	// Not due again before its backoff.
	if due, _ := s.OutboxDue(); due {
		t.Fatal("due again at once")
	}
}

func TestLoginRefused(t *testing.T) {
	cfg, roots := smtptest.SelfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{StartTLS: cfg, User: "notify", Password: "right"})
	s, admin := library(t, srv.Port, data.SecuritySTARTTLS)
	m, _ := s.MailSettings()
	m.User = "notify"
	if err := s.SaveMailSettings(admin, m); err != nil {
		t.Fatal(err)
	}
	n := digests(t, s)
	wrong := &Sender{Store: s, roots: roots, Password: func() (string, error) { return "wrong", nil }}
	rep, err := wrong.Once(context.Background())
	if errKey(err) != "notify.auth" || rep.Failed != n {
		t.Fatalf("%+v %v", rep, err)
	}
	if un := undelivered(t, s); len(un) != n || !strings.Contains(un[0].Failure(data.LangZH), "535") {
		t.Fatalf("undelivered %d: %q", len(un), un[0].Failure(data.LangZH))
	}
	if err := s.Resend(admin, ids(undelivered(t, s))); err != nil {
		t.Fatal(err)
	}
	right := &Sender{Store: s, roots: roots, Password: func() (string, error) { return "right", nil }}
	if rep, err := right.Once(context.Background()); err != nil || rep.Sent != n || len(srv.Messages()) != n {
		t.Fatalf("with the right password: %+v %v", rep, err)
	}
}

func ids(ns []data.Notification) []uint {
	out := make([]uint, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

func TestServerNeedsTLS(t *testing.T) {
	cfg, roots := smtptest.SelfSigned(t)
	t.Run("TLS from the first byte", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{TLS: cfg})
		s, admin := library(t, srv.Port, data.SecurityTLS)
		n := digests(t, s)
		// Without the test's authority the certificate is not trusted:
		// verification is on.
		rep, err := (&Sender{Store: s}).Once(context.Background())
		if errKey(err) != "notify.tls" || rep.Sent != 0 || len(srv.Messages()) != 0 {
			t.Fatalf("an untrusted certificate: %+v %v", rep, err)
		}
		s.Resend(admin, ids(undelivered(t, s)))
		if rep, err := (&Sender{Store: s, roots: roots}).Once(context.Background()); err != nil || rep.Sent != n {
			t.Fatalf("%+v %v", rep, err)
		}
	})
	t.Run("STARTTLS required but not offered", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{})
		s, _ := library(t, srv.Port, data.SecuritySTARTTLS)
		digests(t, s)
		rep, err := (&Sender{Store: s, roots: roots}).Once(context.Background())
		if errKey(err) != "notify.tls" || rep.Sent != 0 || len(srv.Messages()) != 0 {
			t.Fatalf("%+v %v", rep, err)
		}
	})
	t.Run("STARTTLS", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{StartTLS: cfg})
		s, _ := library(t, srv.Port, data.SecuritySTARTTLS)
		n := digests(t, s)
		if rep, err := (&Sender{Store: s, roots: roots}).Once(context.Background()); err != nil || rep.Sent != n {
			t.Fatalf("%+v %v", rep, err)
		}
	})
}

func TestRefusedRecipients(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Refuse: func(to string) error {
		switch {
		case strings.HasPrefix(to, "director@"):
			return smtptest.Refused
		case strings.HasPrefix(to, "leader@"):
			return smtptest.Busy
		}
		return nil
	}})
	s, _ := library(t, srv.Port, data.SecurityNone)
	n := digests(t, s)
	rep, err := (&Sender{Store: s}).Once(context.Background())
	if err != nil || rep.GivenUp != 1 || rep.Failed != 1 || rep.Sent != n-2 {
		t.Fatalf("%+v %v", rep, err)
	}
	un := undelivered(t, s)
	if len(un) != 2 {
		t.Fatalf("undelivered %d", len(un))
	}
	for _, m := range un {
		switch {
		case strings.HasPrefix(m.ToAddr, "director@"):
			if !m.GivenUp() || !strings.Contains(m.Failure(data.LangZH), "拒收了邮件") || !strings.Contains(m.Failure(data.LangEN), "550") {
				t.Errorf("refused for good: %+v", m)
			}
		case strings.HasPrefix(m.ToAddr, "leader@"):
			if m.GivenUp() || !strings.Contains(m.Failure(data.LangEN), "451") {
				t.Errorf("refused for now: %+v", m)
			}
		default:
			t.Errorf("undelivered %s", m.ToAddr)
		}
	}
}

// fakeSecrets is a credential store for tests.
type fakeSecrets struct {
	pw  map[string]string
	err error
}

func (f *fakeSecrets) Get(service, user string) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	pw, ok := f.pw[service+"/"+user]
	if !ok {
		return "", errNotFound
	}
	return pw, nil
}

func (f *fakeSecrets) Set(service, user, pw string) error {
	if f.err != nil {
		return f.err
	}
	f.pw[service+"/"+user] = pw
	return nil
}

func (f *fakeSecrets) Delete(service, user string) error {
	delete(f.pw, service+"/"+user)
	return nil
}

func TestPasswordFromTheCredentialStore(t *testing.T) {
	cfg, roots := smtptest.SelfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: cfg, User: "notify", Password: "s3cret"})
	s, admin := library(t, srv.Port, data.SecurityTLS)
	m, _ := s.MailSettings()
	m.User = "notify"
	if err := s.SaveMailSettings(admin, m); err != nil {
		t.Fatal(err)
	}
	n := digests(t, s)

	unavailable := &fakeSecrets{err: errors.New("The name org.freedesktop.secrets was not provided by any .service files")}
	rep, err := (&Sender{Store: s, Secrets: unavailable, roots: roots}).Once(context.Background())
	if !StoreUnavailable(err) || rep != (Report{}) {
		t.Fatalf("no credential store: %+v %v", rep, err)
	}
	if msg := Message(err, data.LangZH); !strings.Contains(msg, "凭据") || !strings.Contains(msg, "--password-from-env") {
		t.Errorf("message %q", msg)
	}
	if err := SavePassword(m, unavailable, "s3cret"); !StoreUnavailable(err) {
		t.Fatalf("saving without a store: %v", err)
	}
	// Nothing was claimed or tried: another PC may have the password.
	if un := undelivered(t, s); len(un) != 0 {
		t.Fatalf("tried without a password: %d", len(un))
	}

	empty := &fakeSecrets{pw: map[string]string{}}
	if _, err := (&Sender{Store: s, Secrets: empty, roots: roots}).Once(context.Background()); errKey(err) != "notify.no_password" {
		t.Fatalf("no password saved: %v", err)
	}
	if err := SavePassword(m, empty, "s3cret"); err != nil {
		t.Fatal(err)
	}
	if empty.pw[KeyringService+"/notify@127.0.0.1:"+strconv.Itoa(srv.Port)] != "s3cret" {
		t.Fatalf("kept as %v", empty.pw)
	}
	if rep, err := (&Sender{Store: s, Secrets: empty, roots: roots}).Once(context.Background()); err != nil || rep.Sent != n {
		t.Fatalf("%+v %v", rep, err)
	}
	// The password is nowhere in the database.
	b, _ := os.ReadFile(s.Location())
	if strings.Contains(string(b), "s3cret") {
		t.Fatal("the password is in the database file")
	}
}

func TestLeaseTooShortSendsNothing(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	s, _ := library(t, srv.Port, data.SecurityNone)
	digests(t, s)
	snd := &Sender{Store: s, Lease: time.Minute, Timeout: 30 * time.Second}
	if _, err := snd.Once(context.Background()); errKey(err) != "notify.lease" {
		t.Fatalf("%v", err)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("sent from a claim about to run out")
	}
	if due, _ := s.OutboxDue(); !due {
		t.Fatal("messages claimed")
	}
}
