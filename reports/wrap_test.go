package reports

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// unitWidth measures every rune as 1, ideographs included, so that test
// widths count characters.
func unitWidth(rune) float64 { return 1 }

// fuzzWidth gives runes different widths: ideographs 2, ASCII 1, combining
// marks 0 and everything else 1.5.
func fuzzWidth(r rune) float64 {
	switch {
	case isIdeographic(r):
		return 2
	case r < utf8.RuneSelf:
		return 1
	case unicode.Is(unicode.Mn, r):
		return 0
	}
	return 1.5
}

type wantLine struct {
	text string
	end  lineEnd
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []wantLine
	}{
		{"empty", "", 10, []wantLine{{"", endText}}},
		{"fits", "中文字符", 10, []wantLine{{"中文字符", endText}}},
		{"between ideographs", "中文字符", 2, []wantLine{{"中文", endWrap}, {"字符", endText}}},
		{"no comma at line start", "中文，字符", 2,
			[]wantLine{{"中", endWrap}, {"文，", endWrap}, {"字符", endText}}},
		{"no full stop at line start", "一二三。四五", 3,
			[]wantLine{{"一二", endWrap}, {"三。", endWrap}, {"四五", endText}}},
		{"no opening bracket at line end", "中文（字符）", 3,
			[]wantLine{{"中文", endWrap}, {"（字", endWrap}, {"符）", endText}}},
		{"closing quote stays", "他说“好”。然后", 4,
			[]wantLine{{"他说", endWrap}, {"“好”。", endWrap}, {"然后", endText}}},
		{"book title marks", "依据《管理办法》执行", 5,
			[]wantLine{{"依据《管理", endWrap}, {"办法》执行", endText}}},
		{"opening mark moves down", "依据《办法》", 3,
			[]wantLine{{"依据", endWrap}, {"《办", endWrap}, {"法》", endText}}},
		{"latin words at spaces", "hello world foo", 11,
			[]wantLine{{"hello world", endSpace}, {"foo", endText}}},
		{"word moves whole", "升级到Windows版本", 7,
			[]wantLine{{"升级到", endWrap}, {"Windows", endWrap}, {"版本", endText}}},
		{"word longer than line is cut", "升级到Windows版本", 6,
			[]wantLine{{"升级到", endWrap}, {"Window", endForced}, {"s版本", endText}}},
		{"number stays whole", "金额12,000.00元整", 10,
			[]wantLine{{"金额", endWrap}, {"12,000.00", endWrap}, {"元整", endText}}},
		{"no ideograph alone on the last line", "书联智能设备有限公司", 9,
			[]wantLine{{"书联智能设备有限", endWrap}, {"公司", endText}}},
		{"nor with its full stop", "书联智能设备有限公司。\n下一段", 9,
			[]wantLine{{"书联智能设备有限", endWrap}, {"公司。", endNewline}, {"下一段", endText}}},
		{"e-mail address whole", "邮箱 service@shulian.example.cn 联系", 26,
			[]wantLine{{"邮箱", endSpace}, {"service@shulian.example.cn", endSpace}, {"联系", endText}}},
		{"e-mail address longer than the line", "service@shulian.example.cn", 16,
			[]wantLine{{"service@shulian", endWrap}, {".example.cn", endText}}},
		{"URL longer than the line", "https://lib.example.cn/opac/search?q=1", 24,
			[]wantLine{{"https://lib.example.cn/", endWrap}, {"opac/search?q=1", endText}}},
		{"phone number whole", "电话 010-6253 1234 分机", 14,
			[]wantLine{{"电话", endSpace}, {"010-6253 1234", endSpace}, {"分机", endText}}},
		{"phone number longer than the line", "+86 10 6253 1234", 12,
			[]wantLine{{"+86 10 6253", endSpace}, {"1234", endText}}},
		{"case number whole", "事项SJ-2026-0001已登记", 12,
			[]wantLine{{"事项", endWrap}, {"SJ-2026-0001", endWrap}, {"已登记", endText}}},
		{"version string whole", "升级到V3.2.10-beta", 12,
			[]wantLine{{"升级到", endWrap}, {"V3.2.10-beta", endText}}},
		{"newlines kept", "a\n\nb", 10,
			[]wantLine{{"a", endNewline}, {"", endNewline}, {"b", endText}}},
		{"trailing newline", "甲\n", 10, []wantLine{{"甲", endNewline}, {"", endText}}},
		{"over-long token", "abcdefghij", 4,
			[]wantLine{{"abcd", endForced}, {"efgh", endForced}, {"ij", endText}}},
		{"overflowing space consumed", "ab cd", 2, []wantLine{{"ab", endSpace}, {"cd", endText}}},
		{"one space consumed of several", "ab   cd", 4,
			[]wantLine{{"ab  ", endSpace}, {"cd", endText}}},
		{"leading space kept", " ab", 10, []wantLine{{" ab", endText}}},
		{"zero width", "中文", 0, []wantLine{{"中", endForced}, {"文", endForced}, {"", endText}}},
		{"invalid utf-8 kept", "a\xffb", 10, []wantLine{{"a\xffb", endText}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.in, tt.width, unitWidth)
			checkWrap(t, tt.in, tt.width, unitWidth, got)
			if len(got) != len(tt.want) {
				t.Fatalf("wrap(%q, %v) = %v, want %v", tt.in, tt.width, got, tt.want)
			}
			for i, w := range tt.want {
				if got[i].text != w.text || got[i].end != w.end {
					t.Errorf("line %d = %q (end %d), want %q (end %d); all: %v", i, got[i].text, got[i].end, w.text, w.end, got)
				}
			}
		})
	}
}

