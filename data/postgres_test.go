package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Tests of the PostgreSQL dialect. Those that need a server skip unless
// UPGRADEDESK_TEST_PG is set (see engine_test.go); the rest run on both
// engines.

// TestConcurrentPairApprovals has the IT director and the finance manager
// approve the plan and the budget at the same moment, from two PCs (two
// stores), in the worst order: both read the decisions given so far
// before either commits. A third connection holds the audit chain's head
// so that both wait at their last step until both are under way. Without
// the write lock both see "the other has not decided yet", both commit
// and the case stays in plan approval for ever. With it the second waits
// for the first at its start, sees its decision and moves the case on.
func TestConcurrentPairApprovals(t *testing.T) {
	needPostgres(t)
	t.Run("without the write lock the case is stuck", func(t *testing.T) {
		pgSerialiseWrites = false
		defer func() { pgSerialiseWrites = true }()
		if st := racePairApprovals(t); st != StatePlanApproval {
			t.Fatalf("the race did not happen (case in %s): the test does not show the problem", st)
		}
	})
	t.Run("with the write lock the case moves on", func(t *testing.T) {
		if st := racePairApprovals(t); st != StateImplementing {
			t.Fatalf("both approved, case in %s", st)
		}
	})
}

// racePairApprovals runs the race and returns the case's state after it.
func racePairApprovals(t *testing.T) State {
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	other := mustOpenPath(t, path, Options{})
	c := f.driveTo(t, StatePlanApproval)
	holder := rawPG(t, locate(t, path))
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, a := range []struct {
		s    *Store
		user string
		act  Action
	}{{f.s, "director", ActApprovePlan}, {other, "finmgr", ActApproveBudget}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = a.s.Act(a.s.sessionOf(f.u[a.user].User()), ActionRequest{CaseID: c.ID, Action: a.act, Opinion: "同意"})
		}()
	}
	waitForLockWaits(t, holder, 2)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("approval %d: %v", i, err)
		}
	}
	ds, _ := f.s.Decisions(c.ID)
	approvals := 0
	for _, d := range ds {
		if d.Action == ActApprovePlan || d.Action == ActApproveBudget {
			approvals++
		}
	}
	if approvals != 2 {
		t.Fatalf("%d approvals recorded", approvals)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep)
	}
	got, err := f.s.Case(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.State
}

// waitForLockWaits waits until n sessions of the store wait for a lock.
func waitForLockWaits(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
			AND application_name = 'UpgradeDesk' AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions wait for a lock, want %d", waiting, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestConcurrentCaseNumbers has eight stores file cases at once: every
// number is given once, with no gap.
func TestConcurrentCaseNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	const stores, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, stores)
	for i := 0; i < stores; i++ {
		s := mustOpenPath(t, path, Options{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < each; j++ {
				if err := s.NewCase(s.sessionOf(f.u["staff"].User()), f.request(fmt.Sprintf("并发 %d-%d", i, j))); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	rep, err := f.s.Check(context.Background())
	if err != nil || !rep.OK() || rep.Cases != stores*each {
		t.Fatalf("check: %v %+v", err, rep)
	}
}

// TestConcurrentFirstOpen has four programs open the same new, empty
// database at once: one creates the schema, the others find it.
func TestConcurrentFirstOpen(t *testing.T) {
	location := locate(t, filepath.Join(t.TempDir(), "new.db"))
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(location, Options{Create: true})
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
		}
	}
	s := mustOpenPath(t, location, Options{})
	if rep, err := s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep)
	}
}

