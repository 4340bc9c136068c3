package uikit

import (
	"encoding/json"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
)

// fyneLocales are the locales Fyne may pick from the operating system's
// settings: English (its fallback), the languages of its own built-in
// translations, and the two of UpgradeDesk. Fyne always follows the system
// locale, so the chosen language is registered under every one of them;
// whatever Fyne picks then speaks the language the user chose.
var fyneLocales = []fyne.Locale{
	"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv",
	"ta", "uk", "zh-Hans", "zh", "zh-Hant", "ja", "ko",
}

// SetLanguage registers the catalogue of code (data.LangZH or
// data.LangEN, see data.Catalog) with fyne.io/fyne/v2/lang so that lang.L
// returns its texts. Widgets built before the call keep their old text.
func SetLanguage(code string) error {
	m := data.Catalog(code)
	if m == nil {
		return fmt.Errorf("language %q is not available", code)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	for _, loc := range fyneLocales {
		if err := lang.AddTranslationsForLocale(b, loc); err != nil {
			return fmt.Errorf("load %s translations: %w", code, err)
		}
	}
	current = code
	return nil
}

var current = data.LangZH

// Language returns the code of the language last set with SetLanguage.
func Language() string { return current }

// Wrapping is how wrapped labels break lines in the current language:
// anywhere in Chinese, which has no spaces between words, and between
// words in English.
func Wrapping() fyne.TextWrap {
	if current == data.LangZH {
		return fyne.TextWrapBreak
	}
	return fyne.TextWrapWord
}

// Ellipsis ends a shortened text in the current language: "…" in Chinese
// and "..." in English, where the bundled Chinese font would draw "…" as
// the Chinese ⋯, a full-width sign centred on the line.
func Ellipsis() string {
	if current == data.LangZH {
		return "…"
	}
	return "..."
}
