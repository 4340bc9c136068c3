package data

import (
	"database/sql/driver"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Validators check one form field's text. Each is a plain func(string)
// error returning an *Error whose message says what is wrong, in the
// user's language through ErrorMessage. An empty string passes every
// validator except Required: optional fields may stay empty.

// DateLayout is the layout of dates in forms and records.
const DateLayout = "2006-01-02"

// DateTimeLayout is the layout of date-times in forms.
const DateTimeLayout = "2006-01-02 15:04"

// Required refuses an empty or blank value.
func Required(s string) error {
	if strings.TrimSpace(s) == "" {
		return errf(EInvalid, "valid.required")
	}
	return nil
}

// ValidText refuses control characters other than newline and tab,
// characters the documents cannot print (see Printable) and text longer
// than 20,000 characters.
func ValidText(s string) error {
	if utf8.RuneCountInString(s) > 20000 {
		return errf(EInvalid, "valid.too_long", "Max", 20000)
	}
	if !utf8.ValidString(s) {
		return errf(EInvalid, "valid.bad_chars")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return errf(EInvalid, "valid.bad_chars")
		}
	}
	return validPrintable(s)
}

// MaxLen returns a validator refusing single-line text longer than n
// characters or containing control characters or characters the
// documents cannot print.
func MaxLen(n int) func(string) error {
	return func(s string) error {
		if utf8.RuneCountInString(s) > n {
			return errf(EInvalid, "valid.too_long", "Max", n)
		}
		for _, r := range s {
			if unicode.IsControl(r) {
				return errf(EInvalid, "valid.bad_chars")
			}
		}
		return validPrintable(s)
	}
}

// ValidBindingMargin refuses a binding margin that is not a number of
// millimetres from MinBindingMargin to MaxBindingMargin.
func ValidBindingMargin(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	mm, err := strconv.ParseFloat(s, 64)
	if err != nil || mm < MinBindingMargin || mm > MaxBindingMargin {
		return errf(EInvalid, "valid.binding_margin", "Min", MinBindingMargin, "Max", MaxBindingMargin)
	}
	return nil
}

// The years dates may lie in.
const (
	minYear = 1990
	maxYear = 2200
)

var (
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dateTimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)
)

// ValidDate accepts a calendar date written YYYY-MM-DD between 1990 and
// 2200. What it refuses says why: the way it is written, a day that does
// not exist (2026-02-30) or a year out of range.
func ValidDate(s string) error {
	if s == "" {
		return nil
	}
	if !dateRe.MatchString(s) {
		return errf(EInvalid, "valid.date")
	}
	t, err := time.Parse(DateLayout, s)
	return dateProblem(s, t, err, "valid.no_such_date")
}

// ValidDateTime accepts a date and time written YYYY-MM-DD HH:MM, saying
// why it refuses one as ValidDate does.
func ValidDateTime(s string) error {
	if s == "" {
		return nil
	}
	if !dateTimeRe.MatchString(s) {
		return errf(EInvalid, "valid.datetime")
	}
	t, err := time.ParseInLocation(DateTimeLayout, s, time.Local)
	return dateProblem(s, t, err, "valid.no_such_time")
}

// dateProblem is the problem of a date (or date and time) s written the
// right way: parsing it failed (err, a day or time that does not exist:
// the message noSuch) or its year is out of range.
func dateProblem(s string, t time.Time, err error, noSuch string) error {
	switch {
	case err != nil:
		return errf(EInvalid, noSuch, "Date", s)
	case t.Year() < minYear || t.Year() > maxYear:
		return errf(EInvalid, "valid.year_range", "Min", minYear, "Max", maxYear)
	}
	return nil
}

