package cli

import (
	"bufio"
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

// openStore opens the database named by --db (or the environment).
func openStore(env Env, db string, opt data.Options) (*data.Store, error) {
	path, _ := resolveDB(env, db)
	s, err := data.Open(path, opt)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func runInit(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk init", "--db PATH --admin NAME [--name 姓名] [--dept 部门] [--library 馆名]  (password on stdin)")
	db := fs.String("db", "", "new database file")
	admin := fs.String("admin", "", "administrator's user name")
	name := fs.String("name", "", "administrator's full name (default: the user name)")
	dept := fs.String("dept", "", "name of the IT department (default 信息管理部)")
	library := fs.String("library", "", "library name printed on documents")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *admin == "" {
		return usage(errors.New("--admin NAME is required"))
	}
	pw, err := readPassword(env)
	if err != nil {
		return err
	}
	s, err := openStore(env, *db, data.Options{Create: true})
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.Init(*admin, *name, pw, *dept)
	if err != nil {
		return err
	}
	if *library != "" {
		if err := s.SetSetting(u, data.SettingLibraryName, *library); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, msg(env, "已创建数据库 %s，管理员 %s。\n", "Created database %s with administrator %s.\n"), s.DisplayLocation(), u.Username)
	return nil
}

// readPassword reads the password from the terminal without echo (twice)
// or as the first line of standard input.
func readPassword(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return readTerminalPassword(env, f)
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := data.ValidPassword(pw); err != nil {
		return "", err
	}
	return pw, nil
}

func readTerminalPassword(env Env, f *os.File) (string, error) {
	var pws [2]string
	for i, prompt := range []string{msg(env, "密码：", "Password: "), msg(env, "再输入一次：", "Again: ")} {
		fmt.Fprint(env.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		pws[i] = string(b)
	}
	if pws[0] != pws[1] {
		return "", &exitError{code: exitUsage, err: errors.New(msg(env, "两次输入的密码不一致", "the passwords differ"))}
	}
	return pws[0], data.ValidPassword(pws[0])
}

func runDemo(env Env, args []string) error {
	fs := newFlagSet(env, "upgradedesk demo", "--db PATH [--cases N] [--seed N]")
	db := fs.String("db", "", "database file (created when missing)")
	cases := fs.Int("cases", 60, "number of cases")
	seed := fs.Int64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *cases < 1 {
		return usage(errors.New("--cases must be at least 1"))
	}
	s, err := openStore(env, *db, data.Options{Create: true})
	if err != nil {
		return err
	}
	defer s.Close()
	sum, err := s.FillDemo(data.DemoOptions{Cases: *cases, Seed: *seed, Dossier: reports.ArchiveDossier,
		Progress: progress(env, msg(env, "演示事项", "demo cases"))})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, msg(env, "已在 %s 生成演示数据：%d 个账号（密码 %s），%d 个软件系统，%d 个升级事项。\n",
		"Filled %s with demo data: %d accounts (password %s), %d systems, %d cases.\n"),
		s.DisplayLocation(), sum.Users, data.DemoPassword, sum.Systems, sum.Cases)
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
	db := fs.String("db", "", "database file")
	file := fs.String("file", "", "a dossier PDF to match against the archived ones")
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	s, err := openStore(env, *db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	if *file != "" {
		return checkFile(env, s, *file)
	}
	rep, err := s.Check()
	if err != nil {
		return err
	}
	printReport(env, s, rep)
	if !rep.OK() {
		return &exitError{code: exitFailed, err: errors.New(msg(env, "检查发现问题", "the check found problems"))}
	}
	return nil
}

func printReport(env Env, s *data.Store, rep *data.CheckReport) {
	l := lang(env)
	w := env.Stdout
	fmt.Fprintf(w, msg(env, "数据库：%s\n", "Database: %s\n"), s.DisplayLocation())
	title := msg(env, "完整性检查", "Integrity check")
	if rep.EngineCheck.Key != "" {
		title += "（" + rep.EngineCheck.Describe(l) + "）"
	}
	section(env, title, rep.Integrity)
	audit := make([]string, len(rep.Audit))
	for i, p := range rep.Audit {
		audit[i] = p.Describe(l)
	}
	section(env, fmt.Sprintf(msg(env, "审计链（%d 条记录）", "Audit chain (%d entries)"), rep.AuditEntries), audit)
	refs := make([]string, len(rep.References))
	for i, f := range rep.References {
		refs[i] = f.Describe(l)
	}
	section(env, fmt.Sprintf(msg(env, "记录引用（%d 个升级事项）", "References (%d cases)"), rep.Cases), refs)
}

func section(env Env, title string, problems []string) {
	if len(problems) == 0 {
		fmt.Fprintf(env.Stdout, "  %s: %s\n", title, msg(env, "正常", "ok"))
		return
	}
	fmt.Fprintf(env.Stdout, "  %s: %s\n", title, fmt.Sprintf(msg(env, "%d 个问题", "%d problems"), len(problems)))
	for _, p := range problems {
		fmt.Fprintf(env.Stdout, "    - %s\n", p)
	}
}

func checkFile(env Env, s *data.Store, path string) error {
	content, err := os.ReadFile(path)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	e, c, err := s.ArchivedFile(content)
	if data.ErrorCode(err) == data.ENotFound {
		return &exitError{code: exitFailed, err: errors.New(data.ErrorMessage(err, lang(env)))}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, msg(env, "%s 是升级事项 %s 的归档案卷（%s 由 %s 归档，SHA-256 %s）。\n",
		"%s is the archived dossier of case %s (archived %s by %s, SHA-256 %s).\n"),
		path, c.No, e.ArchivedAt.Local().Format("2006-01-02 15:04"), e.ArchivedBy, e.DossierSHA)
	return nil
}

func usage(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &exitError{code: exitUsage, err: err}
}
