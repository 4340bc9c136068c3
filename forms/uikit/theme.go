// Package uikit holds what every screen of the desktop client shares: the
// theme with the bundled Noto Sans SC fonts, the language set-up and small
// widgets. It never imports fyne.io/fyne/v2/app, so it and the packages
// built on it can be tested with fyne.io/fyne/v2/test alone.
package uikit

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"upgradedesk/assets"
)

var (
	fontsOnce    sync.Once
	fontRegular  fyne.Resource
	fontBold     fyne.Resource
	iconResource fyne.Resource
)

func loadResources() {
	fontsOnce.Do(func() {
		fontRegular = uiFontResource("NotoSansSC-Regular.ttf", assets.FontRegular, "regular")
		fontBold = uiFontResource("NotoSansSC-Bold.ttf", assets.FontBold, "bold")
		iconResource = fyne.NewStaticResource("icon.png", assets.WindowIcon)
	})
}

// Icon returns the application icon as a Fyne resource, 128 pixels
// square (assets.WindowIcon): for the windows, the application and the
// screens that show it.
func Icon() fyne.Resource {
	loadResources()
	return iconResource
}

// deskTheme is the default Fyne theme with the bundled Chinese fonts, so
// that Chinese text renders the same on every PC whatever fonts it has.
type deskTheme struct {
	base fyne.Theme
}

// Theme returns the theme used by the client and by every UI test.
func Theme() fyne.Theme {
	loadResources()
	return &deskTheme{base: theme.DefaultTheme()}
}

// readOnlyText is the colour of disabled text. Read-only forms show their
// records in disabled fields, so it must read well (4.9:1 against the
// field's background, above the 4.5:1 of WCAG AA), while disabled buttons
// must still look unavailable next to the black of enabled ones.
var readOnlyText = color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff}

// Color returns the default theme's light colours, with readOnlyText for
// disabled widgets: the client shows paper forms, and they read best dark
// on light whatever the desktop's setting.
//
// The colour is the theme's own rather than a theme override around the
// forms: Fyne parses the fonts again for every overridden scope, which
// cost tens of megabytes per case window.
func (t *deskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		return readOnlyText
	}
	return t.base.Color(n, theme.VariantLight)
}

// Font returns Noto Sans SC Bold for bold text and Noto Sans SC Regular for
// everything else. Monospace text also uses Noto Sans SC: the default
// monospace font has no Chinese glyphs. The client sets no text in
// italics: Chinese has none, and Fyne parses the fonts once more for every
// text style in use (regular, bold and italic parsed three times, 3.7 MB
// each).
func (t *deskTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return t.base.Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

// Icon returns the default theme's icon.
func (t *deskTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return t.base.Icon(n)
}

// Size returns the default theme's size.
func (t *deskTheme) Size(n fyne.ThemeSizeName) float32 {
	return t.base.Size(n)
}
