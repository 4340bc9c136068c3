package main

// The Windows executable is linked for the GUI subsystem (-H=windowsgui), so
// double-clicking it opens no console window. Windows then gives it no
// standard input, output or error either, and `upgradedesk.exe help` typed
// in cmd.exe or PowerShell would print nothing. This file attaches such a
// process to the console of the program that started it, when there is one,
// for the subcommands only: the desktop client stays detached, so closing
// the console or pressing Ctrl+C in it does not close the window.
//
// Handles that were redirected (to a file or a pipe: `upgradedesk.exe check
// > check.txt`, or `| more`) are kept. cmd.exe does not wait for a GUI
// program typed at its prompt (it does in a .bat file): `start /wait
// upgradedesk.exe check ...` waits and sets %ERRORLEVEL%.

import (
	"os"
	"strings"
	"syscall"
)

func init() {
	if !wantsConsole(os.Args[1:]) {
		return
	}
	attachParentConsole()
}

// wantsConsole reports whether the command line is anything but the
// desktop client: no arguments, or only --db PATH.
func wantsConsole(args []string) bool {
	switch len(args) {
	case 0:
		return false
	case 1:
		a := args[0]
		return !(strings.HasPrefix(a, "-db=") || strings.HasPrefix(a, "--db=")) || strings.HasSuffix(a, "=")
	case 2:
		return args[0] != "-db" && args[0] != "--db"
	}
	return true
}

const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS, (DWORD)-1

var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procSetStdHandle  = kernel32.NewProc("SetStdHandle")
)

func attachParentConsole() {
	std := []struct {
		id   int
		file **os.File
		name string
		dev  string
	}{
		{syscall.STD_INPUT_HANDLE, &os.Stdin, "/dev/stdin", "CONIN$"},
		{syscall.STD_OUTPUT_HANDLE, &os.Stdout, "/dev/stdout", "CONOUT$"},
		{syscall.STD_ERROR_HANDLE, &os.Stderr, "/dev/stderr", "CONOUT$"},
	}
	missing := make([]bool, len(std))
	anyMissing := false
	for i, s := range std {
		h, err := syscall.GetStdHandle(s.id)
		missing[i] = err != nil || h == 0 || h == syscall.InvalidHandle
		if !missing[i] {
			t, _ := syscall.GetFileType(h)
			missing[i] = t == syscall.FILE_TYPE_UNKNOWN
		}
		anyMissing = anyMissing || missing[i]
	}
	if !anyMissing {
		return // all redirected: nothing to do
	}
	// ERROR_ACCESS_DENIED: already attached to a console (Wine attaches
	// GUI programs to their parent's); its CONOUT$ is the one to use.
	r, _, err := procAttachConsole.Call(uintptr(attachParentProcess))
	if r == 0 && err != syscall.ERROR_ACCESS_DENIED {
		return // started from Explorer or a service: no console to print to
	}
	for i, s := range std {
		if !missing[i] {
			continue
		}
		h, err := syscall.CreateFile(syscall.StringToUTF16Ptr(s.dev),
			syscall.GENERIC_READ|syscall.GENERIC_WRITE, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE,
			nil, syscall.OPEN_EXISTING, 0, 0)
		if err != nil {
			continue
		}
		procSetStdHandle.Call(uintptr(uint32(int32(s.id))), uintptr(h))
		*s.file = os.NewFile(uintptr(h), s.name)
	}
}
