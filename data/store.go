package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"upgradedesk/data/semver"
)

// SchemaVersion is the version of the database schema this build writes.
// A database with a higher version was written by a newer UpgradeDesk and
// is refused; a lower one is migrated in place: columns and tables this
// build adds to a version are created by migrate, so a new column of the
// release being made needs no more than its field in the model.
//
// Version 2 (UpgradeDesk 1.1) adds columns to stage records and the seals
// of the records (row_seals); databases of version 1 are migrated, and
// their records sealed as they stand, when 1.1 first opens them.
//
// Version 3 adds the scanned pages of signed paper (scan_pages,
// scan_page_data) and the copies printed for signing (paper_copies).
//
// Version 4 adds the dependencies between systems (system_dependencies),
// the plans' downtime windows (downtime_windows), the library's blackout
// periods (blackout_periods) and the warnings decisions were taken with;
// the downtimes plans had as text become windows where they can be read
// (migrateWindows). It adds the kinds of change too: the templates of
// standard changes (change_templates, template_risks, template_decisions),
// a case's kind, template and the due time of an emergency change's
// skipped steps, and how long each stage lasted at a decision
// (migrateKinds).
const SchemaVersion = 4

// Options tune Open.
type Options struct {
	// Create makes a new database when the file does not exist.
	Create bool
	// ReadOnly opens the database for reading only (on a server, every
	// session of the store is read-only).
	ReadOnly bool
	// BusyTimeout is how long a write waits for another PC's lock before
	// giving up with ELocked (on a server: lock_timeout). Zero means
	// DefaultBusyTimeout.
	BusyTimeout time.Duration
	// Now replaces the clock (tests).
	Now func() time.Time
	// Dossier makes the dossier PDF archived when a case is closed, from
	// the dossier as read inside the closing transaction (see Act). A
	// store without it cannot close cases.
	Dossier func(d *Dossier) ([]byte, error)
	// Addendum makes the document of the costs recorded after a case was
	// archived (费用补记单), from the dossier as read inside the write that
	// records one. A store without it records no cost on an archived case.
	Addendum func(d *Dossier) ([]byte, error)
	// Witness makes Check compare the database with this PC's witness of
	// its audit chain (see witness.go): set for the databases people work
	// on, not for backups being checked.
	Witness bool
	// AppVersion is the version of the program opening the database: a
	// database last written by a newer UpgradeDesk is refused (ENewer,
	// see appversion.go), and a writable one records this version when it
	// is the newest that wrote it. "" checks and records nothing.
	AppVersion string
}

// DefaultBusyTimeout is how long a write waits for a lock by default.
const DefaultBusyTimeout = 10 * time.Second

// Store is the UpgradeDesk database: every read and every rule-checked
// write of the procedure goes through it. It is safe for concurrent use.
type Store struct {
	// id tells the sessions this store made (see Session).
	id       *storeID
	db       *gorm.DB
	dialect  dialect
	location string
	readOnly bool
	now      func() time.Time
	archiver func(d *Dossier) ([]byte, error) // Options.Dossier
	addendum func(d *Dossier) ([]byte, error) // Options.Addendum
	// batch is set on the store of Batch: its writes join one transaction,
	// sealed once at its end.
	batch bool
	// witness is Options.Witness.
	witness bool
	// busy is Options.BusyTimeout.
	busy time.Duration
	// wait, when set, makes writes wait past the busy timeout (Patient).
	wait WaitFunc
	// stuck keeps the last StuckCases, shared by the store's copies.
	stuck *stuckMemo
	// todo keeps the last TodoList of each user, shared likewise.
	todo *todoMemo
	// own are the audit entries this store wrote (see OwnChanges).
	own *ownWrites
}

// WaitFunc is told, on the writing goroutine, that a write has waited a
// whole busy timeout for other PCs and keeps waiting. It returns a
// context whose end stops the waiting (the user's 取消) and a function
// that is called once, when the write got through, failed for another
// reason or was stopped.
type WaitFunc func(op string) (ctx context.Context, done func())

// retryWait is how long each further attempt of a patient write waits for
// the lock, so that a stop is noticed within it.
const retryWait = 500 * time.Millisecond

