package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// sqliteDialect opens a SQLite file that several PCs may share over a
// network folder: rollback journal (WAL needs shared memory, which network
// file systems do not give), a long busy timeout, immediate write
// transactions so that two writers never deadlock, foreign keys on and
// synchronous FULL so that a crash or power cut loses no committed data.
type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

func (d sqliteDialect) open(path string, opt Options) (gorm.Dialector, bool, bool, error) {
	if path == "" {
		return nil, false, false, errf(ENoDB, "err.no_db", "Path", path)
	}
	if strings.ContainsAny(path, "?#") {
		return nil, false, false, errf(EInvalid, "err.bad_path", "Path", path)
	}
	created, err := d.checkFile(path, opt.Create, opt.ReadOnly)
	if err != nil {
		return nil, false, false, err
	}
	readOnly := opt.ReadOnly
	if !readOnly {
		if err := checkWritable(path); err != nil {
			return nil, false, false, err
		}
	}
	dsn := fmt.Sprintf("%s?_journal_mode=DELETE&_busy_timeout=%d&_txlock=immediate&_foreign_keys=on&_synchronous=FULL",
		path, opt.BusyTimeout.Milliseconds())
	if readOnly {
		dsn += "&_query_only=true"
	}
	return sqlite.Open(dsn), readOnly, created, nil
}

// checkFile makes sure path is a SQLite file, or creates its folder when
// it is missing and create is set. An empty file is an empty database,
// unless the database is opened read-only.
func (sqliteDialect) checkFile(path string, create, readOnly bool) (created bool, err error) {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !create {
			if _, derr := os.Stat(filepath.Dir(path)); derr != nil && !errors.Is(derr, fs.ErrNotExist) {
				return false, errf(EUnreachable, "err.unreachable", "Path", path)
			}
			return false, errf(ENoDB, "err.no_db", "Path", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return false, fileError(err, path)
		}
		return true, nil
	case err != nil:
		return false, fileError(err, path)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return false, errf(ENotDB, "err.not_db", "Path", path)
	}
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF) {
		if readOnly {
			// Nothing to read, and nothing may be written: say so.
			return false, errf(ENotDB, "err.empty_file", "Path", path)
		}
		return true, nil // an empty file is an empty database
	}
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return false, fileError(err, path)
		}
		return false, errf(ENotDB, "err.not_db", "Path", path)
	}
	return false, nil
}

// checkWritable refuses a file or folder this user cannot write: SQLite
// would open it but fail at the first save.
func checkWritable(path string) error {
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fileError(err, path)
	}
	probe, err := os.CreateTemp(filepath.Dir(path), ".upgradedesk-probe-*")
	if err != nil {
		return fileError(err, filepath.Dir(path))
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

// fileError classifies an operating-system error on path.
func fileError(err error, path string) error {
	switch {
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return &Error{Code: EReadOnly, Key: "err.readonly", Args: map[string]any{"Path": path}, Err: err}
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Code: ENoDB, Key: "err.no_db", Args: map[string]any{"Path": path}, Err: err}
	}
	return &Error{Code: EUnreachable, Key: "err.unreachable", Args: map[string]any{"Path": path}, Err: err}
}

func (sqliteDialect) setLockWait(conn *gorm.DB, d time.Duration) error {
	return conn.Exec(fmt.Sprintf("PRAGMA busy_timeout = %d", d.Milliseconds())).Error
}

// beginWrite does nothing: every transaction starts with BEGIN IMMEDIATE
// (the _txlock setting), which already waits for the other writers.
func (sqliteDialect) beginWrite(*gorm.DB) error { return nil }

// snapshot runs fn on one connection inside a deferred transaction: its
// shared lock keeps the file as it was at the first read until the end.
// (A transaction begun through database/sql would be IMMEDIATE and take
// the write lock, which a read-only file refuses.)
func (sqliteDialect) snapshot(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.Connection(func(conn *gorm.DB) error {
		if err := fresh(conn).Exec("BEGIN DEFERRED").Error; err != nil {
			return err
		}
		err := fn(fresh(conn))
		// A fresh statement: one that failed in fn must not keep the
		// connection from ending its transaction.
		if rerr := fresh(conn).Exec("ROLLBACK").Error; err == nil {
			err = rerr
		}
		return err
	})
}

// fresh returns a new statement on db's connection, without the
// conditions or the error of statements made on it before.
func fresh(db *gorm.DB) *gorm.DB { return db.Session(&gorm.Session{NewDB: true}) }

