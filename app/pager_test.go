package app

import (
	"slices"
	"testing"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// fakeCases serves n numbered rows and records the offsets asked for.
// While gate is open (not nil and not closed), fetches wait for it.
type fakeCases struct {
	n       int
	offsets []int
	gate    chan struct{}
}

func (f *fakeCases) list(cf data.CaseFilter) ([]data.CaseRow, int64, error) {
	if f.gate != nil {
		<-f.gate
	}
	f.offsets = append(f.offsets, cf.Offset)
	var rows []data.CaseRow
	for i := cf.Offset; i < min(cf.Offset+cf.Limit, f.n); i++ {
		rows = append(rows, data.CaseRow{ID: uint(i + 1)})
	}
	return rows, int64(f.n), nil
}

func TestPagerFetchesPagesWhenTheirRowsAreShown(t *testing.T) {
	src := &fakeCases{n: 100_000}
	j := &uikit.Jobs{}
	j.Hold()
	loads := 0
	p := newCasePager(src.list, j, func(error) { loads++ })
	p.reload()
	j.Wait()
	if p.count() != 100_000 || !slices.Equal(src.offsets, []int{0}) {
		t.Fatalf("count %d, offsets %v", p.count(), src.offsets)
	}
	t.Run("a row far down fetches its page only", func(t *testing.T) {
		if _, ok := p.row(54_321); ok {
			t.Error("a row not fetched yet is served")
		}
		j.Wait()
		r, ok := p.row(54_321)
		if !ok || r.ID != 54_322 {
			t.Errorf("row %+v", r)
		}
		if !slices.Equal(p.loadedPages(), []int{0, 543}) {
			t.Errorf("pages %v", p.loadedPages())
		}
	})
	t.Run("pages scrolled past are skipped", func(t *testing.T) {
		src.offsets = nil
		src.gate = make(chan struct{})
		for page := 1000; page < 1010; page++ {
			p.row(page * pageSize)
		}
		close(src.gate)
		j.Wait()
		if len(src.offsets) > 1+2*reach {
			t.Errorf("%d pages fetched while scrolling past ten: %v", len(src.offsets), src.offsets)
		}
	})
	t.Run("at most maxPages are kept", func(t *testing.T) {
		for page := range maxPages + 10 {
			p.row(page * pageSize)
			j.Wait()
		}
		if n := len(p.loadedPages()); n > maxPages {
			t.Errorf("%d pages kept", n)
		}
	})
	t.Run("a reload keeps old rows on screen until new ones arrive", func(t *testing.T) {
		p.row(0)
		j.Wait()
		p.reload()
		if _, ok := p.row(0); !ok {
			t.Error("row 0 vanished during the reload")
		}
		j.Wait()
	})
}
