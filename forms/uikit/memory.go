package uikit

import (
	"runtime/debug"
	"sync"
	"time"
)

// The client's big moments of work (signing in, which hashes the password
// with 19 MB of Argon2 memory and parses the bold font; opening or closing
// a case window, which builds or drops every form) leave tens of
// megabytes of garbage. Go collects it, but gives the pages back to the
// operating system only slowly, so the client stayed 50–60 MB larger
// than what it holds for minutes after each of them.

// releaseAfter is how long the client must have been quiet before the
// memory is given back: long enough for the window to have settled.
const releaseAfter = 1500 * time.Millisecond

var release struct {
	sync.Mutex
	timer *time.Timer
}

// ReleaseMemorySoon gives the memory freed by a burst of work back to the
// operating system once no other burst followed for releaseAfter: a
// collection and a return of the free pages, on a goroutine of its own.
func ReleaseMemorySoon() {
	release.Lock()
	defer release.Unlock()
	if release.timer == nil {
		release.timer = time.AfterFunc(releaseAfter, debug.FreeOSMemory)
		return
	}
	release.timer.Reset(releaseAfter)
}