// TestServerErrors checks what a user is told when the server cannot be
// used.
func TestServerErrors(t *testing.T) {
	needPostgres(t)
	u, err := url.Parse(locate(t, filepath.Join(t.TempDir(), "x.db")))
	if err != nil {
		t.Fatal(err)
	}
	refused := *u
	refused.Host = closedPort(t)
	missing := *u
	missing.Path = "/no_such_database_here"
	for _, c := range []struct {
		name, url, code, key string
	}{
		{"connection refused", refused.String(), EUnreachable, "err.db_unreachable"},
		{"no such database", missing.String(), ENoDB, "err.db_missing"},
		{"bad URL", "postgres://a b@:x/", EInvalid, "err.bad_url"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(c.url, Options{})
			var e *Error
			if !errors.As(err, &e) || e.Code != c.code || e.Key != c.key {
				t.Fatalf("got %#v", err)
			}
			msg := ErrorMessage(err, LangZH)
			if msg == c.key || strings.Contains(msg, "{{") {
				t.Errorf("message %q", msg)
			}
		})
	}
	t.Run("another program's database", func(t *testing.T) {
		tamper(t, u.String(), "CREATE TABLE other_program (x int)")
		if _, err := Open(u.String(), Options{Create: true}); ErrorCode(err) != ENotDB {
			t.Fatalf("got %v", err)
		}
	})
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestSessionSettings checks the settings of the store's sessions.
func TestSessionSettings(t *testing.T) {
	needPostgres(t)
	path := filepath.Join(t.TempDir(), "settings.db")
	mustOpenPath(t, path, Options{Create: true})
	s := mustOpenPath(t, path, Options{ReadOnly: true, BusyTimeout: 1500 * time.Millisecond})
	for name, want := range map[string]string{
		"lock_timeout": "1500ms", "default_transaction_read_only": "on", "application_name": "UpgradeDesk",
		"idle_in_transaction_session_timeout": "2min", "tcp_keepalives_idle": "60",
	} {
		var got string
		if err := s.db.Raw("SELECT current_setting(?)", name).Scan(&got).Error; err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
}

// TestWrongPassword connects as a user with the wrong password.
func TestWrongPassword(t *testing.T) {
	needPostgres(t)
	u, err := url.Parse(locate(t, filepath.Join(t.TempDir(), "x.db")))
	if err != nil {
		t.Fatal(err)
	}
	role := "udt_clerk_" + strings.TrimPrefix(u.Path, "/udt_")
	admin := adminDB(t)
	if _, err := admin.Exec("CREATE ROLE " + role + " LOGIN PASSWORD 'right-password'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP ROLE IF EXISTS " + role) })
	u.User = url.UserPassword(role, "wrong-password")
	_, err = Open(u.String(), Options{})
	if ErrorCode(err) == "" {
		t.Skip("the server does not check passwords from 127.0.0.1")
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != EAuth || e.Key != "err.db_auth" {
		t.Fatalf("got %#v", err)
	}
	msg := ErrorMessage(err, LangEN)
	if !strings.Contains(msg, role) || strings.Contains(msg, "wrong-password") {
		t.Errorf("message %q", msg)
	}
}

