package data

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCheckDuringLiveWrites runs check again and again while two other
// processes (two PCs) each file a case every 300 ms: every check reads
// one snapshot, so none reports a problem. Bounded here; make reliability
// runs 20 checks of a 30,000-case database.
func TestCheckDuringLiveWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	cases, runs := 300, 5
	if os.Getenv(envReliability) != "" {
		cases, runs = 30000, 20
	}
	file := filepath.Join(t.TempDir(), "live.db")
	base, err := Open(file, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	pdf := func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.4 " + d.Case.No), nil }
	if _, err := base.FillDemo(DemoOptions{Cases: cases, Dossier: pdf}); err != nil {
		t.Fatal(err)
	}
	loc := file
	if onPostgres() {
		loc = newTestDatabase(t)
		dst, err := Open(loc, Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Migrate(context.Background(), base, dst, nil); err != nil {
			t.Fatal(err)
		}
		dst.Close()
	}
	base.Close()

	var wg sync.WaitGroup
	var mu sync.Mutex
	var outs []string
	stop := make(chan struct{})
	for _, u := range []string{"staff", "staff2"} {
		cmd := helperCommand(t, loc, "file-every", "300", u)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-stop
			cmd.Process.Kill()
			cmd.Wait()
			mu.Lock()
			outs = append(outs, out.String())
			mu.Unlock()
		}()
	}
	s := mustOpenPath(t, loc, Options{ReadOnly: true})
	time.Sleep(time.Second)
	alarms := 0
	var took time.Duration
	for i := 0; i < runs; i++ {
		start := time.Now()
		rep, err := s.Check(context.Background())
		took += time.Since(start)
		if err != nil {
			t.Fatalf("check %d: %v", i, err)
		}
		if !rep.OK() {
			alarms++
			t.Errorf("check %d reported a problem that is not there: %v %v %v", i, rep.Audit, rep.References, describeAll(rep.Records))
		}
	}
	close(stop)
	wg.Wait()
	filed := 0
	for _, o := range outs {
		filed += strings.Count(o, "filed")
		if strings.Contains(o, "error") {
			t.Errorf("a writer failed: %s", o)
		}
	}
	if filed == 0 {
		t.Fatal("nothing was written during the checks")
	}
	reliability(t, "%d cases: %d checks during live writes (%d cases filed meanwhile), %d false alarms, %v a check",
		cases, runs, filed, alarms, (took / time.Duration(runs)).Round(time.Millisecond))
}
