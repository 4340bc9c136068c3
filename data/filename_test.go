package data

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		`..\..\..\Windows\System32\evil.dll`: "evil.dll",
		`C:\Users\Public\x.exe`:              "x.exe",
		`C:x.exe`:                            "x.exe",
		"../../etc/passwd":                   "passwd",
		"CON":                                "_CON",
		"con.txt":                            "_con.txt",
		"LPT1.pdf":                           "_LPT1.pdf",
		"COM¹":                               "_COM¹",
		"report\x00.pdf":                     "report.pdf",
		"line\nbreak.pdf":                    "linebreak.pdf",
		"invoice\u202Efdp.exe":               "invoicefdp.exe",
		"a\u200Bb.pdf":                       "ab.pdf",
		"what?<is>|this*.pdf":                "what__is__this_.pdf",
		" .hidden. ":                         "hidden",
		"..":                                 "attachment",
		"":                                   "attachment",
		"验收单（扫描件）.pdf":                       "验收单（扫描件）.pdf",
		strings.Repeat("长", 300) + ".pdf":    strings.Repeat("长", 65) + ".pdf",
		strings.Repeat("a", 300) + ".PDF":    strings.Repeat("a", 96) + ".PDF",
		"notes." + strings.Repeat("x", 40):   "notes." + strings.Repeat("x", 40),
		"COM10.txt":                          "COM10.txt",
	} {
		if got := SafeFileName(in); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSafeFileName(f *testing.F) {
	for _, s := range []string{`..\..\x.dll`, "CON.txt", "a\u202Eb", "验收单.pdf", "C:x", " . "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SafeFileName(in)
		if out == "" || strings.ContainsAny(out, `/\<>:"|?*`) || !utf8.ValidString(out) {
			t.Fatalf("%q → %q", in, out)
		}
		for _, r := range out {
			if unsafeRune(r) {
				t.Fatalf("%q → %q holds %U", in, out, r)
			}
		}
		if out == "." || out == ".." || strings.HasPrefix(out, ".") || strings.HasSuffix(out, ".") || strings.HasSuffix(out, " ") {
			t.Fatalf("%q → %q", in, out)
		}
		stem, _, _ := strings.Cut(out, ".")
		if reservedName(stem) {
			t.Fatalf("%q → reserved %q", in, out)
		}
		if utf8.RuneCountInString(out) > maxNameRunes || len(out) > maxNameBytes {
			t.Fatalf("%q → %d characters, %d bytes", in, utf8.RuneCountInString(out), len(out))
		}
		if SafeFileName(out) != out {
			t.Fatalf("not stable: %q → %q → %q", in, out, SafeFileName(out))
		}
	})
}

// TestAttachmentNamesAreStoredSafe: the stored name is safe, the given
// one kept for showing.
func TestAttachmentNamesAreStoredSafe(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	att, err := f.s.AttachFile(f.u["staff"], c.ID, `..\..\..\Windows\System32\evil.dll`, "", []byte("MZ"))
	if err != nil {
		t.Fatal(err)
	}
	list, _ := f.s.Attachments(c.ID)
	if len(list) != 1 || list[0].Name != "evil.dll" || list[0].OriginalName != `..\..\..\Windows\System32\evil.dll` || att.Name != "evil.dll" {
		t.Fatalf("stored %+v", list)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", err, describeAll(rep.Records))
	}
}
