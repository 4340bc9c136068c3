package uikit

import (
	"fmt"

	"fyne.io/fyne/v2"
)

// WindowPlace is a kind of window whose size and position each PC
// remembers: the preference key it is kept under and the size it opens
// with the first time.
type WindowPlace struct {
	Key  string
	Size fyne.Size
}

// Placer moves windows on the screen. Fyne cannot, so the desktop client
// gets one from the windowing system (cmd/upgradedesk); tests have none
// and only sizes are remembered.
type Placer interface {
	// Position returns where the window's content is on the screen.
	Position(win fyne.Window) (x, y int, ok bool)
	// Move puts the window's content at x, y on the screen.
	Move(win fyne.Window, x, y int)
	// WorkArea returns the part of the screen windows may use, without
	// the taskbar, in screen pixels, and how many of them one unit of
	// Fyne's sizes takes (the desktop's scaling).
	WorkArea() (area Area, scale float32, ok bool)
}

// Area is a rectangle of the screen, in pixels.
type Area struct{ X, Y, Width, Height int }

// Places remembers the size and position of windows in this PC's
// preferences ("<key>" = "width,height,x,y") and opens them there again,
// always within the screen.
type Places struct {
	Prefs  fyne.Preferences
	Placer Placer
}

// frameAllowance is what a window's frame and title bar take beside its
// content, at most, on the desktops the client runs on.
var frameAllowance = fyne.NewSize(16, 48)

// Open gives win the size it had when it was last closed on this PC, or
// p's size the first time; either shrunk to fit the screen. Call it
// before Show; Show's caller then calls Move.
func (p *Places) Open(win fyne.Window, place WindowPlace) {
	size := place.Size
	if saved, _, ok := p.saved(place); ok {
		size = saved
	}
	win.Resize(p.fit(size))
}

// Move puts a shown window where it was when last closed on this PC, if
// that is still on the screen.
func (p *Places) Move(win fyne.Window, place WindowPlace) {
	if p == nil || p.Placer == nil {
		return
	}
	size, pos, ok := p.saved(place)
	if !ok || pos == nil {
		return
	}
	a, scale, ok := p.Placer.WorkArea()
	if !ok {
		return
	}
	size = p.fit(size)
	x := clampInt(pos[0], a.X, a.X+a.Width-int(size.Width*scale))
	y := clampInt(pos[1], a.Y, a.Y+a.Height-int(size.Height*scale))
	p.Placer.Move(win, x, y)
}

// Remember keeps win's size and position for the next time it opens.
func (p *Places) Remember(win fyne.Window, place WindowPlace) {
	if p == nil || p.Prefs == nil {
		return
	}
	size := win.Canvas().Size()
	if size.Width < 1 || size.Height < 1 {
		return
	}
	v := fmt.Sprintf("%d,%d", int(size.Width), int(size.Height))
	if p.Placer != nil {
		if x, y, ok := p.Placer.Position(win); ok {
			v += fmt.Sprintf(",%d,%d", x, y)
		}
	}
	p.Prefs.SetString(place.Key, v)
}

// saved returns the size and, when known, the position kept for place.
func (p *Places) saved(place WindowPlace) (fyne.Size, []int, bool) {
	if p == nil || p.Prefs == nil {
		return fyne.Size{}, nil, false
	}
	var w, h, x, y int
	n, _ := fmt.Sscanf(p.Prefs.String(place.Key), "%d,%d,%d,%d", &w, &h, &x, &y)
	if n < 2 || w < 100 || h < 100 {
		return fyne.Size{}, nil, false
	}
	size := fyne.NewSize(float32(w), float32(h))
	if n < 4 {
		return size, nil, true
	}
	return size, []int{x, y}, true
}

// fit shrinks size to the screen's work area, frame included.
func (p *Places) fit(size fyne.Size) fyne.Size {
	if p == nil || p.Placer == nil {
		return size
	}
	a, scale, ok := p.Placer.WorkArea()
	if !ok || scale <= 0 {
		return size
	}
	return fyne.NewSize(min(size.Width, float32(a.Width)/scale-frameAllowance.Width),
		min(size.Height, float32(a.Height)/scale-frameAllowance.Height))
}

// clampInt returns v within lo and hi (lo when hi < lo).
func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
