package reports

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"upgradedesk/data"
)

// This file turns stored values into the text documents print: labels
// from the translation files (documents are always Chinese), dates,
// amounts and the like.

// Date and time layouts of document cells.
const (
	dateTimeLayout  = "2006-01-02 15:04"
	tableTimeLayout = "2006-01-02\n15:04" // two lines in narrow table columns
)

// label returns the Chinese text of a translation key, or fallback when
// there is none.
func label(key, fallback string) string {
	if s := data.Label(key); s != key {
		return s
	}
	return fallback
}

// fieldLabel returns the label of a record field, e.g. "需求内容" for
// "content": the form label ("field.<name>"), else the documents' own
// ("report.field.<name>"), else the name itself.
func fieldLabel(name string) string {
	return label("field."+name, label("report.field."+name, name))
}

// choice returns the label of value v of choice list list ("" for "").
func choice(list, v string) string {
	if v == "" {
		return ""
	}
	return label(data.ChoiceKey(list, v), v)
}

// stateLabel returns the label of a state, e.g. "计划制定中".
func stateLabel(s data.State) string { return label(s.LabelKey(), string(s)) }

// roleLabel returns the label of a role, e.g. "信息主管".
func roleLabel(r data.Role) string { return label(r.LabelKey(), string(r)) }

// actionLabel returns the label of an action, e.g. "同意".
func actionLabel(a data.Action) string { return label(a.LabelKey(), string(a)) }

// dateTime formats a time in the local time zone, "" for the zero time.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(dateTimeLayout)
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

// yuan formats an amount of money in yuan, e.g. "12,345.60".
func yuan(m data.Money) string { return m.String() }

// yesNo returns "是" or "否".
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// itoa formats a count; 0 stays "0".
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// systemName returns a system's name with its code, e.g. "图书馆集成管理系统（ILAS）".
func systemName(s data.System) string {
	if s.Code == "" || strings.Contains(s.Name, s.Code) {
		return s.Name
	}
	return s.Name + "（" + s.Code + "）"
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
		return "纸质签字"
	}
	return "系统确认"
}

// shorten cuts s to at most n runes, ending it with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// chineseNumber returns 1 to 99 in Chinese numerals, e.g. 12 → "十二",
// for section numbers ("一、", "（二）").
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}

// changeChoices maps "entity.field" of audit entries to the choice list
// whose labels their values are shown with.
var changeChoices = map[string]string{
	"cases.upgrade_type": "upgrade_type", "cases.urgency": "urgency", "cases.source": "source",
	"assessments.conclusion": "feasibility", "acceptances.conclusion": "acceptance",
	"rollback_reports.restore_status": "restore", "test_records.type": "test_type",
	"test_records.result": "test_result", "backups.kind": "backup_kind", "evaluations.outcome": "outcome",
	"registrations.upgrade_type": "upgrade_type",
}

// changeMaxRunes is how much of an old or new value the change history
// prints; the records themselves are printed whole in their sections.
const changeMaxRunes = 80

// changeValue returns an audit entry's old or new value as the change
// history prints it: labels for states and choices, yuan for amounts,
// local time for times, "（空）" for nothing.
func changeValue(entity, field, v string) string {
	if v == "" {
		return "（空）"
	}
	switch {
	case field == "state":
		return stateLabel(data.State(v))
	case field == "amount" || field == "estimated_cost":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return yuan(data.Money(n))
		}
	case v == "true" || v == "false":
		return yesNo(v == "true")
	}
	if list, ok := changeChoices[entity+"."+field]; ok {
		return choice(list, v)
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil && strings.Contains(v, "T") {
		return dateTime(t)
	}
	if strings.HasPrefix(v, "{") && json.Valid([]byte(v)) { // an assessment criterion
		var r data.Rating
		if json.Unmarshal([]byte(v), &r) == nil && (r.Rating != "" || r.Notes != "") {
			v = strings.TrimSpace(choice("rating", r.Rating) + " " + r.Notes)
		}
	}
	return shorten(v, changeMaxRunes)
}
