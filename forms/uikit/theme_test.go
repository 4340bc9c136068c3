package uikit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"upgradedesk/assets"
)

func TestThemeUsesBundledFonts(t *testing.T) {
	th := Theme()
	for _, c := range []struct {
		style fyne.TextStyle
		want  string
	}{
		{fyne.TextStyle{}, "NotoSansSC-Regular.ttf"},
		{fyne.TextStyle{Bold: true}, "NotoSansSC-Bold.ttf"},
		{fyne.TextStyle{Italic: true}, "NotoSansSC-Regular.ttf"},
		{fyne.TextStyle{Monospace: true}, "NotoSansSC-Regular.ttf"},
	} {
		if got := th.Font(c.style).Name(); got != c.want {
			t.Errorf("Font(%+v) = %s, want %s", c.style, got, c.want)
		}
	}
	if len(Icon().Content()) == 0 {
		t.Error("icon is empty")
	}
}

func TestUIFontsAreCutDown(t *testing.T) {
	Theme()
	for _, f := range []fyne.Resource{fontRegular, fontBold} {
		b := f.Content()
		if n := len(b); n > 4<<20 || n < 1<<20 {
			t.Errorf("UI font %s is %d bytes", f.Name(), n)
		}
		if string(b[:4]) != "OTTO" {
			t.Errorf("UI font %s has no CFF outlines (version %q)", f.Name(), b[:4])
		}
	}
	set := uiRunes()
	for _, r := range "升级报备台借还书馆读者证挂失续借龘" {
		if r == '龘' {
			if set[r] {
				t.Error("a rare ideograph was kept")
			}
			continue
		}
		if !set[r] {
			t.Errorf("%c not kept", r)
		}
	}
	if !set.keep('A') || !set.keep('，') || !set.keep('①') {
		t.Error("non-ideographs must all be kept")
	}
}

func TestCutFontsAreCachedWhole(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	first, cached := uiFont(assets.FontRegular, "regular")
	if !cached {
		t.Fatal("the cut font was not cached")
	}
	path := uiFontCachePath("regular", len(assets.FontRegular), uiRunes())
	if got := readCachedFont(path); !bytes.Equal(got, first) {
		t.Fatal("the cut font was not cached")
	}
	if again, _ := uiFont(assets.FontRegular, "regular"); !bytes.Equal(again, first) {
		t.Fatal("the cached font differs from the cut")
	}
	raw, _ := os.ReadFile(path)
	os.WriteFile(path, raw[:len(raw)/2], 0o644)
	if readCachedFont(path) != nil {
		t.Fatal("a truncated cache file was used")
	}
	if again, _ := uiFont(assets.FontRegular, "regular"); !bytes.Equal(again, first) {
		t.Fatal("a damaged cache was not replaced by a fresh cut")
	}
}

func TestOlderCutsAreRemoved(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	path := uiFontCachePath("regular", len(assets.FontRegular), uiRunes())
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "regular-0123456789abcdef.ttf")
	bold := filepath.Join(dir, "bold-0123456789abcdef.otf")
	for _, p := range []string{old, bold} {
		if err := os.WriteFile(p, []byte("an older cut"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, cached := uiFont(assets.FontRegular, "regular"); !cached {
		t.Fatal("the cut font was not cached")
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("an older cut of the weight was left in the cache folder")
	}
	if _, err := os.Stat(bold); err != nil {
		t.Error("the cut of another weight was removed")
	}
	if readCachedFont(path) == nil {
		t.Error("the new cut is not in the cache folder")
	}
}

func TestCachedFontIsReadWhenParsed(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	res := uiFontResource("r.ttf", assets.FontRegular, "regular")
	f, ok := res.(*cachedFont)
	if !ok {
		t.Fatalf("the cut font in the cache folder is held in memory (%T)", res)
	}
	first := res.Content()
	if f.next != nil {
		t.Error("the cut is still held after it was given out")
	}
	path := uiFontCachePath("regular", len(assets.FontRegular), uiRunes())
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if again := res.Content(); !bytes.Equal(again, first) {
		t.Fatal("the font read again differs")
	}
	if readCachedFont(path) == nil {
		t.Error("a cut gone from the cache folder was not cut and kept again")
	}
	if res.Name() != "r.ttf" {
		t.Errorf("name %q", res.Name())
	}
}
