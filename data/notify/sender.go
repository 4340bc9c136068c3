// Package notify sends UpgradeDesk's e-mail: the messages the data layer
// writes into its outbox (data.Notification) go out through the library's
// own mail server, with github.com/wneessen/go-mail. Any running client
// (on a goroutine of its own) and `upgradedesk notify` (a scheduled task
// on one PC) run a Sender; each message is sent once whatever the number
// of PCs, because a sender sends only what it claimed (data.Store.
// ClaimNotifications: an UPDATE under the database's write lock that
// takes only unclaimed messages or those whose lease ran out), and stops
// sending from a claim well before its lease runs out.
//
// The guarantee has one gap SMTP itself has: a PC that dies (or loses
// the database) after the server accepted a message and before it could
// mark it sent leaves the message to be sent again once its lease runs
// out. Every message carries the same Message-ID at every attempt, which
// mail servers and clients use to drop such a second copy.
package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"upgradedesk/data"
)

// Error is an error of sending, with its message in either language.
type Error struct {
	Key  string // translation key
	Args map[string]any
	Err  error
}

func newError(key string, err error, kv ...any) *Error {
	args := data.Args(kv...)
	if args == nil {
		args = map[string]any{}
	}
	if err != nil {
		args["Err"] = err.Error()
	}
	return &Error{Key: key, Args: args, Err: err}
}

func (e *Error) Error() string { return e.Message(data.LangEN) }

// Message returns the error's text in lang.
func (e *Error) Message(lang string) string { return data.T(lang, e.Key, e.Args) }

func (e *Error) Unwrap() error { return e.Err }

// failure is the error as a message's last error, shown in each reader's
// language.
func (e *Error) failure() string { return data.FailureText(e.Key, e.Args) }

// Message returns the text of err in lang: for notify's and the data
// layer's errors, their translation.
func Message(err error, lang string) string {
	var ne *Error
	if errors.As(err, &ne) {
		return ne.Message(lang)
	}
	return data.ErrorMessage(err, lang)
}

// ErrMailOff is returned when no mail server is set in 设置.
var ErrMailOff = &Error{Key: "notify.mail_off"}

// Defaults of a Sender.
const (
	DefaultLease   = 10 * time.Minute
	DefaultBatch   = 20
	DefaultTimeout = 30 * time.Second
	// DefaultInterval is how often a client's sender looks at the
	// outbox.
	DefaultInterval = 30 * time.Second
)

// Sender sends the outbox of one database.
type Sender struct {
	Store *data.Store
	// Owner names this sender (PC and process) in the claims.
	Owner string
	// Password, when set, gives the mail server's password instead of
	// the credential store (upgradedesk notify --password-from-env).
	Password func() (string, error)
	// Secrets is the credential store; nil: Keyring.
	Secrets Secrets
	// Lease is how long a claim holds (DefaultLease). Timeout bounds
	// each step of the conversation with the server (DefaultTimeout); a
	// message is sent only while its claim holds for at least
	// claimMargin*Timeout more, so that a claim never runs out while its
	// message is being sent, even on PCs whose clocks differ by minutes.
	Lease   time.Duration
	Timeout time.Duration
	// Batch is how many messages one claim takes (DefaultBatch).
	Batch int
	// Log, when set, is told of every problem.
	Log func(format string, args ...any)

	// roots are the certificate authorities trusted instead of the
	// system's: set by tests only, for a server with a certificate made
	// by the test. Verification is never turned off.
	roots *x509.CertPool
}

// claimMargin times the timeout is how long a claim must still hold for a
// message to be sent from it: sending takes at most a few steps of
// Timeout, and the rest allows for clocks that differ between PCs.
const claimMargin = 8

// Report says what one run of a sender did.
type Report struct {
	Digests int // daily digests written
	Sent    int
	Failed  int // failed, to be tried again
	GivenUp int // refused for good by the server
}

func (r Report) String() string {
	return fmt.Sprintf("%d sent, %d failed, %d given up, %d digests", r.Sent, r.Failed, r.GivenUp, r.Digests)
}

// DefaultOwner names this PC and process.
func DefaultOwner() string {
	host, _ := os.Hostname()
	if host == "" {
		host = "pc"
	}
	return host + "/" + strconv.Itoa(os.Getpid())
}

func (s *Sender) lease() time.Duration {
	if s.Lease > 0 {
		return s.Lease
	}
	return DefaultLease
}

func (s *Sender) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

func (s *Sender) batch() int {
	if s.Batch > 0 {
		return s.Batch
	}
	return DefaultBatch
}

func (s *Sender) owner() string {
	if s.Owner != "" {
		return s.Owner
	}
	return DefaultOwner()
}

func (s *Sender) logf(format string, args ...any) {
	if s.Log != nil {
		s.Log(format, args...)
	}
}

