package cli

import (
	"errors"
	"fmt"
	"time"

	"upgradedesk/data"
)

// runMigrate copies a whole database (normally a SQLite file) into an
// empty database (normally on a PostgreSQL server), then verifies the
// copy and checks it.
func runMigrate(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk migrate", "--from FILE.db --to postgres://USER@HOST/DATABASE")
	from := fs.String("from", "", "database to copy (a SQLite file)")
	to := fs.String("to", "", "empty database to copy into (a postgres:// URL)")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *from == "" || *to == "" {
		return usage(errors.New("--from FILE and --to URL are required"))
	}
	if fs.NArg() > 0 {
		return usage(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *from == *to {
		return usage(errors.New("--from and --to name the same database"))
	}
	src, err := data.Open(*from, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := data.Open(*to, data.Options{Create: true})
	if err != nil {
		return err
	}
	defer dst.Close()
	return migrate(env, src, dst)
}

// migrate copies src into dst, verifies and checks the copy and prints a
// summary.
func migrate(env Env, src, dst *data.Store) error {
	fmt.Fprintf(env.Stdout, msg(env, "迁移 %s → %s\n", "Migrating %s → %s\n"), src.DisplayLocation(), dst.DisplayLocation())
	rep, err := data.Migrate(src, dst, tableProgress(env))
	if err != nil {
		return err
	}
	printCopy(env, rep)
	start := time.Now()
	diffs, err := data.VerifyCopy(src, dst)
	if err != nil {
		return err
	}
	check, err := dst.Check()
	if err != nil {
		return err
	}
	section(env, msg(env, "核对副本（行数、审计链、抽样记录）", "Verification (row counts, audit chain, sampled rows)"), diffs)
	printReport(env, dst, check)
	if check.EngineCheck.Key != "" {
		fmt.Fprintf(env.Stdout, "  %s\n", check.EngineCheck.Describe(lang(env)))
	}
	fmt.Fprintf(env.Stdout, msg(env, "核对与检查用时 %v。\n", "Verified and checked in %v.\n"), time.Since(start).Round(time.Millisecond))
	if len(diffs) > 0 || !check.OK() {
		return &exitError{code: exitFailed, err: errors.New(msg(env, "副本与源数据库不一致，或检查发现问题",
			"the copy differs from the source or the check found problems"))}
	}
	fmt.Fprintln(env.Stdout, msg(env, "迁移完成。", "Migration complete."))
	return nil
}

// printCopy prints the rows copied per table and the end of the chain.
func printCopy(env Env, rep *data.CopyReport) {
	w := env.Stdout
	fmt.Fprintf(w, msg(env, "已复制 %d 个数据表，共 %d 行，用时 %v：\n", "Copied %d tables, %d rows, in %v:\n"),
		len(rep.Tables), rep.Rows(), rep.Took.Round(time.Millisecond))
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "  %-18s %10d\n", t.Table, t.Rows)
	}
	fmt.Fprintf(w, msg(env, "审计链末条：#%d %s\n", "End of the audit chain: #%d %s\n"), rep.AuditSeq, rep.AuditHash)
}

// tableProgress reports the rows copied of each table on stderr.
func tableProgress(env Env) data.CopyProgress {
	return func(table string, done, total int64) {
		fmt.Fprintf(env.Stderr, "\r%s %d/%d", table, done, total)
		if done == total {
			fmt.Fprintln(env.Stderr)
		}
	}
}