// snapshotPair opens a second read transaction while the first holds its
// shared lock. With a rollback journal no write can commit while any
// shared lock is held, so both see the same state. A writer about to
// commit (its pending lock) keeps new readers out: then, after a short
// wait, there is no second connection.
func (d sqliteDialect) snapshotPair(db *gorm.DB, busy time.Duration, fn func(tx, second *gorm.DB) error) error {
	return d.snapshot(db, func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT count(*) FROM sqlite_master").Error; err != nil {
			return err // the first read takes the shared lock
		}
		var inner error
		err := db.Connection(func(conn *gorm.DB) error {
			if err := d.setLockWait(conn, 100*time.Millisecond); err != nil {
				return err
			}
			defer d.setLockWait(conn, busy)
			if err := fresh(conn).Exec("BEGIN DEFERRED").Error; err != nil {
				return err
			}
			if err := fresh(conn).Exec("SELECT count(*) FROM sqlite_master").Error; err != nil {
				fresh(conn).Exec("ROLLBACK")
				inner = fn(tx, nil)
				return nil
			}
			inner = fn(tx, fresh(conn))
			return fresh(conn).Exec("ROLLBACK").Error
		})
		if inner != nil {
			return inner
		}
		return err
	})
}

// clearSearch empties the FTS table.
func (sqliteDialect) clearSearch(tx *gorm.DB) error {
	return tx.Exec("DELETE FROM case_search").Error
}

// afterCopy does nothing: SQLite gives new rows the largest id plus one.
func (sqliteDialect) afterCopy(*gorm.DB) error { return nil }

// batchCases is large: every commit waits for the disk.
func (sqliteDialect) batchCases() int { return 100 }

func (sqliteDialect) configure(db *gorm.DB, opt Options) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(2)
	// Reading the schema version forces SQLite to read the file header and
	// the first page: a damaged or foreign file fails here, not later.
	var v int
	if err := db.Raw("PRAGMA schema_version").Scan(&v).Error; err != nil {
		return sqliteDialect{}.classify(err, "open")
	}
	return nil
}

// afterMigrate creates the free-text index of cases: an FTS4 table whose
// words are single CJK characters and ASCII words (see search.go), so any
// Chinese substring is a phrase query on it.
func (sqliteDialect) afterMigrate(tx *gorm.DB) error {
	return tx.Exec("CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts4(body, tokenize=simple)").Error
}

func (sqliteDialect) indexCase(tx *gorm.DB, c *Case) error {
	return tx.Exec("INSERT OR REPLACE INTO case_search (docid, body) VALUES (?, ?)", c.ID, searchText(c)).Error
}

func (sqliteDialect) indexCases(tx *gorm.DB, cs []Case) error {
	const per = 400
	for start := 0; start < len(cs); start += per {
		part := cs[start:min(start+per, len(cs))]
		args := make([]any, 0, 2*len(part))
		for i := range part {
			args = append(args, part[i].ID, searchText(&part[i]))
		}
		q := "INSERT OR REPLACE INTO case_search (docid, body) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?),", len(part)), ",")
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
	}
	return nil
}

func (sqliteDialect) searchCount(db *gorm.DB) (int64, error) {
	var n int64
	err := db.Raw("SELECT count(*) FROM case_search").Scan(&n).Error
	return n, err
}

// manyMatches is the number of matches above which a text query is
// answered by walking the cases in list order and keeping those that
// match, rather than by looking up every match: a page then needs only a
// few hundred rows even when a single common character matches tens of
// thousands of cases.
const manyMatches = 2000

func (sqliteDialect) textFilter(q *gorm.DB, text string) *gorm.DB {
	phrase := searchPhrase(text)
	if phrase == "" {
		return q
	}
	const match = "(SELECT docid FROM case_search WHERE case_search MATCH ?)"
	var n int64
	q.Session(&gorm.Session{NewDB: true}).Raw("SELECT count(*) FROM "+match, phrase).Scan(&n)
	if n > manyMatches {
		// The unary plus keeps SQLite from looking the matches up one by one.
		return q.Where("+cases.id IN "+match, phrase)
	}
	return q.Where("cases.id IN "+match, phrase)
}

// searchTx needs nothing: the query plans of textFilter are fixed.
func (sqliteDialect) searchTx(db *gorm.DB, fn func(db *gorm.DB) error) error { return fn(db) }

func (sqliteDialect) integrity(db *gorm.DB) ([]string, Finding, error) {
	ran := Finding{Key: "check.engine_sqlite"}
	var rows []string
	if err := db.Raw("PRAGMA integrity_check").Scan(&rows).Error; err != nil {
		return nil, ran, err
	}
	if len(rows) == 1 && rows[0] == "ok" {
		rows = nil
	}
	var fk []struct {
		Table  string `gorm:"column:table"`
		RowID  int64  `gorm:"column:rowid"`
		Parent string `gorm:"column:parent"`
	}
	if err := db.Raw("PRAGMA foreign_key_check").Scan(&fk).Error; err != nil {
		return nil, ran, err
	}
	for _, f := range fk {
		rows = append(rows, fmt.Sprintf("%s row %d: no %s", f.Table, f.RowID, f.Parent))
	}
	return rows, ran, nil
}

