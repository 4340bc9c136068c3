package data

import (
	"strings"
	"unicode"
)

// Free-text search over cases. Chinese has no spaces between words, so the
// search index stores every CJK character (and every other non-ASCII
// letter or digit) as a word of its own and ASCII letters and digits as
// words; a query becomes the phrase of its words. That matches any
// substring of Chinese text, one or two characters included, and whole
// words or word prefixes of Latin text, through SQLite's full-text index
// (see dialect_sqlite.go) instead of scanning every case.

// searchWords splits text into the words of the search index.
func searchWords(text string) []string {
	var words []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			words = append(words, strings.ToLower(word.String()))
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			word.WriteRune(r)
		case r >= 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r)):
			flush()
			words = append(words, string(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// searchText is the text stored in the search index for a case.
func searchText(c *Case) string {
	parts := []string{c.No, c.Title, c.Content, c.Problem, c.Impact}
	return strings.Join(searchWords(strings.Join(parts, "\n")), " ")
}

// searchPhrase turns a query into a full-text phrase: its words in order,
// the last one as a prefix when it is a Latin word. It returns "" when the
// query has no words.
func searchPhrase(query string) string {
	words := searchWords(query)
	if len(words) == 0 {
		return ""
	}
	last := words[len(words)-1]
	if last[0] < 128 {
		words[len(words)-1] = last + "*"
	}
	return `"` + strings.Join(words, " ") + `"`
}