var versionRe = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._\-+()/]*$`)

// ValidVersion accepts a software version such as "V3.2.1", "2024R2" or
// "5.0 SP1": letters, digits and . _ - + ( ) / and spaces, at most 64
// characters, starting with a letter or digit.
func ValidVersion(s string) error {
	if s == "" {
		return nil
	}
	if utf8.RuneCountInString(s) > 64 || !versionRe.MatchString(s) || strings.TrimSpace(s) != s {
		return errf(EInvalid, "valid.version")
	}
	return nil
}

var phoneRe = regexp.MustCompile(`^\+?\(?[0-9][0-9 ()\-]{2,22}[0-9]$`)

// ValidPhone accepts a telephone number or extension: digits with spaces,
// hyphens, brackets and a leading +, 4 to 26 characters, such as
// "010-6253 1234", "13800138000" or "8021".
func ValidPhone(s string) error {
	if s == "" {
		return nil
	}
	if len(s) < 4 || !phoneRe.MatchString(s) {
		return errf(EInvalid, "valid.phone")
	}
	return nil
}

// ValidEmail accepts a plain e-mail address.
func ValidEmail(s string) error {
	if s == "" {
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return errf(EInvalid, "valid.email")
	}
	return nil
}

// ValidMoney accepts an amount of yuan with at most two decimals, not
// negative and below one hundred billion, with optional thousands commas.
func ValidMoney(s string) error {
	if s == "" {
		return nil
	}
	_, err := ParseMoney(s)
	return err
}

// ValidCount accepts a whole number from 0 to 1,000,000,000.
func ValidCount(s string) error {
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > 1e9 {
		return errf(EInvalid, "valid.count")
	}
	return nil
}

var caseNoRe = regexp.MustCompile(`^SJ-\d{4}-\d{4,}$`)

// ValidCaseNo accepts a case number SJ-YYYY-NNNN.
func ValidCaseNo(s string) error {
	if s == "" {
		return nil
	}
	if !caseNoRe.MatchString(s) {
		return errf(EInvalid, "valid.case_no")
	}
	return nil
}

var usernameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]{1,31}$`)

// ValidUsername accepts a sign-in name of 2 to 32 letters, digits, dots,
// hyphens and underscores.
func ValidUsername(s string) error {
	if s == "" {
		return nil
	}
	if !usernameRe.MatchString(s) {
		return errf(EInvalid, "valid.username")
	}
	return nil
}

// MinPasswordLen is the shortest password a user may choose.
const MinPasswordLen = 8

// ValidPassword accepts a password of at least MinPasswordLen characters
// that is not all the same character.
func ValidPassword(s string) error {
	if utf8.RuneCountInString(s) < MinPasswordLen {
		return errf(EInvalid, "valid.password_short", "Min", MinPasswordLen)
	}
	first, _ := utf8.DecodeRuneInString(s)
	if strings.Count(s, string(first)) == utf8.RuneCountInString(s) {
		return errf(EInvalid, "valid.password_weak")
	}
	return nil
}

// All combines validators; the first failure wins.
func All(vs ...func(string) error) func(string) error {
	return func(s string) error {
		for _, v := range vs {
			if err := v(s); err != nil {
				return err
			}
		}
		return nil
	}
}

// Money is an amount in fen (分, 1/100 yuan).
type Money int64

// maxMoney is one hundred billion yuan in fen.
const maxMoney = Money(100_000_000_000_00)

var moneyRe = regexp.MustCompile(`^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$`)

// moreDecimalsRe matches an amount with more than two decimals.
var moreDecimalsRe = regexp.MustCompile(`^[\d,]*\.\d{3,}$`)

// ParseMoney reads an amount of yuan such as "12,345.6" or "800". What it
// refuses says why: a negative amount, more than two decimals, an amount
// too large, or one not written as an amount.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "¥"))
	switch {
	case s == "":
		return 0, nil
	case strings.HasPrefix(s, "-"):
		return 0, errf(EInvalid, "valid.money_negative")
	case moreDecimalsRe.MatchString(s):
		return 0, errf(EInvalid, "valid.money_decimals")
	case !moneyRe.MatchString(s):
		return 0, errf(EInvalid, "valid.money")
	}
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	tooLarge := errf(EInvalid, "valid.money_too_large")
	if len(strings.TrimLeft(whole, "0")) > 12 {
		return 0, tooLarge
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(w*100 + f)
	if m >= maxMoney {
		return 0, tooLarge
	}
	return m, nil
}

// String formats the amount as yuan with thousands commas and two
// decimals, such as "12,345.60".
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := strconv.FormatInt(int64(m/100), 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	fmt.Fprintf(&b, ".%02d", int64(m%100))
	return b.String()
}

// Value stores Money as an integer number of fen.
func (m Money) Value() (driver.Value, error) { return int64(m), nil }

// Scan reads Money from an integer column.
func (m *Money) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		*m = Money(x)
	case nil:
		*m = 0
	default:
		return fmt.Errorf("money: cannot scan %T", v)
	}
	return nil
}

// FormatSize formats a file size for people: "1.5 MB", "12.0 KB", "512 B".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return strconv.FormatInt(n, 10) + " B"
}
