package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"upgradedesk/data"
)

func runBackup(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk backup", "--db PATH --out FILE")
	db := fs.String("db", "", tr(env, "flag.db"))
	out := fs.String("out", "", tr(env, "flag.backup_out"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *out == "" {
		return fail(env, exitUsage, "need", "Flags", "--out FILE")
	}
	s, err := openStore(env, *db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	dest := *out
	if st, err := os.Stat(dest); err == nil && st.IsDir() {
		dest = filepath.Join(dest, data.BackupPrefix+time.Now().Format("20060102-150405")+".db")
	}
	info, err := s.Backup(context.Background(), dest)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, tr(env, "backup.done", "Path", info.Path, "Size", info.Size, "SHA", info.SHA256,
		"Took", info.Took.Round(1e6)))
	return nil
}

func runRestore(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk restore", "--db PATH --from FILE --admin NAME [--yes] [--save-dir DIR]  (password on stdin)")
	db := fs.String("db", "", tr(env, "flag.restore_db"))
	from := fs.String("from", "", tr(env, "flag.restore_from"))
	admin := fs.String("admin", "", tr(env, "flag.admin"))
	yes := fs.Bool("yes", false, tr(env, "flag.yes"))
	saveDir := fs.String("save-dir", "", tr(env, "flag.save_dir"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *from == "" || *admin == "" {
		return fail(env, exitUsage, "need", "Flags", "--from FILE --admin NAME")
	}
	path, _ := resolveDB(env, *db)
	if *saveDir == "" {
		*saveDir = data.DefaultBackupDir(path)
	}
	in := bufio.NewReader(env.Stdin)
	pw, err := readLine(env, in)
	if err != nil {
		return err
	}
	if !*yes && !confirm(env, in, path, *from) {
		return fail(env, exitFailed, "restore.cancelled")
	}
	saved, err := restore(path, *from, *saveDir, *admin, pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, tr(env, "restore.done", "From", *from, "Path", path, "Saved", saved))
	return nil
}

// restore restores a database that opens through the store (so other PCs
// keep working on the same file) and replaces one that is damaged.
func restore(path, from, saveDir, admin, pw string) (string, error) {
	s, err := data.Open(path, data.Options{})
	switch data.ErrorCode(err) {
	case "":
		defer s.Close()
		u, err := s.Login(admin, pw)
		if err != nil {
			return "", err
		}
		return s.Restore(context.Background(), u, from, saveDir)
	case data.ECorrupt, data.ENotDB:
		return data.RestoreDamaged(context.Background(), path, from, saveDir, admin, pw)
	}
	return "", err
}

func readLine(env Env, in *bufio.Reader) (string, error) {
	line, err := in.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fail(env, exitFailed, "read_stdin", "Err", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// confirm asks the user to type yes.
func confirm(env Env, in *bufio.Reader, path, from string) bool {
	fmt.Fprint(env.Stderr, tr(env, "restore.confirm", "From", from, "Path", path))
	answer, _ := readLine(env, in)
	return strings.EqualFold(strings.TrimSpace(answer), "yes")
}
