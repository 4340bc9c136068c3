package data

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValidators(t *testing.T) {
	cases := []struct {
		name string
		v    func(string) error
		good []string
		bad  []string
	}{
		{"date", ValidDate, []string{"", "2026-03-15", "2024-02-29"}, []string{"2026-3-15", "2026-02-30", "15/03/2026", "1899-01-01", "明天"}},
		{"datetime", ValidDateTime, []string{"", "2026-03-15 20:30"}, []string{"2026-03-15", "2026-03-15 25:00"}},
		{"version", ValidVersion, []string{"", "V3.2.1", "2024R2", "5.0 SP1", "v2.1-beta+3", "Ⅱ期"}, []string{" V1", "V1 ", "-1", "v1;drop", strings.Repeat("9", 65)}},
		{"phone", ValidPhone, []string{"", "010-6253 1234", "13800138000", "8021", "+86 10 6253 1234", "(010)62531234"}, []string{"abc", "12", "010--", "电话"}},
		{"email", ValidEmail, []string{"", "it@lib.example.cn"}, []string{"it@", "it at lib", "张三 <it@lib.cn>", "a@b"}},
		{"money", ValidMoney, []string{"", "0", "800", "12,345.6", "12345.67", "¥ 1,000"}, []string{"-1", "1.234", "1,23", "十万", "1e5", "1000000000000"}},
		{"count", ValidCount, []string{"", "0", "42"}, []string{"-1", "4.5", "many"}},
		{"case no", ValidCaseNo, []string{"", "SJ-2026-0001", "SJ-2026-12345"}, []string{"SJ-26-1", "sj-2026-0001", "2026-0001"}},
		{"username", ValidUsername, []string{"", "li.gong", "admin_2"}, []string{"a", "张三", "li gong", ".x"}},
		{"password", ValidPassword, []string{"correct horse", "密码很长的一句话"}, []string{"", "short", "aaaaaaaaaa", "密密密密密密密密"}},
		{"required", Required, []string{"x", "  y "}, []string{"", "   ", "\n\t", "　"}},
		{"binding margin", ValidBindingMargin, []string{"", "25", "15", "40", "22.5", " 30 "}, []string{"14", "41", "0", "-25", "二十五", "25mm"}},
		{"printable text", ValidText, []string{"王明", "第一行\n第二行", "零宽\u200b连接"}, []string{"王𠀀", "𪚥", "鿰", "好😀"}},
		{"printable line", MaxLen(20), []string{"张三"}, []string{"张𠀀", "👍"}},
		{"text", ValidText, []string{"", "第一行\n第二行\t制表"}, []string{"bell\a", "nul\x00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, g := range c.good {
				if err := c.v(g); err != nil {
					t.Errorf("%q refused: %v", g, err)
				}
			}
			for _, b := range c.bad {
				err := c.v(b)
				if err == nil {
					t.Errorf("%q accepted", b)
					continue
				}
				if ErrorCode(err) != EInvalid || ErrorMessage(err, LangZH) == "" || ErrorMessage(err, LangEN) == "" {
					t.Errorf("%q: %v has no message", b, err)
				}
			}
		})
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[string]Money{"0": 0, "800": 80000, "12,345.6": 1234560, "0.05": 5, "1,000,000.00": 100000000} {
		got, err := ParseMoney(in)
		if err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
		if back, _ := ParseMoney(got.String()); back != got {
			t.Errorf("round trip of %q through %q", in, got.String())
		}
	}
	if got := Money(123456789).String(); got != "1,234,567.89" {
		t.Errorf("String = %s", got)
	}
}

// fuzzValidators is every validator the forms use.
var fuzzValidators = []func(string) error{
	Required, ValidText, MaxLen(64), ValidDate, ValidDateTime, ValidVersion, ValidPhone, ValidEmail,
	ValidMoney, ValidCount, ValidCaseNo, ValidUsername, ValidPassword,
}

func FuzzValidators(f *testing.F) {
	for _, s := range []string{"", "2026-03-15", "V3.2.1", "12,345.67", "SJ-2026-0001", "010-6253 1234", "a@b.cn", "\x00", "　", "密码"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range fuzzValidators {
			err := v(s)
			if err != nil && (ErrorCode(err) != EInvalid || ErrorMessage(err, LangZH) == "") {
				t.Fatalf("%q: error without code or message: %v", s, err)
			}
		}
		if m, err := ParseMoney(s); err == nil {
			if m < 0 || m >= maxMoney {
				t.Fatalf("%q parsed to %d", s, m)
			}
			if back, err := ParseMoney(m.String()); err != nil || back != m {
				t.Fatalf("%q → %s does not parse back: %v", s, m, err)
			}
		}
		if ValidDate(s) == nil && s != "" && utf8.RuneCountInString(s) != 10 {
			t.Fatalf("date %q accepted", s)
		}
	})
}

// TestBindingMargin checks the shared binding margin: the default until it
// is set, the value once set, and a value out of range refused.
func TestBindingMargin(t *testing.T) {
	f := newFixture(t)
	if got := f.s.BindingMargin(); got != DefaultBindingMargin {
		t.Errorf("unset: %v mm", got)
	}
	if err := f.s.SetSetting(f.u["admin"], SettingBindingMargin, "32"); err != nil {
		t.Fatal(err)
	}
	if got := f.s.BindingMargin(); got != 32 {
		t.Errorf("set to 32: %v mm", got)
	}
	if err := f.s.SetSetting(f.u["admin"], SettingBindingMargin, "50"); ErrorCode(err) != EInvalid {
		t.Errorf("50 mm: %v", err)
	}
	l, err := f.s.Ledger()
	if err != nil {
		t.Fatal(err)
	}
	if l.BindingMargin != 32 {
		t.Errorf("the ledger has %v mm", l.BindingMargin)
	}
}

// TestUnprintableNamed checks that the message of an unprintable value
// names each character once, with its code point, and where it is.
func TestUnprintableNamed(t *testing.T) {
	msg := ErrorMessage(CheckPrintable("申请人", "王𠀀𠀀明😀"), LangZH)
	for _, want := range []string{"申请人", "“𠀀”(U+20000)", "“😀”(U+1F600)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Count(msg, "U+20000") != 1 {
		t.Errorf("%q names 𠀀 more than once", msg)
	}
	if err := CheckPrintable("申请人", "王明"); err != nil {
		t.Errorf("王明: %v", err)
	}
}
