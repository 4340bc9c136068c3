package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// postgresDialect keeps the database on a PostgreSQL server, named by a
// postgres:// or postgresql:// URL (libpq's syntax and PG* environment
// variables apply). Every write transaction first takes one
// transaction-scoped advisory lock, so writers are serialised as they are
// on SQLite and each write reads what the previous one committed (see
// beginWrite). Lock waits end after Options.BusyTimeout (lock_timeout);
// a read-only store sets the session read-only.
type postgresDialect struct {
	cfg *pgx.ConnConfig
}

// pgWriteLock is the advisory lock key every write transaction takes.
// Advisory locks belong to one database, so two UpgradeDesk databases on
// one server do not wait for each other.
const pgWriteLock int64 = 0x5570_6744_6573_6b01

// pgSerialiseWrites switches the write lock off in the test that shows
// what goes wrong without it.
var pgSerialiseWrites = true

// pgConnectTimeout bounds connecting when the URL sets no connect_timeout.
const pgConnectTimeout = 10 * time.Second

// pgMaxConns is the size of each store's connection pool: the client
// reads on a few connections at once (the case list, a check).
const pgMaxConns = 8

func newPostgresDialect(location string) (dialect, error) {
	cfg, err := pgx.ParseConfig(location)
	if err != nil {
		return nil, &Error{Code: EInvalid, Key: "err.bad_url", Args: map[string]any{"Path": redactURL(location)},
			Err: errors.New("cannot parse the database URL")}
	}
	return postgresDialect{cfg: cfg}, nil
}

func (postgresDialect) name() string { return "postgres" }

// args are the arguments of the dialect's messages: where the server is,
// which database and which user, never the password.
func (d postgresDialect) args(op string) map[string]any {
	a := map[string]any{"Op": op}
	if d.cfg != nil {
		a["Host"] = net.JoinHostPort(d.cfg.Host, strconv.Itoa(int(d.cfg.Port)))
		a["Name"], a["User"] = d.cfg.Database, d.cfg.User
		a["Path"] = a["Host"].(string) + "/" + d.cfg.Database
	}
	return a
}

func (d postgresDialect) errf(code, key string, err error) *Error {
	return &Error{Code: code, Key: key, Args: d.args(""), Err: err}
}

// pgSessionDefaults are the session settings a URL may override. A PC
// that dies or loses the network inside a transaction would keep the
// write lock until the server notices: the server probes idle
// connections after a minute and ends a session idle inside a transaction
// for two minutes (the store never waits for a person inside one).
var pgSessionDefaults = map[string]string{
	"application_name":                    "UpgradeDesk",
	"idle_in_transaction_session_timeout": "120000",
	"tcp_keepalives_idle":                 "60",
	"tcp_keepalives_interval":             "10",
	"tcp_keepalives_count":                "6",
}

// open connects to the server: timestamps are read back in UTC (as SQLite
// gives them, so audit diffs and hashes do not depend on the PC's time
// zone), lock waits end after the busy timeout and a read-only store's
// sessions are read-only.
func (d postgresDialect) open(_ string, opt Options) (gorm.Dialector, bool, bool, error) {
	cfg := d.cfg.Copy()
	for k, v := range pgSessionDefaults {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	cfg.RuntimeParams["lock_timeout"] = strconv.FormatInt(opt.BusyTimeout.Milliseconds(), 10)
	if opt.ReadOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgConnectTimeout
	}
	sqlDB := stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(scanTimesInUTC))
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ConnectTimeout)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, false, false, d.classify(err, "open")
	}
	return postgres.New(postgres.Config{Conn: sqlDB}), opt.ReadOnly, false, nil
}

// scanTimesInUTC makes the connection return timestamptz values in UTC.
func scanTimesInUTC(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
	return nil
}

