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
// It is a build tool: the application does not import it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("packaging", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tomlPath := fs.String("toml", "FyneApp.toml", "the application's FyneApp.toml")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: packaging [-toml FyneApp.toml] windows DIR | linux DIR | deb DIR | check-exe EXE | version")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return 2
	}
	meta, err := readMeta(*tomlPath)
	if err != nil {
		fmt.Fprintln(stderr, "packaging:", err)
		return 1
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	if cmd == "version" {
		fmt.Fprintf(stdout, "%s %d\n", meta.Version, meta.Build)
		return 0
	}
	if len(rest) != 1 {
		fs.Usage()
		return 2
	}
	switch cmd {
	case "windows":
		err = writeWindows(meta, rest[0])
	case "linux":
		err = writeLinux(meta, rest[0])
	case "deb":
		err = writeDeb(meta, rest[0])
	case "check-exe":
		err = checkExe(meta, rest[0], stdout)
	default:
		fs.Usage()
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "packaging:", err)
		return 1
	}
	return 0
}
