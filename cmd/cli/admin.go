package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"upgradedesk/data"
	"upgradedesk/reports"
)

// Exit statuses of the subcommands, one per kind of failure, so that
// scripts can tell them apart.
const (
	exitFailed     = 1 // the command ran and found or caused a problem
	exitUsage      = 2 // bad arguments
	exitNoDB       = 3 // the database file does not exist
	exitNotDB      = 4 // the file is not an UpgradeDesk database
	exitCorrupt    = 5 // the database is damaged
	exitNewer      = 6 // written by a newer UpgradeDesk
	exitLocked     = 7 // locked by another PC longer than the busy timeout
	exitReadOnly   = 8 // cannot be written
	exitUnreachble = 9 // the file or its share cannot be reached
)

// exitCodes maps store error codes to exit statuses.
var exitCodes = map[string]int{
	data.ENoDB: exitNoDB, data.ENotDB: exitNotDB, data.ECorrupt: exitCorrupt, data.ENewer: exitNewer,
	data.ELocked: exitLocked, data.EReadOnly: exitReadOnly, data.EUnreachable: exitUnreachble,
	data.EInvalid: exitUsage,
}

// openStore opens the database named by --db (or the environment) and
// says on stderr when this PC's witness finds its history rewritten (see
// data.Store.Witness). closeStore records what this run saw.
func openStore(env Env, db string, opt data.Options) (*data.Store, error) {
	path, _ := resolveDB(env, db)
	opt.Witness = true
	opt.AppVersion = Version // a database written by a newer UpgradeDesk is refused
	// Writes made here make the documents the client makes: the dossier
	// archived on closing, the 费用补记单 of a cost after archiving.
	opt.Dossier, opt.Addendum = reports.ArchiveDossier, reports.AddendumDocument
	s, err := data.Open(path, opt)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// warnWitness says on stderr what this PC's witness says about s, if
// anything.
func warnWitness(env Env, s *data.Store) {
	rep, err := s.CompareWitness()
	if err != nil {
		return
	}
	if f := rep.Finding(); f != nil {
		fmt.Fprintln(env.Stderr, "upgradedesk:", f.Describe(lang(env)))
	}
}

// closeStore records in this PC's witness where the audit chain of s ends
// now (unless its history was rewritten) and closes it.
func closeStore(s *data.Store) {
	s.Witness(false)
	s.Close()
}

func runInit(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk init", "--db PATH --admin NAME [--name 姓名] [--dept 部门] [--library 馆名]  (password on stdin)")
	db := fs.String("db", "", tr(env, "flag.new_db"))
	admin := fs.String("admin", "", tr(env, "flag.admin"))
	name := fs.String("name", "", tr(env, "flag.name"))
	dept := fs.String("dept", "", tr(env, "flag.dept"))
	library := fs.String("library", "", tr(env, "flag.library"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *admin == "" {
		return fail(env, exitUsage, "need", "Flags", "--admin NAME")
	}
	pw, err := readPassword(env)
	if err != nil {
		return err
	}
	s, err := openStore(env, *db, data.Options{Create: true})
	if err != nil {
		return err
	}
	defer closeStore(s)
	u, err := s.Init(*admin, *name, pw, *dept)
	if err != nil {
		return err
	}
	if *library != "" {
		if err := s.SetSetting(u, data.SettingLibraryName, *library); err != nil {
			return err
		}
	}
	fmt.Fprintln(env.Stdout, tr(env, "init.done", "Path", s.DisplayLocation(), "User", u.User().Username))
	return nil
}

// readPassword reads the password from the terminal without echo (twice)
// or as the first line of standard input.
func readPassword(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		pw, err := readTerminalPassword(env, f, "password")
		if err != nil {
			return "", err
		}
		return pw, data.ValidPassword(pw)
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fail(env, exitFailed, "read_password", "Err", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := data.ValidPassword(pw); err != nil {
		return "", err
	}
	return pw, nil
}

// readTerminalPassword reads a password twice from the terminal f without
// echo, the first time after the prompt of the message key prompt.
func readTerminalPassword(env Env, f *os.File, prompt string) (string, error) {
	var pws [2]string
	for i, prompt := range []string{tr(env, prompt), tr(env, "password_again")} {
		fmt.Fprint(env.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fail(env, exitFailed, "read_password", "Err", err)
		}
		pws[i] = string(b)
	}
	if pws[0] != pws[1] {
		return "", fail(env, exitUsage, "passwords_differ")
	}
	return pws[0], nil
}

func runDemo(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk demo", "--db PATH [--cases N] [--seed N]")
	db := fs.String("db", "", tr(env, "flag.demo_db"))
	cases := fs.Int("cases", 60, tr(env, "flag.cases"))
	seed := fs.Int64("seed", 1, tr(env, "flag.seed"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *cases < 1 {
		return fail(env, exitUsage, "demo.cases_min")
	}
	path, _ := resolveDB(env, *db)
	sum, err := data.FillDemoFile(path, data.DemoOptions{Cases: *cases, Seed: *seed, Dossier: reports.ArchiveDossier,
		Progress: progress(env, tr(env, "demo.progress"))})
	if err != nil {
		return err
	}
	s, err := openStore(env, path, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer closeStore(s) // this PC has seen the new database
	fmt.Fprintln(env.Stdout, tr(env, "demo.done", "Path", s.DisplayLocation(), "Users", sum.Users,
		"Password", data.DemoPassword, "Systems", sum.Systems, "Cases", sum.Cases))
	return nil
}

// progress returns a progress reporter writing "what done/total" on stderr.
func progress(env Env, what string) func(done, total int) {
	return func(done, total int) {
		fmt.Fprintf(env.Stderr, "\r%s %d/%d", what, done, total)
		if done == total {
			fmt.Fprintln(env.Stderr)
		}
	}
}

func runCheck(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk check", "--db PATH [--file DOSSIER.pdf]")
	db := fs.String("db", "", tr(env, "flag.db"))
	file := fs.String("file", "", tr(env, "flag.check_file"))
	accept := fs.Bool("accept-history", false, tr(env, "flag.accept_history"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	s, err := openStore(env, *db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer closeStore(s)
	if *file != "" {
		return checkFile(env, s, *file)
	}
	rep, err := s.Check(context.Background())
	if err != nil {
		return err
	}
	printReport(env, s, rep)
	if *accept && rep.Witness.Problem() {
		if _, err := s.Witness(true); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, tr(env, "check.history_accepted"))
		rep.Witness = nil
	}
	if !rep.OK() {
		return fail(env, exitFailed, "check.problems")
	}
	return nil
}

func printReport(env Env, s *data.Store, rep *data.CheckReport) {
	l := lang(env)
	w := env.Stdout
	fmt.Fprintln(w, tr(env, "check.database", "Path", s.DisplayLocation()))
	title := tr(env, "check.integrity")
	if rep.EngineCheck.Key != "" {
		title += "（" + rep.EngineCheck.Describe(l) + "）"
	}
	section(env, title, rep.Integrity)
	audit := make([]string, len(rep.Audit))
	for i, p := range rep.Audit {
		audit[i] = p.Describe(l)
	}
	section(env, tr(env, "check.audit", "N", rep.AuditEntries), audit)
	refs := make([]string, len(rep.References))
	for i, f := range rep.References {
		refs[i] = f.Describe(l)
	}
	section(env, tr(env, "check.references", "N", rep.Cases), refs)
	records := make([]string, len(rep.Records))
	for i, f := range rep.Records {
		records[i] = f.Describe(l)
	}
	if more := rep.RecordProblems - len(rep.Records); more > 0 {
		records = append(records, tr(env, "check.more", "N", more))
	}
	section(env, tr(env, "check.records", "N", rep.Sealed), records)
	if rep.Witness != nil {
		var notes []string
		if f := rep.Witness.Finding(); f != nil {
			notes = append(notes, f.Describe(l))
		}
		title := tr(env, "check.witness", "Path", data.WitnessPath())
		if !rep.Witness.Problem() && len(notes) > 0 {
			fmt.Fprintf(env.Stdout, "  %s: %s\n    - %s\n", title, tr(env, "check.ok"), notes[0])
		} else {
			section(env, title, notes)
		}
	}
	printNotices(env, rep.Notices)
}

// printNotices lists what the check tells though nothing is wrong with
// the data: self-granted roles, cases nobody may take forward.
func printNotices(env Env, notices []data.Finding) {
	if len(notices) == 0 {
		return
	}
	fmt.Fprintf(env.Stdout, "  %s\n", tr(env, "check.notices", "N", len(notices)))
	for _, f := range notices {
		fmt.Fprintf(env.Stdout, "    - %s\n", f.Describe(lang(env)))
	}
}

func section(env Env, title string, problems []string) {
	if len(problems) == 0 {
		fmt.Fprintf(env.Stdout, "  %s: %s\n", title, tr(env, "check.ok"))
		return
	}
	fmt.Fprintf(env.Stdout, "  %s: %s\n", title, tr(env, "check.n_problems", "N", len(problems)))
	for _, p := range problems {
		fmt.Fprintf(env.Stdout, "    - %s\n", p)
	}
}

func checkFile(env Env, s *data.Store, path string) error {
	content, err := os.ReadFile(path)
	if err != nil {
		return fail(env, exitFailed, "cannot_read", "Path", path, "Err", err)
	}
	e, c, err := s.ArchivedFile(content)
	if data.ErrorCode(err) == data.ENotFound {
		return &exitError{code: exitFailed, err: errors.New(data.ErrorMessage(err, lang(env)))}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, tr(env, "check.archived", "Path", path, "No", c.No,
		"At", e.ArchivedAt.Local().Format("2006-01-02 15:04"), "By", e.ArchivedBy, "SHA", e.DossierSHA))
	return nil
}

func usage(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &exitError{code: exitUsage, err: err}
}
