package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"upgradedesk/data"
)

func runBackup(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk backup", "--db PATH --out FILE")
	db := fs.String("db", "", "database file")
	out := fs.String("out", "", "backup file to write")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *out == "" {
		return usage(errors.New("--out FILE is required"))
	}
	s, err := openStore(env, *db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	info, err := s.Backup(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, msg(env, "已备份到 %s（%d 字节，SHA-256 %s，用时 %v）。\n",
		"Backed up to %s (%d bytes, SHA-256 %s, in %v).\n"), info.Path, info.Size, info.SHA256, info.Took.Round(1e6))
	return nil
}

func runRestore(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk restore", "--db PATH --from FILE --admin NAME [--yes] [--save-dir DIR]  (password on stdin)")
	db := fs.String("db", "", "database file to restore")
	from := fs.String("from", "", "backup file to restore from")
	admin := fs.String("admin", "", "administrator's user name")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	saveDir := fs.String("save-dir", "", "where the current database is saved first (default: backups beside it)")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *from == "" || *admin == "" {
		return usage(errors.New("--from FILE and --admin NAME are required"))
	}
	path, _ := resolveDB(env, *db)
	if *saveDir == "" {
		*saveDir = data.DefaultBackupDir(path)
	}
	in := bufio.NewReader(env.Stdin)
	pw, err := readLine(in)
	if err != nil {
		return err
	}
	if !*yes && !confirm(env, in, path, *from) {
		return &exitError{code: exitFailed, err: errors.New(msg(env, "已取消，数据库未改动", "cancelled; the database is unchanged"))}
	}
	saved, err := restore(path, *from, *saveDir, *admin, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, msg(env, "已从 %s 恢复 %s；恢复前的数据库保存在 %s。\n",
		"Restored %[2]s from %[1]s; the database as it was is saved in %[3]s.\n"), *from, path, saved)
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
		return s.Restore(u, from, saveDir)
	case data.ECorrupt, data.ENotDB:
		return data.RestoreDamaged(path, from, saveDir, admin, pw)
	}
	return "", err
}

func readLine(in *bufio.Reader) (string, error) {
	line, err := in.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// confirm asks the user to type yes.
func confirm(env Env, in *bufio.Reader, path, from string) bool {
	fmt.Fprintf(env.Stderr, msg(env, "将用 %s 覆盖 %s 的全部数据（当前数据会先另存备份）。输入 yes 确认：",
		"All data in %[2]s will be replaced by %[1]s (the current data is saved first). Type yes to confirm: "), from, path)
	answer, _ := readLine(in)
	return strings.EqualFold(strings.TrimSpace(answer), "yes")
}