// Once writes the day's digests when due and sends every message due now,
// claim after claim, until none is left or the server cannot be reached.
// It sends nothing (ErrMailOff) while no mail server is set, and claims
// nothing when it has no password for a server that needs one: another
// PC may have it.
func (s *Sender) Once(ctx context.Context) (Report, error) {
	var rep Report
	if s.Store.ReadOnly() {
		return rep, &Error{Key: "notify.read_only"}
	}
	if need := claimMargin * s.timeout(); s.lease() <= need {
		return rep, newError("notify.lease", nil, "Lease", s.lease().String(), "Need", need.String())
	}
	cfg, err := s.Store.MailSettings()
	if err != nil {
		return rep, err
	}
	if !cfg.Enabled() {
		return rep, ErrMailOff
	}
	pw, err := s.password(cfg)
	if err != nil {
		return rep, err
	}
	if rep.Digests, err = s.Store.EnqueueDigests(ctx); err != nil {
		return rep, err
	}
	dbid, err := s.Store.DatabaseID()
	if err != nil {
		return rep, err
	}
	for ctx.Err() == nil {
		due, err := s.Store.OutboxDue()
		if err != nil || !due {
			return rep, err
		}
		c, err := s.Store.ClaimNotifications(s.owner(), s.lease(), s.batch())
		if err != nil {
			return rep, err
		}
		if len(c.Messages) == 0 {
			return rep, nil
		}
		if err := s.send(ctx, cfg, pw, dbid, c, &rep); err != nil {
			return rep, err
		}
	}
	return rep, ctx.Err()
}

