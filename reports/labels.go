package reports

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"upgradedesk/data"
)

// This file holds the words documents print that are not a record's
// values: labels from the translation catalogue (documents are always
// Chinese), times and numbers. A record's own fields print as its
// description says (see record.go and data.Field.Text).

// tableTimeLayout prints a time on two lines in a narrow table column.
const tableTimeLayout = "2006-01-02\n15:04"

// label returns the Chinese text of a translation key.
func label(key string) string { return data.T(data.LangZH, key, nil) }

// labelf returns the Chinese text of a translation key filled with args.
func labelf(key string, args map[string]any) string { return data.T(data.LangZH, key, args) }

// fieldLabel returns the label of a described field, as its form shows it.
func fieldLabel(f *data.Field) string { return label(f.LabelKey()) }

// stateLabel returns the label of a state, e.g. "计划制定中".
func stateLabel(s data.State) string { return label(s.LabelKey()) }

// roleLabel returns the label of a role, e.g. "信息主管".
func roleLabel(r data.Role) string { return label(r.LabelKey()) }

// choice returns the label of value v of choice list list ("" for "").
func choice(list, v string) string {
	if v == "" {
		return ""
	}
	return label(data.ChoiceKey(list, v))
}

// dateTime formats a time in the local time zone, "" for the zero time.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(data.DateTimeLayout)
}

// dateTimePtr formats an optional time.
func dateTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return dateTime(*t)
}

// tableTime formats a time on two lines for a narrow table column.
func tableTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(tableTimeLayout)
}

// systemName returns a system's name with its code, e.g. "图书馆集成管理系统（ILAS）".
func systemName(s data.System) string {
	if s.Code == "" || strings.Contains(s.Name, s.Code) {
		return s.Name
	}
	return labelf("report.name_code", map[string]any{"Name": s.Name, "Code": s.Code})
}

// vendorName returns the name of an optional vendor.
func vendorName(v *data.Vendor) string {
	if v == nil {
		return ""
	}
	return v.Name
}

// signMethod says how a decision was confirmed.
func signMethod(paper bool) string {
	if paper {
		return label("report.sign.paper")
	}
	return label("report.sign.app")
}

// shorten cuts s to at most n runes, ending it with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// oneLine puts the lines of s on one line, separated as sentences ("；")
// unless a line ends a sentence itself.
func oneLine(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	sep := label("value.sentence_sep")
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if b.Len() > 0 && !strings.ContainsAny(lastRune(b.String()), "。；！？.;!?") {
			b.WriteString(sep)
		}
		b.WriteString(l)
	}
	return b.String()
}

// lastRune returns the last character of s.
func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
}

// chineseNumber returns 1 to 99 in Chinese numerals, e.g. 12 → "十二",
// for section numbers ("一、", "（二）"). The numerals, 零 to 十, are the
// catalogue's "report.numerals".
func chineseNumber(n int) string {
	digits := strings.Split(label("report.numerals"), ",")
	if len(digits) != 11 || n <= 0 || n >= 100 {
		return strconv.Itoa(n)
	}
	ten := digits[10]
	switch {
	case n < 10:
		return digits[n]
	case n == 10:
		return ten
	case n < 20:
		return ten + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + ten
	}
	return digits[n/10] + ten + digits[n%10]
}
