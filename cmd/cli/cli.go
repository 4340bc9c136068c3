// Package cli implements the command line of the upgradedesk binary: the
// desktop client by default and the subcommands for administrators and
// scripts. It does not import the Fyne application driver; the client is
// started through Env.RunClient, so every subcommand can be tested in
// process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"upgradedesk/data"
)

// Version is the application version; it matches FyneApp.toml.
var Version = "1.0.0"

// AppID is the application identifier, as in FyneApp.toml.
const AppID = "cn.library.upgradedesk"

// EnvDB is the environment variable that names the database when --db is
// not given.
const EnvDB = "UPGRADEDESK_DB"

// ClientConfig is what the desktop client is started with.
type ClientConfig struct {
	DBPath  string
	Version string
	// Explicit is true when the database was named by --db or EnvDB, so
	// the client must not replace it with the one in its settings.
	Explicit bool
}

// Env is the outside world of one run of the command line.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// RunClient opens the desktop client and returns when it is closed.
	RunClient func(ClientConfig) error
}

type command struct {
	summary string
	run     func(env Env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"help":    {"列出子命令 / list the subcommands", runHelp},
		"init":    {"创建空数据库和第一个管理员（密码从标准输入读取）/ create a database and its administrator", runInit},
		"demo":    {"生成演示数据 / fill a database with demo data", runDemo},
		"check":   {"检查数据库完整性、审计链和引用；--file 核对归档案卷 / check a database", runCheck},
		"backup":  {"备份数据库（其他电脑可继续使用）/ back up a database while in use", runBackup},
		"restore": {"从备份恢复（仅管理员，先自动备份当前数据）/ restore from a backup", runRestore},
		"migrate": {"把整个数据库复制到空的 PostgreSQL 数据库并核对 / copy a database into an empty PostgreSQL database", runMigrate},
		"export":  {"导出文档 PDF、台账和事项清单（PDF/xlsx）/ export documents, the ledger and the case list", runExport},
		"import":  {"从 xlsx 工作簿导入软件台账（仅管理员）/ import the software ledger from a workbook", runImport},
	}
}

// exitError carries the exit status a failed command should end with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Main runs the command line with args (without the program name) and
// returns the process exit status.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	err := dispatch(env, args)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	fmt.Fprintln(env.Stderr, "upgradedesk:", describe(env, err))
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if code, ok := exitCodes[data.ErrorCode(err)]; ok {
		return code
	}
	return exitFailed
}

func dispatch(env Env, args []string) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, ok := commands()[args[0]]
		if !ok {
			return &exitError{code: 2, err: fmt.Errorf("未知的子命令 %q（unknown subcommand）；运行 upgradedesk help 查看全部", args[0])}
		}
		return cmd.run(env, args[1:])
	}
	return runClient(env, args)
}

func runClient(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk", "[--db PATH]")
	db := fs.String("db", "", "数据库文件路径 / database file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("多余的参数 %q", fs.Arg(0))}
	}
	if env.RunClient == nil {
		return errors.New("this build has no desktop client")
	}
	path, explicit := resolveDB(env, *db)
	return env.RunClient(ClientConfig{DBPath: path, Version: Version, Explicit: explicit})
}

// resolveDB picks the database: --db, then UPGRADEDESK_DB, then the default
// file in the user's configuration directory.
func resolveDB(env Env, flagValue string) (path string, explicit bool) {
	if flagValue != "" {
		return flagValue, true
	}
	if v := env.Getenv(EnvDB); v != "" {
		return v, true
	}
	return DefaultDBPath(), false
}

// DefaultDBPath is the database used when none is named: upgradedesk.db in
// the UpgradeDesk folder of the user's configuration directory.
func DefaultDBPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "UpgradeDesk", "upgradedesk.db")
}

func newFlagSet(env Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "用法 / usage: %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

func runHelp(env Env, _ []string) error {
	w := env.Stdout
	fmt.Fprintf(w, "升级报备台 UpgradeDesk %s\n\n", Version)
	fmt.Fprintln(w, "用法 / usage:")
	fmt.Fprintln(w, "  upgradedesk [--db PATH]            打开桌面客户端 / open the desktop client")
	fmt.Fprintln(w, "  upgradedesk <子命令> [参数]          administrator and script commands")
	fmt.Fprintln(w, "\n子命令 / subcommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintf(w, "\n数据库 / database: --db PATH，或环境变量 %s，默认 %s\n", EnvDB, DefaultDBPath())
	return nil
}

// describe turns an error into the message printed on stderr: the store's
// errors in the user's language, with the cause of unexpected ones.
func describe(env Env, err error) string {
	var de *data.Error
	if errors.As(err, &de) {
		m := de.Message(lang(env))
		if de.Code == data.EInternal && de.Err != nil {
			m += " (" + de.Err.Error() + ")"
		}
		return m
	}
	return err.Error()
}

// lang returns the language of messages: UPGRADEDESK_LANG, else English
// when the locale is English, else Chinese.
func lang(env Env) string {
	if l := env.Getenv("UPGRADEDESK_LANG"); l == data.LangEN || l == data.LangZH {
		return l
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := env.Getenv(k); v != "" {
			if strings.HasPrefix(v, "en") {
				return data.LangEN
			}
			return data.LangZH
		}
	}
	return data.LangZH
}

// msg picks the Chinese or English text for the user's language.
func msg(env Env, zh, en string) string {
	if lang(env) == data.LangEN {
		return en
	}
	return zh
}
