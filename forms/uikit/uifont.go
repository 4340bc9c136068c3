package uikit

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"upgradedesk/data"
	"upgradedesk/reports"
)

// The client's text renderer expands every glyph of a TrueType font into
// its points when it loads the font: about 80 MB of memory for each weight
// of the complete Noto Sans SC. The client therefore gives it the fonts cut
// down to what Chinese office text uses (every character outside the CJK
// ideographs and Hangul, and the 6,763 ideographs of GB 2312 with those of
// the translations) and with their outlines in a CFF table, which the
// renderer keeps as the compact charstrings they are: 3.7 MB for a weight
// loaded instead of 8.8 MB with the TrueType outlines of the same cut. A
// rarer character is still shown: Fyne draws a character its fonts lack
// with a system font that has it.
//
// The cut fonts are kept in the user's cache folder, so that later starts
// neither spend the time to cut them nor read the complete fonts.

// uiFontFormat changes whenever the way the fonts are cut changes.
const uiFontFormat = 2

// uiFont returns font cut down for the client, or font itself if cutting
// fails; cached reports whether the cut is in the cache folder.
func uiFont(font []byte, name string) (cut []byte, cached bool) {
	set := uiRunes()
	path := uiFontCachePath(name, len(font), set)
	if b := readCachedFont(path); b != nil {
		return b, true
	}
	sub, err := reports.SubsetFont(font, set.keep)
	if err != nil {
		fyne.LogError("cut the "+name+" font", err)
		return font, false
	}
	if otf, err := reports.ConvertToCFF(sub); err != nil {
		fyne.LogError("give the "+name+" font CFF outlines", err)
	} else {
		sub = otf
	}
	if path == "" {
		return sub, false
	}
	if err := writeCachedFont(path, sub); err != nil {
		fyne.LogError("keep the cut "+name+" font", err)
		return sub, false
	}
	removeOtherCuts(path, name)
	return sub, true
}

// removeOtherCuts deletes the cuts of the weight name in the cache folder
// other than the one at path: those an earlier version made, or made of
// other characters.
func removeOtherCuts(path, name string) {
	others, _ := filepath.Glob(filepath.Join(filepath.Dir(path), name+"-*"))
	for _, p := range others {
		if p != path {
			_ = os.Remove(p)
		}
	}
}

// uiFontResource is the theme's resource for font (resource name res),
// cut down. Fyne parses a font once for each text style, and keeps only
// what it parsed: a cut kept in the cache folder is read from there each
// time rather than held by the client for its whole life (3.1 MB a
// weight).
func uiFontResource(res string, font []byte, name string) fyne.Resource {
	cut, cached := uiFont(font, name)
	if !cached {
		return fyne.NewStaticResource(res, cut)
	}
	return &cachedFont{res: res, font: font, name: name, next: cut}
}

// cachedFont is a cut font in the cache folder (see uiFontResource).
type cachedFont struct {
	res, name string
	font      []byte // the complete font, to cut again if the cache went

	mu   sync.Mutex
	next []byte // the cut just read or made, given out once
}

func (f *cachedFont) Name() string { return f.res }

// Content returns the cut font, read from the cache folder (or cut again
// when it is no longer there).
func (f *cachedFont) Content() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b := f.next; b != nil {
		f.next = nil
		return b
	}
	b, _ := uiFont(f.font, f.name)
	return b
}

// uiFontCachePath names the cached cut of a font: its weight and size, and
// a digest of the characters kept. It is "" when there is no cache folder.
func uiFontCachePath(name string, size int, set runeSet) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	runes := make([]rune, 0, len(set))
	for r := range set {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	h := sha256.New()
	fmt.Fprintf(h, "%d %s %d %s", uiFontFormat, name, size, string(runes))
	return filepath.Join(dir, "UpgradeDesk", "fonts", fmt.Sprintf("%s-%x.otf", name, h.Sum(nil)[:8]))
}

// readCachedFont returns the cached font at path if it is whole: the file
// ends with the SHA-256 of what comes before it.
func readCachedFont(path string) []byte {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) < sha256.Size {
		return nil
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil
	}
	return body
}

// writeCachedFont stores font with its SHA-256, through a temporary file.
func writeCachedFont(path string, font []byte) error {
	sum := sha256.Sum256(font)
	return WriteFileAtomically(path, ".font-*", append(append([]byte{}, font...), sum[:]...), 0o755)
}

// runeSet is a set of characters.
type runeSet map[rune]bool

func (s runeSet) keep(r rune) bool {
	if isIdeograph(r) || unicode.Is(unicode.Hangul, r) {
		return s[r]
	}
	return true
}

// isIdeograph reports whether r is a CJK ideograph.
func isIdeograph(r rune) bool { return unicode.Is(unicode.Han, r) && r > 0x3007 }

var uiRuneSet runeSet

// uiRunes returns the ideographs the client's fonts keep: GB 2312's and
// those of the translations.
func uiRunes() runeSet {
	if uiRuneSet != nil {
		return uiRuneSet
	}
	set := runeSet{}
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := 0xB0; hi <= 0xF7; hi++ { // GB 2312 rows 16-87: the ideographs
		for lo := 0xA1; lo <= 0xFE; lo++ {
			if out, err := dec.Bytes([]byte{byte(hi), byte(lo)}); err == nil {
				for _, r := range string(out) {
					if isIdeograph(r) {
						set[r] = true
					}
				}
			}
		}
	}
	for _, code := range data.Languages {
		for _, text := range data.Catalog(code) {
			for _, r := range text {
				set[r] = true
			}
		}
	}
	uiRuneSet = set
	return set
}
