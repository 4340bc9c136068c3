package uikit

import (
	"encoding/json"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"

	"upgradedesk/data"
)

// fyneLocales are the locales under which the chosen language is
// registered with Fyne. Fyne always follows the system's locale: it shows
// the registered language closest to the user's locales (the list the
// system gives, most preferred first), English when none is close. The
// chosen language is registered under exactly those locales, so that it is
// what Fyne picks, its own texts included, whatever the system speaks.
// (Registered under every locale Fyne might pick instead, the eighteen of
// its own and UpgradeDesk's translations, the catalogue took 18 MB.)
func fyneLocales() []fyne.Locale {
	out := []fyne.Locale{"en"}
	all, err := locale.GetLocales()
	if err != nil {
		return out
	}
	for _, l := range all {
		tag, err := language.Parse(l)
		if err != nil {
			continue
		}
		if loc := fyne.Locale(tag.String()); !slices.Contains(out, loc) {
			out = append(out, loc)
		}
	}
	return out
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
	for _, loc := range fyneLocales() {
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
