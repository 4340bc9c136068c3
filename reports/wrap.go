package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineEnd tells why a wrapped line ended and which input, if any, the
// wrapper consumed there. Joining every line's text followed by its
// consumed text gives back the wrapper's input exactly.
type lineEnd uint8

const (
	// endText: the input ended. Nothing is consumed.
	endText lineEnd = iota
	// endNewline: an explicit "\n" ended the line. The "\n" is consumed.
	endNewline
	// endSpace: the line broke at a U+0020 space. Exactly that one space
	// is consumed; any other spaces next to it stay in the text.
	endSpace
	// endWrap: the line broke between two characters where the
	// line-breaking rules allow it. Nothing is consumed.
	endWrap
	// endForced: nothing that fitted allowed a break, so the line was cut
	// between two characters regardless of the rules (an over-long word or
	// number, or a single character wider than the line). Nothing is
	// consumed.
	endForced
)

// consumed returns the input text the wrapper dropped after a line that
// ended this way.
func (e lineEnd) consumed() string {
	switch e {
	case endNewline:
		return "\n"
	case endSpace:
		return " "
	}
	return ""
}

// wrappedLine is one output line of wrap.
type wrappedLine struct {
	text string  // a substring of the input
	end  lineEnd // why the line ended
}

// wrapEpsilon absorbs floating-point error when a line fills its width exactly.
const wrapEpsilon = 1e-9

// wrap breaks s into lines no wider than maxWidth, measuring each rune with
// width. It never drops or reorders a character:
//
//   - every "\n" ends a line (endNewline) and is consumed;
//   - a line may break at a U+0020 space, which is then consumed (endSpace),
//     except a space between two digits, which joins the groups of a
//     phone number ("010-6253 1234");
//   - a line may break between two non-space characters when at least one
//     of them is ideographic (Chinese, Japanese, Korean or full-width),
//     unless the second must not start a line (closing punctuation such as
//     ，。、；：？！）》」』”’) or the first must not end one (opening
//     punctuation such as （《「『“‘) (endWrap); so Latin words, numbers,
//     URLs, e-mail addresses, version strings and case numbers stay whole;
//   - the last allowed break before the text overflows is taken; when there
//     is none, the token is longer than the line and breaks where such a
//     token can best be read on two lines: after a slash or hyphen, before
//     a dot, "@", "?", "#", "&" or "=", or at a space between digits
//     (endWrap, or endSpace consuming that space); failing that, the line
//     is cut at the last character that fits (endForced), and a character
//     wider than maxWidth gets a line of its own;
//   - a paragraph's last line does not hold a single ideograph (with any
//     closing punctuation after it) when the line before can give it its
//     last character: the two share the last line.
//
// A line is wider than maxWidth only if it holds a single character. wrap
// returns at least one line; the last one ends with endText.
func wrap(s string, maxWidth float64, width func(rune) float64) []wrappedLine {
	w := wrapper{s: s, max: maxWidth + wrapEpsilon, width: width}
	w.decode()
	return w.widows(w.run())
}

// wrapper holds the state of one wrap call.
type wrapper struct {
	s     string
	max   float64
	width func(rune) float64
	runes []rune
	offs  []int // byte offset of each rune in s, plus len(s)
	lines []wrappedLine

	start    int     // first rune of the current line
	used     float64 // width of runes[start:i]
	brk      int     // best break found: the line would be runes[start:brk]
	brkNext  int     // first rune of the next line if brk is taken
	brkEnd   lineEnd // how the line ends if brk is taken
	hasBreak bool

	// the best break inside a token, taken only when the line has no
	// other (see tokenBreak)
	soft, softNext int
	softEnd        lineEnd
	hasSoft        bool
}

// decode splits s into runes, remembering their byte offsets so that lines
// are substrings of s (invalid UTF-8 bytes included).
func (w *wrapper) decode() {
	n := utf8.RuneCountInString(w.s)
	w.runes = make([]rune, 0, n)
	w.offs = make([]int, 0, n+1)
	for i := 0; i < len(w.s); {
		r, size := utf8.DecodeRuneInString(w.s[i:])
		w.runes = append(w.runes, r)
		w.offs = append(w.offs, i)
		i += size
	}
	w.offs = append(w.offs, len(w.s))
}

// run performs the greedy line breaking.
func (w *wrapper) run() []wrappedLine {
	for i, r := range w.runes {
		if r == '\n' {
			w.emit(i, i+1, endNewline)
			continue
		}
		w.noteBreak(i)
		w.used += w.width(r)
		if w.used > w.max {
			w.overflow(i)
		}
	}
	w.lines = append(w.lines, wrappedLine{text: w.s[w.offs[w.start]:], end: endText})
	return w.lines
}