// TestWrapWideRune checks that a rune wider than the line gets a line of
// its own and that wrapping goes on after it.
func TestWrapWideRune(t *testing.T) {
	width := func(r rune) float64 {
		if r == 'W' {
			return 5
		}
		return 1
	}
	got := wrap("aWb", 3, width)
	checkWrap(t, "aWb", 3, width, got)
	want := []string{"a", "W", "b"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].text != want[i] {
			t.Errorf("line %d = %q, want %q", i, got[i].text, want[i])
		}
	}
}

// TestWrapLongChinese wraps generated text at several widths and checks
// the wrapping properties.
func TestWrapLongChinese(t *testing.T) {
	text := chineseText(3000, 7, true)
	for _, width := range []float64{1, 7, 20, 41.5, 100} {
		checkWrap(t, text, width, fuzzWidth, wrap(text, width, fuzzWidth))
	}
}

// checkWrap checks the properties wrap promises:
//   - joining each line's text and consumed input gives back the input;
//   - only the last line ends with endText, and no line holds a newline;
//   - a line is no wider than maxWidth unless it holds a single rune;
//   - a line never starts with closing or ends with opening punctuation
//     at a break the rules chose (endWrap, endSpace);
//   - a token (a word, number, URL, e-mail address, phone number …) is
//     broken only when it is longer than the line: a line that ends
//     inside one has no place where it could have ended between tokens;
//   - a paragraph's last line is no single ideograph that the line
//     before could have joined;
//   - a forced break never leaves an empty line.
func checkWrap(t *testing.T, in string, maxWidth float64, width func(rune) float64, lines []wrappedLine) {
	t.Helper()
	var joined strings.Builder
	for i, ln := range lines {
		joined.WriteString(ln.text)
		joined.WriteString(ln.end.consumed())
		if last := i == len(lines)-1; last != (ln.end == endText) {
			t.Fatalf("line %d of %d ends with %d", i, len(lines), ln.end)
		}
		if strings.Contains(ln.text, "\n") {
			t.Fatalf("line %d %q holds a newline", i, ln.text)
		}
		if w := measureString(ln.text, width); w > maxWidth+wrapEpsilon && utf8.RuneCountInString(ln.text) > 1 {
			t.Fatalf("line %d %q is %v wide, more than %v", i, ln.text, w, maxWidth)
		}
		var next string
		if i+1 < len(lines) {
			next = lines[i+1].text
		}
		checkBreak(t, i, ln, next)
		if i > 0 && (ln.end == endText || ln.end == endNewline) && lines[i-1].end == endWrap && isWidow(ln.text) {
			prev := []rune(lines[i-1].text)
			if n := len(prev); n >= 2 && prev[n-2] != ' ' && canBreakBetween(prev[n-2], prev[n-1]) &&
				measureString(ln.text, width)+width(prev[n-1]) <= maxWidth+wrapEpsilon {
				t.Fatalf("line %d %q alone at the end of a paragraph after %q", i, ln.text, lines[i-1].text)
			}
		}
	}
	if joined.String() != in {
		t.Fatalf("lines do not join back to the input:\n got %q\nwant %q", joined.String(), in)
	}
}