// Patient returns the store with writes that do not fail when other PCs
// hold the database longer than the busy timeout: they keep trying, in
// attempts of retryWait, told to wait, until they get through or its
// context ends (then ECancelled). Reads are as they are.
func (s *Store) Patient(wait WaitFunc) *Store {
	p := *s
	p.wait = wait
	return &p
}

// Open opens the database at location: a file path for SQLite (the
// default) or a postgres:// URL. Everything specific to one database
// engine happens here and in the dialect files.
func Open(location string, opt Options) (*Store, error) {
	if opt.BusyTimeout == 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	d, err := dialectFor(location)
	if err != nil {
		return nil, err
	}
	dialector, readOnly, created, err := d.open(location, opt)
	if err != nil {
		return nil, err
	}
	s := &Store{id: &storeID{}, stuck: &stuckMemo{}, todo: &todoMemo{}, own: &ownWrites{}, dialect: d, location: location, readOnly: readOnly, archiver: opt.Dossier, addendum: opt.Addendum, witness: opt.Witness, busy: opt.BusyTimeout,
		now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }}
	s.db, err = gorm.Open(dialector, &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		NowFunc:                s.now,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		return nil, s.openError(d.classify(err, "open"))
	}
	if err := d.configure(s.db, opt); err != nil {
		s.Close()
		return nil, s.openError(err)
	}
	if err := s.prepareSchema(created || opt.Create, opt.AppVersion); err != nil {
		s.Close()
		return nil, s.openError(err)
	}
	return s, nil
}

// openError names the database in an error of opening it, and says when
// a SQLite file cannot be read because an interrupted write left a
// journal that must be rolled back first, which a read-only folder or
// connection cannot do.
func (s *Store) openError(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	if s.dialect.name() == "sqlite" && (e.Code == EReadOnly || e.Code == EUnreachable) && e.Key != "err.readonly" {
		if st, serr := os.Stat(s.location + "-journal"); serr == nil && st.Size() > 0 {
			return &Error{Code: EReadOnly, Key: "err.hot_journal", Args: map[string]any{"Path": s.location}, Err: e}
		}
	}
	return s.named(err)
}

// named fills in the database's location where an error's message names
// a file but the driver did not say which.
func (s *Store) named(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Args != nil {
		if p, ok := e.Args["Path"]; ok && p == "" {
			e.Args["Path"] = s.DisplayLocation()
		}
	}
	return err
}

// Close closes the database.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Location returns the path or URL the store was opened with.
func (s *Store) Location() string { return s.location }

// DisplayLocation returns the location for messages and logs: a server
// URL without its password.
func (s *Store) DisplayLocation() string {
	if IsURL(s.location) {
		return redactURL(s.location)
	}
	return s.location
}

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Engine returns "sqlite" or "postgres".
func (s *Store) Engine() string { return s.dialect.name() }

// Now returns the store's clock, in UTC, truncated to microseconds.
func (s *Store) Now() time.Time { return s.now() }

// write runs fn in one write transaction, which waits for the other
// writers of the database (on every PC) before it reads anything, so
// writes are serialised on every engine. Errors are classified so that
// callers only ever see *Error.
//
// At its end the write seals what it changed into the audit chain (see
// seal.go).
func (s *Store) write(op string, fn func(tx *gorm.DB) error) error {
	return s.writeTx(op, !s.batch, fn)
}

// writeTx is write; seal is false for writes that seal themselves (the
// schema's migration) and inside a batch, which is sealed at its end.
func (s *Store) writeTx(op string, seal bool, fn func(tx *gorm.DB) error) error {
	if s.readOnly {
		return errf(EReadOnly, "err.readonly_mode")
	}
	err := s.attempt(s.db, op, seal, fn)
	if s.wait == nil || ErrorCode(err) != ELocked {
		return err
	}
	ctx, done := s.wait(op)
	defer done()
	for {
		if ctx.Err() != nil {
			return errf(ECancelled, "err.wait_cancelled")
		}
		err := s.db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
			if err := s.dialect.setLockWait(conn, retryWait); err != nil {
				return err
			}
			err := s.attempt(conn, op, seal, fn)
			if rerr := s.dialect.setLockWait(conn, s.busy); err == nil && rerr != nil {
				return s.fail(op, rerr)
			}
			return err
		})
		if ctx.Err() != nil {
			return errf(ECancelled, "err.wait_cancelled")
		}
		if ErrorCode(err) != ELocked {
			return err
		}
	}
}

