package uikit

import (
	"sync"

	"fyne.io/fyne/v2"
)

// Jobs runs slow work (queries, saves, sign-in, exports) off the UI
// goroutine for the whole client. The work never touches widgets; what it
// shows is handed to Do, which runs it on the UI goroutine through fyne.Do.
// The zero value is ready to use.
//
// Tests choose one of two modes first. After Hold, Do queues the UI work
// and Wait runs it on the test's goroutine, which plays the UI goroutine,
// until every job and whatever they started are done. After Inline, Go
// runs the work at once on the caller's goroutine, so that a tap has done
// everything when it returns.
type Jobs struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	holding bool
	inline  bool
	queued  []func()
}

// Go runs work on a new goroutine, counted by Wait.
func (j *Jobs) Go(work func()) {
	if j.inline {
		work()
		return
	}
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		work()
	}()
}

// Do runs fn on the UI goroutine.
func (j *Jobs) Do(fn func()) {
	j.mu.Lock()
	if j.holding {
		j.queued = append(j.queued, fn)
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
	fyne.Do(fn)
}

// Hold makes Do queue its work for Wait (tests).
func (j *Jobs) Hold() {
	j.mu.Lock()
	j.holding = true
	j.mu.Unlock()
}

// Inline makes Go run its work at once on the caller's goroutine (tests).
func (j *Jobs) Inline() { j.inline = true }

// Wait waits for every job and runs the UI work they queued, until there
// is none left (tests).
func (j *Jobs) Wait() {
	for {
		j.wg.Wait()
		j.mu.Lock()
		fns := j.queued
		j.queued = nil
		j.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			fn()
		}
	}
}

// Background runs fetch off the UI goroutine, then show with its result
// on the UI goroutine.
func Background[T any](j *Jobs, fetch func() (T, error), show func(T, error)) {
	j.Go(func() {
		v, err := fetch()
		j.Do(func() { show(v, err) })
	})
}