// insideToken reports whether a line ending this way before next broke
// a token: not between tokens (at a space that is no digit group's, or
// where an ideograph allows it) but inside one.
func insideToken(ln wrappedLine, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(ln.text)
	first, _ := utf8.DecodeRuneInString(next)
	switch ln.end {
	case endForced:
		return true
	case endWrap:
		return !canBreakBetween(last, first)
	case endSpace:
		return isDigit(last) && isDigit(first)
	}
	return false
}

// breaksBetweenTokens reports whether line s, followed by next, could end
// between two tokens somewhere, as the rules allow.
func breaksBetweenTokens(s, next string) bool {
	n := utf8.RuneCountInString(s)
	rs := []rune(s)
	if r, size := utf8.DecodeRuneInString(next); size > 0 {
		rs = append(rs, r)
	}
	for i := 1; i < n; i++ {
		prev, r := rs[i-1], rs[i]
		var next rune
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == ' ' && !(isDigit(prev) && isDigit(next)) && !noLineEnd(prev) && !noLineStart(next) && prev != ' ':
			return true
		case r != ' ' && prev != ' ' && canBreakBetween(prev, r):
			return true
		}
	}
	return false
}

// checkBreak checks the line-breaking rules at the end of one line.
func checkBreak(t *testing.T, i int, ln wrappedLine, next string) {
	t.Helper()
	last, _ := utf8.DecodeLastRuneInString(ln.text)
	first, _ := utf8.DecodeRuneInString(next)
	switch ln.end {
	case endWrap:
		if ln.text == "" || next == "" || !canBreakBetween(last, first) && !tokenBreak(last, first) {
			t.Fatalf("line %d %q breaks before %q where no break is allowed", i, ln.text, next)
		}
	case endSpace:
		if ln.text == "" || noLineEnd(last) || (next != "" && noLineStart(first)) {
			t.Fatalf("line %d %q breaks at a space before %q against the rules", i, ln.text, next)
		}
	case endForced:
		if ln.text == "" {
			t.Fatalf("line %d: forced break of an empty line", i)
		}
	}
	if insideToken(ln, next) && breaksBetweenTokens(ln.text, next) {
		t.Fatalf("line %d %q breaks a token before %q though it could end between tokens", i, ln.text, next)
	}
}

// measureString sums the widths of the runes of s.
func measureString(s string, width func(rune) float64) float64 {
	total := 0.0
	for _, r := range s {
		total += width(r)
	}
	return total
}

// FuzzWrap checks the wrapping properties (see checkWrap) on arbitrary
// input and line widths. Run it with
//
//	go test -run=^$ -fuzz=FuzzWrap -fuzztime=10s ./reports/
func FuzzWrap(f *testing.F) {
	for _, s := range []string{
		"", "中文，字符。", "hello world", "（括号）《书名》“引号”", "a\n\nb\r\n", "升级到Windows 11版本，",
		"  leading and trailing  ", "😀𠀀\x00\t", "\xff\xfe", "一、二、三……四——五", chineseText(200, 1, true),
		"请联系 service@shulian.example.cn 或 010-6253 1234，见 https://lib.example.cn/a?b=1。", "书联智能设备有限公司",
		"事项 SJ-2026-0001 升级到 V3.2.10-beta", "+86 10 6253 1234",
	} {
		f.Add(s, uint8(10))
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, w uint8) {
		maxWidth := float64(w) / 4
		checkWrap(t, s, maxWidth, fuzzWidth, wrap(s, maxWidth, fuzzWidth))
	})
}
