package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// The outbox (发信箱) holds the e-mails the procedure sends. A transition
// writes its messages in its own transaction (see actCtx.notify), so a
// step is never taken without its messages nor a message written for a
// step that was not taken; the daily digests are written once a day by
// whichever sender gets there first (EnqueueDigests). Senders — any
// running client, or `upgradedesk notify` on one PC — claim due messages
// with a lease, send them and mark them sent (ClaimNotifications,
// MarkSent, MarkFailed).
//
// What a message says, to whom, about which case and when it was written
// is sealed like every record (seal.go): a case's messages with the case
// (unit "c:<case>"), a day's digests together (unit "n:<YYYYMMDD>"). How
// its delivery goes (attempts, next try, claims, sent, failed, the
// server's last answer) is bookkeeping that check does not seal, like the
// counters of failed sign-ins: senders change it many times a minute with
// no user acting, and an audit entry per e-mail would grow the chain by
// one entry per message and wake every client's change watcher. Changed
// outside the application, these columns can make a message be sent
// again or not at all; what it says cannot be changed unnoticed.

// Notification is one e-mail of the outbox.
type Notification struct {
	ID uint `gorm:"primaryKey" json:"id"`
	// Kind is NoteCase (a step or a decision on a case) or NoteDigest.
	Kind   string `gorm:"size:8;not null" json:"kind"`
	CaseID *uint  `gorm:"index" json:"case_id,omitempty"`
	// Day is the day of a digest as YYYYMMDD; 0 for the messages of a case.
	Day int `gorm:"not null;default:0;index" json:"day,omitempty"`
	// Dedupe is "digest/<user>/<day>" for a digest, unique: one a person
	// a day, whatever the PCs writing them.
	Dedupe    *string   `gorm:"size:64;uniqueIndex" json:"dedupe,omitempty"`
	UserID    uint      `gorm:"not null;index" json:"user_id"`
	ToName    string    `gorm:"size:64;not null" json:"to_name"`
	ToAddr    string    `gorm:"size:128;not null" json:"to_addr"`
	Lang      string    `gorm:"size:8;not null" json:"lang"`
	Subject   string    `gorm:"size:255;not null" json:"subject"`
	Body      string    `gorm:"type:text;not null" json:"body"`
	CreatedAt time.Time `gorm:"not null" json:"created_at"`

	// Delivery (not sealed, see above).
	Attempts   int        `gorm:"not null;default:0" json:"-"`
	NextTry    time.Time  `gorm:"not null;index:idx_notifications_due,priority:3" json:"-"`
	GiveUpAt   time.Time  `gorm:"not null" json:"-"`
	ClaimedBy  string     `gorm:"size:100;not null;default:''" json:"-"`
	ClaimUntil *time.Time `json:"-"`
	SentAt     *time.Time `gorm:"index:idx_notifications_due,priority:1" json:"-"`
	FailedAt   *time.Time `gorm:"index:idx_notifications_due,priority:2" json:"-"`
	LastError  string     `gorm:"type:text" json:"-"`
}

func (Notification) TableName() string { return "notifications" }

// Kinds of notification.
const (
	NoteCase   = "case"
	NoteDigest = "digest"
)

// outboxDelivery are the delivery columns, left out of the seals.
var outboxDelivery = map[string]bool{
	"attempts": true, "next_try": true, "give_up_at": true, "claimed_by": true, "claim_until": true,
	"sent_at": true, "failed_at": true, "last_error": true,
}

// Delivery policy: a message that fails is tried again after 1, 2, 4 …
// minutes, at most an hour apart, MaxAttempts times in all; one the
// server refuses for good (a 5xx answer), or not sent within
// OutboxMaxAge of being written, is given up. Given-up messages are
// listed in 设置 (Undelivered) and can be sent again (Resend).
const (
	MaxAttempts  = 10
	firstRetry   = time.Minute
	maxRetry     = time.Hour
	OutboxMaxAge = 72 * time.Hour
)

// ReasonExpired is the last error of a message given up because it was
// not sent in time.
var ReasonExpired = FailureText("notify.expired", map[string]any{"Hours": int(OutboxMaxAge.Hours())})