// TestReadOnlyServer opens a database the server only lets read (as a
// standby server does) and a read-only store, and a user allowed to read
// only.
func TestReadOnlyServer(t *testing.T) {
	needPostgres(t)
	path := filepath.Join(t.TempDir(), "ro.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	c := f.file(t, "staff")
	location := locate(t, path)
	t.Run("read-only store", func(t *testing.T) {
		s := mustOpenPath(t, path, Options{ReadOnly: true})
		if err := s.NewCase(s.sessionOf(f.u["staff"].User()), f.request("只读")); ErrorCode(err) != EReadOnly {
			t.Fatalf("write in read-only mode: %v", err)
		}
		err := s.db.Exec("UPDATE cases SET title = 'x'").Error
		if ErrorCode(s.fail("raw", err)) != EReadOnly {
			t.Fatalf("a read-only session wrote: %v", err)
		}
	})
	name := strings.TrimPrefix(mustURL(t, location).Path, "/")
	if _, err := adminDB(t).Exec("ALTER DATABASE " + name + " SET default_transaction_read_only = on"); err != nil {
		t.Fatal(err)
	}
	t.Run("read-only database", func(t *testing.T) {
		if _, err := Open(location, Options{}); ErrorCode(err) != EReadOnly {
			t.Fatalf("open for writing: %v", err)
		}
		s := mustOpenPath(t, path, Options{ReadOnly: true})
		if got, err := s.Case(c.ID); err != nil || got.No != c.No {
			t.Fatalf("read: %v", err)
		}
		if _, err := s.Login("staff", testPassword); err != nil {
			t.Fatalf("login on a read-only database: %v", err)
		}
		if _, err := s.Backup(context.Background(), filepath.Join(t.TempDir(), "b.db")); err != nil {
			t.Fatalf("backup of a read-only database: %v", err)
		}
	})
}

// TestReadOnlyUser works as a user who may only read the tables.
func TestReadOnlyUser(t *testing.T) {
	needPostgres(t)
	path := filepath.Join(t.TempDir(), "grants.db")
	f := newFixtureOn(t, mustOpenPath(t, path, Options{Create: true}))
	u := mustURL(t, locate(t, path))
	role := "udt_reader_" + strings.TrimPrefix(u.Path, "/udt_")
	admin := adminDB(t)
	if _, err := admin.Exec("CREATE ROLE " + role + " LOGIN PASSWORD 'reader-password'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP ROLE IF EXISTS " + role) })
	tamper(t, u.String(), "GRANT SELECT ON ALL TABLES IN SCHEMA public TO "+role)
	t.Cleanup(func() { tamper(t, u.String(), "DROP OWNED BY "+role) })
	u.User = url.UserPassword(role, "reader-password")
	s, err := Open(u.String(), Options{})
	if err != nil {
		t.Fatalf("open as %s: %v", role, err)
	}
	defer s.Close()
	err = s.NewCase(s.sessionOf(f.u["staff"].User()), f.request("无权写入"))
	var e *Error
	if !errors.As(err, &e) || e.Code != EReadOnly || e.Key != "err.db_denied" {
		t.Fatalf("write without the right: %#v", err)
	}
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep)
	}
	if rep.EngineCheck.Key != "check.engine_denied" && rep.EngineCheck.Key != "check.engine_none" {
		t.Errorf("engine check %+v", rep.EngineCheck)
	}
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestServerGone runs the store through a proxy that then goes away with
// every connection, as a server that stops or a network that breaks.
func TestServerGone(t *testing.T) {
	needPostgres(t)
	u := mustURL(t, locate(t, filepath.Join(t.TempDir(), "gone.db")))
	p := startProxy(t, u.Host)
	u.Host = p.addr()
	s, err := Open(u.String(), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := newFixtureOn(t, s)
	p.stop()
	if _, err := s.Case(1); ErrorCode(err) != EUnreachable {
		t.Fatalf("read after the server went: %v", err)
	}
	err = s.NewCase(s.sessionOf(f.u["staff"].User()), f.request("服务器已断开"))
	if ErrorCode(err) != EUnreachable || !strings.Contains(ErrorMessage(err, LangEN), p.addr()) {
		t.Fatalf("write after the server went: %v", err)
	}
	if _, err := Open(u.String(), Options{}); ErrorCode(err) != EUnreachable {
		t.Fatalf("open after the server went: %v", err)
	}
}

// proxy forwards loopback TCP connections to a server.
type proxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{l: l}
	t.Cleanup(p.stop)
	go p.serve(target)
	return p
}

func (p *proxy) addr() string { return p.l.Addr().String() }

func (p *proxy) serve(target string) {
	for {
		in, err := p.l.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", target)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { io.Copy(out, in); out.Close() }()
		go func() { io.Copy(in, out); in.Close() }()
	}
}

