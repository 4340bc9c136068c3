package main

import "github.com/go-gl/glfw/v3.3/glfw"

// noDepthBuffer asks GLFW for windows without a depth and a stencil
// buffer. Fyne draws in two dimensions and tests neither, but leaves GLFW's
// defaults (24-bit depth, 8-bit stencil), so that every window carried a
// buffer of four bytes a pixel it never used and cleared it with every
// frame: 3.4 MB for a window of 1200×720 pixels, in the client's memory
// where the screen is drawn in software. GLFW keeps its hints from one
// window to the next once it is initialised, and glfw.Init does nothing
// when it already is, as it is when Fyne calls it before its first window.
// It runs on the main thread, before Fyne opens a window; if GLFW cannot
// start, nothing is asked and Fyne reports the failure with its first
// window.
func noDepthBuffer() {
	defer func() { _ = recover() }() // GLFW's "not initialised", when Init failed
	if glfw.Init() != nil {
		return
	}
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
}
