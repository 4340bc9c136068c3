package app

import (
	"sync"
	"time"
)

// watcher notices work done on other PCs: it polls the store's change
// sequence, a number that grows with every write, and calls onChange when
// it grew by another PC's writes. The client's own writes, which it shows
// already, are no change: reading everything again after each save would
// flash the progress bar in every case window. Each poll is one tiny
// query, run on the watcher's goroutine. Tests call tick themselves
// instead of start.
type watcher struct {
	seq func() (int64, error)
	// own reports whether the sequence grew from one number to the other
	// by this client's writes alone (data.Store.OwnChanges); nil for none.
	own      func(from, to int64) bool
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

func newWatcher(seq func() (int64, error), own func(from, to int64) bool, onChange func(),
	onStatus func(error)) *watcher {
	return &watcher{seq: seq, own: own, onChange: onChange, onStatus: onStatus, done: make(chan struct{})}
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

// tick polls once and reports whether another PC changed the database
// since the last poll. The first successful poll records the sequence and
// reports false.
func (w *watcher) tick() bool {
	n, err := w.seq()
	w.mu.Lock()
	changed := err == nil && w.primed && n != w.last && (w.own == nil || !w.own(w.last, n))
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
