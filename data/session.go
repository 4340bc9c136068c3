package data

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// Session is a user signed in with their password: the only proof of who
// is acting that the store's writing methods accept. Only Login, Admin and
// Init make one, for the store they were called on; a Session made any
// other way, or for another store, is refused (EAuth). Reading needs none.
type Session struct {
	store     *storeID
	user      User
	confirmed time.Time // when the password was last entered (see Confirm)
}

// storeID identifies an open store and the copies made of it (Patient):
// sessions are valid on the store that made them. It is not empty: Go may
// give every allocation of a zero-size type the same address.
type storeID struct{ _ byte }

// User returns the signed-in user as at sign-in: for showing, and for the
// rules the client applies before asking the store (CanEdit). The store
// reads the account again for every write.
func (ss *Session) User() *User {
	if ss == nil {
		return nil
	}
	u := ss.user
	return &u
}

// sessionOf makes the session of u on s: for the sign-in methods, and for
// the store's own work on behalf of users (the demo library).
func (s *Store) sessionOf(u *User) *Session {
	return &Session{store: s.id, user: *u, confirmed: s.now()}
}

// confirmWindow is how long an entered password confirms what needs it
// (see Confirm).
const confirmWindow = 5 * time.Minute

// Confirm asks for the signed-in user's password again, for what needs
// it to have been entered just now (an administrator granting themselves a
// procedure role when there is no second administrator). It returns the
// session confirmed for confirmWindow.
func (s *Store) Confirm(ss *Session, password string) (*Session, error) {
	if ss == nil || ss.store != s.id {
		return nil, errf(EAuth, "err.no_actor")
	}
	return s.Login(ss.user.Username, password)
}

// recentlyConfirmed reports whether the password was entered within
// confirmWindow.
func (ss *Session) recentlyConfirmed(now time.Time) bool {
	return !ss.confirmed.IsZero() && now.Sub(ss.confirmed) < confirmWindow
}

// loadActor reads the account of a session inside tx: refused when the
// session was not made by this store, the account is gone or disabled.
func (s *Store) loadActor(tx *gorm.DB, ss *Session) (*User, error) {
	if ss == nil || s.id == nil || ss.store != s.id || ss.user.ID == 0 {
		return nil, errf(EAuth, "err.no_actor")
	}
	var u User
	if err := tx.First(&u, ss.user.ID).Error; errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, errf(EAuth, "err.no_actor")
	} else if err != nil {
		return nil, err // a lock or a broken connection, classified by the write
	}
	if u.Disabled {
		return nil, errf(EAuth, "err.disabled")
	}
	return &u, nil
}