// attempt runs one write transaction of writeTx on db.
func (s *Store) attempt(db *gorm.DB, op string, seal bool, fn func(tx *gorm.DB) error) error {
	var from, to int64
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := s.dialect.beginWrite(tx); err != nil {
			return err
		}
		if !seal {
			return fn(tx)
		}
		if err := tx.Model(&auditHead{}).Select("seq").Where("id = ?", 1).Scan(&from).Error; err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		if err := s.sealWrite(tx, from); err != nil {
			return err
		}
		return tx.Model(&auditHead{}).Select("seq").Where("id = ?", 1).Scan(&to).Error
	})
	if err != nil {
		return s.fail(op, err)
	}
	s.own.add(from, to)
	return nil
}

// ownWrites are the audit entries a store wrote, as ranges of sequence
// numbers: (from, to] of each committed write. Writes are serialised on
// every PC before they read the chain's end, so no entry of another PC
// lies inside a range.
type ownWrites struct {
	mu     sync.Mutex
	ranges [][2]int64
}

// add records the entries (from, to] of a committed write.
func (o *ownWrites) add(from, to int64) {
	if o == nil || to <= from {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if n := len(o.ranges); n > 0 && o.ranges[n-1][1] == from {
		o.ranges[n-1][1] = to
		return
	}
	o.ranges = append(o.ranges, [2]int64{from, to})
	if len(o.ranges) > maxOwnRanges {
		o.ranges = o.ranges[len(o.ranges)-maxOwnRanges:]
	}
}

// maxOwnRanges bounds the ranges kept: a client asks about the last few
// seconds' writes only.
const maxOwnRanges = 64

// covers reports whether the entries (from, to] are all in the ranges;
// ranges ending at or before from are no longer needed and dropped.
func (o *ownWrites) covers(from, to int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	kept := o.ranges[:0]
	for _, r := range o.ranges {
		if r[1] > from {
			kept = append(kept, r)
		}
	}
	clear(o.ranges[len(kept):])
	o.ranges = kept
	at := from
	for _, r := range o.ranges {
		if r[0] > at {
			break
		}
		at = max(at, r[1])
		if at >= to {
			return true
		}
	}
	return at >= to
}

// OwnChanges reports whether every change the change sequence (ChangeSeq)
// counted after from, up to to, was made through this store (or the
// stores derived from it, Patient's): a client polling the sequence
// then knows that no other PC wrote meanwhile and need not read anything
// again.
func (s *Store) OwnChanges(from, to int64) bool {
	if to <= from {
		return true
	}
	return s.own.covers(from, to)
}

// on returns the store with ctx attached to its queries: work done through
// it stops when ctx ends.
func (s *Store) on(ctx context.Context) *Store {
	if ctx == nil {
		return s
	}
	return s.view(s.db.WithContext(ctx))
}

// fail converts err to an *Error.
func (s *Store) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errf(ENotFound, "err.not_found")
	}
	return s.named(s.dialect.classify(err, op))
}

// read runs a query and classifies its error.
func (s *Store) read(op string, err error) error { return s.fail(op, err) }

// models lists every table of the schema, parents before children.
func models() []any {
	return []any{
		&metaRow{}, &Setting{}, &auditHead{}, &AuditEntry{}, &caseCounter{},
		&Department{}, &User{}, &Vendor{}, &System{}, &SystemVersion{},
		&Case{}, &Decision{}, &Assessment{}, &Participant{},
		&Plan{}, &Milestone{}, &Responsibility{}, &Risk{}, &BudgetItem{},
		&Backup{}, &Implementation{}, &Migration{}, &TestRecord{}, &Acceptance{},
		&RollbackReport{}, &Registration{}, &Cost{}, &Training{}, &Evaluation{},
		&Attachment{}, &AttachmentData{}, &ArchiveEntry{}, &Substitute{}, &CalendarDay{}, &Notification{}, &RowSeal{},
		&ScanPage{}, &ScanPageData{}, &PaperCopy{},
		&SystemDependency{}, &DowntimeWindow{}, &BlackoutPeriod{},
		&ChangeTemplate{}, &TemplateRisk{}, &TemplateDecision{},
	}
}

