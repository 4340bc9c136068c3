// Command packaging writes the files that `make dist` puts around the
// upgradedesk binary, all from FyneApp.toml (the single source of the
// name, ID, version, build number and icon), and checks the result:
//
//	packaging windows DIR   upgradedesk.syso (icon, manifest, version
//	                        information in Chinese and English, written with
//	                        github.com/tc-hib/winres) and upgradedesk.ico
//	packaging linux DIR     share/applications/ID.desktop, the icon, install.sh
//	                        and Makefile of the Linux tarball (DIR/bin holds
//	                        the binary)
//	packaging deb DIR       DEBIAN/control (Depends from the libraries that
//	                        DIR/usr/bin/upgradedesk links), the menu entry,
//	                        icon, /etc/upgradedesk/machine.ini and the docs
//	packaging check-exe EXE reads the resources of a Windows executable back
//	                        and fails unless they match FyneApp.toml
//	packaging version       prints Version and Build
//
// It reads FyneApp.toml in the current folder. It is a build tool: the
// application does not import it.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = "usage: packaging windows DIR | linux DIR | deb DIR | check-exe EXE | version (run where FyneApp.toml is)"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	m, err := readMeta("FyneApp.toml")
	if err != nil {
		fmt.Fprintln(stderr, "packaging:", err)
		return 1
	}
	if len(args) == 1 && args[0] == "version" {
		fmt.Fprintf(stdout, "%s %d\n", m.Version, m.Build)
		return 0
	}
	commands := map[string]func(*meta, string) error{"windows": writeWindows, "linux": writeLinux, "deb": writeDeb,
		"check-exe": func(m *meta, exe string) error { return checkExe(m, exe, stdout) }}
	if len(args) != 2 || commands[args[0]] == nil {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if err := commands[args[0]](m, args[1]); err != nil {
		fmt.Fprintln(stderr, "packaging:", err)
		return 1
	}
	return 0
}
