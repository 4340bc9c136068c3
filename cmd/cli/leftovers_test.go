package cli

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"upgradedesk/data"
)

// process returns the command line as a process of its own.
func process(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "UPGRADEDESK_TEST_MAIN=1")
	return cmd
}

// TestKilledDemoLeavesNoHalfDatabase kills demo part-way: nothing is left
// under the database's name, and the next run makes the database and
// removes what the killed one left.
func TestKilledDemoLeavesNoHalfDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	cmd := process("demo", "--db", db, "--cases", "20000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if names, _ := filepath.Glob(filepath.Join(dir, ".demo.db~*")); len(names) > 0 {
			break
		}
	}
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a killed demo left %s: %v", db, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".demo.db~*"))
	if len(left) == 0 {
		t.Fatal("the demo was not building under a temporary name when it was killed")
	}
	if code, _, errOut := run(t, "", "demo", "--db", db, "--cases", "3"); code != 0 {
		t.Fatalf("demo after the killed one: %d %s", code, errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".demo.db~*")); len(left) > 0 {
		t.Errorf("left over after the next run: %v", left)
	}
	if code, out, _ := run(t, "", "check", "--db", db); code != 0 {
		t.Errorf("check: %s", out)
	}
}

// bombXLSX is a workbook-shaped zip of a few kilobytes whose sheet
// unpacks to size bytes.
func bombXLSX(t *testing.T, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("<a/>"), 1<<18)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	zw.Close()
	return buf.Bytes()
}

// TestImportChecksTheAdministratorFirstAndRefusesBombs: a wrong password
// stops import before the workbook is read; a zip bomb is refused
// without unpacking it and without temporary files.
func TestImportChecksTheAdministratorFirstAndRefusesBombs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	if code, _, errOut := run(t, "admin-password\n", "init", "--db", db, "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	missing := filepath.Join(dir, "none.xlsx")
	code, _, errOut := run(t, "wrong-password\n", "import", "--db", db, "--ledger", missing, "--admin", "admin")
	if code == 0 || !strings.Contains(errOut, "用户名或密码不正确") {
		t.Fatalf("wrong password: exit %d %s", code, errOut)
	}
	unpacked := 64 << 20
	if os.Getenv(envReliability) != "" {
		unpacked = 4 << 30 // as found: a few megabytes that unpack to 4 GiB
	}
	bomb := filepath.Join(dir, "bomb.xlsx")
	os.WriteFile(bomb, bombXLSX(t, unpacked), 0o644)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	start := time.Now()
	code, _, errOut = run(t, "admin-password\n", "import", "--db", db, "--ledger", bomb, "--admin", "admin")
	took := time.Since(start)
	if code != exitUsage || !strings.Contains(errOut, "压缩炸弹") {
		t.Fatalf("zip bomb: exit %d %s", code, errOut)
	}
	var tmpBytes int64
	filepath.Walk(tmp, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			tmpBytes += info.Size()
		}
		return nil
	})
	st, _ := os.Stat(bomb)
	reliability(t, "zip bomb of %.1f MB unpacking to %d MiB: import refused it in %v (sign-in included), %d bytes of temporary files",
		float64(st.Size())/(1<<20), unpacked>>20, took.Round(time.Millisecond), tmpBytes)
	s, err := data.Open(db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if systems, _ := s.Systems(); len(systems) != 0 {
		t.Errorf("%d systems imported", len(systems))
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files: %v", left)
	}
}

// TestKilledBackupLeftoversAreRemoved: the temporary file of a backup
// whose process died is removed by the next backup into the folder.
func TestKilledBackupLeftoversAreRemoved(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	if code, _, errOut := run(t, "admin-password\n", "init", "--db", db, "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(dir, "backups")
	os.Mkdir(out, 0o755)
	dead := process("help")
	dead.Stdout = io.Discard
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	left := filepath.Join(out, ".upgradedesk-x.db~"+strings.NewReplacer("~", "_", "/", "_").Replace(host)+"~"+strconv.Itoa(dead.Process.Pid)+"~1.tmp")
	os.WriteFile(left, bytes.Repeat([]byte("x"), 1<<20), 0o644)
	if code, _, errOut := run(t, "", "backup", "--db", db, "--out", out); code != 0 {
		t.Fatal(errOut)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the killed backup's file is still there: %v", err)
	}
}

// TestExportAllRemovesLeftovers: the temporary files of an export that was
// killed are removed by the next export into the folder; while an export
// writes into a folder, another is refused.
func TestExportAllRemovesLeftovers(t *testing.T) {
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "docs")
	sub := filepath.Join(out, "SJ-2026-0001")
	os.MkdirAll(sub, 0o755)
	left := filepath.Join(sub, ".request.pdf.3141592653.tmp")
	os.WriteFile(left, []byte("half a document"), 0o644)
	host, _ := os.Hostname()
	busy := filepath.Join(out, ".upgradedesk-writing~"+strings.NewReplacer("~", "_", "/", "_").Replace(host)+"~"+strconv.Itoa(os.Getpid())+"~1.tmp")
	os.WriteFile(busy, nil, 0o644)
	if code, _, errOut := run(t, "", "export", "--db", db, "--all", "--out", out); code == 0 || !strings.Contains(errOut, "另一次导出") {
		t.Fatalf("export into a folder another export writes into: %d %s", code, errOut)
	}
	os.Remove(busy)
	if code, _, errOut := run(t, "", "export", "--db", db, "--all", "--out", out); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the killed export's file is still there: %v", err)
	}
	if marks, _ := filepath.Glob(filepath.Join(out, ".upgradedesk-writing*")); len(marks) > 0 {
		t.Errorf("the export left its mark: %v", marks)
	}
}
