package data

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// The copier moves a whole database between two stores of any engines:
// every table of models(), parents before children, in batches, with the
// ids and the audit chain exactly as they are. The source is read in one
// snapshot while others may keep working on it; the target is written in
// one transaction under its write lock, so it holds either its old
// content or the complete copy. Backup and restore of a PostgreSQL
// database and `upgradedesk migrate` use it.

// endpoint is one side of a copy: a database and its engine.
type endpoint struct {
	db *gorm.DB
	d  dialect
}

func (s *Store) endpoint() endpoint { return endpoint{db: s.db, d: s.dialect} }

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int64
}

// CopyReport says what a copy wrote.
type CopyReport struct {
	// Tables lists every table with its rows, in the order copied.
	Tables []TableCount
	// AuditSeq and AuditHash are the end of the copied audit chain.
	AuditSeq  int64
	AuditHash string
	Took      time.Duration
	// Differences lists what the copy's verification found (Migrate).
	Differences []string
}

// Rows returns the number of rows copied in all tables.
func (r *CopyReport) Rows() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// CopyProgress is told how many rows of a table have been copied.
type CopyProgress func(table string, done, total int64)

// Blank reports whether the database holds no data yet: only the schema
// and its bookkeeping, as Open with Create leaves a new database.
func (s *Store) Blank() (bool, error) {
	for _, m := range models() {
		switch m.(type) {
		case *metaRow, *auditHead:
			continue
		}
		var found bool
		if err := s.db.Raw("SELECT EXISTS (SELECT 1 FROM ?)", clause.Table{Name: tableOf(s.db, m)}).Scan(&found).Error; err != nil {
			return false, s.read("read tables", err)
		}
		if found {
			return false, nil
		}
	}
	var head auditHead
	err := s.db.Limit(1).Find(&head, 1).Error
	return head.Seq == 0, s.read("read audit head", err)
}

// Migrate copies the whole database src into dst, which must hold no data
// yet (see Blank): every table with its ids, the audit chain unchanged
// and the search index rebuilt for dst's engine. Nothing is written to
// dst unless all of it is. The copy is then compared with what was copied
// (VerifyCopy), and the differences found are in the report.
//
// A SQLite source is first copied page by page into a temporary file (a
// read lock of a few seconds on the shared file); the migration reads
// that snapshot, so other PCs keep writing to the source meanwhile and
// the comparison is with what was really copied.
func Migrate(ctx context.Context, src, dst *Store, progress CopyProgress) (*CopyReport, error) {
	if dst.readOnly {
		return nil, errf(EReadOnly, "err.readonly_mode")
	}
	blank, err := dst.Blank()
	if err != nil {
		return nil, err
	}
	if !blank {
		return nil, errf(EExists, "err.target_not_empty", "Path", dst.DisplayLocation())
	}
	from := src
	if src.Engine() == "sqlite" {
		snap, cleanup, err := src.snapshotFile(ctx)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		from = snap
	}
	rep, err := copyDatabase(ctx, from.endpoint(), dst.endpoint(), progress)
	if ctx.Err() != nil {
		return nil, errf(ECancelled, "err.cancelled")
	}
	if err != nil {
		return nil, dst.fail("copy", err)
	}
	if rep.Differences, err = VerifyCopy(ctx, from, dst); err != nil {
		return nil, err
	}
	return rep, nil
}

// snapshotFile copies the SQLite database into a temporary file and opens
// the copy read-only; cleanup closes and removes it.
func (s *Store) snapshotFile(ctx context.Context) (*Store, func(), error) {
	dir, err := os.MkdirTemp("", "upgradedesk-snapshot-")
	if err != nil {
		return nil, nil, outputError(err, os.TempDir())
	}
	path := filepath.Join(dir, "snapshot.db")
	if err := s.dialect.backupTo(ctx, s.db, path); err != nil {
		os.RemoveAll(dir)
		if ctx.Err() != nil {
			return nil, nil, errf(ECancelled, "err.cancelled")
		}
		return nil, nil, s.backupError(err)
	}
	snap, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return snap, func() { snap.Close(); os.RemoveAll(dir) }, nil
}

// copyDatabase replaces the content of dst with a copy of src.
func copyDatabase(ctx context.Context, src, dst endpoint, progress CopyProgress) (*CopyReport, error) {
	start := time.Now()
	rep := &CopyReport{}
	err := src.d.snapshot(src.db.WithContext(ctx), func(from *gorm.DB) error {
		from = from.Session(&gorm.Session{NewDB: true})
		return dst.db.WithContext(ctx).Transaction(func(to *gorm.DB) error {
			c := &copier{from: from, to: to, src: src.d, dst: dst.d, progress: progress}
			return c.run(rep)
		})
	})
	if err != nil {
		return nil, err
	}
	rep.Took = time.Since(start)
	return rep, nil
}