// configure sizes the connection pool and refuses to open a read-only
// database (a standby server, or one set default_transaction_read_only)
// for writing, as SQLite refuses a file on a read-only share.
func (d postgresDialect) configure(db *gorm.DB, opt Options) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	sqlDB.SetMaxOpenConns(pgMaxConns)
	sqlDB.SetMaxIdleConns(2)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if opt.ReadOnly {
		return nil
	}
	var ro string
	if err := db.Raw("SHOW transaction_read_only").Scan(&ro).Error; err != nil {
		return d.classify(err, "open")
	}
	if ro == "on" {
		return d.errf(EReadOnly, "err.db_readonly", nil)
	}
	return nil
}

func (postgresDialect) setLockWait(conn *gorm.DB, d time.Duration) error {
	return conn.Exec(fmt.Sprintf("SET lock_timeout = %d", d.Milliseconds())).Error
}

// beginWrite takes the database's write lock for the rest of the
// transaction. Under READ COMMITTED every later statement of the
// transaction reads what was committed before the lock was granted, so a
// write never decides on stale reads: two people approving the plan and
// the budget at the same moment are taken one after the other, and the
// second sees the first's decision and moves the case on. Readers are
// never blocked. A wait longer than lock_timeout fails with ELocked.
func (postgresDialect) beginWrite(tx *gorm.DB) error {
	if !pgSerialiseWrites {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", pgWriteLock).Error
}

// batchCases is small: a transaction that updates one row many times
// (every write moves the audit chain's head) keeps every version of it,
// each in a savepoint of its own, and each later read of the row walks
// them all; commits are cheap in comparison.
func (postgresDialect) batchCases() int { return 5 }

// snapshot runs fn in a REPEATABLE READ, READ ONLY transaction: every
// query of fn sees the database as it was at its first query.
func (postgresDialect) snapshot(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.Transaction(fn, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
}

func (postgresDialect) tableNames(db *gorm.DB) ([]string, error) {
	var names []string
	err := db.Raw(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(&names).Error
	return names, err
}

func (postgresDialect) indexNames(db *gorm.DB) ([]string, error) {
	var names []string
	err := db.Raw("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()").Scan(&names).Error
	return names, err
}

func (postgresDialect) extraTables() []string { return nil }

// quickCheck finds nothing: the server reports damaged pages as errors of
// the queries that read them.
func (postgresDialect) quickCheck(*gorm.DB) ([]string, error) { return nil, nil }

// snapshotPair exports the first transaction's snapshot and imports it
// into a second transaction.
func (d postgresDialect) snapshotPair(db *gorm.DB, _ time.Duration, fn func(tx, second *gorm.DB) error) error {
	return d.snapshot(db, func(tx *gorm.DB) error {
		var id string
		if err := tx.Raw("SELECT pg_export_snapshot()").Scan(&id).Error; err != nil {
			return err
		}
		return db.Transaction(func(second *gorm.DB) error {
			if err := second.Exec("SET TRANSACTION SNAPSHOT " + quoteLiteral(id)).Error; err != nil {
				return err
			}
			return fn(tx, second)
		}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	})
}

func (postgresDialect) countTables(db *gorm.DB, n *int64) error {
	return db.Raw(`SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(n).Error
}

// afterCopy moves every id sequence past the largest copied id, so that
// new rows do not collide with copied ones, and refreshes the planner's
// statistics of the copied tables.
func (postgresDialect) afterCopy(tx *gorm.DB) error {
	var cols []struct{ Table, Column string }
	err := tx.Raw(`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`).Scan(&cols).Error
	if err != nil {
		return err
	}
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(max(%s), 0) + 1, false) FROM %s`,
			quoteLiteral(quoteIdent(c.Table)), quoteLiteral(c.Column), quoteIdent(c.Column), quoteIdent(c.Table))
		if err := tx.Exec(q).Error; err != nil {
			return fmt.Errorf("reset sequence of %s.%s: %w", c.Table, c.Column, err)
		}
	}
	var tables []string
	err = tx.Raw(`SELECT quote_ident(table_name) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(&tables).Error
	if err != nil || len(tables) == 0 {
		return err
	}
	return tx.Exec("ANALYZE " + strings.Join(tables, ", ")).Error
}

func quoteIdent(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// backupTo writes the app's own consistent export: a SQLite database
// file with the same tables, ids and audit chain, read in one snapshot
// while others keep working. The client and `upgradedesk check` open it
// like any database file, and restoreFrom loads it back.
func (d postgresDialect) backupTo(ctx context.Context, db *gorm.DB, dest string) error {
	out, err := Open(dest, Options{Create: true})
	if err != nil {
		return err
	}
	_, err = copyDatabase(ctx, endpoint{db: db, d: d}, out.endpoint(), nil)
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fileError(cerr, dest)
	}
	return err
}

// verifyCopy checks the SQLite file backupTo wrote.
func (postgresDialect) verifyCopy(path string) error { return sqliteDialect{}.verifyCopy(path) }

// restoreFrom replaces the database's content with the SQLite backup in
// src in one transaction under the write lock: other PCs see the old
// content until it commits, then the restored one.
func (d postgresDialect) restoreFrom(ctx context.Context, db *gorm.DB, src string) error {
	b, err := Open(src, Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer b.Close()
	_, err = copyDatabase(ctx, b.endpoint(), endpoint{db: db, d: d}, nil)
	return err
}

// redactURL returns location without its password, for messages.
func redactURL(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// serverBackupDir is the default backup folder of a database on a
// server: UpgradeDesk/backups/HOST_DATABASE in the user's configuration
// folder.
func serverBackupDir(location string) string {
	name := "server"
	if u, err := url.Parse(location); err == nil {
		name = u.Hostname() + "_" + strings.TrimPrefix(u.Path, "/")
	}
	name = strings.Map(func(r rune) rune {
		if r < 128 && (r == '.' || r == '-' || r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
			return r
		}
		return '_'
	}, name)
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "UpgradeDesk", "backups", name)
}

// classify maps PostgreSQL's SQLSTATE codes and connection failures to the
// store's codes.
func (d postgresDialect) classify(err error, op string) error {
	code, key := pgCode(err)
	return &Error{Code: code, Key: key, Args: d.args(op), Err: fmt.Errorf("%s: %w", op, err)}
}

// classifyPostgres classifies err when it comes from the PostgreSQL
// driver, else it returns nil.
func classifyPostgres(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) && !isConnError(err) {
		return nil
	}
	return postgresDialect{}.classify(err, "")
}

// pgStates maps SQLSTATE codes (or their two-character classes) to the
// store's codes and message keys.
var pgStates = map[string][2]string{
	"55P03": {ELocked, "err.locked"}, // lock_not_available: lock_timeout ran out
	"40P01": {ELocked, "err.locked"}, // deadlock_detected
	"40001": {ELocked, "err.locked"}, // serialization_failure
	"25006": {EReadOnly, "err.readonly_db"},
	"42501": {EReadOnly, "err.db_denied"},
	"28P01": {EAuth, "err.db_auth"},
	"28000": {EAuth, "err.db_auth"},
	"3D000": {ENoDB, "err.db_missing"},
	"53100": {EUnreachable, "err.disk_full"},
	"53300": {EUnreachable, "err.db_busy"},
	"57P01": {EUnreachable, "err.db_unreachable"}, // admin_shutdown
	"57P02": {EUnreachable, "err.db_unreachable"}, // crash_shutdown
	"57P03": {EUnreachable, "err.db_unreachable"}, // cannot_connect_now
	"XX001": {ECorrupt, "err.corrupt"},
	"XX002": {ECorrupt, "err.corrupt"},
	"08":    {EUnreachable, "err.db_unreachable"},
	"23":    {EExists, "err.constraint"},
	"53":    {EUnreachable, "err.db_busy"},
}

func pgCode(err error) (code, key string) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		if c, ok := pgStates[pe.Code]; ok {
			return c[0], c[1]
		}
		if c, ok := pgStates[pe.Code[:min(2, len(pe.Code))]]; ok {
			return c[0], c[1]
		}
		return EInternal, "err.internal"
	}
	if isConnError(err) {
		return EUnreachable, "err.db_unreachable"
	}
	return EInternal, "err.internal"
}

// isConnError reports whether err means the server cannot be reached or
// the connection to it broke.
func isConnError(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	return strings.Contains(err.Error(), "conn closed")
}
