package data

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// dialect is everything that differs between database engines. The rest
// of the store uses portable GORM calls and SQL only.
type dialect interface {
	name() string
	// open checks the location and returns the GORM dialector, whether the
	// database is read-only and whether it was just created.
	open(location string, opt Options) (d gorm.Dialector, readOnly, created bool, err error)
	// configure sets connection-level settings after opening.
	configure(db *gorm.DB, opt Options) error
	// setLockWait sets how long the writes of one connection wait for
	// the write lock.
	setLockWait(conn *gorm.DB, d time.Duration) error
	// beginWrite runs first in every write transaction and makes writers
	// wait for one another, so that a write sees everything committed
	// before it (SQLite's BEGIN IMMEDIATE does that by itself).
	beginWrite(tx *gorm.DB) error
	// snapshot runs fn in a read-only transaction that sees one consistent
	// state of the whole database while others keep writing.
	snapshot(db *gorm.DB, fn func(tx *gorm.DB) error) error
	// snapshotPair is snapshot with a second connection that sees the same
	// state, for reading two things at once; second is nil when the engine
	// cannot give one right now (fn then reads both on tx). busy is the
	// store's busy timeout, which the second connection gets back.
	snapshotPair(db *gorm.DB, busy time.Duration, fn func(tx, second *gorm.DB) error) error
	// afterMigrate creates what AutoMigrate cannot (search indexes).
	afterMigrate(tx *gorm.DB) error
	// countTables counts the tables of the database.
	countTables(db *gorm.DB, n *int64) error
	// tableNames lists the tables of the database.
	tableNames(db *gorm.DB) ([]string, error)
	// indexNames lists the indexes of the schema's tables.
	indexNames(db *gorm.DB) ([]string, error)
	// extraTables lists the tables the engine's own features need beside
	// those of the models (SQLite's search index).
	extraTables() []string
	// quickCheck runs the engine's fast consistency check, for commands
	// that read only part of the database (exports) and must not succeed
	// on a damaged one; it returns the problems found.
	quickCheck(db *gorm.DB) ([]string, error)
	// integrity runs the engine's own consistency check and returns the
	// problems it reports (none when the database is sound) and what was
	// checked.
	integrity(db *gorm.DB) ([]string, Finding, error)
	// backupTo writes a consistent copy of the database to the file dest.
	backupTo(ctx context.Context, db *gorm.DB, dest string) error
	// verifyCopy checks a copy written by backupTo.
	verifyCopy(path string) error
	// restoreFrom replaces the database's content with the copy in src.
	restoreFrom(ctx context.Context, db *gorm.DB, src string) error
	// indexCase stores the case's text in the free-text search index.
	indexCase(tx *gorm.DB, c *Case) error
	// indexCases stores many new cases in the search index at once.
	indexCases(tx *gorm.DB, cs []Case) error
	// searchCount counts the cases in the free-text index.
	searchCount(db *gorm.DB) (int64, error)
	// clearSearch empties the free-text index.
	clearSearch(tx *gorm.DB) error
	// afterCopy runs at the end of a copy into the database, in its
	// transaction (PostgreSQL moves its id sequences past the copied ids).
	afterCopy(tx *gorm.DB) error
	// textFilter limits q (on cases) to the cases matching a free-text query.
	textFilter(q *gorm.DB, text string) *gorm.DB
	// searchTx runs the queries of one free-text search of the case list.
	searchTx(db *gorm.DB, fn func(db *gorm.DB) error) error
	// batchCases is how many demo cases one transaction of Batch writes.
	batchCases() int
	// classify turns a driver error into an *Error.
	classify(err error, op string) error
}

// IsURL reports whether location is a database server URL rather than a
// file path.
func IsURL(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

func dialectFor(location string) (dialect, error) {
	if IsURL(location) {
		return newPostgresDialect(location)
	}
	return sqliteDialect{}, nil
}

// classify is used by code that has no store at hand: it recognises the
// errors of every engine's driver and returns nil for other errors.
func classify(err error) error {
	if e := classifySQLite(err); e != nil {
		return e
	}
	return classifyPostgres(err)
}
