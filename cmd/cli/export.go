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
	db := fs.String("db", "", "database file")
	caseNo := fs.String("case", "", "case number, e.g. SJ-2026-0001")
	doc := fs.String("doc", "", "document of the case: "+kindNames())
	fresh := fs.Bool("copy", false, "with --doc dossier: a new rendering, marked as a copy on every page, instead of the archived file")
	ledger := fs.Bool("ledger", false, "the software version ledger (软件版本台账) as PDF")
	all := fs.Bool("all", false, "every document of every case, into --out DIR (one folder per case)")
	out := fs.String("out", "", "file to write (a folder with --all)")
	casesXLSX := fs.String("cases-xlsx", "", "write the case list as a spreadsheet")
	states := fs.String("state", "", "with --cases-xlsx: only cases in these states (keys, comma-separated, e.g. planning,closed)")
	ledgerXLSX := fs.String("ledger-xlsx", "", "write the ledger as a spreadsheet (can be edited and imported back)")
	workers := fs.Int("workers", runtime.NumCPU(), "with --all: cases exported at once")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if fs.NArg() > 0 {
		return usage(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	modes := 0
	for _, on := range []bool{*caseNo != "", *ledger, *all, *casesXLSX != "", *ledgerXLSX != ""} {
		if on {
			modes++
		}
	}
	if modes != 1 {
		return usage(errors.New(msg(env, "请指定且只指定一项：--case、--ledger、--all、--cases-xlsx 或 --ledger-xlsx",
			"give exactly one of --case, --ledger, --all, --cases-xlsx and --ledger-xlsx")))
	}
	if (*caseNo != "" || *ledger || *all) && *out == "" {
		return usage(errors.New(msg(env, "需要 --out 指定输出位置", "--out is required")))
	}
	if *caseNo != "" && *doc == "" {
		return usage(errors.New(msg(env, "需要 --doc 指定文档："+kindNames(), "--doc is required: "+kindNames())))
	}
	var filter data.CaseFilter
	if *states != "" {
		if *casesXLSX == "" {
			return usage(errors.New(msg(env, "--state 只用于 --cases-xlsx", "--state goes with --cases-xlsx")))
		}
		for _, st := range strings.Split(*states, ",") {
			st := data.State(strings.TrimSpace(st))
			if !st.Valid() {
				return usage(fmt.Errorf(msg(env, "未知的状态 %q", "unknown state %q"), st))
			}
			filter.States = append(filter.States, st)
		}
	}
	s, err := openStore(env, *db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	switch {
	case *caseNo != "":
		return exportCase(env, s, *caseNo, *doc, *out, *fresh)
	case *ledger:
		return exportLedger(env, s, *out)
	case *all:
		return exportAll(env, s, *out, *workers)
	case *casesXLSX != "":
		return exportCasesXLSX(env, s, filter, *casesXLSX)
	}
	return exportLedgerXLSX(env, s, *ledgerXLSX)
}

// kindNames lists the document kinds for --doc.
func kindNames() string {
	names := make([]string, len(reports.CaseKinds))
	for i, k := range reports.CaseKinds {
		names[i] = string(k)
	}
	return strings.Join(names, "|")
}

// exportCase writes one document of one case: the dossier of an archived
// case as archived, byte for byte, unless fresh asks for a new rendering
// (a dossier rendered anew is marked as a copy on every page).
func exportCase(env Env, s *data.Store, no, doc, out string, fresh bool) error {
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
	return writeOut(env, out, content, reports.Title(k)+" "+d.Case.No)
}

// exportLedger writes the ledger as PDF.
func exportLedger(env Env, s *data.Store, out string) error {
	l, err := s.Ledger()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteLedger(&buf, s.LibraryName(), l, time.Now()); err != nil {
		return err
	}
	return writeOut(env, out, buf.Bytes(), msg(env, "软件版本台账", "ledger"))
}

// writeOut writes a finished file atomically: an existing file is only
// replaced once the new one is complete, and a failed write leaves none.
func writeOut(env Env, path string, content []byte, what string) error {
	if err := reports.WriteFileAtomic(path, content, true); err != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf(msg(env, "无法写入 %s：%v", "cannot write %s: %v"), path, err)}
	}
	fmt.Fprintf(env.Stdout, msg(env, "已写入%s：%s（%d 字节）\n", "Wrote %s to %s (%d bytes)\n"), what, path, len(content))
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
	sum, err := reports.ExportCases(ctx, s, ids, dir, workers, progress(env, msg(env, "导出事项", "cases exported")))
	fmt.Fprintf(env.Stdout, msg(env, "已导出 %d 个升级事项的 %d 个文档（%.1f MB）到 %s，用时 %v。\n",
		"Exported %[2]d documents of %[1]d cases (%.1[3]f MB) to %[4]s in %[5]v.\n"),
		sum.Cases, sum.Documents, float64(sum.Bytes)/(1<<20), dir, time.Since(start).Round(time.Millisecond))
	if err == nil {
		return nil
	}
	for _, e := range sum.Errors {
		fmt.Fprintf(env.Stderr, "  - %s\n", describe(env, e))
	}
	if errors.Is(err, context.Canceled) {
		return &exitError{code: exitFailed, err: errors.New(msg(env, "导出已中断", "export interrupted"))}
	}
	return &exitError{code: exitFailed, err: fmt.Errorf(msg(env, "%d 个升级事项导出失败", "%d cases failed"), sum.Failed)}
}