// noteBreak records a break opportunity before rune i, if there is one.
func (w *wrapper) noteBreak(i int) {
	if i == w.start {
		return // a line never starts with a break
	}
	prev, r := w.runes[i-1], w.runes[i]
	var next rune
	if i+1 < len(w.runes) {
		next = w.runes[i+1]
	}
	switch {
	case r == ' ' && isDigit(prev) && isDigit(next):
		w.soft, w.softNext, w.softEnd, w.hasSoft = i, i+1, endSpace, true
	case r == ' ':
		if !noLineEnd(prev) && !noLineStart(next) {
			w.setBreak(i, i+1, endSpace)
		}
	case prev == ' ':
	case canBreakBetween(prev, r):
		w.setBreak(i, i, endWrap)
	case tokenBreak(prev, r):
		w.soft, w.softNext, w.softEnd, w.hasSoft = i, i, endWrap, true
	}
}

// tokenBreak reports whether a token too long for a line may break
// between prev and r: after a slash or hyphen, before a dot, "@", "?",
// "#", "&" or "=" (the usual places to break a URL or e-mail address).
func tokenBreak(prev, r rune) bool {
	return strings.ContainsRune("/-", prev) && !strings.ContainsRune("/-", r) ||
		strings.ContainsRune(".@?#&=", r) && !strings.ContainsRune(".@?#&=/", prev)
}

// isDigit reports whether r is an ASCII digit.
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func (w *wrapper) setBreak(end, next int, how lineEnd) {
	w.brk, w.brkNext, w.brkEnd, w.hasBreak = end, next, how, true
}

// overflow handles rune i making the current line too wide.
func (w *wrapper) overflow(i int) {
	if !w.hasBreak && w.hasSoft {
		w.brk, w.brkNext, w.brkEnd, w.hasBreak = w.soft, w.softNext, w.softEnd, true
	}
	if w.hasBreak {
		w.emit(w.brk, w.brkNext, w.brkEnd)
		if w.start > i { // the break consumed rune i itself, an overflowing space
			return
		}
		w.used = w.measure(w.start, i+1)
		if w.used <= w.max {
			return
		}
	}
	if i > w.start { // runes[start:i] fitted: cut before rune i
		w.emit(i, i, endForced)
		w.used = w.width(w.runes[i])
	}
	if w.used > w.max { // rune i alone is too wide: give it its own line
		w.emit(i+1, i+1, endForced)
	}
}

// emit ends the current line at rune end and starts the next at rune next.
func (w *wrapper) emit(end, next int, how lineEnd) {
	w.lines = append(w.lines, wrappedLine{text: w.s[w.offs[w.start]:w.offs[end]], end: how})
	w.start, w.used, w.hasBreak, w.hasSoft = next, 0, false, false
}

// widows gives each paragraph's last line that holds a single ideograph
// (and any closing punctuation after it) the last character of the line
// before, when that line ended between two characters (endWrap) and may
// end one character earlier.
func (w *wrapper) widows(lines []wrappedLine) []wrappedLine {
	for i := 1; i < len(lines); i++ {
		ln, prev := &lines[i], &lines[i-1]
		if ln.end != endText && ln.end != endNewline || prev.end != endWrap || !isWidow(ln.text) {
			continue
		}
		last, size := utf8.DecodeLastRuneInString(prev.text)
		before, _ := utf8.DecodeLastRuneInString(prev.text[:len(prev.text)-size])
		if len(prev.text) == size || before == ' ' || !canBreakBetween(before, last) ||
			w.measureString(ln.text)+w.width(last) > w.max {
			continue
		}
		// prev and ln are adjacent substrings of s: move the boundary.
		prev.text, ln.text = prev.text[:len(prev.text)-size], prev.text[len(prev.text)-size:]+ln.text
	}
	return lines
}

// isWidow reports whether a paragraph's last line holds a single
// ideograph, with nothing after it but closing punctuation.
func isWidow(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || !isIdeographic(r) || noLineStart(r) {
		return false
	}
	for _, c := range s[size:] {
		if !noLineStart(c) {
			return false
		}
	}
	return true
}

// measureString returns the width of s.
func (w *wrapper) measureString(s string) float64 {
	total := 0.0
	for _, r := range s {
		total += w.width(r)
	}
	return total
}

// measure returns the width of runes[from:to].
func (w *wrapper) measure(from, to int) float64 {
	total := 0.0
	for _, r := range w.runes[from:to] {
		total += w.width(r)
	}
	return total
}