// Run calls Once every interval until ctx ends, and tells status the
// result of each run.
func (s *Sender) Run(ctx context.Context, interval time.Duration, status func(Report, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		rep, err := s.Once(ctx)
		if status != nil {
			status(rep, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// password returns the mail server's password ("" for a server without
// a login).
func (s *Sender) password(cfg data.MailSettings) (string, error) {
	if cfg.User == "" {
		return "", nil
	}
	if s.Password != nil {
		return s.Password()
	}
	return StoredPassword(cfg, s.Secrets)
}

// send sends the messages of claim c over one connection. A failure to
// connect, secure the connection or log in counts as a failed attempt at
// every message of the claim and ends the run; a message the server
// refuses is tried again later, or given up when refused for good.
func (s *Sender) send(ctx context.Context, cfg data.MailSettings, pw, dbid string, c *data.Claim, rep *Report) error {
	client, err := s.client(cfg, pw)
	if err != nil {
		s.release(c)
		return newError("notify.config", err)
	}
	if err := client.DialWithContext(ctx); err != nil {
		werr := connectError(cfg, err)
		if ctx.Err() != nil {
			s.release(c)
			return ctx.Err()
		}
		if merr := s.Store.MarkFailed(c, c.Messages, werr.failure(), false); merr != nil {
			s.logf("mark failed: %v", merr)
		}
		rep.Failed += len(c.Messages)
		return werr
	}
	defer client.Close()
	for i := range c.Messages {
		n := &c.Messages[i]
		if ctx.Err() != nil || c.Remaining(s.Store.Now()) < claimMargin*s.timeout() {
			// Too close to the end of the lease: what is left is given
			// back and claimed again, by this sender or another.
			s.release(c)
			return ctx.Err()
		}
		err := client.Send(s.message(cfg, dbid, n))
		if err == nil {
			s.markSent(c, n)
			rep.Sent++
			continue
		}
		permanent := refusedForGood(err)
		reason := newError("notify.refused", err, "Server", serverName(cfg))
		if merr := s.Store.MarkFailed(c, c.Messages[i:i+1], reason.failure(), permanent); merr != nil {
			s.logf("mark failed: %v", merr)
		}
		if permanent {
			rep.GivenUp++
			continue
		}
		rep.Failed++
		if connectionLost(err) {
			s.release(c)
			return newError("notify.lost", err, "Server", serverName(cfg))
		}
	}
	return nil
}

// markSent records a message as sent, trying a few times: the server has
// it, and a message left unmarked would be sent again after its lease.
func (s *Sender) markSent(c *data.Claim, n *data.Notification) {
	var err error
	for try := 0; try < 5; try++ {
		if err = s.Store.MarkSent(c, n.ID); err == nil || errors.Is(err, data.ErrClaimLost) {
			break
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	if err != nil {
		s.logf("message %d was sent but could not be marked sent: %v", n.ID, err)
	}
}

func (s *Sender) release(c *data.Claim) {
	if err := s.Store.ReleaseClaim(c); err != nil {
		s.logf("release claim: %v", err)
	}
}

// client makes the mail client of cfg.
func (s *Sender) client(cfg data.MailSettings, pw string) (*mail.Client, error) {
	tlsConfig := &tls.Config{ServerName: strings.Trim(cfg.Host, "[]"), MinVersion: tls.VersionTLS12, RootCAs: s.roots}
	opts := []mail.Option{
		mail.WithPort(cfg.PortOrDefault()), mail.WithTimeout(s.timeout()), mail.WithTLSConfig(tlsConfig),
	}
	switch cfg.SecurityOrDefault() {
	case data.SecurityTLS:
		opts = append(opts, mail.WithSSL())
	case data.SecurityNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(cfg.User), mail.WithPassword(pw))
	}
	return mail.NewClient(strings.Trim(cfg.Host, "[]"), opts...)
}

// MessageID is the Message-ID of a notification: the same at every
// attempt, so that a copy sent twice can be told.
func MessageID(dbid string, n *data.Notification, from string) string {
	domain := "upgradedesk.invalid"
	if at := strings.LastIndex(from, "@"); at >= 0 {
		domain = from[at+1:]
	}
	if len(dbid) > 12 {
		dbid = dbid[:12]
	}
	return "upgradedesk." + dbid + "." + strconv.FormatUint(uint64(n.ID), 10) + "@" + domain
}

// HeaderNotification carries the notification's number in every message.
const HeaderNotification = "X-UpgradeDesk-Notification"

// message makes the e-mail of notification n.
func (s *Sender) message(cfg data.MailSettings, dbid string, n *data.Notification) *mail.Msg {
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.FromFormat(data.T(n.Lang, "mail.sender_name", nil), cfg.From); err != nil {
		_ = m.From(cfg.From)
	}
	if err := m.AddToFormat(n.ToName, n.ToAddr); err != nil {
		_ = m.To(n.ToAddr)
	}
	m.Subject(n.Subject)
	m.SetMessageIDWithValue(MessageID(dbid, n, cfg.From))
	m.SetDateWithValue(n.CreatedAt)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader(HeaderNotification, strconv.FormatUint(uint64(n.ID), 10))
	m.SetUserAgent("UpgradeDesk")
	m.SetBodyString(mail.TypeTextPlain, n.Body)
	return m
}

// refusedForGood reports whether the server refused a message with a
// permanent error (5xx): trying again would not help.
func refusedForGood(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) || se.IsTemp() {
		return false
	}
	code := se.ErrorCode()
	if code < 500 || code > 599 {
		return false
	}
	switch se.Reason {
	case mail.ErrSMTPMailFrom, mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		return true
	}
	return false
}

// connectionLost reports whether a failed send leaves the connection
// unusable for the rest of the claim.
func connectionLost(err error) bool {
	var se *mail.SendError
	if errors.As(err, &se) && (se.Reason == mail.ErrConnCheck || se.Reason == mail.ErrWriteContent) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// serverName is "host:port" of the mail server.
func serverName(cfg data.MailSettings) string {
	return net.JoinHostPort(strings.Trim(cfg.Host, "[]"), strconv.Itoa(cfg.PortOrDefault()))
}

// connectError says why the server could not be used: not reached, no
// secure connection, the login refused.
func connectError(cfg data.MailSettings, err error) *Error {
	var (
		certErr  *tls.CertificateVerificationError
		recErr   tls.RecordHeaderError
		hostErr  x509.HostnameError
		authErr  x509.UnknownAuthorityError
		alertErr tls.AlertError
	)
	text := err.Error()
	switch {
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &hostErr), errors.As(err, &authErr),
		errors.As(err, &alertErr), strings.Contains(text, "STARTTLS"), strings.Contains(text, "tls:"):
		return newError("notify.tls", err, "Server", serverName(cfg))
	case strings.Contains(text, "AUTH") || strings.Contains(text, "535"):
		return newError("notify.auth", err, "Server", serverName(cfg), "User", cfg.User)
	}
	return newError("notify.connect", err, "Server", serverName(cfg))
}

// SendTest sends a test message to address through the mail server of
// the database's settings, with the password given ("" to read it from
// the credential store), and returns why it could not.
func (s *Sender) SendTest(ctx context.Context, cfg data.MailSettings, password, to, lang string) error {
	if !cfg.Enabled() {
		return ErrMailOff
	}
	pw := password
	if pw == "" && cfg.User != "" {
		var err error
		if pw, err = s.password(cfg); err != nil {
			return err
		}
	}
	client, err := s.client(cfg, pw)
	if err != nil {
		return newError("notify.config", err)
	}
	if err := client.DialWithContext(ctx); err != nil {
		return connectError(cfg, err)
	}
	defer client.Close()
	n := &data.Notification{ToName: to, ToAddr: to, Lang: lang, CreatedAt: time.Now(),
		Subject: data.T(lang, "mail.test.subject", nil),
		Body:    data.T(lang, "mail.test.body", data.Args("Server", serverName(cfg), "Library", s.Store.LibraryName()))}
	m := s.message(cfg, "test", n)
	m.SetMessageID()
	if err := client.Send(m); err != nil {
		return newError("notify.refused", err, "Server", serverName(cfg))
	}
	return nil
}
