package app

import (
	"sync"
	"time"
)

// watcher notices work done on other PCs: it polls the store's change
// sequence, a number that grows with every write, and calls onChange when
// it grew. Each poll is one tiny query, run on the watcher's goroutine.
// Tests call tick themselves instead of start.
type watcher struct {
	seq      func() (int64, error)
	onChange func()
	// onStatus is called with the error when the database stops answering
	// and with nil when it answers again.
	onStatus func(error)

	mu      sync.Mutex
	last    int64
	primed  bool
	failing bool
	done    chan struct{}
	once    sync.Once
}

func newWatcher(seq func() (int64, error), onChange func(), onStatus func(error)) *watcher {
	return &watcher{seq: seq, onChange: onChange, onStatus: onStatus, done: make(chan struct{})}
}

// start polls every interval until close.
func (w *watcher) start(interval time.Duration) {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
				w.tick()
			}
		}
	}()
}

// tick polls once and reports whether the database changed since the last
// poll. The first successful poll records the sequence and reports false.
func (w *watcher) tick() bool {
	n, err := w.seq()
	w.mu.Lock()
	changed := err == nil && w.primed && n != w.last
	statusChanged := (err != nil) != w.failing
	w.failing = err != nil
	if err == nil {
		w.last, w.primed = n, true
	}
	w.mu.Unlock()
	if statusChanged && w.onStatus != nil {
		w.onStatus(err)
	}
	if changed {
		w.onChange()
	}
	return changed
}

// close stops polling.
func (w *watcher) close() { w.once.Do(func() { close(w.done) }) }
