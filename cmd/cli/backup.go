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
	defer closeStore(s)
	warnWitness(env, s)
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
	fs := newFlagSet(env, "upgradedesk restore", "--db PATH --from FILE --admin NAME [--yes] [--save-dir DIR] [--other-database]  (password on stdin)")
	db := fs.String("db", "", tr(env, "flag.restore_db"))
	from := fs.String("from", "", tr(env, "flag.restore_from"))
	admin := fs.String("admin", "", tr(env, "flag.admin"))
	yes := fs.Bool("yes", false, tr(env, "flag.yes"))
	saveDir := fs.String("save-dir", "", tr(env, "flag.save_dir"))
	other := fs.Bool("other-database", false, tr(env, "flag.other_database"))
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
	opt := data.RestoreOptions{OtherDatabase: *other}
	damage, err := data.DamageOf(path)
	if err != nil {
		return err
	}
	in := bufio.NewReader(env.Stdin)
	switch damage {
	case data.DamageNotOurs:
		return &data.Error{Code: data.ENotDB, Key: "err.restore_not_ours", Args: map[string]any{"Path": path}}
	case data.DamageDamaged, data.DamageMissing:
		// The damaged database's accounts cannot be read: the backup's
		// administrators authorise the restore.
		fmt.Fprintln(env.Stderr, tr(env, "restore.damaged_accounts", "Path", path, "From", *from))
	}
	pw, err := readLoginPassword(env, in)
	if err != nil {
		return err
	}
	if !*yes && !confirm(env, in, path, *from) {
		return fail(env, exitFailed, "restore.cancelled")
	}
	var saved string
	if damage == data.DamageNone {
		saved, err = restoreOpen(env, path, *from, *saveDir, *admin, pw, opt)
	} else {
		saved, err = data.RestoreDamaged(context.Background(), path, *from, *saveDir, *admin, pw, opt)
	}
	if err != nil {
		return err
	}
	if saved == "" {
		fmt.Fprintln(env.Stdout, tr(env, "restore.done_missing", "From", *from, "Path", path))
	} else {
		fmt.Fprintln(env.Stdout, tr(env, "restore.done", "From", *from, "Path", path, "Saved", saved))
	}
	return nil
}

// restoreOpen restores a database that opens, through the store, so that
// other PCs keep working on the same file; its administrator signs in.
func restoreOpen(env Env, path, from, saveDir, admin, pw string, opt data.RestoreOptions) (string, error) {
	s, err := openStore(env, path, data.Options{})
	if err != nil {
		return "", err
	}
	defer closeStore(s)
	warnWitness(env, s)
	u, err := s.Admin(admin, pw)
	if err != nil {
		return "", err
	}
	return s.Restore(context.Background(), u, from, saveDir, opt)
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
