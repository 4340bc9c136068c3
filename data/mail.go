package data

import (
	"net"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

// The library's mail server, shared by every PC (设置 → 邮件提醒). Its
// password is not among them: each PC keeps it in its own credential
// store (see package notify), never in the database.
const (
	SettingSMTPHost     = "smtp_host"
	SettingSMTPPort     = "smtp_port"
	SettingSMTPSecurity = "smtp_security"
	SettingSMTPUser     = "smtp_user"
	SettingSMTPFrom     = "smtp_from"
	// SettingDigestHour is the hour of the day (0–23, local time) from
	// which the daily digests are written.
	SettingDigestHour = "mail_digest_hour"
)

// How the connection to the mail server is secured.
const (
	SecuritySTARTTLS = "starttls" // plain connection upgraded with STARTTLS, which is required
	SecurityTLS      = "tls"      // TLS from the first byte (SMTPS, usually port 465)
	SecurityNone     = "none"     // no encryption (a relay inside the library's network)
)

// Securities lists the ways to secure the connection, the default first.
var Securities = []string{SecuritySTARTTLS, SecurityTLS, SecurityNone}

// DefaultDigestHour is when the daily digests are written when no hour
// is set: 8 o'clock.
const DefaultDigestHour = 8

// MailSettings are the shared settings of the library's mail server.
// Host "" means e-mail is off: no notification is written.
type MailSettings struct {
	Host       string
	Port       int // 0: the security's usual port
	Security   string
	User       string // "" for a server that takes mail without a login
	From       string // the sender address
	DigestHour int
}

// Enabled reports whether e-mail reminders are on.
func (m MailSettings) Enabled() bool { return m.Host != "" }

// PortOrDefault returns the port, or the usual one of the security: 465
// for TLS, 587 for STARTTLS, 25 without encryption.
func (m MailSettings) PortOrDefault() int {
	switch {
	case m.Port != 0:
		return m.Port
	case m.Security == SecurityTLS:
		return 465
	case m.Security == SecurityNone:
		return 25
	}
	return 587
}

// SecurityOrDefault returns the security, STARTTLS when none is set.
func (m MailSettings) SecurityOrDefault() string {
	if m.Security == "" {
		return SecuritySTARTTLS
	}
	return m.Security
}

// Validate checks the settings: a host needs a sender address.
func (m MailSettings) Validate() error {
	vals := m.values()
	for _, k := range mailKeys {
		if err := validSetting(k, vals[k]); err != nil {
			return err
		}
	}
	if m.Host != "" && m.From == "" {
		return fieldError("smtp_from", errf(EInvalid, "valid.required"))
	}
	return nil
}

// mailKeys are the settings of MailSettings, in the order of the form.
var mailKeys = []string{SettingSMTPHost, SettingSMTPPort, SettingSMTPSecurity, SettingSMTPUser, SettingSMTPFrom, SettingDigestHour}

func (m MailSettings) values() map[string]string {
	v := map[string]string{
		SettingSMTPHost: m.Host, SettingSMTPSecurity: m.Security, SettingSMTPUser: m.User, SettingSMTPFrom: m.From,
		SettingSMTPPort: "", SettingDigestHour: "",
	}
	if m.Port != 0 {
		v[SettingSMTPPort] = strconv.Itoa(m.Port)
	}
	if m.DigestHour != DefaultDigestHour {
		v[SettingDigestHour] = strconv.Itoa(m.DigestHour)
	}
	return v
}

// mailSettingsFrom reads MailSettings from settings rows.
func mailSettingsFrom(rows []Setting) MailSettings {
	m := MailSettings{DigestHour: DefaultDigestHour}
	for _, r := range rows {
		v := strings.TrimSpace(r.Value)
		switch r.Key {
		case SettingSMTPHost:
			m.Host = v
		case SettingSMTPPort:
			m.Port, _ = strconv.Atoi(v)
		case SettingSMTPSecurity:
			m.Security = v
		case SettingSMTPUser:
			m.User = v
		case SettingSMTPFrom:
			m.From = v
		case SettingDigestHour:
			if h, err := strconv.Atoi(v); err == nil && h >= 0 && h < 24 {
				m.DigestHour = h
			}
		}
	}
	return m
}

// mailSettingsIn reads the mail settings inside tx.
func mailSettingsIn(tx *gorm.DB) (MailSettings, error) {
	var rows []Setting
	err := tx.Where("key IN ?", mailKeys).Find(&rows).Error
	return mailSettingsFrom(rows), err
}

// MailSettings returns the library's mail server settings.
func (s *Store) MailSettings() (MailSettings, error) {
	m, err := mailSettingsIn(s.db)
	return m, s.read("read mail settings", err)
}

// SaveMailSettings changes the mail server settings (administrators
// only), in one write with one audit entry.
func (s *Store) SaveMailSettings(actor *Session, m MailSettings) error {
	m.Host, m.User, m.From = strings.TrimSpace(m.Host), strings.TrimSpace(m.User), strings.TrimSpace(m.From)
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write("save mail settings", func(tx *gorm.DB) error {
		a, err := s.adminActor(tx, actor)
		if err != nil {
			return err
		}
		var old []Setting
		if err := tx.Where("key IN ?", mailKeys).Find(&old).Error; err != nil {
			return err
		}
		was := map[string]string{}
		for _, r := range old {
			was[r.Key] = r.Value
		}
		var changes []Change
		for k, v := range m.values() {
			if was[k] == v {
				continue
			}
			changes = append(changes, Change{Field: k, Old: was[k], New: v})
			if err := tx.Save(&Setting{Key: k, Value: v, UpdatedAt: s.now()}).Error; err != nil {
				return err
			}
		}
		if len(changes) == 0 {
			return nil
		}
		slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Field, b.Field) })
		return s.audit(tx, a, OpUpdate, "settings", 0, 0, changes, "", "")
	})
}

