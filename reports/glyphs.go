package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReplacementChar stands, in text cleaned for rendering, for every
// character that cannot be shown (a document holding one is refused by
// Write, see Doc.text, so it is never printed): any character without a glyph in both Noto Sans SC faces (such
// as U+20000 𠀀), every character outside the Basic Multilingual Plane
// (emoji such as 😀 and the characters of the CJK extension planes, even
// the few hundred the fonts have, such as U+20087 𠂇: gofpdf, which writes
// the PDF, encodes text as single UTF-16 units and maps characters to
// glyphs through a table of 65,536 entries, so it cannot draw them),
// control characters and invalid UTF-8. It is U+25A1 WHITE SQUARE, the
// "tofu" box readers know as a missing character, so nothing the user
// typed disappears without a trace.
const ReplacementChar = '□'

// fallbackReplacement is used if the fonts ever lack ReplacementChar.
const fallbackReplacement = '?'

// textCleaner turns user text into text every face can render.
type textCleaner struct {
	faces       [numFaces]*fontFile
	replacement rune
}

// newTextCleaner returns a cleaner for the given faces.
func newTextCleaner(faces [numFaces]*fontFile) textCleaner {
	c := textCleaner{faces: faces, replacement: ReplacementChar}
	if !c.supported(ReplacementChar) {
		c.replacement = fallbackReplacement
	}
	return c
}

// supported reports whether r can be drawn: it is in the Basic
// Multilingual Plane (see ReplacementChar) and every face has a glyph for it.
func (c textCleaner) supported(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	for _, ff := range c.faces {
		if !ff.has(r) {
			return false
		}
	}
	return true
}

// clean returns s ready to be wrapped and rendered:
//
//   - "\r\n" and "\r" become "\n"; with multiline false every newline then
//     becomes a space;
//   - a tab becomes one space;
//   - invisible format characters (Unicode category Cf, such as U+200B or
//     U+FEFF) and variation selectors are removed: they have no glyph of
//     their own and the PDF library cannot apply them;
//   - every other character that is a control character, is invalid UTF-8,
//     lies outside the Basic Multilingual Plane or has no glyph in both
//     faces becomes ReplacementChar.
//
// Text that needs no change is returned as is, without allocating.
func (c textCleaner) clean(s string, multiline bool) string {
	if c.isClean(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(c.replacement)
			i++
			continue
		}
		if r == '\r' && strings.HasPrefix(s[i+1:], "\n") {
			i++ // the "\n" that follows stands for both
			continue
		}
		i += size
		switch {
		case r == '\n' || r == '\r':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case isInvisibleFormat(r):
		case unicode.IsControl(r) || !c.supported(r):
			b.WriteRune(c.replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean reports whether clean would return s unchanged.
func (c textCleaner) isClean(s string, multiline bool) bool {
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if r < ' ' || r == utf8.RuneError || isInvisibleFormat(r) || unicode.IsControl(r) || !c.supported(r) {
			return false
		}
	}
	return true
}

// isInvisibleFormat reports whether r is a format character or a variation
// selector: characters that only modify their neighbours.
func isInvisibleFormat(r rune) bool {
	return unicode.Is(unicode.Cf, r) ||
		(r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF)
}
