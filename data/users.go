package data

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
	"gorm.io/gorm"
)

// Argon2id parameters (OWASP: m = 19 MiB, t = 2, p = 1).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns an Argon2id hash of pw in PHC string format. The
// password itself is never stored or logged.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC-format Argon2id hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	passwordChecks.Add(1)
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// The sign-in policy. Three wrong passwords in a row cost nothing; after
// that each further attempt on the account must wait 2, 4, 8, 16 and then
// at most 30 seconds after the last failure, so a password is guessed at
// no more than two attempts a minute, and nobody who types a colleague's
// name wrongly (or on purpose) keeps the colleague out for longer than
// half a minute: the right password after the wait signs in and clears
// the count. Every attempt is counted as a failure, atomically, before
// the password is judged, and cleared only when it was right: attempts
// made at the same moment are throttled like attempts made one after
// another. A database opened read-only cannot count in its rows; it
// counts in this program's memory instead. Unknown user names are
// throttled the same way, in memory, and take as long as real ones.

// loginFree is how many failures in a row cost no wait; loginMaxDelay the
// longest wait.
const (
	loginFree     = 3
	loginMaxDelay = 30 * time.Second
)

// loginDelay is how long an account must wait after n failed sign-ins
// in a row.
func loginDelay(n int) time.Duration {
	if n < loginFree {
		return 0
	}
	d := time.Duration(math.Pow(2, float64(n-loginFree+1))) * time.Second
	if d > loginMaxDelay || d <= 0 {
		d = loginMaxDelay
	}
	return d
}

// passwordChecks counts the passwords this program has judged (Argon2
// runs), for measuring the throttle.
var passwordChecks atomic.Int64

// memoryThrottle counts failed sign-ins where the database cannot: for
// read-only databases and unknown user names. Keys name the database and
// the account.
var memoryThrottle = struct {
	sync.Mutex
	failures map[string]loginFailures
}{failures: map[string]loginFailures{}}

type loginFailures struct {
	n    int
	last time.Time
}

// claimInMemory counts an attempt at key as a failure unless it must
// wait first; it returns the wait.
func claimInMemory(key string, now time.Time) time.Duration {
	memoryThrottle.Lock()
	defer memoryThrottle.Unlock()
	f := memoryThrottle.failures[key]
	if f.n > 0 {
		if wait := f.last.Add(loginDelay(f.n)).Sub(now); wait > 0 {
			return wait
		}
	}
	memoryThrottle.failures[key] = loginFailures{n: f.n + 1, last: now}
	return 0
}

// clearInMemory forgets the failures at key after a right password.
func clearInMemory(key string) {
	memoryThrottle.Lock()
	delete(memoryThrottle.failures, key)
	memoryThrottle.Unlock()
}

func throttled(wait time.Duration) error {
	return errf(EThrottled, "err.throttled", "Seconds", int(math.Ceil(wait.Seconds())))
}

// Login checks a user name and password under the sign-in policy above
// (EThrottled says how long to wait).
func (s *Store) Login(username, password string) (*Session, error) {
	username = strings.TrimSpace(username)
	var u User
	err := s.db.Where("username = ?", username).Limit(1).Find(&u).Error
	if err != nil {
		return nil, s.read("login", err)
	}
	if u.ID == 0 {
		if wait := claimInMemory(s.throttleKey("?"+username), s.now()); wait > 0 {
			return nil, throttled(wait)
		}
		// Spend the same time as a real check so that names cannot be probed.
		CheckPassword(dummyHash(), password)
		return nil, errf(EAuth, "err.login")
	}
	if err := s.claimAttempt(&u); err != nil {
		return nil, err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return nil, errf(EAuth, "err.login")
	}
	s.clearAttempts(&u)
	if u.Disabled {
		return nil, errf(EAuth, "err.disabled")
	}
	return s.sessionOf(&u), nil
}

// dummyHash is a hash to check unknown names' passwords against; made
// when first needed, not at every start of the program (an Argon2id hash
// costs 64 MB and some 60 ms).
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password")
	return h
})

// Admin signs in an administrator: Login, then the role.
func (s *Store) Admin(username, password string) (*Session, error) {
	ss, err := s.Login(username, password)
	if err != nil {
		return nil, err
	}
	if err := requireRole(&ss.user, RoleAdmin); err != nil {
		return nil, err
	}
	return ss, nil
}