// copier is one copy in progress: from is the source's snapshot, to the
// target's transaction.
type copier struct {
	from, to *gorm.DB
	src, dst dialect
	progress CopyProgress
}

// srcErr and dstErr classify an error of the side it came from.
func (c *copier) srcErr(op string, err error) error { return classifyWith(c.src, op, err) }
func (c *copier) dstErr(op string, err error) error { return classifyWith(c.dst, op, err) }

func classifyWith(d dialect, op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*Error); ok {
		return err
	}
	return d.classify(err, op)
}

func (c *copier) run(rep *CopyReport) error {
	if err := c.dst.beginWrite(c.to); err != nil {
		return c.dstErr("lock", err)
	}
	if err := c.clear(); err != nil {
		return err
	}
	for _, m := range models() {
		n, err := c.table(m)
		if err != nil {
			return err
		}
		rep.Tables = append(rep.Tables, TableCount{Table: tableOf(c.from, m), Rows: n})
	}
	if err := c.dst.afterCopy(c.to); err != nil {
		return c.dstErr("finish copy", err)
	}
	return c.checkHead(rep)
}

// clear deletes every row of the target, children first.
func (c *copier) clear() error {
	all := models()
	for i := len(all) - 1; i >= 0; i-- {
		if err := c.to.Exec("DELETE FROM ?", clause.Table{Name: tableOf(c.to, all[i])}).Error; err != nil {
			return c.dstErr("clear "+tableOf(c.to, all[i]), err)
		}
	}
	return c.dstErr("clear search index", c.dst.clearSearch(c.to))
}

// table copies the rows of model's table in batches in the order of
// its primary key, and returns how many it copied after checking that
// the source has exactly as many in the snapshot.
func (c *copier) table(model any) (int64, error) {
	sch, err := schemaOf(c.from, model)
	if err != nil {
		return 0, err
	}
	var total int64
	if err := c.from.Table(sch.Table).Count(&total).Error; err != nil {
		return 0, c.srcErr("count "+sch.Table, err)
	}
	pk := sch.PrioritizedPrimaryField
	batch := copyBatch(sch)
	var done int64
	var last any
	for {
		rows := reflect.New(reflect.SliceOf(sch.ModelType))
		q := c.from.Order(clause.OrderByColumn{Column: clause.Column{Name: pk.DBName}}).Limit(batch)
		if last != nil {
			q = q.Where(clause.Gt{Column: clause.Column{Name: pk.DBName}, Value: last})
		}
		if err := q.Find(rows.Interface()).Error; err != nil {
			return done, c.srcErr("read "+sch.Table, err)
		}
		n := rows.Elem().Len()
		if n == 0 {
			break
		}
		if err := c.insert(rows.Interface()); err != nil {
			return done, c.dstErr("write "+sch.Table, err)
		}
		last, _ = pk.ValueOf(context.Background(), rows.Elem().Index(n-1))
		done += int64(n)
		if c.progress != nil {
			c.progress(sch.Table, done, total)
		}
		if n < batch {
			break
		}
	}
	if done != total {
		return done, errf(EInternal, "err.copy_mismatch", "What", fmt.Sprintf("%s: %d of %d rows", sch.Table, done, total))
	}
	return done, nil
}

// insert writes one batch of rows as they are (ids and times included)
// and indexes copied cases for the target's search.
func (c *copier) insert(rows any) error {
	err := c.to.Session(&gorm.Session{SkipHooks: true}).Omit(clause.Associations).Create(rows).Error
	if err != nil {
		return err
	}
	if cases, ok := rows.(*[]Case); ok {
		return c.dst.indexCases(c.to, *cases)
	}
	return nil
}

// checkHead compares the end of the audit chain on both sides.
func (c *copier) checkHead(rep *CopyReport) error {
	var a, b auditHead
	if err := c.from.Limit(1).Find(&a, 1).Error; err != nil {
		return c.srcErr("read audit head", err)
	}
	if err := c.to.Limit(1).Find(&b, 1).Error; err != nil {
		return c.dstErr("read audit head", err)
	}
	if a != b {
		return errf(EInternal, "err.copy_mismatch", "What", "audit_head")
	}
	rep.AuditSeq, rep.AuditHash = b.Seq, b.Hash
	return nil
}

// copyBatch is how many rows of a table one statement writes: within
// every engine's limit of bound parameters, and few at a time for
// attachment contents, which may be megabytes each.
func copyBatch(sch *schema.Schema) int {
	if sch.Table == "attachment_data" {
		return 16
	}
	return max(1, min(1000, 30000/len(sch.DBNames)))
}

// schemaOf returns GORM's description of model's table.
func schemaOf(db *gorm.DB, model any) (*schema.Schema, error) {
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(model); err != nil {
		return nil, fmt.Errorf("parse %T: %w", model, err)
	}
	return stmt.Schema, nil
}

