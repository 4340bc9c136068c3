package data

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"sync"
	"text/template"

	"upgradedesk/assets"
)

// Languages of messages and labels.
const (
	LangZH = "zh"
	LangEN = "en"
)

// Languages lists the languages, the default first.
var Languages = []string{LangZH, LangEN}

var (
	catalogOnce sync.Once
	catalogs    map[string]map[string]string
	tmplCache   sync.Map // lang+"\x00"+key → *template.Template
)

// loadCatalogs reads <lang>.json and any <part>.<lang>.json of the
// embedded translations. They are part of the binary, so a missing or
// malformed file is a build defect and panics.
func loadCatalogs() {
	catalogs = map[string]map[string]string{LangZH: {}, LangEN: {}}
	entries, err := assets.Translations.ReadDir(assets.TranslationsDir)
	if err != nil {
		panic("data: translations missing: " + err.Error())
	}
	for _, e := range entries {
		for l, m := range catalogs {
			if e.Name() != l+".json" && !strings.HasSuffix(e.Name(), "."+l+".json") {
				continue
			}
			b, err := assets.Translations.ReadFile(assets.TranslationsDir + "/" + e.Name())
			if err == nil {
				err = json.Unmarshal(b, &m)
			}
			if err != nil {
				panic("data: bad translations " + e.Name() + ": " + err.Error())
			}
		}
	}
}

// T returns the text of key in lang ("zh" or "en"; anything else is
// Chinese), filled with args like lang.L does ({{.Name}} placeholders).
// The texts are the same files the desktop client loads, so a label reads
// the same in a dialog, a PDF and the command line. An unknown key is
// returned as it is.
func T(lang, key string, args map[string]any) string {
	catalogOnce.Do(loadCatalogs)
	cat, ok := catalogs[lang]
	if !ok {
		lang, cat = LangZH, catalogs[LangZH]
	}
	text, ok := cat[key]
	if !ok {
		return key
	}
	if !strings.Contains(text, "{{") {
		return text
	}
	ck := lang + "\x00" + key
	t, ok := tmplCache.Load(ck)
	if !ok {
		parsed, err := template.New(key).Option("missingkey=zero").Parse(text)
		if err != nil {
			return text
		}
		t, _ = tmplCache.LoadOrStore(ck, parsed)
	}
	var sb strings.Builder
	if err := t.(*template.Template).Execute(&sb, args); err != nil {
		return text
	}
	return sb.String()
}

// Catalog returns every text of lang ("zh" or "en") by its key, as the
// desktop client registers them with its toolkit; nil for a language
// there is no catalogue of.
func Catalog(lang string) map[string]string {
	catalogOnce.Do(loadCatalogs)
	return maps.Clone(catalogs[lang])
}

// Args returns the arguments of a message given as alternating names and
// values, such as "Name", "借还", "N", 3; nil for none.
func Args(kv ...any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// Label returns the Chinese text of key, for documents and logs.
func Label(key string) string { return T(LangZH, key, nil) }
