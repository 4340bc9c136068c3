package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// holdWriteLock takes the database's write lock on a connection of its
// own, as another PC in the middle of a long write would, until release
// is called.
func holdWriteLock(t *testing.T, location string) (release func()) {
	t.Helper()
	var db *sql.DB
	var err error
	if IsURL(location) {
		db = rawPG(t, location)
	} else if db, err = sql.Open("sqlite3", location+"?_txlock=immediate"); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if IsURL(location) {
		_, err = tx.Exec("SELECT pg_advisory_xact_lock($1)", pgWriteLock)
	} else {
		_, err = tx.Exec("UPDATE audit_head SET seq = seq WHERE id = 1")
	}
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { tx.Rollback(); db.Close() }) }
	t.Cleanup(release)
	return release
}

// TestPatientWritesWaitAndCanBeStopped: a write that finds the database
// locked past the busy timeout keeps waiting, says so once, and gets
// through when the lock goes, or stops when told to, saving nothing.
func TestPatientWritesWaitAndCanBeStopped(t *testing.T) {
	f := newFixture(t)
	loc := f.s.Location()
	s := mustOpenPath(t, loc, Options{BusyTimeout: 200 * time.Millisecond})
	var mu sync.Mutex
	var told, finished int
	patient := s.Patient(func(op string) (context.Context, func()) {
		mu.Lock()
		told++
		mu.Unlock()
		return context.Background(), func() { mu.Lock(); finished++; mu.Unlock() }
	})
	release := holdWriteLock(t, loc)
	if err := s.NewCase(s.sessionOf(f.u["staff"].User()), f.request("不等待")); ErrorCode(err) != ELocked {
		t.Fatalf("an impatient write: %v", err)
	}
	go func() {
		time.Sleep(time.Second)
		release()
	}()
	c := f.request("等其他电脑写完")
	if err := patient.NewCase(patient.sessionOf(f.u["staff"].User()), c); err != nil {
		t.Fatalf("a patient write: %v", err)
	}
	if told != 1 || finished != 1 || c.ID == 0 {
		t.Fatalf("told %d times, finished %d times, case %d", told, finished, c.ID)
	}

	release = holdWriteLock(t, loc)
	defer release()
	ctx, stop := context.WithCancel(context.Background())
	stopping := s.Patient(func(string) (context.Context, func()) {
		go func() { time.Sleep(300 * time.Millisecond); stop() }() // the user presses 取消
		return ctx, func() {}
	})
	stopped := f.request("等待时取消")
	if err := stopping.NewCase(stopping.sessionOf(f.u["staff"].User()), stopped); ErrorCode(err) != ECancelled {
		t.Fatalf("a stopped write: %v", err)
	}
	if stopped.ID != 0 {
		t.Error("the stopped write changed the caller's record")
	}
	release()
	var n int64
	f.s.db.Model(&Case{}).Where("title = ?", "等待时取消").Count(&n)
	if n != 0 {
		t.Error("the stopped write was saved")
	}
}

// concurrentCreates runs procs processes creating n cases each at the
// same time, with writes that wait (patient) or fail past a busy timeout
// of busyMS, and returns the numbers given, the lock errors surfaced and
// the waits past the timeout.
func concurrentCreates(t *testing.T, path string, procs, n, busyMS int, patient bool) (numbers []string, locked, waits int) {
	t.Helper()
	mode := "create-count"
	if patient {
		mode = "create-patient"
	}
	users := []string{"staff", "otherstaff", "head", "otherhead", "sysadmin", "sysadmin2", "director", "dataadmin"}
	outs := make([][]byte, procs)
	errs := make([]error, procs)
	var wg sync.WaitGroup
	for i := 0; i < procs; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cmd := helperCommand(t, path, mode, strconv.Itoa(n), users[i%len(users)])
			cmd.Env = append(cmd.Env, "UPGRADEDESK_TEST_BUSY_MS="+strconv.Itoa(busyMS))
			outs[i], errs[i] = cmd.CombinedOutput()
		}(i)
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil {
			t.Fatalf("process %d: %v\n%s", i, errs[i], outs[i])
		}
		for _, line := range strings.Split(strings.TrimSpace(string(outs[i])), "\n") {
			var w, l int
			if _, err := fmt.Sscanf(line, "waits %d locked %d", &w, &l); err == nil {
				waits += w
				locked += l
				continue
			}
			if strings.HasPrefix(line, "SJ-") {
				numbers = append(numbers, line)
			}
		}
	}
	return numbers, locked, waits
}

