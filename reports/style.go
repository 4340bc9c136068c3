package reports

import "upgradedesk/data"

// Page geometry, in millimetres. A4 portrait.
const (
	pageWidth   = 210.0
	pageHeight  = 297.0
	marginRight = 18.0
	// DefaultBindingMargin is the left margin when none is set: room to
	// bind the archive copies on their left edge. MinBindingMargin and
	// MaxBindingMargin bound the margin a library may set.
	DefaultBindingMargin = data.DefaultBindingMargin
	MinBindingMargin     = data.MinBindingMargin
	MaxBindingMargin     = data.MaxBindingMargin

	headerBaseline  = 12.5 // library name and title on every page
	headerRuleY     = 14.5
	contentTop      = 20.0
	contentBottom   = 276.0
	footerRuleY     = 279.0
	footerBaseline  = 283.5 // case number, code and page number
	footerBaseline2 = 287.5 // generation time

	blockGap = 2.5 // space after each block

	// columnsWidth is what the widths of the documents' table columns, in
	// millimetres, add up to; they are relative weights, scaled to the
	// content width.
	columnsWidth = 174.0
)

// Type sizes, in points.
const (
	sizeTitle   = 16.0
	sizeMeta    = 9.0
	sizeHeader  = 8.0
	sizeFooter  = 8.0
	sizeHeading = 11.0
	sizePart    = 12.5 // part headings of the dossier
	sizeCover   = 15.0 // the case title on the dossier's cover
	sizeBody    = 10.0
	sizeTable   = 9.5
	sizeNote    = 8.0
)

// Grey levels (0 black, 255 white).
const (
	greyText      gray = 0
	greyMuted     gray = 90  // header, footer, meta line
	greyNote      gray = 110 // Note
	greyRule      gray = 120 // header and footer rules
	greyBorder    gray = 0   // table and form borders
	greyHeading   gray = 215 // heading bar
	greyPart      gray = 190 // part heading bar of the dossier
	greyLabel     gray = 236 // label cells and table header
	borderWidth        = 0.25
	thinRuleWidth      = 0.2
	signRuleWidth      = 0.3
)

// Cell padding and minimum heights, in millimetres.
const (
	cellPadX      = 1.8
	cellPadY      = 1.2
	minRowHeight  = 7.5
	fieldLabelW   = 34.0 // fits an eight-character bold label
	qrSize        = 20.0 // QR code on page 1; its quiet zone is the white space around it
	signRowHeight = 11.5
	keepWithNext  = 14.0 // a heading needs at least this much room below it
	// maxWholeRow is the height above which a row may be split across
	// pages (leaving at least two lines on each); a lower one moves whole
	// to the next page when it does not fit.
	maxWholeRow = 80.0
	// maxWholeNote is the height above which a note may be split across
	// pages (leaving at least two lines on each).
	maxWholeNote = 40.0
	// emptyTextHeight is the height of a text box with nothing in it:
	// room to write by hand.
	emptyTextHeight = 20.0
)

// ptToMM converts points to millimetres.
const ptToMM = 25.4 / 72

// lineHeight returns the distance between baselines for a type size in
// points, in millimetres.
func lineHeight(sizePt float64) float64 { return sizePt * ptToMM * 1.4 }

// baselineOffset returns how far below the top of a line box of the given
// height the baseline of text of the given size lies, so that ideographs
// (which span about 0.88 em above and 0.12 em below the baseline) sit in
// the middle of the box.
func baselineOffset(boxHeight, sizePt float64) float64 {
	return boxHeight/2 + 0.38*sizePt*ptToMM
}
