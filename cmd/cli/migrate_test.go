package cli

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// migrationTarget returns an empty database to migrate into: a new
// database on the PostgreSQL server of UPGRADEDESK_TEST_PG (see
// .ci/postgres), dropped after the test, or else a new SQLite file.
func migrationTarget(t *testing.T) string {
	t.Helper()
	server := os.Getenv("UPGRADEDESK_TEST_PG")
	if server == "" {
		return filepath.Join(t.TempDir(), "target.db")
	}
	cfg, err := pgx.ParseConfig(server)
	if err != nil {
		t.Fatal(err)
	}
	admin := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "udt_cli_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropDatabase(t, admin, name) })
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func dropDatabase(t *testing.T, admin *sql.DB, name string) {
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
		t.Errorf("drop %s: %v", name, err)
	}
}

func TestMigrateCommand(t *testing.T) {
	src := filepath.Join(t.TempDir(), "library.db")
	if code, _, errOut := run(t, "", "demo", "--db", src, "--cases", "24"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	target := migrationTarget(t)
	code, out, errOut := run(t, "", "migrate", "--from", src, "--to", target)
	if code != 0 {
		t.Fatalf("migrate exit %d:\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"cases", "audit_entries", "审计链末条", "迁移完成", "核对副本"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "正常") != 6 {
		t.Errorf("verification and check not all ok:\n%s", out)
	}
	if code, out, errOut := run(t, "", "check", "--db", target); code != 0 || strings.Count(out, "正常") != 5 {
		t.Fatalf("check of the copy: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = run(t, "", "migrate", "--from", src, "--to", target)
	if code != exitFailed || !strings.Contains(errOut, "已有数据") {
		t.Fatalf("migrate into a database with data: exit %d %s", code, errOut)
	}
}

func TestMigrateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"migrate"},
		{"migrate", "--from", "a.db"},
		{"migrate", "--from", "a.db", "--to", "a.db"},
		{"migrate", "--from", "a.db", "--to", "b.db", "extra"},
	} {
		if code, _, errOut := run(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d %s", args, code, errOut)
		}
	}
	code, _, errOut := run(t, "", "migrate", "--from", filepath.Join(t.TempDir(), "none.db"), "--to", "postgres://u@127.0.0.1:1/x")
	if code != exitNoDB {
		t.Errorf("missing source: exit %d %s", code, errOut)
	}
}
