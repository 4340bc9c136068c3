package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
	"upgradedesk/reports"
)

// runLang runs the command line in process in the given language.
func runLang(t *testing.T, language, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			if k == "UPGRADEDESK_LANG" {
				return language
			}
			return ""
		},
	})
	return code, out.String(), errOut.String()
}

// exportDemo is a demo database shared by the export tests, made with the
// demo command (so its closed cases are archived with real dossiers).
var exportDemo struct {
	once sync.Once
	dir  string
	path string
	err  string
}

func demoDB(t *testing.T) string {
	t.Helper()
	exportDemo.once.Do(func() {
		dir, err := os.MkdirTemp("", "cli-export-")
		if err != nil {
			exportDemo.err = err.Error()
			return
		}
		exportDemo.dir, exportDemo.path = dir, filepath.Join(dir, "demo.db")
		if code, _, errOut := run(t, "", "demo", "--db", exportDemo.path, "--cases", "32"); code != 0 {
			exportDemo.err = errOut
		}
	})
	if exportDemo.err != "" {
		t.Fatalf("demo database: %s", exportDemo.err)
	}
	return exportDemo.path
}

// TestMain keeps this PC's witness of the test databases in a folder of
// its own, not in the user's configuration folder.
//
// Run with UPGRADEDESK_TEST_MAIN=1, the test binary is the command line
// itself (its arguments after "--"), for tests that kill a command.
func TestMain(m *testing.M) {
	if os.Getenv("UPGRADEDESK_TEST_MAIN") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(Main(args, Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
	}
	witness, err := os.MkdirTemp("", "cli-witness-")
	if err != nil {
		panic(err)
	}
	os.Setenv(data.EnvConfigDir, witness)
	code := m.Run()
	if exportDemo.dir != "" {
		os.RemoveAll(exportDemo.dir)
	}
	os.RemoveAll(witness)
	os.Exit(code)
}

// demoCases returns the demo cases by state.
func demoCases(t *testing.T, db string) map[data.State][]data.CaseRow {
	t.Helper()
	s, err := data.Open(db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, _, err := s.ListCases(data.CaseFilter{Sort: "no", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[data.State][]data.CaseRow{}
	for _, r := range rows {
		out[r.State] = append(out[r.State], r)
	}
	return out
}

func isPDF(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-32:], []byte("%%EOF")) {
		t.Fatalf("%s is not a whole PDF (%v)", path, err)
	}
}

func TestExportCaseDocument(t *testing.T) {
	db := demoDB(t)
	cases := demoCases(t, db)
	dir := t.TempDir()
	closed := cases[data.StateClosed][0].No
	for _, k := range reports.CaseKinds {
		if k == reports.KindRollback {
			continue
		}
		out := filepath.Join(dir, string(k)+".pdf")
		code, stdout, errOut := run(t, "", "export", "--db", db, "--case", closed, "--doc", string(k), "--out", out)
		if code != 0 || !strings.Contains(stdout, out) {
			t.Fatalf("export %s: exit %d %s %s", k, code, stdout, errOut)
		}
		isPDF(t, out)
	}
	rolled := cases[data.StateRolledBack][0].No
	if code, _, errOut := run(t, "", "export", "--db", db, "--case", rolled, "--doc", "rollback", "--out", filepath.Join(dir, "rb.pdf")); code != 0 {
		t.Fatalf("rollback report: %s", errOut)
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is not installed (Debian: apt-get install poppler-utils; make test installs it)")
	}
	text, err := exec.Command(pdftotext, "-enc", "UTF-8", filepath.Join(dir, "request.pdf"), "-").Output()
	if err != nil || !strings.Contains(string(text), "软件升级需求申请表") || !strings.Contains(string(text), closed) {
		t.Errorf("request form text: %v\n%s", err, text)
	}
}

// TestExportMissingDocument asks for documents a case does not have yet:
// a clear error in the user's language, a non-zero exit, and no file (an
// existing one is left as it was).
func TestExportMissingDocument(t *testing.T) {
	db := demoDB(t)
	draft := demoCases(t, db)[data.StateDraft][0].No
	out := filepath.Join(t.TempDir(), "plan.pdf")
	code, _, errOut := run(t, "", "export", "--db", db, "--case", draft, "--doc", "plan", "--out", out)
	if code == 0 || !strings.Contains(errOut, "还没有升级计划") || !strings.Contains(errOut, draft) {
		t.Errorf("plan of a draft: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a file was left: %v", err)
	}
	code, _, errOut = runLang(t, "en", "", "export", "--db", db, "--case", draft, "--doc", "registration", "--out", out)
	if code == 0 || !strings.Contains(errOut, "has not been registered yet") {
		t.Errorf("English: exit %d %s", code, errOut)
	}
	os.WriteFile(out, []byte("old content"), 0o644)
	if code, _, _ := run(t, "", "export", "--db", db, "--case", draft, "--doc", "acceptance", "--out", out, "--force"); code == 0 {
		t.Error("acceptance form of a draft exported")
	}
	if code, _, errOut := run(t, "", "export", "--db", db, "--case", draft, "--doc", "request", "--out", out); code != exitUsage ||
		!strings.Contains(errOut, "--force") {
		t.Errorf("an existing file without --force: exit %d %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "old content" {
		t.Errorf("existing file changed to %q", b)
	}
	fresh := filepath.Join(filepath.Dir(out), "fresh.pdf")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--case", "SJ-2099-0001", "--doc", "request", "--out", fresh}, "SJ-2099-0001"},
		{[]string{"--case", draft, "--doc", "invoice", "--out", fresh}, "invoice"},
		{[]string{"--case", draft, "--out", fresh}, "--doc"},
		{[]string{"--ledger"}, "--out"},
		{[]string{"--ledger", "--all", "--out", fresh}, "只指定一项"},
		{[]string{"--cases-xlsx", fresh, "--state", "nonsense"}, "nonsense"},
	} {
		code, _, errOut := run(t, "", append([]string{"export", "--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("export %v: exit %d %s", c.args, code, errOut)
		}
	}
	if _, err := os.ReadFile(out); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "no-such-folder", "x.pdf")
	if code, _, errOut := run(t, "", "export", "--db", db, "--ledger", "--out", bad); code == 0 || !strings.Contains(errOut, "无法写入") {
		t.Errorf("write into a missing folder: exit %d %s", code, errOut)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestExportAll exports every document of every demo case.
func TestExportAll(t *testing.T) {
	db := demoDB(t)
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, errOut := run(t, "", "export", "--db", db, "--all", "--out", dir, "--workers", "2")
	if code != 0 {
		t.Fatalf("export --all: exit %d %s %s", code, stdout, errOut)
	}
	if !strings.Contains(errOut, "32/32") {
		t.Errorf("no progress on stderr: %q", errOut)
	}
	s, err := data.Open(db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, _, _ := s.ListCases(data.CaseFilter{Limit: 1000})
	want := 0
	for _, r := range rows {
		d, err := s.Dossier(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range reports.Available(d) {
			want++
			isPDF(t, filepath.Join(dir, d.Case.No, reports.FileName(k, d)))
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != want {
		t.Errorf("%d files, want %d", len(files), want)
	}
	if !strings.Contains(stdout, "32 个升级事项") {
		t.Errorf("summary %q", stdout)
	}
}

// TestDemoArchivesRealDossiers checks that the demo command archives
// closed cases with a dossier made by package reports, which check
// --file recognises.
func TestDemoArchivesRealDossiers(t *testing.T) {
	db := demoDB(t)
	s, err := data.Open(db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	closed := demoCases(t, db)[data.StateClosed]
	d, err := s.Dossier(closed[0].ID)
	s.Close()
	if err != nil || d.Archive == nil {
		t.Fatalf("closed demo case without archive entry: %v", err)
	}
	s, _ = data.Open(db, data.Options{ReadOnly: true})
	pdf, err := s.AttachmentContent(d.Archive.AttachmentID)
	s.Close()
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/EmbeddedFile")) {
		t.Fatalf("archived dossier is not a reports PDF (%v)", err)
	}
	path := filepath.Join(t.TempDir(), "archived.pdf")
	os.WriteFile(path, pdf, 0o644)
	code, out, errOut := run(t, "", "check", "--db", db, "--file", path)
	if code != 0 || !strings.Contains(out, d.Case.No) {
		t.Errorf("check --file: exit %d %s %s", code, out, errOut)
	}
}

// TestSpreadsheetsAndImport exports the case list and the ledger as
// workbooks and imports the ledger into a fresh database: refused with
// the bad rows while its departments are missing, accepted once they
// exist.
func TestSpreadsheetsAndImport(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	casesX := filepath.Join(dir, "cases.xlsx")
	if code, _, errOut := run(t, "", "export", "--db", db, "--cases-xlsx", casesX, "--state", "closed,rejected"); code != 0 {
		t.Fatalf("cases-xlsx: %s", errOut)
	}
	f, err := excelize.OpenFile(casesX)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("升级事项")
	f.Close()
	cases := demoCases(t, db)
	if want := len(cases[data.StateClosed]) + len(cases[data.StateRejected]) + 1; len(rows) != want {
		t.Errorf("%d rows, want %d", len(rows), want)
	}

	ledgerX := filepath.Join(dir, "ledger.xlsx")
	if code, _, errOut := run(t, "", "export", "--db", db, "--ledger-xlsx", ledgerX); code != 0 {
		t.Fatalf("ledger-xlsx: %s", errOut)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if code, _, errOut := run(t, "admin-password\n", "init", "--db", fresh, "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := run(t, "admin-password\n", "import", "--db", fresh, "--ledger", ledgerX, "--admin", "admin")
	if code == 0 || !strings.Contains(errOut, "未导入任何数据") || !strings.Contains(out, "找不到名为“流通部”的部门") ||
		!strings.Contains(out, "“软件系统”第 2 行") {
		t.Fatalf("import without departments: exit %d\n%s\n%s", code, out, errOut)
	}
	s, err := data.Open(fresh, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if systems, _ := s.Systems(); len(systems) != 0 {
		t.Errorf("%d systems imported from a refused workbook", len(systems))
	}
	admin, err := s.Login("admin", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"流通部", "采编部", "数字资源部", "参考咨询部", "少儿阅览部"} {
		if err := s.SaveDepartment(admin, &data.Department{Name: name, Kind: data.DeptBusiness}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	code, out, errOut = run(t, "admin-password\n", "import", "--db", fresh, "--ledger", ledgerX, "--admin", "admin")
	if code != 0 || !strings.Contains(out, "已导入台账") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, "wrong-password\n", "import", "--db", fresh, "--ledger", ledgerX, "--admin", "admin"); code == 0 {
		t.Errorf("import with a wrong password: %s", errOut)
	}
}

// TestImportBadWorkbook imports a workbook with bad rows: every one is
// named, the exit status is non-zero and nothing is imported.
func TestImportBadWorkbook(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	if code, _, errOut := run(t, "admin-password\n", "init", "--db", db, "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "软件系统")
	for i, r := range [][]any{
		{"系统名称", "当前版本", "主管部门"},
		{"好系统", "1.0", "信息管理部"},
		{"", "1.0", "信息管理部"},
		{"坏版本系统", "1.0?", "信息管理部"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("软件系统", cell, &r)
	}
	path := filepath.Join(dir, "bad.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "admin-password\n", "import", "--db", db, "--ledger", path, "--admin", "admin")
	if code == 0 || !strings.Contains(out, "第 3 行") || !strings.Contains(out, "第 4 行") || !strings.Contains(out, "当前版本") ||
		!strings.Contains(errOut, "2 处错误") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	s, _ := data.Open(db, data.Options{ReadOnly: true})
	defer s.Close()
	if systems, _ := s.Systems(); len(systems) != 0 {
		t.Errorf("%d systems imported", len(systems))
	}
}
