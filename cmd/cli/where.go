package cli

import (
	"fmt"

	"upgradedesk/app/machine"
	"upgradedesk/data"
)

// runWhere prints, for an IT office checking a PC, the database, the
// backup folder and the watched folder of scans this PC uses, and where
// each comes from — the same as 设置 shows.
func runWhere(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk where", "[--db PATH]")
	db := fs.String("db", "", tr(env, "flag.db"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fail(env, exitUsage, "extra_argument", "Arg", fs.Arg(0))
	}
	src := env.Machine
	if src == nil {
		src = machine.System
	}
	in := machine.Inputs{Flag: *db, Env: env.Getenv(EnvDB), DefaultDatabase: DefaultDBPath(),
		DefaultBackup: data.DefaultBackupDir}
	in.User = machine.Layer{Origin: machine.User}
	if path, err := machine.PreferencesFile(AppID); err == nil {
		in.User, err = machine.UserLayer(src, path)
		if err != nil {
			fmt.Fprintln(env.Stderr, "upgradedesk:", tr(env, "where.unreadable", "Where", path, "Err", err))
		}
	}
	settings := machine.Effective(in, machineLayers(env))
	l := lang(env)
	fmt.Fprintln(env.Stdout, tr(env, "where.title", "Version", Version))
	for _, s := range settings {
		value := s.Value
		if value == "" {
			value = tr(env, "where.none")
		}
		origin := s.Origin.Label(l)
		if s.Where != "" {
			origin += " (" + s.Where + ")"
		}
		fmt.Fprintln(env.Stdout, tr(env, "where.line", "Setting", machine.Label(l, s.Name), "Value", value, "Origin", origin))
	}
	fmt.Fprintln(env.Stdout, tr(env, "where.shared_note"))
	return nil
}
