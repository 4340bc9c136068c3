package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
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
