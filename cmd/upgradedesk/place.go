package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.3/glfw"

	"upgradedesk/forms/uikit"
)

// glfwPlacer finds and moves the client's windows on the screen through
// GLFW, the windowing library under Fyne's desktop driver, which Fyne
// itself does not offer (uikit.Placer). Every call runs on the UI
// goroutine, GLFW's thread.
type glfwPlacer struct{}

// Position returns where the window's content is on the screen.
func (glfwPlacer) Position(win fyne.Window) (x, y int, ok bool) {
	withGLFW(win, func(w *glfw.Window) {
		x, y = w.GetPos()
		ok = true
	})
	return x, y, ok
}

// Move puts the window's content at x, y.
func (glfwPlacer) Move(win fyne.Window, x, y int) {
	withGLFW(win, func(w *glfw.Window) { w.SetPos(x, y) })
}

// WorkArea returns the primary monitor's area without the taskbar and its
// scaling.
func (glfwPlacer) WorkArea() (uikit.Area, float32, bool) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return uikit.Area{}, 0, false
	}
	x, y, w, h := m.GetWorkarea()
	sx, _ := m.GetContentScale()
	if w <= 0 || h <= 0 {
		return uikit.Area{}, 0, false
	}
	return uikit.Area{X: x, Y: y, Width: w, Height: h}, max(sx, 1), true
}

// withGLFW runs fn with the GLFW window of win once the window exists on
// the screen: Fyne makes its context current for the call, and GLFW
// names the window whose context is current.
func withGLFW(win fyne.Window, fn func(*glfw.Window)) {
	if !created(win) {
		return
	}
	rc, ok := win.(interface{ RunWithContext(func()) })
	if !ok {
		return
	}
	rc.RunWithContext(func() {
		if w := glfw.GetCurrentContext(); w != nil {
			fn(w)
		}
	})
}

// created reports whether win has a native window yet.
func created(win fyne.Window) bool {
	nw, ok := win.(driver.NativeWindow)
	if !ok {
		return false
	}
	var handle uintptr
	nw.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.X11WindowContext:
			handle = c.WindowHandle
		case driver.WindowsWindowContext:
			handle = c.HWND
		case driver.MacWindowContext:
			handle = c.NSWindow
		}
	})
	return handle != 0
}
