// Package smtptest runs a mail server on the loopback interface for
// tests, with github.com/emersion/go-smtp: it keeps every message it is
// given, and can be made to ask for TLS or a login, or to refuse. Only
// tests import it.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options choose how the server behaves.
type Options struct {
	// TLS makes the server speak TLS from the first byte (SMTPS).
	TLS *tls.Config
	// StartTLS makes the server offer STARTTLS.
	StartTLS *tls.Config
	// User and Password, when set, are the only login the server takes;
	// it then takes no mail without it.
	User, Password string
	// Delay is how long the server takes over each message.
	Delay time.Duration
	// Refuse, when set, is the server's answer to each recipient.
	Refuse func(rcpt string) error
}

// Message is one message the server was given.
type Message struct {
	From   string
	To     []string
	Data   []byte
	Header mail.Header
	Body   string
}

// Server is a running test mail server.
type Server struct {
	Host string
	Port int

	opt  Options
	srv  *smtp.Server
	mu   sync.Mutex
	msgs []Message
}

// Start runs a server on 127.0.0.1, stopped at the end of the test.
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if opt.TLS != nil {
		l = tls.NewListener(l, opt.TLS)
	}
	s := &Server{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, opt: opt}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 1 << 20
	s.srv.MaxRecipients = 10
	s.srv.TLSConfig = opt.StartTLS
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.srv.Serve(l)
	}()
	t.Cleanup(func() {
		s.srv.Close()
		<-done
	})
	return s
}

// Messages returns the messages received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Down returns the port of a server that is not there: connections to it
// are refused.
func Down(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string {
	if se.s.opt.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pw string) error {
		if user != se.s.opt.User || pw != se.s.opt.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.opt.User != "" && !se.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if se.s.opt.Refuse != nil {
		if err := se.s.opt.Refuse(to); err != nil {
			return err
		}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if se.s.opt.Delay > 0 {
		time.Sleep(se.s.opt.Delay)
	}
	m := Message{From: se.from, To: se.to, Data: b}
	if parsed, err := mail.ReadMessage(bytes.NewReader(b)); err == nil {
		m.Header = parsed.Header
		body, _ := io.ReadAll(parsed.Body)
		m.Body = string(body)
	}
	se.s.mu.Lock()
	se.s.msgs = append(se.s.msgs, m)
	se.s.mu.Unlock()
	return nil
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }

// SelfSigned makes a certificate for 127.0.0.1 and localhost signed by a
// certificate authority made for the test: the server's configuration,
// and the pool a client must trust to accept it.
func SelfSigned(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "UpgradeDesk test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der, caDER}, PrivateKey: key}},
		MinVersion: tls.VersionTLS12}, pool
}

// Refused is an answer refusing a recipient for good.
var Refused = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}

// Busy is an answer refusing a recipient for now.
var Busy = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}

// Addr returns host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }
