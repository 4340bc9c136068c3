package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// BackupInfo describes a backup file that was written.
type BackupInfo struct {
	Path   string
	Size   int64
	SHA256 string
	Took   time.Duration
}

// Backup writes a consistent copy of the database to dest while other PCs
// keep working: the copy goes to a temporary file beside dest, is synced
// to disk and passes the whole Check before it takes the name dest. A
// database that fails Check is not backed up: Backup refuses with ECorrupt
// and says why, because a backup is only useful when it can be restored,
// and Restore accepts only backups that pass Check. A backup never
// replaces a file: dest must not exist (see CheckOutput). A failed backup
// leaves no file behind.
func (s *Store) Backup(ctx context.Context, dest string) (*BackupInfo, error) {
	return s.writeCopy(ctx, dest, true)
}

// writeCopy writes the copy of Backup; without check it is only checked
// by the engine (the copy saved before a restore, which must be made even
// of a database that fails Check).
func (s *Store) writeCopy(ctx context.Context, dest string, check bool) (*BackupInfo, error) {
	start := time.Now()
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, fileError(err, dest)
	}
	if err := CheckOutput(dest, false, s.location); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, outputError(err, filepath.Dir(dest))
	}
	CleanTemps(filepath.Dir(dest))
	tmp := tempPath(dest)
	defer os.Remove(tmp)
	if err := s.dialect.backupTo(ctx, s.db, tmp); err != nil {
		if ctx.Err() != nil {
			return nil, errf(ECancelled, "err.cancelled")
		}
		return nil, s.backupError(err)
	}
	if err := syncFile(tmp); err != nil {
		return nil, outputError(err, dest)
	}
	if err := s.dialect.verifyCopy(tmp); err != nil {
		return nil, s.backupError(err)
	}
	if check {
		if err := s.checkCopy(ctx, tmp); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		return nil, outputError(err, dest)
	}
	syncDir(filepath.Dir(dest))
	return describeFile(dest, time.Since(start))
}

// backupError names the database, not the temporary copy, when a copy
// fails.
func (s *Store) backupError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		if e.Code == ECorrupt {
			return &Error{Code: ECorrupt, Key: "err.backup_source_damaged", Args: map[string]any{"Path": s.DisplayLocation()}, Err: e.Err}
		}
		return err
	}
	out := s.fail("backup", err)
	if errors.As(out, &e) && e.Args != nil && e.Args["Path"] == "" {
		e.Args["Path"] = s.DisplayLocation()
	}
	return out
}

// checkCopy runs Check on a copy just written and refuses it when the
// database it came from has problems.
func (s *Store) checkCopy(ctx context.Context, path string) error {
	c, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return s.backupError(err)
	}
	defer c.Close()
	rep, err := c.Check(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return errf(ECancelled, "err.cancelled")
		}
		return s.backupError(err)
	}
	if rep.OK() {
		return nil
	}
	return errf(ECorrupt, "err.backup_refused", "Path", s.DisplayLocation(), "N", rep.Problems(),
		"First", firstProblem(rep))
}

// Problems counts the problems of the report.
func (r *CheckReport) Problems() int {
	n := len(r.Integrity) + len(r.Audit) + len(r.References) + r.RecordProblems
	if r.Witness.Problem() {
		n++
	}
	return n
}

// firstProblem is the first problem of a report, as a message argument.
func firstProblem(r *CheckReport) any {
	switch {
	case len(r.Integrity) > 0:
		return r.Integrity[0]
	case len(r.Audit) > 0:
		return findingArg{Key: r.Audit[0].Key, Args: map[string]any{"Seq": r.Audit[0].Seq}}
	case len(r.References) > 0:
		return findingArg(r.References[0])
	case len(r.Records) > 0:
		return findingArg(r.Records[0])
	case r.Witness.Problem():
		return findingArg(*r.Witness.Finding())
	}
	return ""
}

func describeFile(path string, took time.Duration) (*BackupInfo, error) {
	sum, size, err := fileSHA256(path)
	if err != nil {
		return nil, fileError(err, path)
	}
	return &BackupInfo{Path: path, Size: size, SHA256: sum, Took: took}, nil
}

// fileSHA256 hashes a file as it reads it: databases can be large.
func fileSHA256(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not supported on every platform; the rename itself is done
		d.Close()
	}
}

// BackupPrefix starts the names of backups UpgradeDesk names itself:
// "upgradedesk-<identity>-<date>-<time>.db" for daily backups, with
// "before-restore-" or "damaged-" before the date for the copies a
// restore saves. <identity> is the first eight digits of the database's
// identity, so backups of several databases can share a folder.
const BackupPrefix = "upgradedesk-"

// Kinds of backups.
const (
	BackupDaily         = "daily"
	BackupBeforeRestore = "before-restore"
	BackupDamaged       = "damaged"
)

// shortID is the part of a database identity in backup names.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// BackupName returns the file name of a backup of this database of the
// given kind taken at t.
func (s *Store) BackupName(kind string, t time.Time) string {
	id, _ := s.metaValue("database_id")
	return backupName(id, kind, t)
}

func backupName(id, kind string, t time.Time) string {
	name := BackupPrefix + shortID(id) + "-"
	if kind != BackupDaily {
		name += kind + "-"
	}
	return name + t.Format("20060102-150405") + ".db"
}

// DefaultBackupDir is where automatic backups go unless the administrator
// chose a folder: "backups" beside the database file, or for a database
// server a folder named after the server and database in the user's
// UpgradeDesk configuration folder.
func DefaultBackupDir(dbPath string) string {
	if IsURL(dbPath) {
		return serverBackupDir(dbPath)
	}
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// BackupFile is a backup found in a folder.
type BackupFile struct {
	Path    string
	Size    int64
	ModTime time.Time
	// Database is the identity of the database it is a backup of (its
	// first eight digits when only the name says it), "" when unknown.
	Database string
	// Kind is BackupDaily, BackupBeforeRestore or BackupDamaged.
	Kind string
	// Taken is when it was taken, from its name.
	Taken time.Time
}

// parseBackupName reads a backup's name: the database's short identity
// ("" for names of older versions, which have none), the kind and the time.
func parseBackupName(name string) (id, kind string, taken time.Time, ok bool) {
	if !strings.HasPrefix(name, BackupPrefix) || !strings.HasSuffix(name, ".db") {
		return "", "", time.Time{}, false
	}
	rest := strings.TrimSuffix(strings.TrimPrefix(name, BackupPrefix), ".db")
	if len(rest) < 15 {
		return "", "", time.Time{}, false
	}
	stamp := rest[len(rest)-15:]
	t, err := time.ParseInLocation("20060102-150405", stamp, time.Local)
	if err != nil {
		return "", "", time.Time{}, false
	}
	head := strings.TrimSuffix(rest[:len(rest)-15], "-")
	kind = BackupDaily
	for _, k := range []string{BackupBeforeRestore, BackupDamaged} {
		if head == k || strings.HasSuffix(head, "-"+k) {
			kind = k
			head = strings.TrimSuffix(strings.TrimSuffix(head, k), "-")
		}
	}
	return head, kind, t, true
}

// ListBackups returns the backups in dir, newest first, with the
// database each belongs to: from its name, or for a backup named by an
// older version, from its content.
func ListBackups(dir string) ([]BackupFile, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fileError(err, dir)
	}
	var out []BackupFile
	for _, e := range entries {
		id, kind, taken, ok := parseBackupName(e.Name())
		if e.IsDir() || !ok {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if id == "" {
			id = shortID(readDatabaseID(path))
		}
		out = append(out, BackupFile{Path: path, Size: info.Size(), ModTime: info.ModTime(), Database: id, Kind: kind, Taken: taken})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Taken.Equal(out[j].Taken) {
			return out[i].Taken.After(out[j].Taken)
		}
		return out[i].Path > out[j].Path
	})
	return out, nil
}

// readDatabaseID reads the identity of the database in a file, "" when
// the file is not a readable UpgradeDesk database. It does not change the
// file.
func readDatabaseID(path string) string {
	if !isSQLiteFile(path) {
		return ""
	}
	db, err := sql.Open("sqlite3", path+"?_query_only=true")
	if err != nil {
		return ""
	}
	defer db.Close()
	var id string
	if err := db.QueryRow("SELECT value FROM schema_meta WHERE key = 'database_id'").Scan(&id); err != nil {
		return ""
	}
	return id
}

// AutoBackup makes today's backup of this database in dir unless there
// is one already, and deletes this database's oldest daily backups beyond
// keep. Backups of other databases in the same folder count for neither.
// It returns the new backup, or nil when today's existed.
func (s *Store) AutoBackup(ctx context.Context, dir string, keep int) (*BackupInfo, error) {
	if keep < 1 {
		keep = 1
	}
	id, err := s.metaValue("database_id")
	if err != nil {
		return nil, err
	}
	existing, err := ListBackups(dir)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	for _, b := range existing {
		if b.Database == shortID(id) && b.Kind == BackupDaily && sameDay(b.Taken, now) {
			return nil, nil
		}
	}
	info, err := s.Backup(ctx, filepath.Join(dir, backupName(id, BackupDaily, now)))
	if err != nil {
		return nil, err
	}
	return info, pruneBackups(dir, shortID(id), keep)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// pruneBackups deletes the daily backups of database id in dir beyond
// the newest keep.
func pruneBackups(dir, id string, keep int) error {
	all, err := ListBackups(dir)
	if err != nil {
		return err
	}
	n := 0
	for _, b := range all {
		if b.Database != id || b.Kind != BackupDaily {
			continue
		}
		n++
		if n > keep {
			if err := os.Remove(b.Path); err != nil {
				return fileError(err, b.Path)
			}
		}
	}
	return nil
}

// RestoreOptions are the administrator's answers to what a restore asks.
type RestoreOptions struct {
	// OtherDatabase restores a backup of another database (another
	// identity) over this one, or over a damaged file whose identity is
	// not known.
	OtherDatabase bool
}

// Restore replaces the whole database with the backup in from. Only an
// administrator of this database may; the backup must be a backup of this
// database (unless opt.OtherDatabase) and pass Check; the current content
// is first saved in saveDir (the path is returned). The restored database
// says so in its audit chain: who restored which file, the entries it
// took away (so the witnesses of the PCs that saw them accept it), and
// the case counters, which are carried forward so that no case number
// given out before the restore is given out again. Other PCs see the
// restored data at their next read. Every refusal says why.
func (s *Store) Restore(ctx context.Context, actor *Session, from, saveDir string, opt RestoreOptions) (saved string, err error) {
	a, err := s.loadActor(s.db, actor)
	if err != nil {
		return "", err
	}
	if err := requireRole(a, RoleAdmin); err != nil {
		return "", err
	}
	id, err := s.metaValue("database_id")
	if err != nil {
		return "", err
	}
	p, err := prepareRestore(ctx, from, saveDir)
	if err != nil {
		return "", err
	}
	defer p.discard()
	if p.id != id && !opt.OtherDatabase {
		return "", errf(EInvalid, "err.restore_other_database", "Path", from, "DB", s.DisplayLocation())
	}
	info, err := s.writeCopy(ctx, filepath.Join(saveDir, backupName(id, BackupBeforeRestore, time.Now())), false)
	if err != nil {
		return "", err
	}
	superseded, err := supersededAfter(s.db.WithContext(ctx), p.store.db.WithContext(ctx), p.head)
	if err != nil {
		return info.Path, s.read("read audit", err)
	}
	counters, err := readCounters(s.db.WithContext(ctx))
	if err != nil {
		return info.Path, s.read("read counters", err)
	}
	if err := p.record(a, superseded, counters); err != nil {
		return info.Path, err
	}
	p.store.Close()
	p.store = nil
	if err := s.dialect.restoreFrom(ctx, s.db, p.path); err != nil {
		if ctx.Err() != nil {
			return info.Path, errf(ECancelled, "err.cancelled")
		}
		return info.Path, s.fail("restore", err)
	}
	return info.Path, nil
}

// restorePrep is a backup copied and checked, ready to be restored: the
// restore is recorded in the copy, which then replaces the database.
type restorePrep struct {
	path  string // the copy
	from  string // the backup
	sum   string // the backup's SHA-256
	id    string // its database's identity
	head  int64  // the end of its audit chain
	store *Store
}

// prepareRestore copies the backup in from into saveDir and checks the
// copy: a backup made by an older version is brought up to this one's
// schema in the copy (never in the backup itself).
func prepareRestore(ctx context.Context, from, saveDir string) (*restorePrep, error) {
	if st, err := os.Stat(from); err != nil {
		return nil, fileError(err, from)
	} else if st.IsDir() {
		return nil, errf(ENotDB, "err.not_db", "Path", from)
	}
	if !isSQLiteFile(from) {
		return nil, errf(ENotDB, "err.not_db", "Path", from)
	}
	if err := os.MkdirAll(saveDir, 0o755); err != nil {
		return nil, outputError(err, saveDir)
	}
	CleanTemps(saveDir)
	p := &restorePrep{path: tempPath(filepath.Join(saveDir, filepath.Base(from))), from: from}
	var err error
	if p.sum, _, err = fileSHA256(from); err != nil {
		return nil, fileError(err, from)
	}
	if err := copyFile(from, p.path); err != nil {
		os.Remove(p.path)
		return nil, outputError(err, p.path)
	}
	if p.store, err = Open(p.path, Options{}); err != nil {
		p.discard()
		return nil, backupFileError(err, from)
	}
	rep, err := p.store.Check(ctx)
	if err != nil {
		p.discard()
		return nil, backupFileError(err, from)
	}
	if !rep.OK() {
		p.discard()
		return nil, errf(ECorrupt, "err.restore_backup_fails", "Path", from, "N", rep.Problems(), "First", firstProblem(rep))
	}
	if p.id, err = p.store.metaValue("database_id"); err != nil {
		p.discard()
		return nil, err
	}
	var head auditHead
	if err := p.store.db.Limit(1).Find(&head, 1).Error; err != nil {
		p.discard()
		return nil, p.store.read("read backup", err)
	}
	p.head = head.Seq
	return p, nil
}

// backupFileError names the backup file in an error about opening it.
func backupFileError(err error, from string) error {
	var e *Error
	if errors.As(err, &e) && (e.Code == ECorrupt || e.Code == ENotDB) {
		return &Error{Code: e.Code, Key: "err.backup_unreadable", Args: map[string]any{"Path": from, "Why": labelArg(e.Key)}, Err: e.Err}
	}
	return err
}

// record writes the restore into the prepared copy: the counters carried
// forward and the restore entry, sealed.
func (p *restorePrep) record(actor *User, superseded string, counters map[int]int) error {
	return p.store.write("record restore", func(tx *gorm.DB) error {
		carried, err := carryCounters(tx, counters)
		if err != nil {
			return err
		}
		changes := []Change{{Field: "sha256", New: p.sum}, {Field: "superseded", New: superseded}}
		if carried != "" {
			changes = append(changes, Change{Field: "counters", New: carried})
		}
		return p.store.audit(tx, actor, OpRestore, "database", 0, 0, changes, "", filepath.Base(p.from))
	})
}

// discard closes and removes the prepared copy.
func (p *restorePrep) discard() {
	if p.store != nil {
		p.store.Close()
		p.store = nil
	}
	os.Remove(p.path)
	os.Remove(p.path + "-journal")
}

// readCounters reads the last case number of each year.
func readCounters(db *gorm.DB) (map[int]int, error) {
	var cs []caseCounter
	if err := db.Find(&cs).Error; err != nil {
		return nil, err
	}
	out := map[int]int{}
	for _, c := range cs {
		out[c.Year] = c.Last
	}
	return out, nil
}

// carryCounters raises the case counters of tx to at least counters and
// returns what it raised, as "year:old-new" items.
func carryCounters(tx *gorm.DB, counters map[int]int) (string, error) {
	have, err := readCounters(tx)
	if err != nil {
		return "", err
	}
	years := make([]int, 0, len(counters))
	for y := range counters {
		years = append(years, y)
	}
	sort.Ints(years)
	var raised []string
	for _, y := range years {
		if counters[y] <= have[y] {
			continue
		}
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "year"}},
			DoUpdates: clause.AssignmentColumns([]string{"last"})}).Create(&caseCounter{Year: y, Last: counters[y]}).Error
		if err != nil {
			return "", err
		}
		raised = append(raised, strconv.Itoa(y)+":"+strconv.Itoa(have[y])+"-"+strconv.Itoa(counters[y]))
	}
	return strings.Join(raised, ","), nil
}

// skippedNumbers reads what restores recorded: per year, how many case
// numbers they skipped (given out before a restore, to cases the restore
// took away).
func skippedNumbers(db *gorm.DB) (map[int]int, error) {
	var restores []AuditEntry
	if err := db.Select("changes").Where("op = ?", OpRestore).Find(&restores).Error; err != nil {
		return nil, err
	}
	out := map[int]int{}
	for _, r := range restores {
		for _, c := range r.ChangeList() {
			if c.Field != "counters" {
				continue
			}
			for _, item := range strings.Split(c.New, ",") {
				y, rng, _ := strings.Cut(item, ":")
				from, to, _ := strings.Cut(rng, "-")
				year, e1 := strconv.Atoi(y)
				a, e2 := strconv.Atoi(from)
				b, e3 := strconv.Atoi(to)
				if e1 == nil && e2 == nil && e3 == nil && b > a {
					out[year] += b - a
				}
			}
		}
	}
	return out, nil
}

// supersededAfter lists the audit entries of cur after the last one it
// shares with backup (whose chain ends at head), as "seq:hash" with the
// hash's first 16 digits, comma-separated: the entries a restore takes
// away.
func supersededAfter(cur, backup *gorm.DB, head int64) (string, error) {
	const step = 1000
	shared := int64(0)
	for hi := head; hi > 0 && shared == 0; hi -= step {
		lo := max(0, hi-step)
		var a, b []struct {
			Seq  int64
			Hash string
		}
		if err := cur.Model(&AuditEntry{}).Select("seq, hash").Where("seq > ? AND seq <= ?", lo, hi).Order("seq DESC").Scan(&a).Error; err != nil {
			return "", err
		}
		if err := backup.Model(&AuditEntry{}).Select("seq, hash").Where("seq > ? AND seq <= ?", lo, hi).Scan(&b).Error; err != nil {
			return "", err
		}
		have := map[int64]string{}
		for _, e := range b {
			have[e.Seq] = e.Hash
		}
		for _, e := range a {
			if have[e.Seq] == e.Hash {
				shared = e.Seq
				break
			}
		}
	}
	var gone []struct {
		Seq  int64
		Hash string
	}
	if err := cur.Model(&AuditEntry{}).Select("seq, hash").Where("seq > ?", shared).Order("seq").Scan(&gone).Error; err != nil {
		return "", err
	}
	items := make([]string, len(gone))
	for i, e := range gone {
		items[i] = strconv.FormatInt(e.Seq, 10) + ":" + short(e.Hash)
	}
	return strings.Join(items, ","), nil
}