// validMailSetting checks the value of a mail server setting; it returns
// false for keys that are not one.
func validMailSetting(key, value string) (bool, error) {
	switch key {
	case SettingSMTPHost:
		return true, fieldError("smtp_host", ValidHost(value))
	case SettingSMTPPort:
		return true, fieldError("smtp_port", validNumber(value, 1, 65535))
	case SettingSMTPSecurity:
		if value != "" && !inList(value, Securities) {
			return true, fieldError("smtp_security", errf(EInvalid, "valid.choice"))
		}
		return true, nil
	case SettingSMTPUser:
		return true, fieldError("smtp_user", All(MaxLen(128), ValidText)(value))
	case SettingSMTPFrom:
		return true, fieldError("smtp_from", ValidEmail(value))
	case SettingDigestHour:
		return true, fieldError("mail_digest_hour", validNumber(value, 0, 23))
	}
	return false, nil
}

// MailSettingValidator returns the check of a value of the mail server
// setting key as typed into its input (which names the field itself).
func MailSettingValidator(key string) func(string) error {
	return func(v string) error {
		_, err := validMailSetting(key, strings.TrimSpace(v))
		if e, ok := err.(*Error); ok {
			cp := *e
			cp.Field = ""
			return &cp
		}
		return err
	}
}

// validNumber accepts "" or a whole number from lo to hi.
func validNumber(s string, lo, hi int) error {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return errf(EInvalid, "valid.range", "Min", lo, "Max", hi)
	}
	return nil
}

// ValidHost accepts "" or a host name or IP address of a server.
func ValidHost(s string) error {
	if s == "" {
		return nil
	}
	if net.ParseIP(strings.Trim(s, "[]")) != nil {
		return nil
	}
	if len(s) > 253 {
		return errf(EInvalid, "valid.host")
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return errf(EInvalid, "valid.host")
		}
		for _, r := range label {
			if r > unicode.MaxASCII || !(r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return errf(EInvalid, "valid.host")
			}
		}
	}
	return nil
}

// ValidMailLang accepts "" (Chinese) or one of Languages.
func ValidMailLang(s string) error {
	if s == "" || inList(s, Languages) {
		return nil
	}
	return errf(EInvalid, "valid.choice")
}

// SaveMailPrefs changes the signed-in user's own e-mail language and
// whether they get the daily digest; it is recorded in the audit trail
// like any change of an account.
func (s *Store) SaveMailPrefs(actor *Session, lang string, digestOff bool) error {
	if err := ValidMailLang(lang); err != nil {
		return fieldError("mail_lang", err)
	}
	return s.write("save mail preferences", func(tx *gorm.DB) error {
		a, err := s.loadActor(tx, actor)
		if err != nil {
			return err
		}
		u := *a
		u.MailLang, u.DigestOff = lang, digestOff
		return s.saveRecord(tx, a, &u, "users")
	})
}
