package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/data/notify"
	"upgradedesk/forms/uikit"
)

// mailSecrets is the credential store the client keeps the mail server's
// password in: this PC's (notify.Keyring), its answers remembered for a
// while so that a sender looking at the outbox every half minute does not
// ask it each time. Tests replace it.
var mailSecrets notify.Secrets = newCachedSecrets(notify.Keyring)

// secretsMemory is how long an answer of the credential store is
// remembered: a password stored, none, or the store unavailable.
const secretsMemory = 5 * time.Minute

// cachedSecrets remembers the answers of a credential store; what this PC
// saves or removes through it is remembered at once.
type cachedSecrets struct {
	inner notify.Secrets
	mu    sync.Mutex
	got   map[string]secretAnswer
}

type secretAnswer struct {
	pw  string
	err error
	at  time.Time
}

func newCachedSecrets(inner notify.Secrets) *cachedSecrets {
	return &cachedSecrets{inner: inner, got: map[string]secretAnswer{}}
}

func (c *cachedSecrets) Get(service, user string) (string, error) {
	key := service + "\x00" + user
	c.mu.Lock()
	a, ok := c.got[key]
	c.mu.Unlock()
	if ok && time.Since(a.at) < secretsMemory {
		return a.pw, a.err
	}
	pw, err := c.inner.Get(service, user)
	c.mu.Lock()
	c.got[key] = secretAnswer{pw, err, time.Now()}
	c.mu.Unlock()
	return pw, err
}

func (c *cachedSecrets) Set(service, user, password string) error {
	err := c.inner.Set(service, user, password)
	c.mu.Lock()
	if err == nil {
		c.got[service+"\x00"+user] = secretAnswer{pw: password, at: time.Now()}
	} else {
		delete(c.got, service+"\x00"+user)
	}
	c.mu.Unlock()
	return err
}

func (c *cachedSecrets) Delete(service, user string) error {
	err := c.inner.Delete(service, user)
	c.mu.Lock()
	delete(c.got, service+"\x00"+user)
	c.mu.Unlock()
	return err
}

// mailEvery is how often a signed-in client looks at the outbox.
const mailEvery = notify.DefaultInterval

// mailSender sends the outbox from this PC while a user is signed in: a
// notify.Sender running on a goroutine of its own, quietly — what it did
// last, and why it could not, shows in 设置 → 邮件提醒 only.
type mailSender struct {
	cancel context.CancelFunc
	done   chan struct{}

	mu sync.Mutex
	// status is what the last run did.
	status senderStatus
}

// senderStatus is what this PC's sender did last: when it last looked at
// the outbox, what that run did and why it could not send, and how many
// messages it sent since the session began.
type senderStatus struct {
	At   time.Time
	Last notify.Report
	Err  error
	Sent int
}

// startMail starts sending the outbox every `every` from this PC, for the
// session s: not on a read-only database, nor when every is 0 (tests).
func (s *session) startMail(every time.Duration) {
	if every <= 0 || !s.canWrite() {
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	m := &mailSender{cancel: cancel, done: make(chan struct{})}
	s.mail = m
	snd := &notify.Sender{Store: s.c.store, Secrets: mailSecrets, Owner: notify.DefaultOwner(),
		Log: func(format string, args ...any) { fyne.LogError("send e-mail", fmt.Errorf(format, args...)) }}
	go func() {
		defer close(m.done)
		snd.Run(ctx, every, func(rep notify.Report, err error) {
			if errors.Is(err, context.Canceled) {
				return
			}
			m.record(s.c.clock()(), rep, err)
			s.jobs.Do(func() {
				if s.settings != nil && s.settings.mail != nil {
					s.settings.mail.showSender()
				}
			})
		})
	}()
}

// stopMail stops the sender and waits a little for it to give back what
// it claimed.
func (s *session) stopMail() {
	m := s.mail
	if m == nil {
		return
	}
	m.cancel()
	select {
	case <-m.done:
	case <-time.After(5 * time.Second):
		fyne.LogError("stop sending e-mail", errors.New("the sender did not stop within 5 s"))
	}
}

func (m *mailSender) record(at time.Time, rep notify.Report, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.status.At, m.status.Last, m.status.Err = at, rep, err
	m.status.Sent += rep.Sent
}

func (m *mailSender) current() senderStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status
}

// senderText says what this PC's sender does and did last.
func senderText(m *mailSender, canWrite bool) string {
	switch {
	case !canWrite:
		return lang.L("mailset.sender.read_only")
	case m == nil:
		return lang.L("mailset.sender.off")
	}
	st := m.current()
	every := lang.L("mailset.sender.every", map[string]any{"Every": int(mailEvery / time.Second)})
	switch {
	case st.At.IsZero():
		return every + lang.L("mailset.sender.not_yet")
	case errors.Is(st.Err, notify.ErrMailOff):
		return lang.L("mailset.sender.mail_off")
	case st.Err != nil:
		return every + lang.L("mailset.sender.failed", map[string]any{"At": formatTime(st.At),
			"Msg": mailErrorText(st.Err)})
	}
	return every + lang.L("mailset.sender.ok", map[string]any{"At": formatTime(st.At), "Sent": st.Last.Sent,
		"Total": st.Sent, "Failed": st.Last.Failed + st.Last.GivenUp})
}

// sendTestMail sends a test message through the server of cfg with the
// password typed ("" for the one this PC keeps), to address, in lang.
func sendTestMail(ctx context.Context, store *data.Store, cfg data.MailSettings, password, to, lang string) error {
	snd := &notify.Sender{Store: store, Secrets: mailSecrets}
	return snd.SendTest(ctx, cfg, password, to, lang)
}

// mailErrorText returns the message of an error of sending or of the
// store, in the user's language.
func mailErrorText(err error) string {
	var ne *notify.Error
	if errors.As(err, &ne) {
		return ne.Message(uikit.Language())
	}
	return uikit.Message(err)
}
