package uikit

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
)

func TestTranslationFilesMatch(t *testing.T) {
	zh, en := data.Catalog(data.LangZH), data.Catalog(data.LangEN)
	for k, v := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is in zh.json but not in en.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("zh.json: key %q has no text", k)
		}
	}
	for k, v := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q is in en.json but not in zh.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("en.json: key %q has no text", k)
		}
	}
}

// TestSetLanguageWinsOverSystemLocale checks that the language chosen in
// the settings is used whatever the operating system's locale says.
func TestSetLanguageWinsOverSystemLocale(t *testing.T) {
	for _, sys := range []string{"C.UTF-8", "en_US.UTF-8", "zh_CN.UTF-8", "fr_FR.UTF-8", "ja_JP.UTF-8", "pt_BR.UTF-8"} {
		t.Run(sys, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", sys)
			for _, c := range []struct{ code, key, want string }{
				{data.LangZH, "tab.todo", "待办"},
				{data.LangZH, "Cancel", "取消"},
				{data.LangEN, "tab.todo", "To do"},
				{data.LangEN, "Cancel", "Cancel"},
			} {
				if err := SetLanguage(c.code); err != nil {
					t.Fatal(err)
				}
				if got := lang.L(c.key); got != c.want {
					t.Errorf("language %s, L(%q) = %q, want %q", c.code, c.key, got, c.want)
				}
			}
		})
	}
	_ = SetLanguage(data.LangZH)
}

func TestSetLanguageUnknown(t *testing.T) {
	if err := SetLanguage("xx"); err == nil {
		t.Fatal("SetLanguage(xx) succeeded")
	}
}

var keyUse = regexp.MustCompile(`lang\.(?:L|X|N|XN)\("((?:[^"\\]|\\.)*)"`)

// TestEveryKeyIsTranslated scans the source tree for lang.L/X/N/XN calls
// with a literal key and checks that both translation files have it.
func TestEveryKeyIsTranslated(t *testing.T) {
	zh := data.Catalog(data.LangZH)
	root := filepath.Join("..", "..")
	var missing []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(src), -1) {
			if _, ok := zh[m[1]]; !ok {
				missing = append(missing, path+": "+m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("translation missing: %s", m)
	}
}

// TestEnglishTextsUseEnglishPunctuation checks that no English text has
// Chinese punctuation, nor the curly quotes and "…" that the bundled
// Chinese font draws full-width, as in Chinese.
func TestEnglishTextsUseEnglishPunctuation(t *testing.T) {
	for k, v := range data.Catalog(data.LangEN) {
		if i := strings.IndexAny(v, "，。、：；！？（）《》【】“”‘’…"); i >= 0 {
			t.Errorf("en: %s = %q has %q", k, v, []rune(v[i:])[0])
		}
	}
}
