package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
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
// to disk and checked, and only then takes the name dest. A backup never
// replaces a file: dest must not exist (see CheckOutput). A failed backup
// leaves no file behind.
func (s *Store) Backup(ctx context.Context, dest string) (*BackupInfo, error) {
	start := time.Now()
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, fileError(err, dest)
	}
	if err := CheckOutput(dest, false, s.location); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, fileError(err, filepath.Dir(dest))
	}
	CleanTemps(filepath.Dir(dest))
	tmp := tempPath(dest)
	defer os.Remove(tmp)
	if err := s.dialect.backupTo(ctx, s.db, tmp); err != nil {
		if ctx.Err() != nil {
			return nil, errf(ECancelled, "err.cancelled")
		}
		return nil, s.fail("backup", err)
	}
	if err := syncFile(tmp); err != nil {
		return nil, fileError(err, tmp)
	}
	if err := s.dialect.verifyCopy(tmp); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return nil, fileError(err, dest)
	}
	syncDir(filepath.Dir(dest))
	return describeFile(dest, time.Since(start))
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

// BackupPrefix starts the names of automatic backups.
const BackupPrefix = "upgradedesk-"

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
}

// ListBackups returns the automatic backups in dir, newest first.
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
		if e.IsDir() || !strings.HasPrefix(e.Name(), BackupPrefix) || !strings.HasSuffix(e.Name(), ".db") {
			continue
		}
		if info, err := e.Info(); err == nil {
			out = append(out, BackupFile{Path: filepath.Join(dir, e.Name()), Size: info.Size(), ModTime: info.ModTime()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path > out[j].Path })
	return out, nil
}

// AutoBackup makes today's backup in dir unless there is one already, and
// deletes the oldest automatic backups beyond keep. It returns the new
// backup, or nil when today's existed.
func (s *Store) AutoBackup(ctx context.Context, dir string, keep int) (*BackupInfo, error) {
	if keep < 1 {
		keep = 1
	}
	today := time.Now().Format("20060102")
	existing, err := ListBackups(dir)
	if err != nil {
		return nil, err
	}
	for _, b := range existing {
		if strings.HasPrefix(filepath.Base(b.Path), BackupPrefix+today) {
			return nil, nil
		}
	}
	info, err := s.Backup(ctx, filepath.Join(dir, BackupPrefix+time.Now().Format("20060102-150405")+".db"))
	if err != nil {
		return nil, err
	}
	return info, pruneBackups(dir, keep)
}

func pruneBackups(dir string, keep int) error {
	all, err := ListBackups(dir)
	if err != nil {
		return err
	}
	for i := keep; i < len(all); i++ {
		if err := os.Remove(all[i].Path); err != nil {
			return fileError(err, all[i].Path)
		}
	}
	return nil
}

// Restore replaces the whole database with the backup in from: only for
// administrators, only when the backup passes Check, and only after the
// current content has been saved as a backup in saveDir (whose path is
// returned). Other PCs see the restored data at their next read. An
// audit entry records the restore in the restored database.
func (s *Store) Restore(ctx context.Context, actor *User, from, saveDir string) (saved string, err error) {
	if err := s.checkRestoreActor(actor); err != nil {
		return "", err
	}
	sum, err := s.checkBackupFile(ctx, from)
	if err != nil {
		return "", err
	}
	name := BackupPrefix + "before-restore-" + time.Now().Format("20060102-150405") + ".db"
	info, err := s.Backup(ctx, filepath.Join(saveDir, name))
	if err != nil {
		return "", err
	}
	if err := s.dialect.restoreFrom(ctx, s.db, from); err != nil {
		return info.Path, s.fail("restore", err)
	}
	err = s.write("record restore", func(tx *gorm.DB) error {
		return s.audit(tx, actor, OpRestore, "database", 0, 0, []Change{{Field: "sha256", New: sum}},
			"", filepath.Base(from))
	})
	return info.Path, err
}

func (s *Store) checkRestoreActor(actor *User) error {
	a, err := loadActor(s.db, actor)
	if err != nil {
		return err
	}
	return requireRole(a, RoleAdmin)
}

// checkBackupFile opens a backup read-only, runs Check on it and returns
// its SHA-256.
func (s *Store) checkBackupFile(ctx context.Context, from string) (string, error) {
	b, err := Open(from, Options{ReadOnly: true})
	if err != nil {
		return "", err
	}
	defer b.Close()
	rep, err := b.Check(ctx)
	if err != nil {
		return "", err
	}
	if !rep.OK() {
		return "", errf(ECorrupt, "err.backup_bad", "Path", from)
	}
	sum, _, err := fileSHA256(from)
	if err != nil {
		return "", fileError(err, from)
	}
	return sum, nil
}

// RestoreDamaged replaces a database file that can no longer be opened
// (damaged, or not a database any more) with a backup that passes Check.
// The administrator signs in against the backup. The damaged file is
// moved into saveDir first, and its path returned. Nobody can work on a
// file in that state, so it is replaced as a whole.
func RestoreDamaged(ctx context.Context, dbPath, from, saveDir, admin, password string) (saved string, err error) {
	if IsURL(dbPath) {
		// A database on a server is never replaced as a file: its
		// administrator restores it with Restore.
		return "", errf(EInvalid, "err.engine_unsupported", "Path", redactURL(dbPath))
	}
	b, err := Open(from, Options{ReadOnly: true})
	if err != nil {
		return "", err
	}
	defer b.Close()
	u, err := b.Login(admin, password)
	if err != nil {
		return "", err
	}
	if err := requireRole(u, RoleAdmin); err != nil {
		return "", err
	}
	if _, err := b.checkBackupFile(ctx, from); err != nil {
		return "", err
	}
	if err := os.MkdirAll(saveDir, 0o755); err != nil {
		return "", fileError(err, saveDir)
	}
	saved = filepath.Join(saveDir, BackupPrefix+"damaged-"+time.Now().Format("20060102-150405")+".db")
	if err := copyFile(dbPath, saved); err != nil && !os.IsNotExist(err) {
		return "", fileError(err, saved)
	}
	tmp := dbPath + ".restore.tmp"
	defer os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		return saved, fileError(err, tmp)
	}
	os.Remove(dbPath + "-journal") // a journal of the damaged file must not be applied to the backup
	if err := os.Rename(tmp, dbPath); err != nil {
		return saved, fileError(err, dbPath)
	}
	syncDir(filepath.Dir(dbPath))
	return saved, nil
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