// Damage says what is wrong with a database file that does not open.
type Damage string

const (
	// DamageNone: the file opens; restore it with Restore.
	DamageNone Damage = "none"
	// DamageMissing: there is no file.
	DamageMissing Damage = "missing"
	// DamageDamaged: an UpgradeDesk database that is damaged.
	DamageDamaged Damage = "damaged"
	// DamageNotOurs: another program's file, or not a database at all:
	// never replaced.
	DamageNotOurs Damage = "not-ours"
)

// DamageOf says whether the file at path is a damaged UpgradeDesk
// database that RestoreDamaged may replace. err is an error that is
// neither (locked, unreachable …), to be shown as it is.
func DamageOf(path string) (Damage, error) {
	if IsURL(path) {
		return DamageNone, errf(EInvalid, "err.engine_unsupported", "Path", redactURL(path))
	}
	s, err := Open(path, Options{ReadOnly: true})
	if err == nil {
		s.Close()
		return DamageNone, nil
	}
	var e *Error
	if !errors.As(err, &e) {
		return "", err
	}
	switch {
	case e.Code == ECorrupt:
		return DamageDamaged, nil
	case e.Code == ENoDB:
		if st, serr := os.Stat(path); serr == nil && st.Size() == 0 {
			return DamageNotOurs, nil
		} else if errors.Is(serr, fs.ErrNotExist) {
			return DamageMissing, nil
		}
		return "", err
	case e.Code == ENotDB && e.Key == "err.foreign_db":
		return DamageNotOurs, nil
	case e.Code == ENotDB:
		if looksLikeOurs(path) {
			return DamageDamaged, nil
		}
		return DamageNotOurs, nil
	}
	return "", err
}

// looksLikeOurs reports whether a file that SQLite does not take for a
// database still holds UpgradeDesk's schema (its header was overwritten):
// the names of its own tables in the first megabyte.
func looksLikeOurs(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	n, _ := io.ReadFull(f, buf)
	buf = buf[:n]
	return bytes.Contains(buf, []byte("schema_meta")) && bytes.Contains(buf, []byte("audit_entries"))
}

