package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Every file UpgradeDesk writes (a backup, an export, a demo database, a
// restored database) is first written to a temporary file beside it that
// takes its name only when complete. A temporary file is named
// ".NAME~HOST~PID~N.tmp": a later run on the same PC removes it once the
// process that wrote it is gone, a run on another PC once it is a day old.
// CheckOutput refuses, before anything is written, to write over a
// database.

// staleAfter is the age after which a temporary file of another PC is
// taken as left over.
const staleAfter = 24 * time.Hour

// legacyStaleAfter is the age after which a temporary backup file named
// as older versions named it (".NAME.<nanoseconds>.tmp") is removed.
const legacyStaleAfter = time.Hour

var tempCounter atomic.Int64

// hostName is this PC's name as it appears in temporary file names.
func hostName() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "localhost"
	}
	return strings.Map(func(r rune) rune {
		if r == '~' || r == '/' || r == '\\' || r == ':' || r < 32 {
			return '_'
		}
		return r
	}, h)
}

// tempPath returns a new temporary file name beside path.
func tempPath(path string) string {
	dir, base := filepath.Split(path)
	name := fmt.Sprintf(".%s~%s~%d~%d%d.tmp", base, hostName(), os.Getpid(), time.Now().UnixNano()%1e9, tempCounter.Add(1))
	return filepath.Join(dir, name)
}

// tempOwner parses a temporary file name made by tempPath.
func tempOwner(name string) (host string, pid int, ok bool) {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
		return "", 0, false
	}
	parts := strings.Split(strings.TrimSuffix(name[1:], ".tmp"), "~")
	if len(parts) < 4 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil {
		return "", 0, false
	}
	return parts[len(parts)-3], pid, true
}

// legacyTemp reports whether name is a temporary backup file of an older
// version: ".NAME.<digits>.tmp".
func legacyTemp(name string) bool {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
		return false
	}
	rest := strings.TrimSuffix(name, ".tmp")
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || i == len(rest)-1 {
		return false
	}
	for _, r := range rest[i+1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// CleanTemps removes the temporary files left in dir by runs that were
// killed or lost their PC, and returns how many it removed. Files of runs
// still going are kept.
func CleanTemps(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	me := hostName()
	removed := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		info, err := e.Info()
		if err != nil {
			continue
		}
		age := time.Since(info.ModTime())
		stale := false
		// A temporary database leaves its journal beside it.
		if host, pid, ok := tempOwner(strings.TrimSuffix(name, "-journal")); ok {
			stale = (host == me && !processAlive(pid)) || age > staleAfter
		} else if legacyTemp(name) {
			stale = age > legacyStaleAfter
		}
		if stale && os.Remove(filepath.Join(dir, name)) == nil {
			removed++
		}
	}
	return removed
}

// ClaimFolder marks dir as being written by this run, for commands that
// write many files into it through other code (export --all): the
// temporary files any earlier run left in dir and its subfolders are
// removed, unless another run still writes into dir, which is refused
// (EExists). release removes the mark.
func ClaimFolder(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, outputError(err, dir)
	}
	mark := tempPath(filepath.Join(dir, "upgradedesk-writing"))
	others, _ := filepath.Glob(filepath.Join(dir, ".upgradedesk-writing~*.tmp"))
	CleanTemps(dir)
	for _, o := range others {
		if _, err := os.Stat(o); err == nil {
			return nil, errf(EExists, "err.folder_busy", "Path", dir)
		}
	}
	if err := os.WriteFile(mark, nil, 0o644); err != nil {
		return nil, outputError(err, dir)
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == mark {
			return nil
		}
		if name := d.Name(); legacyTemp(name) {
			os.Remove(path) // no other run writes here: every temporary file is left over
		} else if _, _, ok := tempOwner(name); ok && filepath.Dir(path) != dir {
			os.Remove(path)
		}
		return nil
	})
	return func() { os.Remove(mark) }, nil
}

// WriteFileAtomic writes content to path through a temporary file beside
// it, synced to disk before it takes the name: path holds its old content
// or the new one, never part of it. Left-over temporary files in the
// folder are removed first.
func WriteFileAtomic(path string, content []byte) error {
	dir := filepath.Dir(path)
	CleanTemps(dir)
	tmp := tempPath(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return outputError(err, path)
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return outputError(err, path)
	}
	syncDir(dir)
	return nil
}

// outputError describes why an output file could not be written.
func outputError(err error, path string) error {
	reason := "reason.write_other"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		reason = "reason.no_folder"
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		reason = "reason.denied"
	case errors.Is(err, syscall.ENOSPC):
		reason = "reason.disk_full"
	}
	return &Error{Code: EWrite, Key: "err.cannot_write", Args: map[string]any{"Path": path, "Reason": labelArg(reason)}, Err: err}
}

// CheckOutput refuses an output path before anything is written to it
// (EInvalid, so the command line exits with status 2): the database
// itself or any of databases, also when reached through another path, a
// symbolic link or a hard link, or their journals; any SQLite database,
// UpgradeDesk's or another program's; a folder; and, unless replace is
// set (--force, or the user confirmed), any existing file.
func CheckOutput(path string, replace bool, databases ...string) error {
	if strings.TrimSpace(path) == "" {
		return errf(EInvalid, "err.out_empty")
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if lst, lerr := os.Lstat(path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			return errf(EInvalid, "err.out_symlink", "Path", path)
		}
		return nil
	}
	if err != nil {
		return fileError(err, path)
	}
	for _, db := range databases {
		if db == "" || IsURL(db) {
			continue
		}
		for _, f := range []string{db, db + "-journal", db + "-wal", db + "-shm"} {
			if dst, err := os.Stat(f); err == nil && os.SameFile(st, dst) {
				return errf(EInvalid, "err.out_is_database", "Path", path, "DB", db)
			}
		}
	}
	if st.IsDir() {
		return errf(EInvalid, "err.out_is_folder", "Path", path)
	}
	if isSQLiteFile(path) {
		return errf(EInvalid, "err.out_sqlite", "Path", path)
	}
	if !replace {
		return errf(EInvalid, "err.out_exists", "Path", path)
	}
	return nil
}

// isSQLiteFile reports whether the file at path starts like a SQLite
// database.
func isSQLiteFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, sqliteHeader)
}