// backupTo copies every page of the database into a new file with
// SQLite's online backup API. The source connection holds one read
// transaction from the first page to the last, so the copy is
// consistent, and it only reads the database, so it works on a read-only
// share too. Pages are copied in steps so that ctx can stop it.
func (sqliteDialect) backupTo(ctx context.Context, db *gorm.DB, dest string) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	src, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer src.Close()
	destDB, err := sql.Open("sqlite3", dest+"?_journal_mode=DELETE&_synchronous=FULL")
	if err != nil {
		return err
	}
	defer destDB.Close()
	to, err := destDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer to.Close()
	return to.Raw(func(d any) error {
		return src.Raw(func(f any) error {
			from := f.(*sqlite3.SQLiteConn)
			if _, err := from.Exec("BEGIN DEFERRED", nil); err != nil {
				return err
			}
			defer from.Exec("ROLLBACK", nil)
			// The first read takes the shared lock that keeps the file as
			// it is until ROLLBACK.
			if _, err := from.Exec("SELECT count(*) FROM sqlite_master", nil); err != nil {
				return err
			}
			return copyPages(ctx, d.(*sqlite3.SQLiteConn), from, copyPagesStep)
		})
	})
}

// verifyCopy opens the copy on its own and runs quick_check.
func (sqliteDialect) verifyCopy(path string) error {
	db, err := sql.Open("sqlite3", path+"?_query_only=true")
	if err != nil {
		return errf(ECorrupt, "err.backup_bad", "Path", path)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&res); err != nil || res != "ok" {
		return &Error{Code: ECorrupt, Key: "err.backup_bad", Args: map[string]any{"Path": path}, Err: err}
	}
	return nil
}

// restoreFrom copies every page of src into the open database with
// SQLite's online backup API, under the database's own locks, so that
// other connections see the restored content and none of them writes into
// a file that was replaced behind their back.
func (sqliteDialect) restoreFrom(ctx context.Context, db *gorm.DB, src string) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	dest, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer dest.Close()
	srcDB, err := sql.Open("sqlite3", src+"?_query_only=true")
	if err != nil {
		return err
	}
	defer srcDB.Close()
	from, err := srcDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer from.Close()
	return dest.Raw(func(d any) error {
		return from.Raw(func(f any) error {
			// One step: the live database is locked from the first page to
			// the last, so no other PC writes between them.
			return copyPages(ctx, d.(*sqlite3.SQLiteConn), f.(*sqlite3.SQLiteConn), -1)
		})
	})
}

// copyPagesStep is how many pages one step of a page copy takes (16 MB
// of 4 KB pages) before ctx is looked at again.
const copyPagesStep = 4096

// copyPages copies src into dest, step pages at a time (-1: all at once).
func copyPages(ctx context.Context, dest, src *sqlite3.SQLiteConn, step int) error {
	b, err := dest.Backup("main", src, "main")
	if err != nil {
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			b.Finish()
			return err
		}
		done, err := b.Step(step)
		if err != nil {
			b.Finish()
			return err
		}
		if done {
			return b.Finish()
		}
	}
}

func (sqliteDialect) tableNames(db *gorm.DB) ([]string, error) {
	var names []string
	err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'table'").Scan(&names).Error
	return names, err
}

func (sqliteDialect) indexNames(db *gorm.DB) ([]string, error) {
	var names []string
	err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'index'").Scan(&names).Error
	return names, err
}

func (sqliteDialect) extraTables() []string { return []string{"case_search"} }

func (sqliteDialect) quickCheck(db *gorm.DB) ([]string, error) {
	var rows []string
	if err := db.Raw("PRAGMA quick_check").Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 1 && rows[0] == "ok" {
		return nil, nil
	}
	return rows, nil
}

func (sqliteDialect) countTables(db *gorm.DB, n *int64) error {
	return db.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'table'").Scan(n).Error
}

// classify maps SQLite's error codes to the store's codes.
func (sqliteDialect) classify(err error, op string) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return &Error{Code: EInternal, Key: "err.internal", Args: map[string]any{"Op": op}, Err: fmt.Errorf("%s: %w", op, err)}
	}
	code, key := EInternal, "err.internal"
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		code, key = ELocked, "err.locked"
	case sqlite3.ErrReadonly:
		code, key = EReadOnly, "err.readonly_db"
	case sqlite3.ErrNotADB:
		code, key = ENotDB, "err.not_db"
	case sqlite3.ErrCorrupt:
		code, key = ECorrupt, "err.corrupt"
	case sqlite3.ErrCantOpen, sqlite3.ErrIoErr, sqlite3.ErrProtocol:
		code, key = EUnreachable, "err.unreachable"
	case sqlite3.ErrFull:
		code, key = EUnreachable, "err.disk_full"
	case sqlite3.ErrConstraint:
		code, key = EExists, "err.constraint"
	}
	return &Error{Code: code, Key: key, Args: map[string]any{"Op": op, "Path": ""}, Err: fmt.Errorf("%s: %w", op, err)}
}

// classifySQLite classifies err when it is a SQLite error, else it
// returns nil.
func classifySQLite(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return sqliteDialect{}.classify(err, "")
	}
	return nil
}
