package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/term"

	"upgradedesk/data"
	"upgradedesk/reports"
)

func runExport(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk export",
		"--db PATH (--case SJ-YYYY-NNNN --doc KIND [--copy] --out FILE.pdf | --ledger --out FILE.pdf | --all --out DIR | "+
			"--cases-xlsx FILE.xlsx [--state S,S…] | --ledger-xlsx FILE.xlsx)")
	db := fs.String("db", "", tr(env, "flag.db"))
	caseNo := fs.String("case", "", tr(env, "flag.case"))
	doc := fs.String("doc", "", tr(env, "flag.doc", "Kinds", kindNames()))
	ledger := fs.Bool("ledger", false, tr(env, "flag.ledger"))
	all := fs.Bool("all", false, tr(env, "flag.all"))
	out := fs.String("out", "", tr(env, "flag.out"))
	casesXLSX := fs.String("cases-xlsx", "", tr(env, "flag.cases_xlsx"))
	states := fs.String("state", "", tr(env, "flag.state"))
	ledgerXLSX := fs.String("ledger-xlsx", "", tr(env, "flag.ledger_xlsx"))
	fresh := fs.Bool("copy", false, tr(env, "flag.copy"))
	workers := fs.Int("workers", runtime.NumCPU(), tr(env, "flag.workers"))
	force := fs.Bool("force", false, tr(env, "flag.force"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if fs.NArg() > 0 {
		return fail(env, exitUsage, "extra_argument", "Arg", fs.Arg(0))
	}
	modes := 0
	for _, on := range []bool{*caseNo != "", *ledger, *all, *casesXLSX != "", *ledgerXLSX != ""} {
		if on {
			modes++
		}
	}
	if modes != 1 {
		return fail(env, exitUsage, "export.one_mode")
	}
	if (*caseNo != "" || *ledger || *all) && *out == "" {
		return fail(env, exitUsage, "need", "Flags", "--out")
	}
	if *caseNo != "" && *doc == "" {
		return fail(env, exitUsage, "export.need_doc", "Kinds", kindNames())
	}
	var filter data.CaseFilter
	if *states != "" {
		if *casesXLSX == "" {
			return fail(env, exitUsage, "export.state_alone")
		}
		for _, st := range strings.Split(*states, ",") {
			st := data.State(strings.TrimSpace(st))
			if !st.Valid() {
				return fail(env, exitUsage, "export.unknown_state", "State", string(st))
			}
			filter.States = append(filter.States, st)
		}
	}
	if *caseNo != "" {
		if _, err := reports.ParseKind(*doc); err != nil {
			return &exitError{code: exitUsage, err: errors.New(data.ErrorMessage(err, lang(env)))}
		}
	}
	path, _ := resolveDB(env, *db)
	target := *out
	switch {
	case *casesXLSX != "":
		target = *casesXLSX
	case *ledgerXLSX != "":
		target = *ledgerXLSX
	}
	if !*all {
		if err := data.CheckOutput(target, *force, path); err != nil {
			return err
		}
	}
	s, err := openStore(env, path, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer closeStore(s)
	warnWitness(env, s)
	// An export reads part of the database; a damaged one is refused as a
	// whole rather than exported in part.
	if err := s.QuickCheck(context.Background()); err != nil {
		return err
	}
	x := exporter{env: env, s: s, out: target, force: *force}
	switch {
	case *caseNo != "":
		return x.exportCase(*caseNo, *doc, *fresh)
	case *ledger:
		return x.exportLedger()
	case *all:
		return exportAll(env, s, *out, *workers)
	case *casesXLSX != "":
		return x.exportCasesXLSX(filter)
	}
	return x.exportLedgerXLSX()
}

// kindNames lists the document kinds for --doc.
func kindNames() string {
	names := make([]string, len(reports.CaseKinds))
	for i, k := range reports.CaseKinds {
		names[i] = string(k)
	}
	return strings.Join(names, "|")
}

// exporter writes one file of an export to out.
type exporter struct {
	env   Env
	s     *data.Store
	out   string
	force bool
}

// exportCase writes one document of one case: the dossier of an archived
// case as archived, byte for byte, unless fresh asks for a new rendering
// (a dossier rendered anew is marked as a copy on every page).
func (x exporter) exportCase(no, doc string, fresh bool) error {
	env, s := x.env, x.s
	k, err := reports.ParseKind(doc)
	if err != nil {
		return &exitError{code: exitUsage, err: errors.New(data.ErrorMessage(err, lang(env)))}
	}
	c, err := s.CaseByNo(strings.TrimSpace(no))
	if err != nil {
		return err
	}
	d, err := s.Dossier(c.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	var content []byte
	if fresh {
		err = reports.WriteCase(&buf, k, d, time.Now())
		content = buf.Bytes()
	} else {
		content, err = reports.ArchivedOrRender(s, &buf, k, d, time.Now())
	}
	if err != nil {
		return err
	}
	return x.write(content, reports.Title(k)+" "+d.Case.No)
}

// exportLedger writes the ledger as PDF.
func (x exporter) exportLedger() error {
	s := x.s
	l, err := s.Ledger()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteLedger(&buf, s.LibraryName(), l, time.Now()); err != nil {
		return err
	}
	return x.write(buf.Bytes(), tr(x.env, "export.ledger"))
}

// write writes a finished file atomically: an existing file is only
// replaced once the new one is complete, and a failed write leaves none.
// The target is checked again just before: it must not have become a
// database while the file was made.
func (x exporter) write(content []byte, what string) error {
	if err := data.CheckOutput(x.out, x.force, x.s.Location()); err != nil {
		return err
	}
	if err := data.WriteFileAtomic(x.out, content); err != nil {
		return err
	}
	fmt.Fprintln(x.env.Stdout, tr(x.env, "export.wrote", "What", what, "Path", x.out, "Size", len(content)))
	return nil
}

// caseIDs returns the IDs of rows.
func caseIDs(rows []data.CaseRow) []uint {
	ids := make([]uint, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// exportAll writes every document of every case into dir.
func exportAll(env Env, s *data.Store, dir string, workers int) error {
	release, err := data.ClaimFolder(dir)
	if err != nil {
		return err
	}
	defer release()
	rows, err := s.AllCases(data.CaseFilter{Sort: "no"})
	if err != nil {
		return err
	}
	ids := caseIDs(rows)
	// A batch of thousands of documents allocates heavily in gofpdf (about
	// 11 MB a document) while holding little, so the collector runs all the
	// time. Running it less often saves about a quarter of the CPU time
	// (35–37 s against 48 s user+sys for the 1,000 demo cases, measured
	// twice each) for twice the peak memory (220 MB against 110 MB
	// resident). The default is 100.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	sum, err := reports.ExportCases(ctx, s, ids, dir, workers, progress(env, tr(env, "export.progress")))
	fmt.Fprintln(env.Stdout, tr(env, "export.all_done", "Cases", sum.Cases, "Documents", sum.Documents,
		"MB", fmt.Sprintf("%.1f", float64(sum.Bytes)/(1<<20)), "Path", dir, "Took", time.Since(start).Round(time.Millisecond)))
	if err == nil {
		return nil
	}
	for _, e := range sum.Errors {
		fmt.Fprintf(env.Stderr, "  - %s\n", describe(env, e))
	}
	if errors.Is(err, context.Canceled) {
		return fail(env, exitFailed, "export.interrupted")
	}
	return fail(env, exitFailed, "export.failed", "N", sum.Failed)
}

// exportCasesXLSX writes the case list as a spreadsheet.
func (x exporter) exportCasesXLSX(f data.CaseFilter) error {
	f.Sort, f.Desc = "no", false
	rows, err := x.s.AllCases(f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteCasesXLSX(&buf, rows); err != nil {
		return err
	}
	return x.write(buf.Bytes(), tr(x.env, "export.case_list", "N", len(rows)))
}

// exportLedgerXLSX writes the ledger as a spreadsheet.
func (x exporter) exportLedgerXLSX() error {
	l, err := x.s.Ledger()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteLedgerXLSX(&buf, l); err != nil {
		return err
	}
	return x.write(buf.Bytes(), tr(x.env, "export.ledger_workbook"))
}

func runImport(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk import", "--db PATH --ledger FILE.xlsx --admin NAME  (password on stdin)")
	db := fs.String("db", "", tr(env, "flag.db"))
	ledger := fs.String("ledger", "", tr(env, "flag.import_ledger"))
	admin := fs.String("admin", "", tr(env, "flag.admin"))
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *ledger == "" || *admin == "" {
		return fail(env, exitUsage, "need", "Flags", "--ledger FILE.xlsx --admin NAME")
	}
	pw, err := readLoginPassword(env, bufio.NewReader(env.Stdin))
	if err != nil {
		return err
	}
	s, err := openStore(env, *db, data.Options{})
	if err != nil {
		return err
	}
	defer closeStore(s)
	warnWitness(env, s)
	// The administrator first: nobody else makes the program read a file.
	u, err := s.Admin(*admin, pw)
	if err != nil {
		return err
	}
	content, err := data.ReadWorkbook(*ledger)
	if err != nil {
		return err
	}
	systems, vendors, problems, err := reports.ReadLedgerXLSX(bytes.NewReader(content))
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return badRows(env, problems)
	}
	sum, err := s.ImportLedger(context.Background(), u, systems, vendors)
	if len(sum.Problems) > 0 {
		return badRows(env, sum.Problems)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, tr(env, "import.done", "SystemsCreated", sum.SystemsCreated, "SystemsUpdated", sum.SystemsUpdated,
		"VendorsCreated", sum.VendorsCreated, "VendorsUpdated", sum.VendorsUpdated))
	for _, v := range sum.VersionsKept {
		fmt.Fprintf(env.Stdout, "  - %s\n", data.T(lang(env), "import.version_kept",
			map[string]any{"Name": v.System, "Have": v.Have, "Given": v.Given}))
	}
	return nil
}

// badRows prints every bad row of a ledger workbook and fails.
func badRows(env Env, problems []data.ImportProblem) error {
	for _, p := range problems {
		fmt.Fprintf(env.Stdout, "  - %s\n", p.Message(lang(env)))
	}
	return &exitError{code: exitFailed, err: errors.New(data.T(lang(env), "import.err.rows", map[string]any{"N": len(problems)}))}
}

// readLoginPassword reads a password to sign in with: from the terminal
// without echo, or as the next line of in (standard input).
func readLoginPassword(env Env, in *bufio.Reader) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, tr(env, "password"))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fail(env, exitFailed, "read_password", "Err", err)
		}
		return string(b), nil
	}
	line, err := in.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fail(env, exitFailed, "read_password", "Err", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
