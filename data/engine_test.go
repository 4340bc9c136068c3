package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// The data layer's tests run on SQLite files by default. With
// UPGRADEDESK_TEST_PG set to the URL of a PostgreSQL database whose user
// may create databases (.ci/postgres start prints one), every test
// database is a fresh database on that server instead, dropped when the
// test ends: the tests name a file path and locate turns it into a
// database URL. Tests about files (a read-only share, a truncated file)
// skip or have a PostgreSQL counterpart in postgres_test.go.

// envTestPG names the PostgreSQL server the tests run against.
const envTestPG = "UPGRADEDESK_TEST_PG"

// testPG returns the URL of the test server, "" for SQLite. It reads the
// environment while the tests run, so that go test's cache knows the
// results depend on it.
func testPG() string { return os.Getenv(envTestPG) }

// onPostgres reports whether the tests run against PostgreSQL.
func onPostgres() bool { return testPG() != "" }

// pgDatabases maps the paths the tests named to their databases.
var pgDatabases sync.Map

// locate returns the database a test's path stands for: the path itself
// on SQLite and for files that exist (backups, SQLite databases made on
// purpose); on PostgreSQL a new database, the same one for every later use
// of the path in the test.
func locate(t testing.TB, path string) string {
	t.Helper()
	if !onPostgres() || strings.HasPrefix(path, "postgres") {
		return path
	}
	if u, ok := pgDatabases.Load(path); ok {
		return u.(string)
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	u := newTestDatabase(t)
	pgDatabases.Store(path, u)
	t.Cleanup(func() { pgDatabases.Delete(path) })
	return u
}

var (
	pgAdminOnce sync.Once
	pgAdmin     *sql.DB
	pgAdminErr  error
)

// adminDB returns a connection pool to the test server's database.
func adminDB(t testing.TB) *sql.DB {
	t.Helper()
	pgAdminOnce.Do(func() {
		var cfg *pgx.ConnConfig
		if cfg, pgAdminErr = pgx.ParseConfig(testPG()); pgAdminErr == nil {
			pgAdmin = stdlib.OpenDB(*cfg)
			pgAdminErr = pgAdmin.Ping()
		}
	})
	if pgAdminErr != nil {
		t.Fatalf("%s=%s: %v", envTestPG, redactURL(testPG()), pgAdminErr)
	}
	return pgAdmin
}

// newTestDatabase creates an empty database with the amcheck extension
// (when the server has it), dropped at the end of the test, and returns
// its URL.
func newTestDatabase(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "udt_" + hex.EncodeToString(b)
	admin := adminDB(t)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u := databaseURL(t, name)
	db := rawPG(t, u)
	var available bool
	if err := db.QueryRow("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck')").Scan(&available); err != nil {
		t.Fatal(err)
	}
	if available {
		if _, err := db.Exec("CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
			t.Logf("amcheck not installed in %s: %v", name, err)
		}
	}
	return u
}

// databaseURL returns the test server's URL with another database name.
func databaseURL(t testing.TB, name string) string {
	t.Helper()
	u, err := url.Parse(testPG())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// rawPG opens a plain connection pool to url, outside the store, closed
// at the end of the test.
func rawPG(t testing.TB, u string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	return db
}

// tamper runs SQL on the database at location behind the application's
// back, on a connection of its own: through the linked SQLite driver on a
// file, through the PostgreSQL driver on a server.
func tamper(t testing.TB, location, query string) {
	t.Helper()
	var db *sql.DB
	if IsURL(location) {
		db = rawPG(t, location)
	} else {
		var err error
		if db, err = sql.Open("sqlite3", location); err != nil {
			t.Fatalf("tamper: %v", err)
		}
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

// needPostgres skips a test of the PostgreSQL dialect when the tests run
// on SQLite.
func needPostgres(t testing.TB) {
	t.Helper()
	if !onPostgres() {
		t.Skip("PostgreSQL only: set " + envTestPG + " (see .ci/postgres)")
	}
}

// TestFailedReadEndsItsTransaction checks that a consistent read whose
// work fails (a bad query, a closed window) ends its transaction, so
// that the connection goes back to the pool fit for the next write.
func TestFailedReadEndsItsTransaction(t *testing.T) {
	f := newFixture(t)
	err := f.s.dialect.snapshot(f.s.db, func(tx *gorm.DB) error {
		var n int64
		return tx.Raw("SELECT count(*) FROM no_such_table").Scan(&n).Error
	})
	if err == nil {
		t.Fatal("a read of a missing table succeeded")
	}
	if err := f.s.NewCase(f.u["staff"], f.request("读取失败之后")); err != nil {
		t.Fatalf("a write after a failed read: %v", err)
	}
}

// TestMissingIndexesAreMade opens a database of this schema that lacks
// indexes a later build added: a client that may write makes them, one
// that only reads does without.
func TestMissingIndexesAreMade(t *testing.T) {
	path := locate(t, filepath.Join(t.TempDir(), "old.db"))
	s := mustOpenPath(t, path, Options{Create: true})
	dropped := []string{"idx_cases_rules", "idx_decisions_round"}
	for _, name := range dropped {
		if err := s.db.Exec("DROP INDEX " + name).Error; err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	has := func(s *Store) []string {
		names, err := s.dialect.indexNames(s.db)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, name := range dropped {
			if slices.Contains(names, name) {
				found = append(found, name)
			}
		}
		return found
	}
	ro := mustOpenPath(t, path, Options{ReadOnly: true})
	if got := has(ro); len(got) != 0 {
		t.Errorf("a read-only store made %v", got)
	}
	ro.Close()
	rw := mustOpenPath(t, path, Options{})
	if got := has(rw); !slices.Equal(got, dropped) {
		t.Errorf("indexes after opening: %v, want %v", got, dropped)
	}
	for _, q := range caseIndexes {
		if !strings.HasPrefix(q, "CREATE INDEX IF NOT EXISTS idx_") {
			t.Errorf("not named as addMissingIndexes reads it: %s", q)
		}
	}
}

func TestOpenStatesAreThoseNotEnded(t *testing.T) {
	for _, st := range AllStates {
		if slices.Contains(openStates, st) == st.Terminal() {
			t.Errorf("%s: open %v, ended %v", st, slices.Contains(openStates, st), st.Terminal())
		}
	}
}