// prepareSchema creates the schema in an empty database, migrates an older
// one and refuses a newer one or a database of another program.
func (s *Store) prepareSchema(mayCreate bool, appVersion string) error {
	m := s.db.Migrator()
	if !m.HasTable(&metaRow{}) {
		var n int64
		if err := s.dialect.countTables(s.db, &n); err != nil {
			return s.fail("read schema", err)
		}
		if n > 0 {
			return errf(ENotDB, "err.foreign_db")
		}
		if !mayCreate {
			return errf(ENoDB, "err.empty_db")
		}
		if err := s.migrate(0); err != nil {
			return err
		}
		return s.recordAppVersion("", appVersion)
	}
	var row metaRow
	if err := s.db.Where("key = ?", "schema_version").First(&row).Error; err != nil {
		return s.fail("read schema version", err)
	}
	v, err := strconv.Atoi(row.Value)
	if err != nil {
		return errf(ECorrupt, "err.corrupt", "Path", s.DisplayLocation())
	}
	writer, _ := s.metaValue(metaAppVersion)
	if v > SchemaVersion || semver.Newer(writer, appVersion) {
		return s.newerError(v, writer, appVersion)
	}
	if v < SchemaVersion {
		if err := s.migrate(v); err != nil {
			return err
		}
	}
	if err := s.checkTables(); err != nil {
		return err
	}
	if err := s.addMissingIndexes(); err != nil {
		return err
	}
	return s.recordAppVersion(writer, appVersion)
}

// checkTables refuses a database that lacks tables of its schema (dropped
// outside the application): ECorrupt, naming them, instead of failing
// later on the first query that needs one.
func (s *Store) checkTables() error {
	have, err := s.dialect.tableNames(s.db)
	if err != nil {
		return s.fail("read schema", err)
	}
	present := map[string]bool{}
	for _, t := range have {
		present[strings.ToLower(t)] = true
	}
	var missing []string
	for _, m := range models() {
		if t := tableOf(s.db, m); !present[t] {
			missing = append(missing, t)
		}
	}
	for _, t := range s.dialect.extraTables() {
		if !present[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return errf(ECorrupt, "err.missing_tables", "Path", s.DisplayLocation(), "Tables", strings.Join(missing, ", "))
	}
	return nil
}

// migrate brings the schema from version from up to SchemaVersion.
func (s *Store) migrate(from int) error {
	if s.readOnly {
		return errf(EReadOnly, "err.readonly_migrate")
	}
	return s.writeTx("migrate", false, func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(models()...); err != nil {
			return err
		}
		if err := createIndexes(tx); err != nil {
			return err
		}
		if err := s.dialect.afterMigrate(tx); err != nil {
			return err
		}
		if from == 0 {
			if err := s.initMetaOnce(tx); err != nil {
				return err
			}
		}
		if from == 1 {
			// Version 1 had no seals: what is there now is sealed as it is.
			if err := s.sealAll(tx, "schema 2"); err != nil {
				return err
			}
		}
		if from > 0 && from < 4 {
			if err := s.migrateWindows(tx); err != nil {
				return err
			}
		}
		if err := migrateKinds(tx, from); err != nil {
			return err
		}
		return tx.Save(&metaRow{Key: "schema_version", Value: strconv.Itoa(SchemaVersion)}).Error
	})
}

// caseIndexes serve the case list: each filter column with the default
// order (by number), a covering index for counting any combination of
// filters, and the title for sorting by it; and 待办: the records a user
// wrote (actorFacts), the signed paper due (todoPaper) and the decisions of
// the current round of two-signature steps (roundDecisions), without
// reading the whole audit trail or every decision, and the columns the
// rules read of every case in a state (ruleCaseColumns, by state and
// business department), without reading the cases' rows: those hold the
// request's texts, and tens of thousands of them were read from the file
// (over the network, on a share) for each 待办.
var caseIndexes = []string{
	"CREATE INDEX IF NOT EXISTS idx_cases_rules ON cases (state, business_dept_id, applicant_id, state_at, " +
		"state_seq, department_id, version, change_kind, template_id, retro_due_at, retro_done_at)",
	"CREATE INDEX IF NOT EXISTS idx_audit_actor ON audit_entries (actor_id, entity, case_id)",
	"CREATE INDEX IF NOT EXISTS idx_decisions_paper_due ON decisions (case_id) WHERE " + paperDueSQL,
	"CREATE INDEX IF NOT EXISTS idx_decisions_round ON decisions (case_id, state_seq, from_state, action, actor_id, actor_role) " +
		"WHERE to_state = from_state",
	"CREATE INDEX IF NOT EXISTS idx_cases_state_no ON cases (state, year, seq)",
	"CREATE INDEX IF NOT EXISTS idx_cases_dept_no ON cases (department_id, year, seq)",
	"CREATE INDEX IF NOT EXISTS idx_cases_system_no ON cases (system_id, year, seq)",
	"CREATE INDEX IF NOT EXISTS idx_cases_filter ON cases (state, department_id, system_id, created_at)",
	"CREATE INDEX IF NOT EXISTS idx_cases_title ON cases (title)",
}

