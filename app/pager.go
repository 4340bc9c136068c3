package app

import (
	"slices"
	"sync"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// Paging of the case list.
const (
	// pageSize is how many rows one query fetches.
	pageSize = 100
	// maxPages is how many pages are kept; the least recently shown go.
	maxPages = 30
	// reach is how far, in pages, from the rows last shown a page may be
	// and still be fetched: pages the user scrolled past are skipped.
	reach = 2
)

// casePager serves the rows of the case list page by page. A page is
// fetched from the store, off the UI goroutine, the first time one of its
// rows is shown; at most maxPages are kept. A new filter, a new order or
// a change in the database starts a new generation: the rows of the last
// one stay on screen until their page of the new one arrives.
type casePager struct {
	fetch func(data.CaseFilter) ([]data.CaseRow, int64, error)
	jobs  *uikit.Jobs
	// loaded is called on the UI goroutine after a fetch, with its error.
	loaded func(error)

	mu      sync.Mutex
	filter  data.CaseFilter
	gen     int
	total   int64
	pages   map[int]*casePage
	pending map[int]bool
	// focus is the page of the row shown last.
	focus int
	// busy is true while a goroutine fetches the pending pages.
	busy bool
	// failed is the generation whose fetch failed; it is not retried.
	failed int
	// counted is the generation whose total is known: its further pages
	// are fetched without counting.
	counted int
	clock   int
	fetches int
}

// casePage is one page of rows.
type casePage struct {
	rows []data.CaseRow
	gen  int
	// used is when a row of the page was last shown.
	used int
}

func newCasePager(fetch func(data.CaseFilter) ([]data.CaseRow, int64, error), j *uikit.Jobs, loaded func(error)) *casePager {
	return &casePager{fetch: fetch, jobs: j, loaded: loaded, total: -1, failed: -1, counted: -1,
		pages: map[int]*casePage{}, pending: map[int]bool{}}
}

// setFilter lists the cases matching f (its Offset and Limit are ignored).
func (p *casePager) setFilter(f data.CaseFilter) {
	p.mu.Lock()
	p.filter = f
	p.mu.Unlock()
	p.reload()
}

// currentFilter returns the filter in use.
func (p *casePager) currentFilter() data.CaseFilter {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.filter
}

// reload starts a new generation and fetches the page in view.
func (p *casePager) reload() {
	p.mu.Lock()
	p.gen++
	focus := p.focus
	p.mu.Unlock()
	p.want(focus)
}

// count returns how many cases match, 0 until the first page arrived.
func (p *casePager) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return int(max(p.total, 0))
}

// row returns row i, fetching its page when it is missing or old. It
// returns false while the row has not arrived.
func (p *casePager) row(i int) (*data.CaseRow, bool) {
	if i < 0 {
		return nil, false
	}
	n := i / pageSize
	p.mu.Lock()
	pg := p.pages[n]
	var r *data.CaseRow
	if pg != nil && i%pageSize < len(pg.rows) {
		p.clock++
		pg.used = p.clock
		r = &pg.rows[i%pageSize]
	}
	fresh := pg != nil && pg.gen == p.gen
	p.mu.Unlock()
	if !fresh {
		p.want(n)
	}
	return r, r != nil
}

// want asks for page n of the current generation.
func (p *casePager) want(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.focus = n
	if p.pending[n] || p.failed == p.gen {
		return
	}
	p.pending[n] = true
	if !p.busy {
		p.busy = true
		p.jobs.Go(p.fetchPending)
	}
}

// fetchPending fetches the wanted pages, nearest the focus first, until
// none is left.
func (p *casePager) fetchPending() {
	for {
		n, f, gen, ok := p.next()
		if !ok {
			return
		}
		f.Offset, f.Limit = n*pageSize, pageSize
		rows, total, err := p.fetch(f)
		p.store(n, gen, rows, total, err)
		p.jobs.Do(func() { p.loaded(err) })
	}
}

// next takes the pending page nearest the focus and drops those out of
// reach; ok is false, and the pager idle, when there is none.
func (p *casePager) next() (n int, f data.CaseFilter, gen int, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	best := -1
	for k := range p.pending {
		d := abs(k - p.focus)
		if d > reach {
			delete(p.pending, k)
			continue
		}
		if best < 0 || d < abs(best-p.focus) {
			best = k
		}
	}
	if best < 0 || p.failed == p.gen {
		p.busy = false
		clear(p.pending)
		return 0, f, 0, false
	}
	delete(p.pending, best)
	f = p.filter
	f.NoCount = p.counted == p.gen
	return best, f, p.gen, true
}

// store keeps a fetched page unless a newer generation started meanwhile.
func (p *casePager) store(n, gen int, rows []data.CaseRow, total int64, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen != p.gen {
		return
	}
	if err != nil {
		p.failed = gen
		return
	}
	p.fetches++
	p.clock++
	p.pages[n] = &casePage{rows: rows, gen: gen, used: p.clock}
	if total >= 0 {
		p.total, p.counted = total, gen
	}
	p.evict()
}

// evict drops the least recently shown pages beyond maxPages.
func (p *casePager) evict() {
	for len(p.pages) > maxPages {
		oldest, used := -1, 0
		for k, pg := range p.pages {
			if oldest < 0 || pg.used < used {
				oldest, used = k, pg.used
			}
		}
		delete(p.pages, oldest)
	}
}

// loadedPages returns the pages of the current generation in memory.
func (p *casePager) loadedPages() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for k, pg := range p.pages {
		if pg.gen == p.gen {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
