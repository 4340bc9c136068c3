package notify

import (
	"errors"
	"strconv"
	"time"

	"github.com/zalando/go-keyring"

	"upgradedesk/data"
)

// The mail server's password is kept in each PC's own credential store
// (Windows Credential Manager; the Secret Service of GNOME Keyring or
// KWallet on Linux), for the user signed in to the PC, never in the
// shared database. Where there is no credential store (a bare Linux box,
// a CI runner), nothing falls back to storing it anywhere else: the
// password is then given to `upgradedesk notify --password-from-env VAR`.

// Secrets is a credential store.
type Secrets interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// Keyring is this PC's credential store.
var Keyring Secrets = osKeyring{}

type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// KeyringService is the name the password is kept under.
const KeyringService = "UpgradeDesk SMTP"

// keyringWait is how long the credential store may take to answer (one
// that shows a prompt nobody sees, in a scheduled task, never does).
const keyringWait = 15 * time.Second

// KeyringUser is the account the password is kept for: the login at the
// server, "user@host:port".
func KeyringUser(m data.MailSettings) string {
	return m.User + "@" + m.Host + ":" + strconv.Itoa(m.PortOrDefault())
}

// errNotFound is the credential store's answer for a password it does
// not have.
var errNotFound = keyring.ErrNotFound

// call runs fn against the credential store, giving up after keyringWait.
func call[T any](fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := fn()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(keyringWait):
		var zero T
		return zero, errors.New("no answer in " + keyringWait.String())
	}
}

// StoredPassword reads the mail server's password from sec (Keyring when
// nil). The error says whether the store has no password for the server
// (notify.no_password) or cannot be used at all (notify.keyring_unavailable).
func StoredPassword(m data.MailSettings, sec Secrets) (string, error) {
	if sec == nil {
		sec = Keyring
	}
	pw, err := call(func() (string, error) { return sec.Get(KeyringService, KeyringUser(m)) })
	switch {
	case err == nil:
		return pw, nil
	case errors.Is(err, errNotFound):
		return "", newError("notify.no_password", err, "User", m.User, "Server", serverName(m))
	}
	return "", newError("notify.keyring_unavailable", err)
}

// SavePassword keeps the mail server's password in sec (Keyring when
// nil), for this PC's user; "" removes it.
func SavePassword(m data.MailSettings, sec Secrets, password string) error {
	if sec == nil {
		sec = Keyring
	}
	_, err := call(func() (struct{}, error) {
		if password == "" {
			err := sec.Delete(KeyringService, KeyringUser(m))
			if errors.Is(err, errNotFound) {
				err = nil
			}
			return struct{}{}, err
		}
		return struct{}{}, sec.Set(KeyringService, KeyringUser(m), password)
	})
	if err != nil {
		return newError("notify.keyring_unavailable", err)
	}
	return nil
}

// HasPasswordError reports whether err says that no password could be
// had: none stored, or no credential store.
func HasPasswordError(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Key == "notify.no_password" || e.Key == "notify.keyring_unavailable")
}

// StoreUnavailable reports whether err says the credential store cannot
// be used on this PC.
func StoreUnavailable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Key == "notify.keyring_unavailable"
}