// stop closes the listener and every connection.
func (p *proxy) stop() {
	p.l.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestTimesReadBackInUTC saves a record with times in a PC whose time
// zone is not UTC: the times come back in UTC and saving the same copy
// again records only the field that changed.
func TestTimesReadBackInUTC(t *testing.T) {
	saved := time.Local
	time.Local = time.FixedZone("CST", 8*3600)
	defer func() { time.Local = saved }()
	f := newFixture(t)
	c := f.driveTo(t, StateImplementing)
	start := f.s.Now().Add(-time.Hour)
	f.backup(t, c, start.Add(-time.Hour))
	im := &Implementation{CaseID: c.ID, ActualStart: &start, Steps: "升级"}
	if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
		t.Fatal(err)
	}
	im.Steps = "停服务；升级；启动。"
	if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
		t.Fatal(err)
	}
	h, _ := f.s.History(c.ID)
	if cs := h[len(h)-1].ChangeList(); len(cs) != 1 || cs[0].Field != "steps" {
		t.Fatalf("changes of the second save: %+v", cs)
	}
	got, err := f.s.Implementation(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ActualStart.Location() != time.UTC || !got.ActualStart.Equal(start) || got.UpdatedAt.Location() != time.UTC {
		t.Errorf("read back %v (%v)", got.ActualStart, got.ActualStart.Location())
	}
}

// TestLongTextSearch searches a request longer than one part of the
// PostgreSQL index, with a common character repeated a thousand times.
func TestLongTextSearch(t *testing.T) {
	f := newFixture(t)
	long := f.request("很长的需求说明")
	long.Content = strings.Repeat("系统的数据", 1000) + "末尾独特短语XYZ"
	if err := f.s.NewCase(f.u["staff"], long); err != nil {
		t.Fatal(err)
	}
	short := f.file(t, "staff")
	for _, c := range []struct {
		query string
		want  []uint
	}{
		{"末尾独特短语", []uint{long.ID}},
		{"短语xy", []uint{long.ID}},
		{"据系统的数据系", []uint{long.ID}},
		{"的数据末尾", []uint{long.ID}},
		{"的的", nil},
		{"挂失", []uint{long.ID, short.ID}},
	} {
		rows, total, err := f.s.ListCases(CaseFilter{Text: c.query, Limit: 10, Sort: "no"})
		if err != nil {
			t.Fatal(err)
		}
		var got []uint
		for _, r := range rows {
			got = append(got, r.ID)
		}
		if int(total) != len(c.want) || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v (total %d), want %v", c.query, got, total, c.want)
		}
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep)
	}
}

func TestSearchParts(t *testing.T) {
	words := strings.Fields(strings.Repeat("a b c d ", 300)) // 1200 words, each 300 times
	parts := searchParts(words)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	for i, p := range parts {
		count := map[string]int{}
		for _, w := range p {
			count[w]++
			if count[w] > pgPartRepeats {
				t.Fatalf("part %d has %q %d times", i, w, count[w])
			}
		}
		if len(p) > pgPartWords {
			t.Fatalf("part %d has %d words", i, len(p))
		}
	}
	if last := parts[len(parts)-1]; last[len(last)-1] != "d" {
		t.Error("the last word is missing")
	}
	if got := searchParts(nil); len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("no words: %q", got)
	}
	if got := pgSearchQuery(`"借"还* OPA`); got != "'借' <-> '还' <-> 'opa':*" {
		t.Errorf("query %s", got)
	}
}

