package reports

// SubsetFont returns a TrueType font holding only the glyphs of font (a
// TrueType font with glyf outlines) for the characters of the Basic
// Multilingual Plane that keep accepts, with outlines and advance widths
// unchanged. The desktop client uses it to give its text renderer, which
// parses every glyph of a font up front, the characters people type
// rather than all thirty thousand of Noto Sans SC.
func SubsetFont(font []byte, keep func(r rune) bool) ([]byte, error) {
	ff, err := parseFont(font)
	if err != nil {
		return nil, err
	}
	var runes []rune
	for r, g := range ff.gid {
		if g != 0 && keep(rune(r)) {
			runes = append(runes, rune(r))
		}
	}
	sub, err := subsetFont(ff, runes)
	if err != nil {
		return nil, err
	}
	return sub.data, nil
}