// throttleKey names an account of this database in the memory throttle.
func (s *Store) throttleKey(account string) string {
	return s.location + "\x00" + account
}

// claimAttempt counts the attempt as a failure, in one write with reading
// the count, unless the account must wait first (EThrottled).
func (s *Store) claimAttempt(u *User) error {
	if s.readOnly {
		if wait := claimInMemory(s.throttleKey(strconv.FormatUint(uint64(u.ID), 10)), s.now()); wait > 0 {
			return throttled(wait)
		}
		return nil
	}
	var wait time.Duration
	err := s.write("login", func(tx *gorm.DB) error {
		var cur User
		if err := tx.Select("id", "failed_logins", "last_failed_at").First(&cur, u.ID).Error; err != nil {
			return err
		}
		now := s.now()
		if cur.FailedLogins > 0 && cur.LastFailedAt != nil {
			if wait = cur.LastFailedAt.Add(loginDelay(cur.FailedLogins)).Sub(now); wait > 0 {
				return nil
			}
		}
		return tx.Model(&User{}).Where("id = ?", u.ID).
			UpdateColumns(map[string]any{"failed_logins": gorm.Expr("failed_logins + 1"), "last_failed_at": now}).Error
	})
	if err != nil {
		return err
	}
	if wait > 0 {
		return throttled(wait)
	}
	return nil
}

// clearAttempts clears the failures of an account after a right password
// and notes the sign-in. A failure to write it does not stop the sign-in:
// the count stays one higher until the next right password.
func (s *Store) clearAttempts(u *User) {
	if s.readOnly {
		clearInMemory(s.throttleKey(strconv.FormatUint(uint64(u.ID), 10)))
		return
	}
	now := s.now()
	_ = s.write("login", func(tx *gorm.DB) error {
		return tx.Model(&User{}).Where("id = ?", u.ID).
			UpdateColumns(map[string]any{"failed_logins": 0, "last_failed_at": nil, "last_login_at": now}).Error
	})
	u.FailedLogins, u.LastFailedAt, u.LastLoginAt = 0, nil, &now
}

// loadActor re-reads the acting user inside tx: a user disabled on another
// PC since signing in can do nothing more.
func currentUser(tx *gorm.DB, actor *User) (*User, error) {
	if actor == nil || actor.ID == 0 {
		return nil, errf(EAuth, "err.no_actor")
	}
	var u User
	if err := tx.First(&u, actor.ID).Error; errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, errf(EAuth, "err.no_actor")
	} else if err != nil {
		return nil, err // a lock or a broken connection, classified by the write
	}
	if u.Disabled {
		return nil, errf(EAuth, "err.disabled")
	}
	return &u, nil
}

// requireRole refuses an actor without one of roles.
func requireRole(u *User, roles ...Role) error {
	if u.HasAnyRole(roles...) {
		return nil
	}
	return errf(EForbidden, "err.role_required", "Roles", roleKeys(roles))
}

// roleKeys lists the label keys of roles, for messages.
func roleKeys(rs []Role) labelList {
	keys := make(labelList, len(rs))
	for i, r := range rs {
		keys[i] = r.LabelKey()
	}
	return keys
}

// ChangePassword changes the actor's own password after checking the old one.
func (s *Store) ChangePassword(actor *Session, oldPW, newPW string) error {
	if err := ValidPassword(newPW); err != nil {
		return err
	}
	hash, err := HashPassword(newPW)
	if err != nil {
		return internal("hash password", err)
	}
	return s.write("change password", func(tx *gorm.DB) error {
		u, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		if !CheckPassword(u.PasswordHash, oldPW) {
			return errf(EAuth, "err.old_password")
		}
		return s.setPassword(tx, u, u, hash)
	})
}

// ResetPassword sets another user's password (administrators only).
func (s *Store) ResetPassword(actor *Session, userID uint, newPW string) error {
	if err := ValidPassword(newPW); err != nil {
		return err
	}
	hash, err := HashPassword(newPW)
	if err != nil {
		return internal("hash password", err)
	}
	return s.write("reset password", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		if err := requireRole(a, RoleAdmin); err != nil {
			return err
		}
		var u User
		if err := tx.First(&u, userID).Error; err != nil {
			return err
		}
		return s.setPassword(tx, a, &u, hash)
	})
}

