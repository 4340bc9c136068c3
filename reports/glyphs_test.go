package reports

import "testing"

func TestClean(t *testing.T) {
	c := newTextCleaner(mustFaces(t))
	tests := []struct {
		name, in, multi, single string
	}{
		{"plain", "软件升级 v5.2", "软件升级 v5.2", "软件升级 v5.2"},
		{"empty", "", "", ""},
		{"emoji", "好😀的", "好□的", "好□的"},
		{"extension B missing", "𠀀字", "□字", "□字"},
		{"extension B present in the fonts, but gofpdf cannot draw it", "𠂇字", "□字", "□字"},
		{"control characters", "a\x00b\x1bc\x7fd\u0085e", "a□b□c□d□e", "a□b□c□d□e"},
		{"tab", "a\tb", "a b", "a b"},
		{"newlines", "a\r\nb\rc\nd", "a\nb\nc\nd", "a b c d"},
		{"invalid utf-8", "a\xffb", "a□b", "a□b"},
		{"format characters dropped", "a\u200bb\ufeffc", "abc", "abc"},
		{"variation selector dropped", "A\ufe0f", "A", "A"},
		{"emoji sequence", "👍🏻", "□□", "□□"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.clean(tt.in, true); got != tt.multi {
				t.Errorf("clean(%q, multiline) = %q, want %q", tt.in, got, tt.multi)
			}
			if got := c.clean(tt.in, false); got != tt.single {
				t.Errorf("clean(%q, single line) = %q, want %q", tt.in, got, tt.single)
			}
		})
	}
}

// TestCleanedTextIsCovered checks that everything clean returns has a
// glyph in both faces (so nothing is dropped at rendering).
func TestCleanedTextIsCovered(t *testing.T) {
	faces := mustFaces(t)
	c := newTextCleaner(faces)
	in := "😀𠀀\x00\u0301\u200d\ufffd\U000E0001é中文\uE000\U0010FFFF"
	for _, r := range c.clean(in, true) {
		for f, ff := range faces {
			if r != '\n' && !ff.has(r) {
				t.Errorf("%s face has no glyph for %U", face(f), r)
			}
		}
	}
}
