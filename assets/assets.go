// Package assets holds every file UpgradeDesk embeds in its binary: the
// Noto Sans SC fonts with their licence, the sRGB colour profile of the
// PDF documents, the application icon and the translations of the user
// interface.
//
// The package has no dependencies so that the UI, the PDF reports and the
// command line can all share the same bytes.
package assets

import (
	"embed"
	_ "embed" // the fonts and icon below are embedded as byte slices
)

// FontRegular is Noto Sans SC Regular (TrueType outlines, SIL OFL 1.1).
//
//go:embed fonts/NotoSansSC-Regular.ttf
var FontRegular []byte

// FontBold is Noto Sans SC Bold (TrueType outlines, SIL OFL 1.1).
//
//go:embed fonts/NotoSansSC-Bold.ttf
var FontBold []byte

// FontLicense is the SIL Open Font License that ships with the fonts.
//
//go:embed fonts/OFL.txt
var FontLicense []byte

// ReleaseNotes are the notes of this version and the earlier ones, one
// section "## <version>" each, newest first; the packages ship them beside
// the executable as RELEASE-NOTES.txt, and the administrator puts them in
// the update folder beside the installers.
//
//go:embed RELEASE-NOTES.txt
var ReleaseNotes string

// Printable is a bitmap of the characters of the Basic Multilingual
// Plane the documents can print: bit r%8 of byte r/8 is set for each. It is
// derived from the fonts; the reports package's tests check it (and
// rewrite it with -update).
//
//go:embed fonts/printable.bin
var Printable []byte

// SRGBProfile is the ICC's sRGB2014 colour profile (as bundled with
// codeberg.org/go-pdf/fpdf in its icc folder, LICENSE.color.org beside
// it): the output intent of every PDF/A document.
//
//go:embed icc/sRGB2014.icc
var SRGBProfile []byte

// Icon is the 512×512 PNG application icon (the Windows executable's,
// the installers' and the desktop entry's).
//
//go:embed icon.png
var Icon []byte

// WindowIcon is Icon scaled to 128×128, for the client's windows and
// screens: decoded, the 512-pixel icon takes 1 MB in every window that
// shows it, where no screen or taskbar draws it larger than 96 pixels.
// The uikit package's tests check it is Icon scaled (and rewrite it with
// -update).
//
//go:embed icon-128.png
var WindowIcon []byte

// Translations holds one JSON file per language in the directory
// TranslationsDir, named after the language code: zh.json and en.json.
//
//go:embed translations
var Translations embed.FS

// TranslationsDir is the directory of Translations that holds the files.
const TranslationsDir = "translations"