// exportCasesXLSX writes the case list as a spreadsheet.
func exportCasesXLSX(env Env, s *data.Store, f data.CaseFilter, out string) error {
	f.Sort, f.Desc = "no", false
	rows, err := s.AllCases(f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteCasesXLSX(&buf, rows); err != nil {
		return err
	}
	return writeOut(env, out, buf.Bytes(), fmt.Sprintf(msg(env, "升级事项清单（%d 项）", "the list of %d cases"), len(rows)))
}

// exportLedgerXLSX writes the ledger as a spreadsheet.
func exportLedgerXLSX(env Env, s *data.Store, out string) error {
	l, err := s.Ledger()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteLedgerXLSX(&buf, l); err != nil {
		return err
	}
	return writeOut(env, out, buf.Bytes(), msg(env, "软件版本台账工作簿", "the ledger workbook"))
}

func runImport(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk import", "--db PATH --ledger FILE.xlsx --admin NAME  (password on stdin)")
	db := fs.String("db", "", "database file")
	ledger := fs.String("ledger", "", "ledger workbook to import (sheets 软件系统 and 供应商)")
	admin := fs.String("admin", "", "administrator's user name")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *ledger == "" || *admin == "" {
		return usage(errors.New("--ledger FILE.xlsx and --admin NAME are required"))
	}
	pw, err := readLoginPassword(env)
	if err != nil {
		return err
	}
	file, err := os.Open(*ledger)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	systems, vendors, problems, err := reports.ReadLedgerXLSX(file)
	file.Close()
	if err != nil {
		return err
	}
	s, err := openStore(env, *db, data.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.Login(*admin, pw)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return badRows(env, problems)
	}
	sum, err := s.ImportLedger(u, systems, vendors)
	if len(sum.Problems) > 0 {
		return badRows(env, sum.Problems)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, msg(env, "已导入台账：新增 %d 个软件系统、更新 %d 个；新增 %d 个供应商、更新 %d 个。\n",
		"Imported the ledger: %d systems created, %d updated; %d vendors created, %d updated.\n"),
		sum.SystemsCreated, sum.SystemsUpdated, sum.VendorsCreated, sum.VendorsUpdated)
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
// without echo, or as the first line of standard input.
func readLoginPassword(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, msg(env, "密码：", "Password: "))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