// RestoreDamaged replaces a damaged UpgradeDesk database file (or a
// missing one) with a backup that passes Check. Its accounts cannot be
// read, so the backup's accounts authorise the restore: admin must be an
// administrator in the backup. The backup must be one of this database
// (its identity read from the damaged file if it still can be, else from
// this PC's witness) unless opt.OtherDatabase. A file that is not an
// UpgradeDesk database is never replaced. The damaged file is saved in
// saveDir first, and its path returned ("" for a missing file).
func RestoreDamaged(ctx context.Context, dbPath, from, saveDir, admin, password string, opt RestoreOptions) (saved string, err error) {
	damage, err := DamageOf(dbPath)
	if err != nil {
		return "", err
	}
	switch damage {
	case DamageNone:
		return "", errf(EInvalid, "err.restore_not_damaged", "Path", dbPath)
	case DamageNotOurs:
		return "", errf(ENotDB, "err.restore_not_ours", "Path", dbPath)
	}
	b, err := Open(from, Options{ReadOnly: true})
	if err != nil {
		return "", backupFileError(err, from)
	}
	ss, err := b.Login(admin, password)
	var u *User
	if err == nil {
		u = ss.User()
		err = requireRole(u, RoleAdmin)
	}
	b.Close()
	if err != nil {
		return "", err
	}
	p, err := prepareRestore(ctx, from, saveDir)
	if err != nil {
		return "", err
	}
	defer p.discard()
	known, counters := witnessedIdentity(dbPath)
	if id := readDatabaseID(dbPath); id != "" {
		known = id
	}
	if known != p.id && !opt.OtherDatabase {
		if known == "" {
			return "", errf(EInvalid, "err.restore_unknown_database", "Path", dbPath, "From", from)
		}
		return "", errf(EInvalid, "err.restore_other_database", "Path", from, "DB", dbPath)
	}
	superseded := damagedChainAfter(dbPath, p.store, known)
	if raw, err := rawCounters(dbPath); err == nil {
		for y, n := range raw {
			counters[y] = max(counters[y], n)
		}
	}
	if err := p.record(u, superseded, counters); err != nil {
		return "", err
	}
	p.store.Close()
	p.store = nil
	if damage == DamageDamaged {
		saved = filepath.Join(saveDir, backupName(known, BackupDamaged, time.Now()))
		if err := copyFile(dbPath, saved); err != nil {
			return "", outputError(err, saved)
		}
	}
	os.Remove(dbPath + "-journal") // a journal of the damaged file must not be applied to the backup
	CleanTemps(filepath.Dir(dbPath))
	tmp := tempPath(dbPath)
	defer os.Remove(tmp)
	if err := copyFile(p.path, tmp); err != nil {
		return saved, outputError(err, dbPath)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return saved, outputError(err, dbPath)
	}
	syncDir(filepath.Dir(dbPath))
	return saved, nil
}

// damagedChainAfter lists, as supersededAfter does, what can still be read
// of the damaged file's chain after the backup's end, and the entry this
// PC last saw of the database: the restore takes them away.
func damagedChainAfter(dbPath string, backup *Store, id string) string {
	var items []string
	seen := map[string]bool{}
	add := func(seq int64, hash string) {
		item := strconv.FormatInt(seq, 10) + ":" + short(hash)
		if !seen[item] {
			seen[item] = true
			items = append(items, item)
		}
	}
	var head auditHead
	backup.db.Limit(1).Find(&head, 1)
	if db, err := sql.Open("sqlite3", dbPath+"?_query_only=true"); err == nil {
		if rows, err := db.Query("SELECT seq, hash FROM audit_entries WHERE seq > ? ORDER BY seq", head.Seq); err == nil {
			for rows.Next() {
				var seq int64
				var hash string
				if rows.Scan(&seq, &hash) == nil {
					add(seq, hash)
				}
			}
			rows.Close()
		}
		db.Close()
	}
	if e, ok := loadWitnesses().Databases[id]; ok && e.Seq > head.Seq {
		add(e.Seq, e.Hash)
	}
	return strings.Join(items, ",")
}

// rawCounters reads the case counters of a damaged file, if it still can.
func rawCounters(path string) (map[int]int, error) {
	if !isSQLiteFile(path) {
		return nil, errors.New("not readable")
	}
	db, err := sql.Open("sqlite3", path+"?_query_only=true")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query("SELECT year, last FROM case_counters")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var y, n int
		if err := rows.Scan(&y, &n); err != nil {
			return nil, err
		}
		out[y] = n
	}
	return out, rows.Err()
}

// copyFile copies src to dst and syncs dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
