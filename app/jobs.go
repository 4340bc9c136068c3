package app

import (
	"sync"

	"fyne.io/fyne/v2"
)

// jobs runs slow work (queries, sign-in, demo data) off the UI goroutine.
// The work never touches widgets; what it shows is handed to do, which
// runs it on the UI goroutine through fyne.Do.
//
// Tests call hold first: then do queues the UI work, and wait runs it on
// the test's goroutine, which plays the UI goroutine, until every job and
// whatever they started are done.
type jobs struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	holding bool
	queued  []func()
}

// goWork runs work on a new goroutine, counted by wait.
func (j *jobs) goWork(work func()) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		work()
	}()
}

// do runs fn on the UI goroutine.
func (j *jobs) do(fn func()) {
	j.mu.Lock()
	if j.holding {
		j.queued = append(j.queued, fn)
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
	fyne.Do(fn)
}

// hold makes do queue its work for wait (tests).
func (j *jobs) hold() {
	j.mu.Lock()
	j.holding = true
	j.mu.Unlock()
}

// wait waits for every job and runs the UI work they queued, until there
// is none left (tests).
func (j *jobs) wait() {
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

// background runs fetch off the UI goroutine, then show with its result on
// the UI goroutine.
func background[T any](j *jobs, fetch func() (T, error), show func(T, error)) {
	j.goWork(func() {
		v, err := fetch()
		j.do(func() { show(v, err) })
	})
}
