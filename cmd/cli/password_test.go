//go:build linux

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the program reads the slave as its
// standard input, the test types into the master and reads what the
// terminal shows.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminals here: %v", err)
	}
	unlock := 0
	if _, _, e := unix.Syscall(unix.SYS_IOCTL, m.Fd(), unix.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// runOnTerminal runs a command whose standard input is a terminal on
// which the user types lines, and returns everything the terminal showed.
func runOnTerminal(t *testing.T, lines []string, args ...string) (int, string) {
	t.Helper()
	master, slave := openPTY(t)
	var out, errOut bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Main(args, Env{Stdin: slave, Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	}()
	shown := make(chan string)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf) // ends when the slave is closed
			b.Write(buf[:n])
			if err != nil {
				shown <- b.String()
				return
			}
		}
	}()
	for _, l := range lines {
		time.Sleep(150 * time.Millisecond) // typed after the prompt
		master.Write([]byte(l + "\n"))
	}
	code := <-done
	slave.Close()
	return code, <-shown + out.String() + errOut.String()
}

// TestNoPasswordIsEchoed types passwords on a terminal to every command
// that asks for one: none shows it.
func TestNoPasswordIsEchoed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	const pw = "typed-secret-9"
	code, shown := runOnTerminal(t, []string{pw, pw}, "init", "--db", db, "--admin", "admin")
	if code != 0 || strings.Contains(shown, pw) {
		t.Fatalf("init: exit %d, terminal showed %q", code, shown)
	}
	backup := filepath.Join(dir, "b.db")
	if c, _, errOut := run(t, "", "backup", "--db", db, "--out", backup); c != 0 {
		t.Fatal(errOut)
	}
	code, shown = runOnTerminal(t, []string{pw, "yes"}, "restore", "--db", db, "--from", backup, "--admin", "admin")
	if code != 0 || strings.Contains(shown, pw) {
		t.Fatalf("restore: exit %d, terminal showed %q", code, shown)
	}
	code, shown = runOnTerminal(t, []string{pw}, "import", "--db", db, "--ledger", filepath.Join(dir, "none.xlsx"), "--admin", "admin")
	if code == 0 || strings.Contains(shown, pw) {
		t.Fatalf("import: exit %d, terminal showed %q", code, shown)
	}
}