// TestConcurrentCreatesSurfaceNoLockErrors: eight processes create cases
// at once with a short busy timeout; patient writes surface no lock
// error, and the numbers stay distinct and gap-free.
func TestConcurrentCreatesSurfaceNoLockErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	procs, n := 8, 30
	if os.Getenv(envReliability) != "" {
		n = 150
		// For comparison: the same without waiting past the timeout.
		path := filepath.Join(t.TempDir(), "impatient.db")
		f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
		f.s.Close()
		numbers, locked, _ := concurrentCreates(t, path, procs, n, 100, false)
		reliability(t, "%d processes × %d creates, writes that give up after the busy timeout of 100 ms: %d created, %d lock errors surfaced",
			procs, n, len(numbers), locked)
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	f.s.Close()
	numbers, locked, waits := concurrentCreates(t, path, procs, n, 100, true)
	if locked != 0 || len(numbers) != procs*n {
		t.Fatalf("%d of %d creates, %d lock errors surfaced", len(numbers), procs*n, locked)
	}
	seen := map[string]bool{}
	for _, no := range numbers {
		if seen[no] {
			t.Fatalf("number %s given twice", no)
		}
		seen[no] = true
	}
	year := time.Now().Year()
	for i := 1; i <= procs*n; i++ {
		if !seen[CaseNo(year, i)] {
			t.Fatalf("number %s missing", CaseNo(year, i))
		}
	}
	reliability(t, "%d processes × %d creates, patient writes, busy timeout 100 ms: %d created, %d lock errors surfaced, %d waits past the timeout",
		procs, n, len(numbers), locked, waits)
	s := mustOpenPath(t, path, Options{})
	if rep, err := s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", err, rep)
	}
}

// TestMigrateWhileInUse migrates a SQLite file while another process keeps
// filing cases in it: the copy is what was read (no difference found) and
// passes check, and the writer never failed.
func TestMigrateWhileInUse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "source.db")
	src, err := Open(path, Options{Create: true}) // a file, on every engine
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pdf := func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.4 " + d.Case.No), nil }
	if _, err := src.FillDemo(DemoOptions{Cases: 60, Dossier: pdf}); err != nil {
		t.Fatal(err)
	}
	writer := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	writer.Env = append(os.Environ(), helperEnv+"="+path+"\x1f"+"slow-writer")
	var out strings.Builder
	writer.Stdout, writer.Stderr = &out, &out
	if err := writer.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	dst := mustOpen(t)
	if dst.Engine() == "sqlite" {
		dst = mustOpenPath(t, filepath.Join(dir, "target.db"), Options{Create: true})
	}
	rep, err := Migrate(context.Background(), src, dst, nil)
	writer.Process.Signal(os.Interrupt)
	writer.Process.Kill()
	writer.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Differences) > 0 {
		t.Fatalf("differences: %q", rep.Differences)
	}
	if strings.Contains(out.String(), "error") {
		t.Fatalf("the writer failed: %s", out.String())
	}
	if check, err := dst.Check(context.Background()); err != nil || !check.OK() {
		t.Fatalf("check of the copy: %v %+v", err, check)
	}
}

// TestLargeImportHoldsTheLockBriefly imports a ledger of many systems
// while another PC (a second store, not patient, default busy timeout)
// files a case every 100 ms: none of its saves fails, and the longest it
// waited is what the import's write holds the lock. Bounded here; make
// reliability imports 20,000 systems, the most a workbook may hold.
func TestLargeImportHoldsTheLockBriefly(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	n := 2000
	if os.Getenv(envReliability) != "" {
		n = MaxWorkbookRows
	}
	f := newFixture(t)
	other := mustOpenPath(t, f.s.Location(), Options{})
	systems := make([]SystemImport, n)
	for i := range systems {
		systems[i] = SystemImport{System: System{Name: fmt.Sprintf("系统 %05d", i), CurrentVersion: "V1.0"}, OwnerDept: f.it.Name}
	}
	stop := make(chan struct{})
	var longest time.Duration
	var saves, failed int
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			start := time.Now()
			err := other.NewCase(other.sessionOf(f.u["staff"].User()), f.request("导入期间的申请"))
			longest = max(longest, time.Since(start))
			saves++
			if err != nil {
				failed++
				t.Errorf("a save during the import: %v", err)
			}
		}
	}()
	start := time.Now()
	sum, err := f.s.ImportLedger(context.Background(), f.u["admin"], systems, nil)
	took := time.Since(start)
	time.Sleep(300 * time.Millisecond)
	close(stop)
	<-done
	if err != nil || sum.SystemsCreated != n {
		t.Fatalf("import: %v %+v", err, sum)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check after the import: %v %v", err, describeAll(rep.Records))
	}
	reliability(t, "import of %d systems in %v while another PC saved every 100 ms: %d saves, %d failed, the longest waited %v",
		n, took.Round(time.Millisecond), saves, failed, longest.Round(time.Millisecond))
}