// tableOf returns the table name of model.
func tableOf(db *gorm.DB, model any) string {
	sch, err := schemaOf(db, model)
	if err != nil {
		return fmt.Sprintf("%T", model)
	}
	return sch.Table
}

// VerifyCopy compares dst with src after a copy: the rows of every
// table, the audit chain (which must verify on dst and end where src's
// ends) and a sample of rows of every table, field by field. It returns
// the differences found, none when the copy is faithful.
func VerifyCopy(ctx context.Context, src, dst *Store) ([]string, error) {
	var diffs []string
	for _, m := range models() {
		if ctx.Err() != nil {
			return nil, errf(ECancelled, "err.cancelled")
		}
		d, err := compareTable(src, dst, m)
		if err != nil {
			return nil, err
		}
		diffs = append(diffs, d...)
	}
	d, err := compareAudit(ctx, src, dst)
	return append(diffs, d...), err
}

// spotChecks is how many rows of each table VerifyCopy compares.
const spotChecks = 12

// compareTable compares the row counts of a table and spotChecks rows
// spread over it.
func compareTable(src, dst *Store, model any) ([]string, error) {
	sch, err := schemaOf(src.db, model)
	if err != nil {
		return nil, err
	}
	var a, b int64
	if err := src.db.Table(sch.Table).Count(&a).Error; err != nil {
		return nil, src.read("count "+sch.Table, err)
	}
	if err := dst.db.Table(sch.Table).Count(&b).Error; err != nil {
		return nil, dst.read("count "+sch.Table, err)
	}
	if a != b {
		return []string{fmt.Sprintf("%s: %d rows, the source has %d", sch.Table, b, a)}, nil
	}
	var diffs []string
	for i := int64(0); i < min(a, spotChecks); i++ {
		d, err := compareRow(src, dst, sch, i*(a-1)/max(1, min(a, spotChecks)-1))
		if err != nil {
			return nil, err
		}
		diffs = append(diffs, d...)
	}
	return diffs, nil
}

// compareRow compares the row at offset in primary key order.
func compareRow(src, dst *Store, sch *schema.Schema, offset int64) ([]string, error) {
	pk := sch.PrioritizedPrimaryField.DBName
	order := clause.OrderByColumn{Column: clause.Column{Name: pk}}
	a := reflect.New(sch.ModelType)
	if err := src.db.Order(order).Offset(int(offset)).Limit(1).Find(a.Interface()).Error; err != nil {
		return nil, src.read("read "+sch.Table, err)
	}
	key, _ := sch.PrioritizedPrimaryField.ValueOf(context.Background(), a.Elem())
	b := reflect.New(sch.ModelType)
	if err := dst.db.Where(clause.Eq{Column: clause.Column{Name: pk}, Value: key}).Limit(1).Find(b.Interface()).Error; err != nil {
		return nil, dst.read("read "+sch.Table, err)
	}
	var diffs []string
	for _, f := range sch.Fields {
		if f.DBName == "" {
			continue
		}
		x, _ := f.ValueOf(context.Background(), a.Elem())
		y, _ := f.ValueOf(context.Background(), b.Elem())
		if !sameValue(x, y) {
			diffs = append(diffs, fmt.Sprintf("%s %v: %s differs", sch.Table, key, f.DBName))
		}
	}
	return diffs, nil
}

// sameValue compares two column values: bytes as bytes, times as instants
// to the microsecond (SQLite keeps the nanoseconds of a time written by an
// older version, PostgreSQL rounds them to microseconds).
func sameValue(x, y any) bool {
	switch a := x.(type) {
	case time.Time:
		b, ok := y.(time.Time)
		return ok && sameTime(a, b)
	case *time.Time:
		b, ok := y.(*time.Time)
		return ok && (a == nil) == (b == nil) && (a == nil || sameTime(*a, *b))
	case []byte:
		b, ok := y.([]byte)
		return ok && bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

func sameTime(a, b time.Time) bool {
	d := a.Sub(b)
	return d < time.Microsecond && d > -time.Microsecond
}

// compareAudit verifies dst's audit chain and compares its end with src's.
func compareAudit(ctx context.Context, src, dst *Store) ([]string, error) {
	problems, n, err := dst.VerifyAudit(ctx)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for _, p := range problems {
		diffs = append(diffs, "audit: "+p.Describe(LangEN))
	}
	var a, b auditHead
	if err := src.db.Limit(1).Find(&a, 1).Error; err != nil {
		return nil, src.read("read audit head", err)
	}
	if err := dst.db.Limit(1).Find(&b, 1).Error; err != nil {
		return nil, dst.read("read audit head", err)
	}
	if a != b || b.Seq != n {
		diffs = append(diffs, fmt.Sprintf("audit: the chain ends at #%d %s, the source's at #%d %s", b.Seq, b.Hash, a.Seq, a.Hash))
	}
	return diffs, nil
}
