package data

import (
	"fmt"
	"strings"
	"unicode"

	"upgradedesk/assets"
)

// Printable reports whether the documents can print r: whether it is one
// of the characters of the Basic Multilingual Plane the bundled font has
// (assets.Printable, which the reports package's tests check against the
// font). Characters beyond it, such as 𠀀 (U+20000), 鿰 (U+9FF0) and
// emoji, would print as □.
func Printable(r rune) bool {
	return r >= 0 && r <= 0xFFFF && int(r/8) < len(assets.Printable) && assets.Printable[r/8]&(1<<(r%8)) != 0
}

// unseen reports whether r may be in a text though it is not printed:
// line breaks and tabs, and format characters and variation selectors,
// which only modify the characters next to them.
func unseen(r rune) bool {
	return r == '\n' || r == '\r' || r == '\t' || unicode.Is(unicode.Cf, r) ||
		(r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF)
}

// Unprintable returns the characters of s that the documents cannot
// print, each once, in the order they first occur.
func Unprintable(s string) []rune {
	var out []rune
	for _, r := range s {
		if !Printable(r) && !unseen(r) && !strings.ContainsRune(string(out), r) {
			out = append(out, r)
		}
	}
	return out
}

// charList names characters for a message: each as itself in quotes
// (unless it is a control character) with its code point.
func charList(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		if unicode.IsControl(r) || r == 0xFFFD {
			parts[i] = fmt.Sprintf("U+%04X", r)
		} else {
			parts[i] = fmt.Sprintf("“%c”(U+%04X)", r, r)
		}
	}
	return strings.Join(parts, " ")
}

// validPrintable refuses text holding characters the documents cannot
// print, naming them; ValidText and MaxLen check it.
func validPrintable(s string) error {
	if bad := Unprintable(s); len(bad) > 0 {
		return errf(EInvalid, "valid.unprintable", "Chars", charList(bad))
	}
	return nil
}

// CheckPrintable returns an error naming every character of s that the
// documents cannot print and where it is (the label of its field), or
// nil: what a document is refused with rather than print □.
func CheckPrintable(where, s string) error {
	if bad := Unprintable(s); len(bad) > 0 {
		return errf(EInvalid, "valid.unprintable_in", "Where", where, "Chars", charList(bad))
	}
	return nil
}
