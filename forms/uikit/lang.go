package uikit

import (
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"upgradedesk/assets"
)

// Language codes the client is translated into.
const (
	LangChinese = "zh"
	LangEnglish = "en"
)

// Languages lists the supported language codes, the default first.
var Languages = []string{LangChinese, LangEnglish}

// fyneLocales are the locales Fyne may pick from the operating system's
// settings: English (its fallback), the languages of its own built-in
// translations, and the two of UpgradeDesk. Fyne always follows the system
// locale, so the chosen language is registered under every one of them;
// whatever Fyne picks then speaks the language the user chose.
var fyneLocales = []fyne.Locale{
	"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv",
	"ta", "uk", "zh-Hans", "zh", "zh-Hant", "ja", "ko",
}

// SetLanguage loads the translations of code (LangChinese or LangEnglish)
// through fyne.io/fyne/v2/lang so that lang.L returns them. Widgets built
// before the call keep their old text.
func SetLanguage(code string) error {
	m, err := TranslationKeys(code)
	if err != nil {
		return err
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	for _, loc := range fyneLocales {
		if err := lang.AddTranslationsForLocale(data, loc); err != nil {
			return fmt.Errorf("load %s translations: %w", code, err)
		}
	}
	current = code
	return nil
}

var current = LangChinese

// Language returns the code of the language last set with SetLanguage.
func Language() string { return current }

// TranslationKeys returns the translations of language code: the file
// <code>.json merged with any <part>.<code>.json beside it.
func TranslationKeys(code string) (map[string]string, error) {
	entries, err := assets.Translations.ReadDir(assets.TranslationsDir)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	found := false
	for _, e := range entries {
		name := e.Name()
		if name != code+".json" && !strings.HasSuffix(name, "."+code+".json") {
			continue
		}
		data, err := assets.Translations.ReadFile(assets.TranslationsDir + "/" + name)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		found = true
	}
	if !found {
		return nil, fmt.Errorf("language %q is not available", code)
	}
	return m, nil
}