func (s *Store) setPassword(tx *gorm.DB, actor, u *User, hash string) error {
	err := tx.Model(&User{}).Where("id = ?", u.ID).UpdateColumns(map[string]any{
		"password_hash": hash, "failed_logins": 0, "last_failed_at": nil,
		"version": gorm.Expr("version + 1"), "updated_at": s.now(), "updated_by": actor.FullName,
	}).Error
	if err != nil {
		return err
	}
	return s.audit(tx, actor, OpPassword, "users", u.ID, 0, nil, "", "")
}

// NewUser describes an account to create.
type NewUser struct {
	Username     string
	FullName     string
	DepartmentID uint
	Roles        []Role
	Phone        string
	Email        string
	Password     string
	// MailLang and DigestOff are the user's e-mail language and opt-out
	// of the daily digest (see User).
	MailLang  string
	DigestOff bool
}

func (n *NewUser) validate() error {
	if err := All(Required, ValidUsername)(n.Username); err != nil {
		return fieldError("username", err)
	}
	if err := All(Required, MaxLen(64))(n.FullName); err != nil {
		return fieldError("full_name", err)
	}
	if err := ValidPhone(n.Phone); err != nil {
		return fieldError("phone", err)
	}
	if err := ValidEmail(n.Email); err != nil {
		return fieldError("email", err)
	}
	if err := ValidMailLang(n.MailLang); err != nil {
		return fieldError("mail_lang", err)
	}
	if len(n.Roles) == 0 {
		return errf(EInvalid, "err.no_roles")
	}
	for _, r := range n.Roles {
		if !r.Valid() {
			return errf(EInvalid, "err.bad_role", "Role", string(r))
		}
	}
	return ValidPassword(n.Password)
}

// CreateUser adds an account (administrators only).
func (s *Store) CreateUser(actor *Session, n NewUser) (*User, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, internal("hash password", err)
	}
	var out *User
	err = s.write("create user", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		if err := requireRole(a, RoleAdmin); err != nil {
			return err
		}
		out, err = s.insertUser(tx, a, n, hash)
		return err
	})
	return out, err
}

func (s *Store) insertUser(tx *gorm.DB, actor *User, n NewUser, hash string) (*User, error) {
	var count int64
	if err := tx.Model(&User{}).Where("username = ?", n.Username).Count(&count).Error; err != nil {
		return nil, err
	}
	if count > 0 {
		return nil, errf(EExists, "err.user_exists", "Name", n.Username)
	}
	if err := tx.First(&Department{}, n.DepartmentID).Error; err != nil {
		return nil, errf(EInvalid, "err.no_department")
	}
	u := &User{Username: n.Username, FullName: n.FullName, DepartmentID: n.DepartmentID,
		Phone: n.Phone, Email: n.Email, PasswordHash: hash, MailLang: n.MailLang, DigestOff: n.DigestOff}
	u.SetRoles(n.Roles...)
	if actor == nil {
		actor = u // the first administrator creates itself
	}
	if err := s.saveRecord(tx, actor, u, "users"); err != nil {
		return nil, err
	}
	return u, nil
}

// SaveUser changes an account's name, department, roles and contact
// details (administrators only). Passwords change through ChangePassword
// and ResetPassword.
func (s *Store) SaveUser(actor *Session, u *User) error {
	if err := All(Required, MaxLen(64))(u.FullName); err != nil {
		return fieldError("full_name", err)
	}
	if err := ValidPhone(u.Phone); err != nil {
		return fieldError("phone", err)
	}
	if err := ValidEmail(u.Email); err != nil {
		return fieldError("email", err)
	}
	if err := ValidMailLang(u.MailLang); err != nil {
		return fieldError("mail_lang", err)
	}
	if len(u.RoleList()) == 0 {
		return errf(EInvalid, "err.no_roles")
	}
	for _, r := range u.RoleList() {
		if !r.Valid() {
			return errf(EInvalid, "err.bad_role", "Role", string(r))
		}
	}
	return s.saveCopy(u, func(tx *gorm.DB, cp record) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		if err := requireRole(a, RoleAdmin); err != nil {
			return err
		}
		c := cp.(*User)
		var cur User
		if err := tx.First(&cur, c.ID).Error; err != nil {
			return err
		}
		// Only the fields an administrator edits here are taken over.
		c.Username, c.PasswordHash, c.FailedLogins = cur.Username, cur.PasswordHash, cur.FailedLogins
		c.LastFailedAt, c.LastLoginAt = cur.LastFailedAt, cur.LastLoginAt
		if c.ID == a.ID && a.HasRole(RoleAdmin) && !c.HasRole(RoleAdmin) {
			return errf(EInvalid, "err.keep_own_admin")
		}
		if c.ID == a.ID && c.Disabled {
			return errf(EInvalid, "err.disable_self")
		}
		granted := grantedRoles(&cur, c)
		if c.ID == a.ID && len(granted) > 0 {
			if err := s.mayGrantSelf(tx, actor, a); err != nil {
				return err
			}
		}
		if err := s.saveRecord(tx, a, c, "users"); err != nil {
			return err
		}
		if c.ID != a.ID || len(granted) == 0 {
			return nil
		}
		return s.audit(tx, a, OpSelfGrant, "users", a.ID, 0, []Change{{Field: "roles", Old: cur.Roles, New: c.Roles}}, "", "")
	})
}

