package data

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests in this file run the test binary itself as a second process
// (TestHelperProcess) to check what happens between separate programs
// working on one database file, or on one database of a PostgreSQL server
// (UPGRADEDESK_TEST_PG, see engine_test.go).

const helperEnv = "UPGRADEDESK_TEST_HELPER"

func helperCommand(t *testing.T, db string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+strings.Join(append([]string{locate(t, db)}, args...), "\x1f"))
	return cmd
}

// TestHelperProcess is not a test: it is the second process of the tests
// in this file, doing what its environment says.
func TestHelperProcess(t *testing.T) {
	spec := os.Getenv(helperEnv)
	if spec == "" {
		t.Skip("helper process only")
	}
	args := strings.Split(spec, "\x1f")
	opt := Options{}
	if ms, err := strconv.Atoi(os.Getenv("UPGRADEDESK_TEST_BUSY_MS")); err == nil {
		opt.BusyTimeout = time.Duration(ms) * time.Millisecond
	}
	// Opening reads the schema: with a short busy timeout it may find the
	// others writing, and tries again, as a PC starting up would wait.
	s, err := Open(args[0], opt)
	for deadline := time.Now().Add(time.Minute); ErrorCode(err) == ELocked && time.Now().Before(deadline); {
		s, err = Open(args[0], opt)
	}
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	err = runHelper(s, args[1], args[2:])
	s.Close()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func runHelper(s *Store, mode string, args []string) error {
	// The helpers read with the busy timeout of the test (100 ms in some):
	// while the others write, a read may find the database locked, and
	// tries again, as a PC would.
	read := func(q func() error) {
		err := q()
		for deadline := time.Now().Add(time.Minute); err != nil && time.Now().Before(deadline); err = q() {
			time.Sleep(10 * time.Millisecond)
		}
		if err != nil {
			fmt.Println("read:", err)
			os.Exit(3)
		}
	}
	user := func(name string) *User {
		var u User
		read(func() error { return s.db.Where("username = ?", name).First(&u).Error })
		return &u
	}
	switch mode {
	case "create":
		n, _ := strconv.Atoi(args[0])
		u := user(args[1])
		var sys System
		read(func() error { return s.db.First(&sys).Error })
		for i := 0; i < n; i++ {
			c := &Case{Title: fmt.Sprintf("并发创建 %d", i), SystemID: sys.ID}
			if err := s.NewCase(s.sessionOf(u), c); err != nil {
				return err
			}
			fmt.Println(c.No)
		}
	case "create-patient", "create-count":
		// n cases; patient: writes wait past the busy timeout; count:
		// they fail, and the failures are counted, not returned.
		n, _ := strconv.Atoi(args[0])
		u := user(args[1])
		var sys System
		read(func() error { return s.db.First(&sys).Error })
		var waits, locked int
		if mode == "create-patient" {
			s = s.Patient(func(string) (context.Context, func()) {
				waits++
				return context.Background(), func() {}
			})
		}
		for i := 0; i < n; i++ {
			c := &Case{Title: fmt.Sprintf("并发创建 %d", i), SystemID: sys.ID}
			err := s.NewCase(s.sessionOf(u), c)
			if mode == "create-count" && ErrorCode(err) == ELocked {
				locked++
				continue
			}
			if err != nil {
				return err
			}
			fmt.Println(c.No)
		}
		fmt.Println("waits", waits, "locked", locked)
	case "file-every":
		// Files a case every args[0] milliseconds, waiting for the
		// database as long as it takes, until killed.
		ms, _ := strconv.Atoi(args[0])
		u := user(args[1])
		var sys System
		read(func() error { return s.db.First(&sys).Error })
		s = s.Patient(func(string) (context.Context, func()) { return context.Background(), func() {} })
		for i := 0; ; i++ {
			if err := s.NewCase(s.sessionOf(u), &Case{Title: fmt.Sprintf("检查期间写入 %d", i), SystemID: sys.ID}); err != nil {
				return err
			}
			fmt.Println("filed")
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
	case "edit-request":
		id, _ := strconv.Atoi(args[0])
		c, err := s.Case(uint(id))
		if err != nil {
			return err
		}
		c.Impact = "另一台电脑修改的影响说明"
		return s.SaveRequest(s.sessionOf(user(args[1])), c)
	case "save-plans":
		return helperSavePlans(s, user, args)
	case "writer":
		return helperWriter(s, user)
	case "slow-writer":
		return helperSlowWriter(s, user)
	}
	return nil
}

// helperSavePlans saves the plan of a case n times, reloading after every
// refused save, and prints how many saves were refused.
func helperSavePlans(s *Store, user func(string) *User, args []string) error {
	id, _ := strconv.Atoi(args[0])
	n, _ := strconv.Atoi(args[1])
	u := user(args[2])
	conflicts := 0
	for i := 0; i < n; {
		p, err := s.Plan(uint(id))
		if err != nil {
			return err
		}
		p.Responsibilities = append(p.Responsibilities, Responsibility{Task: fmt.Sprintf("%s-%d", args[2], i), Person: args[2]})
		err = s.SaveStage(s.sessionOf(u), p)
		if ErrorCode(err) == EConflict {
			conflicts++
			continue
		}
		if err != nil {
			return err
		}
		i++
	}
	fmt.Println("conflicts", conflicts)
	return nil
}

// helperWriter writes cases with complete plans until it is killed.
func helperWriter(s *Store, user func(string) *User) error {
	filer := user("sysadmin")
	var sys System
	s.db.First(&sys)
	for i := 0; ; i++ {
		c := &Case{Title: fmt.Sprintf("写入中被中断 %d", i), SystemID: sys.ID, Content: strings.Repeat("内容", 200)}
		if err := s.NewCase(s.sessionOf(filer), c); err != nil {
			return err
		}
		// Cases filed by IT go straight to screening; take them to planning.
		fullRequest(c)
		if err := s.SaveRequest(s.sessionOf(filer), c); err != nil {
			return err
		}
		if _, err := s.Act(s.sessionOf(filer), ActionRequest{CaseID: c.ID, Action: ActSubmit}); err != nil {
			return err
		}
		fmt.Println(c.No)
	}
}

// helperSlowWriter files a case every 50 ms until it is killed.
func helperSlowWriter(s *Store, user func(string) *User) error {
	u := user("staff")
	var sys System
	s.db.First(&sys)
	for i := 0; ; i++ {
		if err := s.NewCase(s.sessionOf(u), &Case{Title: fmt.Sprintf("备份期间写入 %d", i), SystemID: sys.ID}); err != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func fullRequest(c *Case) {
	c.Phone, c.UpgradeType, c.Urgency, c.Source = "8021", "bugfix", "urgent", "vendor"
	c.Problem, c.Impact, c.ExpectedDate = "问题", "影响", "2026-12-31"
}

func TestStaleSaveBetweenConnections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	other := mustOpenPath(t, path, Options{})
	c := f.driveTo(t, StatePlanning)
	f.completePlan(t, c)

	mine, _ := f.s.Plan(c.ID)
	theirs, _ := other.Plan(c.ID)
	theirs.Scope = "流通模块和自助借还机"
	if err := other.SaveStage(other.sessionOf(f.u["director"].User()), theirs); err != nil {
		t.Fatal(err)
	}
	mine.Goals = "我的修改"
	before := *mine
	err := f.s.SaveStage(f.u["sysadmin"], mine)
	if ErrorCode(err) != EConflict {
		t.Fatalf("stale save: %v", err)
	}
	msg := ErrorMessage(err, LangZH)
	if !strings.Contains(msg, "王主任") {
		t.Errorf("conflict message does not name who changed it: %s", msg)
	}
	if mine.Version != before.Version || mine.Goals != "我的修改" {
		t.Errorf("refused save changed the caller's copy: v%d %q", mine.Version, mine.Goals)
	}
	stored, _ := f.s.Plan(c.ID)
	if stored.Scope != "流通模块和自助借还机" || stored.Goals == "我的修改" {
		t.Errorf("stored plan %q / %q", stored.Scope, stored.Goals)
	}
	// After reloading, the save goes through.
	stored.Goals = "我的修改"
	if err := f.s.SaveStage(f.u["sysadmin"], stored); err != nil {
		t.Fatal(err)
	}
}

func TestStaleSaveBetweenProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	c := f.file(t, "staff")
	mine, _ := f.s.Case(c.ID)
	out, err := helperCommand(t, path, "edit-request", strconv.Itoa(int(c.ID)), "staff").CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	mine.Problem = "本机的修改"
	err = f.s.SaveRequest(f.u["staff"], mine)
	if ErrorCode(err) != EConflict {
		t.Fatalf("stale save across processes: %v", err)
	}
	stored, _ := f.s.Case(c.ID)
	if stored.Impact != "另一台电脑修改的影响说明" || stored.Problem == "本机的修改" {
		t.Errorf("stored %q / %q", stored.Impact, stored.Problem)
	}
}

// TestConcurrentNumbering has two processes create 200 cases each at the
// same time: 400 distinct, gap-free numbers and no lock error.
func TestConcurrentNumbering(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	f.s.Close()
	const n = 200
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	errs := make([]error, 2)
	for i, user := range []string{"staff", "otherstaff"} {
		wg.Add(1)
		go func(i int, user string) {
			defer wg.Done()
			outs[i], errs[i] = helperCommand(t, path, "create", strconv.Itoa(n), user).CombinedOutput()
		}(i, user)
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range outs {
		if errs[i] != nil {
			t.Fatalf("process %d: %v\n%s", i, errs[i], outs[i])
		}
		for _, no := range strings.Fields(string(outs[i])) {
			if seen[no] {
				t.Fatalf("number %s given twice", no)
			}
			seen[no] = true
		}
	}
	if len(seen) != 2*n {
		t.Fatalf("%d numbers, want %d", len(seen), 2*n)
	}
	year := time.Now().Year()
	for i := 1; i <= 2*n; i++ {
		if !seen[CaseNo(year, i)] {
			t.Fatalf("number %s missing: not gap-free", CaseNo(year, i))
		}
	}
	s := mustOpenPath(t, path, Options{})
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check after concurrent creation: %v %+v", err, rep)
	}
}

// TestKilledWriterLeavesConsistentDatabase kills a writing process 20
// times at random moments; after each kill the database passes Check and
// every case is whole (its request and audit entry written together).
func TestKilledWriterLeavesConsistentDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	f.s.Close()
	rng := rand.New(rand.NewSource(1))
	total := 0
	for round := 0; round < 20; round++ {
		cmd := helperCommand(t, path, "writer")
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		if !lines.Scan() { // wait until it has written one case
			t.Fatalf("writer died: %v", cmd.Wait())
		}
		time.Sleep(time.Duration(20+rng.Intn(150)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("writer ended on its own: %v", err)
		}
		s, err := Open(locate(t, path), Options{})
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		rep, err := s.Check(context.Background())
		if err != nil || !rep.OK() {
			t.Fatalf("round %d: check after kill: %v %+v", round, err, rep)
		}
		var half int64
		s.db.Model(&Case{}).Where("title LIKE ? AND state = ? AND (problem = '' OR phone = '')", "写入中被中断%", StateScreening).Count(&half)
		if half > 0 {
			t.Fatalf("round %d: %d cases submitted with half-written request", round, half)
		}
		var n int64
		s.db.Model(&Case{}).Count(&n)
		total = int(n)
		s.Close()
	}
	t.Logf("%d cases after 20 kills", total)
}

// TestParallelSaves has four processes save one plan 200 times each: every
// save either goes through or is refused as a conflict and retried; none
// is lost and no other error appears.
func TestParallelSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	c := f.driveTo(t, StatePlanning)
	f.completePlan(t, c)
	f.s.Close()
	users := []string{"sysadmin", "sysadmin2", "director", "director2"}
	const each = 200
	var wg sync.WaitGroup
	outs := make([][]byte, len(users))
	errs := make([]error, len(users))
	for i, u := range users {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			outs[i], errs[i] = helperCommand(t, path, "save-plans", strconv.Itoa(int(c.ID)), strconv.Itoa(each), u).CombinedOutput()
		}(i, u)
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil {
			t.Fatalf("%s: %v\n%s", users[i], errs[i], outs[i])
		}
		t.Logf("%s: %s", users[i], strings.TrimSpace(string(outs[i])))
	}
	s := mustOpenPath(t, path, Options{})
	p, _ := s.Plan(c.ID)
	if got, want := len(p.Responsibilities), 2+len(users)*each; got != want {
		t.Fatalf("%d responsibilities, want %d: saves were lost", got, want)
	}
}