// TestMigrate copies a SQLite demo database into the test engine's
// database and checks the copy.
func TestMigrate(t *testing.T) {
	src, err := Open(filepath.Join(t.TempDir(), "source.db"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pdf := func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.4 " + d.Case.No), nil }
	if _, err := src.FillDemo(DemoOptions{Cases: 40, Dossier: pdf}); err != nil {
		t.Fatal(err)
	}
	dst := mustOpen(t)
	tables := map[string]bool{}
	rep, err := Migrate(context.Background(), src, dst, func(table string, done, total int64) { tables[table] = done <= total })
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tables) != len(models()) || rep.Rows() == 0 || rep.AuditSeq == 0 || len(tables) == 0 {
		t.Errorf("report %+v", rep)
	}
	diffs, err := VerifyCopy(context.Background(), src, dst)
	if err != nil || len(diffs) > 0 {
		t.Fatalf("verify: %v %q", err, diffs)
	}
	if check, err := dst.Check(context.Background()); err != nil || !check.OK() {
		t.Fatalf("check of the copy: %v %+v", err, check)
	}
	for _, q := range []string{"借", "续借", "OPAC", "SJ-"} {
		_, a, _ := src.ListCases(CaseFilter{Text: q})
		_, b, err := dst.ListCases(CaseFilter{Text: q})
		if err != nil || a != b {
			t.Errorf("search %q: %d in the copy, %d in the source (%v)", q, b, a, err)
		}
	}
	// New rows get new ids after the copied ones.
	u, err := dst.Login("staff", DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	var sys System
	dst.db.First(&sys)
	if err := dst.NewCase(u, &Case{Title: "迁移后的新申请", SystemID: sys.ID}); err != nil {
		t.Fatalf("new case after the copy: %v", err)
	}
	if _, err := Migrate(context.Background(), src, dst, nil); ErrorCode(err) != EExists {
		t.Fatalf("migrate into a database with data: %v", err)
	}
}

// TestEngineCheckIsReported checks that Check says what the engine's own
// check covered.
func TestEngineCheckIsReported(t *testing.T) {
	s := mustOpen(t)
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep)
	}
	want := "check.engine_sqlite"
	if s.Engine() == "postgres" {
		want = "check.engine_amcheck"
		var has bool
		s.db.Raw("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'amcheck')").Scan(&has)
		if !has {
			want = "check.engine_none"
		}
	}
	if rep.EngineCheck.Key != want || rep.EngineCheck.Describe(LangEN) == want {
		t.Fatalf("engine check %+v, want %s", rep.EngineCheck, want)
	}
	if want == "check.engine_amcheck" {
		if n, _ := rep.EngineCheck.Args["Indexes"].(int); n < 20 {
			t.Errorf("amcheck checked %v indexes", rep.EngineCheck.Args)
		}
		if err := s.db.Exec("DROP EXTENSION amcheck").Error; err != nil {
			t.Fatal(err)
		}
		if rep, err = s.Check(context.Background()); err != nil || rep.EngineCheck.Key != "check.engine_none" {
			t.Fatalf("without amcheck: %v %+v", err, rep.EngineCheck)
		}
	}
}

func TestServerLocations(t *testing.T) {
	const u = "postgres://clerk:secret@db.library.local:5433/upgradedesk?sslmode=require"
	if got := redactURL(u); strings.Contains(got, "secret") || !strings.Contains(got, "clerk") {
		t.Errorf("redacted %s", got)
	}
	dir := DefaultBackupDir(u)
	if !strings.HasSuffix(dir, filepath.Join("UpgradeDesk", "backups", "db.library.local_upgradedesk")) {
		t.Errorf("backup folder %s", dir)
	}
	if _, err := Open("postgres://a b@:x/", Options{}); ErrorCode(err) != EInvalid {
		t.Errorf("bad URL: %v", err)
	}
}

func TestPostgresErrorCodes(t *testing.T) {
	for _, c := range []struct {
		err  error
		code string
	}{
		{&pgconn.PgError{Code: "55P03"}, ELocked},
		{&pgconn.PgError{Code: "40P01"}, ELocked},
		{&pgconn.PgError{Code: "25006"}, EReadOnly},
		{&pgconn.PgError{Code: "28P01"}, EAuth},
		{&pgconn.PgError{Code: "3D000"}, ENoDB},
		{&pgconn.PgError{Code: "23505"}, EExists},
		{&pgconn.PgError{Code: "08006"}, EUnreachable},
		{&pgconn.PgError{Code: "57P01"}, EUnreachable},
		{&pgconn.PgError{Code: "XX001"}, ECorrupt},
		{&pgconn.PgError{Code: "42601"}, EInternal},
		{fmt.Errorf("read: %w", io.ErrUnexpectedEOF), EUnreachable},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, EUnreachable},
		{context.Canceled, EInternal},
	} {
		if got := ErrorCode(postgresDialect{}.classify(c.err, "test")); got != c.code {
			t.Errorf("%v: %s, want %s", c.err, got, c.code)
		}
	}
	if classifyPostgres(errors.New("something else")) != nil {
		t.Error("a foreign error classified as PostgreSQL's")
	}
}