// grantedRoles returns the roles u has that cur, the stored account, has
// not.
func grantedRoles(cur, u *User) []Role {
	var out []Role
	for _, r := range u.RoleList() {
		if !cur.HasRole(r) {
			out = append(out, r)
		}
	}
	return out
}

// mayGrantSelf lets administrator a give themselves roles only when no
// other administrator could (an enabled one would have to), and then only
// with the password entered just now (Confirm). Such grants are audited
// as OpSelfGrant, which check lists.
func (s *Store) mayGrantSelf(tx *gorm.DB, ss *Session, a *User) error {
	var admins []User
	if err := tx.Where("id <> ? AND disabled = ?", a.ID, false).Find(&admins).Error; err != nil {
		return err
	}
	for i := range admins {
		if admins[i].HasRole(RoleAdmin) {
			return errf(EForbidden, "err.self_grant_other_admin")
		}
	}
	if !ss.recentlyConfirmed(s.now()) {
		return errf(EConfirm, "err.self_grant_confirm")
	}
	return nil
}

// saveCopy runs fn on a copy of rec in a write transaction and copies the
// result back only when the transaction commits, so that a refused or
// failed save leaves the caller's record exactly as it was.
//
// Each attempt of the write (see Patient) starts from a fresh copy.
func (s *Store) saveCopy(rec record, fn func(tx *gorm.DB, cp record) error) error {
	var cp record
	if err := s.write("save", func(tx *gorm.DB) error {
		cp = cloneRecord(rec)
		return fn(tx, cp)
	}); err != nil {
		return err
	}
	copyRecord(rec, cp)
	return nil
}

// Users returns every account, enabled first, by name.
func (s *Store) Users() ([]User, error) {
	var us []User
	err := s.db.Order("disabled, full_name").Find(&us).Error
	return us, s.read("list users", err)
}

// User returns one account.
func (s *Store) User(id uint) (*User, error) {
	var u User
	if err := s.db.First(&u, id).Error; err != nil {
		return nil, s.read("read user", err)
	}
	return &u, nil
}

// Init creates the first department and administrator of an empty
// database. It refuses a database that has users already.
func (s *Store) Init(username, fullName, password, deptName string) (*Session, error) {
	n := NewUser{Username: username, FullName: fullName, Roles: []Role{RoleAdmin, RoleITDirector}, Password: password}
	if n.FullName == "" {
		n.FullName = username
	}
	if deptName == "" {
		deptName = Label("default.it_department")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, internal("hash password", err)
	}
	if err := ValidPassword(password); err != nil {
		return nil, err
	}
	var out *User
	err = s.write("init", func(tx *gorm.DB) error {
		var count int64
		if err := tx.Model(&User{}).Count(&count).Error; err != nil {
			return err
		}
		if count > 0 {
			return errf(EExists, "err.already_initialised")
		}
		d := Department{Name: deptName, Kind: DeptIT}
		if err := tx.Create(&d).Error; err != nil {
			return err
		}
		n.DepartmentID = d.ID
		if err := n.validate(); err != nil {
			return err
		}
		out, err = s.insertUser(tx, nil, n, hash)
		if err != nil {
			return err
		}
		return s.audit(tx, out, OpCreate, "departments", d.ID, 0, diff(nil, &d), "", "")
	})
	if err != nil {
		return nil, err
	}
	return s.sessionOf(out), nil
}