// TestOwnChangesTellThisPCsWritesFromOthers checks what a client's
// watcher asks: whether the changes counted since it last looked were all
// its own (then it need not read anything again) or another PC's too.
func TestOwnChangesTellThisPCsWritesFromOthers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	other := mustOpenPath(t, path, Options{})
	mine := f.s.Patient(nil) // the client writes through a patient copy
	seq := func() int64 {
		t.Helper()
		n, err := other.ChangeSeq()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	start := seq()
	c := f.request("本机的申请")
	if err := mine.NewCase(f.u["staff"], c); err != nil {
		t.Fatal(err)
	}
	c.Phone = "8021"
	if err := mine.SaveRequest(f.u["staff"], c); err != nil {
		t.Fatal(err)
	}
	afterMine := seq()
	if afterMine <= start {
		t.Fatal("the writes did not move the change sequence")
	}
	if !f.s.OwnChanges(start, afterMine) || !mine.OwnChanges(start, afterMine) {
		t.Errorf("this PC's two writes (%d, %d] are taken for another's", start, afterMine)
	}
	if other.OwnChanges(start, afterMine) {
		t.Error("the other PC takes this PC's writes for its own")
	}

	theirs := f.request("另一台电脑的申请")
	if err := other.NewCase(other.sessionOf(f.u["staff"].User()), theirs); err != nil {
		t.Fatal(err)
	}
	afterTheirs := seq()
	if f.s.OwnChanges(afterMine, afterTheirs) || f.s.OwnChanges(start, afterTheirs) {
		t.Error("another PC's write is taken for this PC's")
	}
	c.Impact = "又改了"
	if err := mine.SaveRequest(f.u["staff"], c); err != nil {
		t.Fatal(err)
	}
	end := seq()
	if !f.s.OwnChanges(afterTheirs, end) {
		t.Error("this PC's write after the other's is taken for another's")
	}
	if f.s.OwnChanges(afterMine, end) {
		t.Error("a span with another PC's write between this PC's is taken for this PC's alone")
	}
	if !f.s.OwnChanges(end, end) {
		t.Error("no change at all is not this PC's own")
	}

	// A refused write changes nothing and is no one's.
	if _, err := mine.Act(f.u["head"], ActionRequest{CaseID: c.ID, Action: ActApprove}); err == nil {
		t.Fatal("a draft was approved")
	}
	if seq() != end {
		t.Error("a refused write moved the change sequence")
	}
}
