package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"upgradedesk/data"
	"upgradedesk/reports"
	"upgradedesk/reports/scan"
)

// runScans runs "scans import" and "scans pack".
func runScans(env Env, args []string) error {
	if len(args) == 0 {
		return fail(env, exitUsage, "scans.need_sub")
	}
	switch args[0] {
	case "import":
		return runScansImport(env, args[1:])
	case "pack":
		return runScansPack(env, args[1:])
	}
	return fail(env, exitUsage, "scans.need_sub")
}

// scansLogin opens the database and signs in login, the password read
// from standard input.
func scansLogin(env Env, db, login string) (*data.Store, *data.Session, error) {
	if login == "" {
		return nil, nil, fail(env, exitUsage, "need", "Flags", "--login NAME")
	}
	pw, err := readLoginPassword(env, bufio.NewReader(env.Stdin))
	if err != nil {
		return nil, nil, err
	}
	s, err := openStore(env, db, data.Options{})
	if err != nil {
		return nil, nil, err
	}
	ss, err := s.Login(login, pw)
	if err != nil {
		closeStore(s)
		return nil, nil, err
	}
	return s, ss, nil
}

func runScansImport(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk scans import", "--db PATH --login NAME FILE|DIR…  (password on stdin)")
	db := fs.String("db", "", tr(env, "flag.db"))
	login := fs.String("login", "", tr(env, "flag.login"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if fs.NArg() == 0 {
		return fail(env, exitUsage, "need", "Flags", "FILE|DIR…")
	}
	s, ss, err := scansLogin(env, *db, *login)
	if err != nil {
		return err
	}
	defer closeStore(s)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	l := lang(env)
	rep, err := scan.Import(ctx, s, ss, fs.Args(), func(done, total int, file string) {
		fmt.Fprintf(env.Stderr, "\r%s", tr(env, "scans.progress", "Done", done, "Total", total, "File", file))
	})
	fmt.Fprintln(env.Stderr)
	if rep != nil {
		failed := 0
		for _, f := range rep.Files {
			if f.Err != nil {
				failed++
				fmt.Fprintf(env.Stdout, "%s: %s\n", f.Path, data.ErrorMessage(f.Err, l))
				continue
			}
			fmt.Fprintln(env.Stdout, tr(env, "scans.file", "File", f.Path, "Pages", f.Pages, "Duplicates", f.Duplicates,
				"Unsorted", f.Unsorted, "Covers", f.Covers))
		}
		for _, d := range rep.Docs {
			switch {
			case d.Err != nil:
				fmt.Fprintf(env.Stdout, "  %s: %s\n", d.Code, data.ErrorMessage(d.Err, l))
			case d.Filed == nil:
				fmt.Fprintln(env.Stdout, "  "+tr(env, "scans.waiting", "Code", d.Code, "Missing", missingText(l, d.Missing)))
			case d.Filed.Stale:
				fmt.Fprintln(env.Stdout, "  "+tr(env, "scans.stale", "Code", d.Code, "Check", d.Check))
				for _, c := range d.Filed.Changes {
					fmt.Fprintln(env.Stdout, "    "+c)
				}
			default:
				fmt.Fprintln(env.Stdout, "  "+tr(env, "scans.filed", "Code", d.Code, "Decisions", len(d.Filed.Marked),
					"SHA", d.Filed.Scan.SHA256))
			}
		}
		if err == nil && failed > 0 {
			err = fail(env, exitFailed, "scans.files_failed", "N", failed)
		}
	}
	return err
}

// missingText names missing pages as data.ScanSet does.
func missingText(lang string, missing []int) string {
	set := data.ScanSet{Pages: 0, ByPage: map[int]data.ScanPage{}}
	for _, n := range missing {
		set.Pages = max(set.Pages, n)
	}
	have := map[int]bool{}
	for _, n := range missing {
		have[n] = true
	}
	for n := 1; n <= set.Pages; n++ {
		if !have[n] {
			set.ByPage[n] = data.ScanPage{}
		}
	}
	return set.MissingText(lang)
}

func runScansPack(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk scans pack", "--db PATH --login NAME (--user NAME | --case SJ-YYYY-NNNN) --out FILE.pdf  (password on stdin)")
	db := fs.String("db", "", tr(env, "flag.db"))
	login := fs.String("login", "", tr(env, "flag.login"))
	user := fs.String("user", "", tr(env, "flag.signer"))
	caseNo := fs.String("case", "", tr(env, "flag.case"))
	out := fs.String("out", "", tr(env, "flag.out"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if (*user == "") == (*caseNo == "") || *out == "" {
		return fail(env, exitUsage, "need", "Flags", "--user NAME | --case SJ-YYYY-NNNN, --out FILE.pdf")
	}
	s, ss, err := scansLogin(env, *db, *login)
	if err != nil {
		return err
	}
	defer closeStore(s)
	var f data.PaperFilter
	title := ""
	if *user != "" {
		u, err := findUser(s, *user)
		if err != nil {
			return err
		}
		f.SignerID, title = u.ID, tr(env, "scans.pack_for_user", "Name", u.FullName)
	} else {
		c, err := s.CaseByNo(*caseNo)
		if err != nil {
			return err
		}
		f.CaseID, title = c.ID, tr(env, "scans.pack_for_case", "No", c.No)
	}
	due, err := s.PaperOutstanding(f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	docs, err := reports.PrintPack(&buf, s, due, title, time.Now())
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fail(env, exitFailed, "scans.write", "File", *out, "Err", err)
	}
	copies := make([]data.PaperCopy, len(docs))
	for i, d := range docs {
		copies[i] = d.Copy
	}
	if err := s.RecordPrints(ss, copies); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, tr(env, "scans.packed", "File", *out, "Docs", len(docs)))
	return nil
}

// findUser finds an account by its user name or full name.
func findUser(s *data.Store, name string) (*data.User, error) {
	us, err := s.Users()
	if err != nil {
		return nil, err
	}
	for i := range us {
		if us[i].Username == name || us[i].FullName == name {
			return &us[i], nil
		}
	}
	return nil, &data.Error{Code: data.ENotFound, Key: "cli.scans.no_user", Args: map[string]any{"Name": name}}
}
