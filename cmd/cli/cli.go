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

	"upgradedesk/app/machine"
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
	// DB is DBPath and where it comes from; Machine the machine-wide
	// settings of this PC (see package machine).
	DB      machine.Setting
	Machine []machine.Layer
}

// Env is the outside world of one run of the command line.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// RunClient opens the desktop client and returns when it is closed.
	RunClient func(ClientConfig) error
	// Machine is where the machine-wide settings are read from; nil for
	// this PC (machine.System).
	Machine machine.Source
}

// command is one subcommand; its summary is the translation key
// "cli.cmd.<name>".
type command struct {
	run func(env Env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"help":    {runHelp},
		"init":    {runInit},
		"demo":    {runDemo},
		"check":   {runCheck},
		"backup":  {runBackup},
		"restore": {runRestore},
		"migrate": {runMigrate},
		"export":  {runExport},
		"import":  {runImport},
		"notify":  {runNotify},
		"scans":   {runScans},
		"where":   {runWhere},
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
			return fail(env, exitUsage, "unknown_command", "Name", args[0])
		}
		return cmd.run(env, args[1:])
	}
	return runClient(env, args)
}

func runClient(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk", "[--db PATH]")
	db := fs.String("db", "", tr(env, "flag.db"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fail(env, exitUsage, "extra_argument", "Arg", fs.Arg(0))
	}
	if env.RunClient == nil {
		return fail(env, exitFailed, "no_client")
	}
	layers := machineLayers(env)
	s := dbSetting(env, *db, layers)
	return env.RunClient(ClientConfig{DBPath: s.Value, Version: Version, Explicit: explicitSetting(s),
		DB: s, Machine: layers})
}

// resolveDB picks the database: --db, then UPGRADEDESK_DB, then the
// machine-wide setting of this PC (group policy, the installer, the
// settings file), then the default file in the user's configuration
// directory.
func resolveDB(env Env, flagValue string) (path string, explicit bool) {
	s := dbSetting(env, flagValue, machineLayers(env))
	return s.Value, explicitSetting(s)
}

func dbSetting(env Env, flagValue string, layers []machine.Layer) machine.Setting {
	return machine.Effective(machine.Inputs{Flag: flagValue, Env: env.Getenv(EnvDB), DefaultDatabase: DefaultDBPath()}, layers)[0]
}

// explicitSetting reports whether the database was named on the command
// line or in the environment, and so wins over the user's setting.
func explicitSetting(s machine.Setting) bool {
	return s.Origin == machine.Flag || s.Origin == machine.Env
}

// machineLayers reads the machine-wide settings; a place that cannot be
// read is told on stderr and skipped.
func machineLayers(env Env) []machine.Layer {
	src := env.Machine
	if src == nil {
		src = machine.System
	}
	layers, problems := machine.Layers(src)
	for _, p := range problems {
		fmt.Fprintln(env.Stderr, "upgradedesk:", tr(env, "where.unreadable", "Where", p.Where, "Err", p.Err))
	}
	return layers
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
		fmt.Fprintf(env.Stderr, "%s %s %s\n", tr(env, "usage"), name, usage)
		fs.PrintDefaults()
	}
	return fs
}

func runHelp(env Env, _ []string) error {
	w := env.Stdout
	fmt.Fprintln(w, tr(env, "help.title", "Version", Version))
	fmt.Fprintln(w)
	fmt.Fprintln(w, tr(env, "usage"))
	fmt.Fprintf(w, "  %-34s %s\n", "upgradedesk [--db PATH]", tr(env, "help.client"))
	fmt.Fprintf(w, "  %-34s %s\n", "upgradedesk COMMAND [OPTIONS]", tr(env, "help.commands"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, tr(env, "help.subcommands"))
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, tr(env, "cmd."+n))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, tr(env, "help.database", "Env", EnvDB, "Default", DefaultDBPath()))
	return nil
}

// describe turns an error into the message printed on stderr: the store's
// errors in the user's language. The driver's own text of an unexpected
// error is added only with UPGRADEDESK_DEBUG set, for whoever looks into
// it.
func describe(env Env, err error) string {
	var de *data.Error
	if errors.As(err, &de) {
		m := de.Message(lang(env))
		if de.Code == data.EInternal && de.Err != nil && env.Getenv("UPGRADEDESK_DEBUG") != "" {
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

// tr returns the command line's text of key (translation key "cli."+key)
// in the user's language, filled with arguments given as alternating
// names and values.
func tr(env Env, key string, kv ...any) string {
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return data.T(lang(env), "cli."+key, args)
}

// fail returns an error that ends the command with exit status code and
// the text of key.
func fail(env Env, code int, key string, kv ...any) error {
	return &exitError{code: code, err: errors.New(tr(env, key, kv...))}
}