// FailureText writes a failure's message key and arguments as a
// Notification's LastError: each PC shows it in its user's language
// (Notification.Failure).
func FailureText(key string, args map[string]any) string {
	b, err := json.Marshal(struct {
		Key  string         `json:"key"`
		Args map[string]any `json:"args,omitempty"`
	}{key, args})
	if err != nil {
		return key
	}
	return string(b)
}

// Failure returns the last error in lang; text that FailureText did not
// write is returned as it is.
func (n *Notification) Failure(lang string) string {
	var f struct {
		Key  string         `json:"key"`
		Args map[string]any `json:"args"`
	}
	if err := json.Unmarshal([]byte(n.LastError), &f); err != nil || f.Key == "" {
		return n.LastError
	}
	return T(lang, f.Key, f.Args)
}

// retryAfter is how long to wait after the attempts-th failure.
func retryAfter(attempts int) time.Duration {
	d := firstRetry
	for i := 1; i < attempts && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

// Sent reports whether the message went out.
func (n *Notification) Sent() bool { return n.SentAt != nil }

// GivenUp reports whether senders stopped trying the message.
func (n *Notification) GivenUp() bool { return n.FailedAt != nil }

// dueWhere selects the messages a sender may claim at a time (twice).
const dueWhere = "sent_at IS NULL AND failed_at IS NULL AND next_try <= ? AND (claimed_by = '' OR claim_until < ?)"

// OutboxDue reports whether a message is waiting to be claimed: one small
// read, so that idle senders do not take the write lock.
func (s *Store) OutboxDue() (bool, error) {
	now := s.now()
	var ids []uint
	err := s.db.Model(&Notification{}).Where(dueWhere, now, now).Limit(1).Pluck("id", &ids).Error
	return len(ids) > 0, s.read("read outbox", err)
}

// Claim is a batch of messages held by one sender until Until: no other
// sender claims them before then. Token tells the claim apart from every
// other, of this PC or another.
type Claim struct {
	Token    string
	Until    time.Time
	Messages []Notification
}

// Remaining returns how long the claim still holds at now.
func (c *Claim) Remaining(now time.Time) time.Duration { return c.Until.Sub(now) }

// ErrClaimLost matches (errors.Is) the error of a sender marking a
// message whose claim it no longer holds: its lease ran out and another
// sender claimed it, or it was marked already.
var ErrClaimLost = &Error{Code: EConflict, Key: "err.claim_lost"}

// ClaimNotifications claims up to max due messages for lease, oldest
// first, in one write: an UPDATE that takes only messages unclaimed or
// whose claim ran out, on every engine under the write lock (SQLite's
// BEGIN IMMEDIATE, PostgreSQL's write lock), and repeats the conditions
// for the rows it changes. Messages older than OutboxMaxAge are given up
// in the same write. owner names the sender (PC and process) for 设置.
func (s *Store) ClaimNotifications(owner string, lease time.Duration, max int) (*Claim, error) {
	nonce := make([]byte, 6)
	if _, err := rand.Read(nonce); err != nil {
		return nil, internal("claim notifications", err)
	}
	if len(owner) > 80 {
		owner = owner[:80]
	}
	now := s.now()
	c := &Claim{Token: owner + "#" + hex.EncodeToString(nonce), Until: now.Add(lease)}
	err := s.write("claim notifications", func(tx *gorm.DB) error {
		err := tx.Model(&Notification{}).
			Where("sent_at IS NULL AND failed_at IS NULL AND give_up_at < ? AND (claimed_by = '' OR claim_until < ?)", now, now).
			Updates(map[string]any{"failed_at": now, "last_error": ReasonExpired, "claimed_by": "", "claim_until": nil}).Error
		if err != nil {
			return err
		}
		due := tx.Model(&Notification{}).Select("id").Where(dueWhere, now, now).Order("id").Limit(max)
		err = tx.Model(&Notification{}).Where("id IN (?)", due).Where(dueWhere, now, now).
			Updates(map[string]any{"claimed_by": c.Token, "claim_until": c.Until}).Error
		if err != nil {
			return err
		}
		return tx.Where("claimed_by = ? AND sent_at IS NULL", c.Token).Order("id").Find(&c.Messages).Error
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// MarkSent records that message id of claim c went out. It returns
// ErrClaimLost when c no longer holds the message.
func (s *Store) MarkSent(c *Claim, id uint) error {
	now := s.now()
	return s.write("mark notification sent", func(tx *gorm.DB) error {
		res := tx.Model(&Notification{}).Where("id = ? AND claimed_by = ? AND sent_at IS NULL", id, c.Token).
			Updates(map[string]any{"sent_at": now, "last_error": ""})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errf(EConflict, "err.claim_lost")
		}
		return nil
	})
}

// MarkFailed records a failed attempt at the messages ns of claim c with
// the reason and releases them: each is tried again after its backoff,
// or given up when permanent or after MaxAttempts.
func (s *Store) MarkFailed(c *Claim, ns []Notification, reason string, permanent bool) error {
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	now := s.now()
	return s.write("mark notification failed", func(tx *gorm.DB) error {
		for _, n := range ns {
			attempts := n.Attempts + 1
			set := map[string]any{"attempts": attempts, "next_try": now.Add(retryAfter(attempts)),
				"last_error": reason, "claimed_by": "", "claim_until": nil}
			if permanent || attempts >= MaxAttempts {
				set["failed_at"] = now
			}
			err := tx.Model(&Notification{}).Where("id = ? AND claimed_by = ? AND sent_at IS NULL", n.ID, c.Token).
				Updates(set).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ReleaseClaim gives back the messages of c not marked yet, for any
// sender to claim at once.
func (s *Store) ReleaseClaim(c *Claim) error {
	return s.write("release notifications", func(tx *gorm.DB) error {
		return tx.Model(&Notification{}).Where("claimed_by = ? AND sent_at IS NULL", c.Token).
			Updates(map[string]any{"claimed_by": "", "claim_until": nil}).Error
	})
}

// OutboxSummary counts the messages of the outbox by how their delivery
// stands.
type OutboxSummary struct {
	Waiting, Retrying, GivenUp, SentToday int
	// LastSent is when the last message went out (nil: never).
	LastSent *time.Time
}

// Outbox returns the summary of the outbox.
func (s *Store) Outbox() (*OutboxSummary, error) {
	sum := &OutboxSummary{}
	now := s.now()
	var rows []struct{ K, N int }
	err := s.db.Raw(`SELECT CASE WHEN failed_at IS NOT NULL THEN 2 WHEN attempts > 0 THEN 1 ELSE 0 END AS k,
		COUNT(*) AS n FROM notifications WHERE sent_at IS NULL GROUP BY 1`).Scan(&rows).Error
	if err != nil {
		return nil, s.read("read outbox", err)
	}
	for _, r := range rows {
		switch r.K {
		case 2:
			sum.GivenUp += r.N
		case 1:
			sum.Retrying += r.N
		default:
			sum.Waiting += r.N
		}
	}
	var n int64
	if err := s.db.Model(&Notification{}).Where("sent_at > ?", now.Add(-24*time.Hour)).Count(&n).Error; err != nil {
		return nil, s.read("read outbox", err)
	}
	sum.SentToday = int(n)
	var last Notification
	if err := s.db.Where("sent_at IS NOT NULL").Order("sent_at DESC").Limit(1).Find(&last).Error; err != nil {
		return nil, s.read("read outbox", err)
	}
	sum.LastSent = last.SentAt
	return sum, nil
}

// undeliveredLimit caps the list of undelivered messages.
const undeliveredLimit = 500

// Undelivered returns the messages that failed at least once and are not
// sent: those given up and those waiting for another try, newest first.
func (s *Store) Undelivered() ([]Notification, error) {
	var out []Notification
	err := s.db.Where("sent_at IS NULL AND (attempts > 0 OR failed_at IS NOT NULL)").
		Order("id DESC").Limit(undeliveredLimit).Find(&out).Error
	return out, s.read("read outbox", err)
}

// Notifications returns the messages about a case, oldest first.
func (s *Store) Notifications(caseID uint) ([]Notification, error) {
	var out []Notification
	err := s.db.Where("case_id = ?", caseID).Order("id").Find(&out).Error
	return out, s.read("read outbox", err)
}

// Resend makes undelivered messages due again, from their first attempt
// (administrators only); the request is recorded in the audit trail.
func (s *Store) Resend(actor *Session, ids []uint) error {
	if len(ids) == 0 {
		return nil
	}
	return s.write("resend notifications", func(tx *gorm.DB) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		var ns []Notification
		if err := tx.Where("id IN ? AND sent_at IS NULL", ids).Order("id").Find(&ns).Error; err != nil {
			return err
		}
		now := s.now()
		for _, n := range ns {
			err := tx.Model(&Notification{}).Where("id = ? AND sent_at IS NULL", n.ID).Updates(map[string]any{
				"attempts": 0, "next_try": now, "give_up_at": now.Add(OutboxMaxAge), "failed_at": nil,
				"claimed_by": "", "claim_until": nil}).Error
			if err != nil {
				return err
			}
			// The delivery columns are not sealed: the entry records who
			// asked, and reseals nothing.
			changes := []Change{{Field: "resend", Old: n.LastError, New: n.ToAddr}}
			if err := s.audit(tx, a, OpUpdate, "notifications", n.ID, 0, changes, "", n.Subject); err != nil {
				return err
			}
		}
		return nil
	})
}

// newNotification makes a message due now.
func (s *Store) newNotification(kind string, to *User, subject, body string) *Notification {
	now := s.now()
	return &Notification{Kind: kind, UserID: to.ID, ToName: truncRunes(to.FullName, 64), ToAddr: to.Email,
		Lang: to.MessageLang(), Subject: truncRunes(subject, 255), Body: body, CreatedAt: now,
		NextTry: now, GiveUpAt: now.Add(OutboxMaxAge)}
}

// dayNumber returns the local day of t as YYYYMMDD.
func dayNumber(t time.Time) int {
	t = t.Local()
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

// metaDigestDay is the bookkeeping row naming the last day whose digests
// were written.
const metaDigestDay = "digest_day"

// EnqueueDigests writes today's daily digests, once a day for every
// person, whichever PCs call it: from the digest hour on, each enabled
// account with an e-mail address that has not turned the digest off and
// has something in its 待办 gets one message listing it (waiting and
// overdue items). The 待办 are read first, outside the write; the write
// then takes only the people who have no digest of the day yet and
// records the day as done, so that a second PC, or the same one later,
// writes nothing. It returns how many digests it wrote.
func (s *Store) EnqueueDigests(ctx context.Context) (int, error) {
	m, err := s.MailSettings()
	if err != nil || !m.Enabled() {
		return 0, err
	}
	now := s.now()
	if now.Local().Hour() < m.DigestHour {
		return 0, nil
	}
	day := dayNumber(now)
	dayText := strconv.Itoa(day)
	done, err := s.metaValue(metaDigestDay)
	if err != nil || done >= dayText {
		return 0, err
	}
	var users []User
	if err := s.db.Where("disabled = ? AND email <> '' AND digest_off = ?", false, false).Order("id").Find(&users).Error; err != nil {
		return 0, s.read("read users", err)
	}
	library := s.LibraryName()
	var ns []*Notification
	for i := range users {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		items, err := s.Todo(&users[i])
		if err != nil {
			return 0, err
		}
		if len(items) == 0 {
			continue
		}
		subject, body := digestText(&users[i], library, now, items)
		n := s.newNotification(NoteDigest, &users[i], subject, body)
		key := "digest/" + strconv.FormatUint(uint64(users[i].ID), 10) + "/" + dayText
		n.Day, n.Dedupe = day, &key
		ns = append(ns, n)
	}
	wrote := 0
	err = s.write("write digests", func(tx *gorm.DB) error {
		wrote = 0
		var row metaRow
		if err := tx.Where("key = ?", metaDigestDay).Limit(1).Find(&row).Error; err != nil {
			return err
		}
		if row.Value >= dayText {
			return nil // another PC was first
		}
		var have []string
		if err := tx.Model(&Notification{}).Where("day = ? AND kind = ?", day, NoteDigest).Pluck("dedupe", &have).Error; err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, k := range have {
			seen[k] = true
		}
		for _, n := range ns {
			if seen[*n.Dedupe] {
				continue
			}
			cp := *n
			if err := tx.Create(&cp).Error; err != nil {
				return err
			}
			wrote++
		}
		if err := tx.Save(&metaRow{Key: metaDigestDay, Value: dayText}).Error; err != nil {
			return err
		}
		if wrote == 0 {
			return nil
		}
		return s.audit(tx, nil, OpCreate, "notifications", uint(day), 0,
			[]Change{{Field: "digests", New: strconv.Itoa(wrote)}}, "", "daily digest "+now.Local().Format(DateLayout))
	})
	return wrote, err
}
