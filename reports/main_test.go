package reports

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"upgradedesk/data"
)

// TestMain fixes the local time zone, which documents print times in, so
// that output and golden images do not depend on the machine, and
// removes the demo database afterwards.
func TestMain(m *testing.M) {
	time.Local = time.FixedZone("CST", 8*3600)
	code := m.Run()
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}

// demoNow is the demo library's today.
var demoNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// demoCases is how many cases the shared demo database holds: two for
// every state of the procedure, and the demo's standard and emergency
// changes.
const demoCases = 37

// demo is the demo database shared by the tests, built on first use.
var demo struct {
	once  sync.Once
	dir   string
	path  string
	err   error
	store *data.Store
}

// demoStore returns the shared demo database (read-only for the tests):
// data.Store.FillDemo with demoCases cases in every state, whose closed
// cases are archived with the dossier ArchiveDossier makes.
func demoStore(t testing.TB) *data.Store {
	t.Helper()
	demo.once.Do(func() {
		if demo.dir, demo.err = os.MkdirTemp("", "reports-demo-"); demo.err != nil {
			return
		}
		demo.path = filepath.Join(demo.dir, "demo.db")
		s, err := data.Open(demo.path, data.Options{Create: true})
		if err != nil {
			demo.err = err
			return
		}
		_, demo.err = s.FillDemo(data.DemoOptions{Cases: demoCases, Now: demoNow, Dossier: ArchiveDossier})
		demo.store = s
	})
	if demo.err != nil {
		t.Fatalf("demo database: %v", demo.err)
	}
	return demo.store
}

// demoDossiers returns the dossier of every demo case.
func demoDossiers(t testing.TB) []*data.Dossier {
	t.Helper()
	s := demoStore(t)
	rows, _, err := s.ListCases(data.CaseFilter{Sort: "no", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*data.Dossier, len(rows))
	for i, r := range rows {
		if out[i], err = s.Dossier(r.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