// canBreakBetween reports whether a line may break between two adjacent
// non-space characters.
func canBreakBetween(prev, next rune) bool {
	if !isIdeographic(prev) && !isIdeographic(next) {
		return false
	}
	return !noLineStart(next) && !noLineEnd(prev)
}

// Characters that must not start a line (closing punctuation and marks
// that belong to the character before) and that must not end one (opening
// punctuation and currency signs that belong to the character after).
const (
	noStartChars = "，。、；：？！）》」』”’〉】〕〗〙〛｝］｠｡､・ー々…‥—·％‰℃" +
		"!%),.:;?]}"
	noEndChars = "（《「『“‘〈【〔〖〘〚｛［｟￥＄" + "([{$£€"
)

// noLineStart reports whether r must not be the first character of a line.
func noLineStart(r rune) bool { return noStart.has(r) }

// noLineEnd reports whether r must not be the last character of a line.
func noLineEnd(r rune) bool { return noEnd.has(r) }

// runeClass is a set of characters, quick to look up: a table for ASCII
// and a map for the rest.
type runeClass struct {
	ascii [128]bool
	other map[rune]bool
}

func newRuneClass(chars string) *runeClass {
	c := &runeClass{other: map[rune]bool{}}
	for _, r := range chars {
		if r < 128 {
			c.ascii[r] = true
		} else {
			c.other[r] = true
		}
	}
	return c
}

// has reports whether r is in the set. The CJK Unified Ideographs, most
// of the text, are in neither set of punctuation.
func (c *runeClass) has(r rune) bool {
	switch {
	case r >= 0 && r < 128:
		return c.ascii[r]
	case r >= 0x4E00 && r <= 0x9FFF:
		return false
	}
	return c.other[r]
}

var noStart, noEnd = newRuneClass(noStartChars), newRuneClass(noEndChars)

// ideographicRanges are the blocks whose characters a line may break
// around: CJK radicals, symbols and punctuation, kana, bopomofo, Hangul,
// CJK ideographs, compatibility forms, full-width forms, the replacement
// square and the general punctuation used in Chinese text.
var ideographicRanges = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00B7, Hi: 0x00B7, Stride: 1}, // middle dot in foreign names
		{Lo: 0x1100, Hi: 0x11FF, Stride: 1}, // Hangul Jamo
		{Lo: 0x2014, Hi: 0x2026, Stride: 1}, // dashes, quotes, ellipsis
		{Lo: 0x25A1, Hi: 0x25A1, Stride: 1}, // □, ReplacementChar
		{Lo: 0x2E80, Hi: 0x9FFF, Stride: 1}, // radicals ... CJK Unified Ideographs
		{Lo: 0xA960, Hi: 0xA97F, Stride: 1}, // Hangul Jamo Extended-A
		{Lo: 0xAC00, Hi: 0xD7FF, Stride: 1}, // Hangul syllables
		{Lo: 0xF900, Hi: 0xFAFF, Stride: 1}, // CJK Compatibility Ideographs
		{Lo: 0xFE10, Hi: 0xFE1F, Stride: 1}, // vertical forms
		{Lo: 0xFE30, Hi: 0xFE6F, Stride: 1}, // CJK compatibility and small forms
		{Lo: 0xFF00, Hi: 0xFFEF, Stride: 1}, // full-width and half-width forms
	},
	R32: []unicode.Range32{
		{Lo: 0x1F000, Hi: 0x1FAFF, Stride: 1}, // emoji and symbols
		{Lo: 0x20000, Hi: 0x3FFFF, Stride: 1}, // CJK Extensions B and later
	},
}

// isIdeographic reports whether a line may break before or after r even
// without a space.
func isIdeographic(r rune) bool {
	switch {
	case r < 0x00B7:
		return false
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs: most of the text
		return true
	}
	return unicode.Is(ideographicRanges, r)
}

// tokenWidth returns the width of the widest token of s: of the widest
// part between places where wrap may end a line without breaking a token
// (approximately: the line-breaking rules' punctuation is not applied).
func tokenWidth(s string, width func(rune) float64) float64 {
	best, cur := 0.0, 0.0
	var prev rune
	for i, r := range s {
		switch {
		case r == '\n':
			best, cur = max(best, cur), 0
		case r == ' ':
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if isDigit(prev) && isDigit(next) {
				cur += width(r)
			} else {
				best, cur = max(best, cur), 0
			}
		default:
			if prev != ' ' && prev != 0 && canBreakBetween(prev, r) {
				best, cur = max(best, cur), 0
			}
			cur += width(r)
		}
		prev = r
	}
	return max(best, cur)
}
