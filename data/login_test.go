package data

import (
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// parallelWrongPasswords signs in to user with a wrong password from n
// stores at once (as n PCs would) and returns how many passwords were
// really judged and how many attempts were throttled.
func parallelWrongPasswords(t testing.TB, location, user string, n int, opt Options) (checks int64, throttledN int) {
	t.Helper()
	stores := make([]*Store, 8)
	for i := range stores {
		s, err := Open(location, opt)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	before := passwordChecks.Load()
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(s *Store) {
			defer wg.Done()
			<-start
			_, err := s.Login(user, "wrong password")
			mu.Lock()
			defer mu.Unlock()
			switch ErrorCode(err) {
			case EThrottled:
				throttledN++
			case EAuth:
			default:
				t.Errorf("wrong password: %v", err)
			}
		}(stores[i%len(stores)])
	}
	close(start)
	wg.Wait()
	return passwordChecks.Load() - before, throttledN
}

// TestParallelWrongPasswordsAreThrottled: 64 wrong passwords at the same
// moment are counted before they are judged, so only the free ones are
// judged at all.
func TestParallelWrongPasswordsAreThrottled(t *testing.T) {
	f := newFixture(t)
	checks, throttledN := parallelWrongPasswords(t, f.s.Location(), "staff", 64, Options{})
	if checks != loginFree || throttledN != 64-loginFree {
		t.Fatalf("%d passwords judged, %d attempts throttled; want %d and %d", checks, throttledN, loginFree, 64-loginFree)
	}
	reliability(t, "64 parallel wrong passwords on one account: %d passwords judged, %d attempts throttled", checks, throttledN)
}

// TestReadOnlyStoresThrottleInMemory: a read-only database cannot count
// failures in its rows; the program counts them.
func TestReadOnlyStoresThrottleInMemory(t *testing.T) {
	f := newFixture(t)
	loc := f.s.Location()
	checks, throttledN := parallelWrongPasswords(t, loc, "head", 20, Options{ReadOnly: true})
	if checks != loginFree || throttledN != 20-loginFree {
		t.Fatalf("read-only: %d judged, %d throttled", checks, throttledN)
	}
	// Unknown names too.
	checks, throttledN = parallelWrongPasswords(t, loc, "nobody", 20, Options{})
	if checks != loginFree || throttledN != 20-loginFree {
		t.Fatalf("unknown name: %d judged, %d throttled", checks, throttledN)
	}
}

// TestNobodyIsLockedOutLong: however many wrong passwords were tried on an
// account, its owner signs in with the right one after at most
// loginMaxDelay.
func TestNobodyIsLockedOutLong(t *testing.T) {
	s := mustOpenPath(t, filepath.Join(t.TempDir(), "a.db"), Options{Create: true})
	if _, err := s.Init("admin", "管理员", "right-password", ""); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	s.now = func() time.Time { return now }
	for i := 0; i < 50; i++ {
		s.Login("admin", "wrong password")
		now = now.Add(loginMaxDelay) // the attacker keeps trying as fast as allowed
	}
	if _, err := s.Login("admin", "right-password"); err != nil {
		t.Fatalf("right password %v after the last wrong one: %v", loginMaxDelay, err)
	}
	for n := 0; n < 60; n++ {
		if d := loginDelay(n); d > loginMaxDelay || (n >= loginFree && d < 2*time.Second) {
			t.Errorf("delay after %d failures: %v", n, d)
		}
	}
}
