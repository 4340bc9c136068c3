package cli

import (
	"context"
	"fmt"
	"time"

	"upgradedesk/data"
)

// runMigrate copies a whole database (normally a SQLite file) into an
// empty database (normally on a PostgreSQL server), then verifies the
// copy and checks it.
func runMigrate(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk migrate", "--from FILE.db --to postgres://USER@HOST/DATABASE")
	from := fs.String("from", "", tr(env, "flag.migrate_from"))
	to := fs.String("to", "", tr(env, "flag.migrate_to"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *from == "" || *to == "" {
		return fail(env, exitUsage, "need", "Flags", "--from FILE --to URL")
	}
	if fs.NArg() > 0 {
		return fail(env, exitUsage, "extra_argument", "Arg", fs.Arg(0))
	}
	if *from == *to {
		return fail(env, exitUsage, "migrate.same")
	}
	src, err := openStore(env, *from, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer closeStore(src)
	warnWitness(env, src)
	dst, err := data.Open(*to, data.Options{Create: true, Witness: true, AppVersion: Version})
	if err != nil {
		return err
	}
	defer dst.Close()
	if err := migrate(env, src, dst); err != nil {
		return err
	}
	dst.Witness(false) // this PC has seen the new database
	return nil
}

// migrate copies src into dst, verifies and checks the copy and prints a
// summary.
func migrate(env Env, src, dst *data.Store) error {
	fmt.Fprintln(env.Stdout, tr(env, "migrate.start", "From", src.DisplayLocation(), "To", dst.DisplayLocation()))
	rep, err := data.Migrate(context.Background(), src, dst, tableProgress(env))
	if err != nil {
		return err
	}
	printCopy(env, rep)
	start := time.Now()
	diffs := rep.Differences
	check, err := dst.Check(context.Background())
	if err != nil {
		return err
	}
	section(env, tr(env, "migrate.verify"), diffs)
	printReport(env, dst, check)
	if check.EngineCheck.Key != "" {
		fmt.Fprintf(env.Stdout, "  %s\n", check.EngineCheck.Describe(lang(env)))
	}
	fmt.Fprintln(env.Stdout, tr(env, "migrate.checked", "Took", time.Since(start).Round(time.Millisecond)))
	if len(diffs) > 0 || !check.OK() {
		return fail(env, exitFailed, "migrate.differs")
	}
	fmt.Fprintln(env.Stdout, tr(env, "migrate.done"))
	return nil
}

// printCopy prints the rows copied per table and the end of the chain.
func printCopy(env Env, rep *data.CopyReport) {
	w := env.Stdout
	fmt.Fprintln(w, tr(env, "migrate.copied", "Tables", len(rep.Tables), "Rows", rep.Rows(), "Took", rep.Took.Round(time.Millisecond)))
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "  %-18s %10d\n", t.Table, t.Rows)
	}
	fmt.Fprintln(w, tr(env, "migrate.chain_end", "Seq", rep.AuditSeq, "Hash", rep.AuditHash))
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