// addMissingIndexes makes the indexes of caseIndexes a database of this
// schema lacks, made by an earlier build of it: an index changes nothing a
// client of that build reads or writes, so it comes without a new schema
// version, and the PCs need not all be updated at once. A read-only store
// does without.
func (s *Store) addMissingIndexes() error {
	if s.readOnly {
		return nil
	}
	have, err := s.dialect.indexNames(s.db)
	if err != nil {
		return s.fail("read schema", err)
	}
	var missing []string
	for _, q := range caseIndexes {
		if !slices.Contains(have, indexName(q)) {
			missing = append(missing, q)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return s.writeTx("add indexes", false, func(tx *gorm.DB) error {
		for _, q := range missing {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// indexName is the name of the index a CREATE INDEX IF NOT EXISTS makes.
func indexName(create string) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(create, "CREATE INDEX IF NOT EXISTS "), " ")
	return name
}

func createIndexes(tx *gorm.DB) error {
	for _, q := range caseIndexes {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return createPlanningIndexes(tx)
}

// initMetaOnce writes the bookkeeping of a new database unless another
// program opening the same empty database wrote it first (its migration
// committed while this one waited for the write lock).
func (s *Store) initMetaOnce(tx *gorm.DB) error {
	var n int64
	if err := tx.Model(&metaRow{}).Where("key = ?", "database_id").Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return s.initMeta(tx)
}

func (s *Store) initMeta(tx *gorm.DB) error {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return err
	}
	rows := []metaRow{
		{Key: "database_id", Value: hex.EncodeToString(id)},
		{Key: "created_at", Value: s.now().Format(time.RFC3339)},
	}
	if err := tx.Create(&rows).Error; err != nil {
		return err
	}
	return tx.Create(&auditHead{ID: 1, Seq: 0, Hash: genesisHash}).Error
}

// DatabaseID returns the identity the database got when it was made: what
// backups and this PC's witness know it by.
func (s *Store) DatabaseID() (string, error) { return s.metaValue("database_id") }

// metaValue returns a value of the schema's bookkeeping ("schema_version",
// "database_id", "created_at").
func (s *Store) metaValue(key string) (string, error) {
	var row metaRow
	err := s.db.Where("key = ?", key).Limit(1).Find(&row).Error
	return row.Value, s.read("read meta", err)
}

// QuickCheck runs the engine's fast consistency check (SQLite's
// quick_check): commands that read only part of the database, such as
// exports, run it first so that they never succeed on a damaged file.
func (s *Store) QuickCheck(ctx context.Context) error {
	problems, err := s.dialect.quickCheck(s.db.WithContext(ctx))
	if err != nil {
		return s.fail("quick check", err)
	}
	if len(problems) > 0 {
		return errf(ECorrupt, "err.quick_check", "Path", s.DisplayLocation(), "First", problems[0], "N", len(problems))
	}
	return nil
}

// IsEmpty reports whether the database has no user yet: the client then
// offers to create the first administrator or load demo data.
func (s *Store) IsEmpty() (bool, error) {
	var n int64
	err := s.db.Model(&User{}).Count(&n).Error
	return n == 0, s.read("count users", err)
}

func (s *Store) String() string {
	return fmt.Sprintf("%s database %s", s.Engine(), s.DisplayLocation())
}

// OnNetworkShare reports whether the database is a SQLite file on a
// network share, where the rules of a shared file apply (see README).
func (s *Store) OnNetworkShare() bool {
	return s.dialect.name() == "sqlite" && IsNetworkPath(s.location)
}
