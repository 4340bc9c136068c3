package main

import (
	"bytes"
	"compress/gzip"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// writeLinux writes the files of the Linux tarball around DIR/bin/upgradedesk:
//
//	share/applications/ID.desktop
//	share/icons/hicolor/512x512/apps/ID.png
//	install.sh, Makefile, README.txt
//
// The folder is a prefix: bin/upgradedesk runs in place, and install.sh
// copies the three files into /usr/local (or PREFIX, or ~/.local with --user).
func writeLinux(m *meta, dir string) error {
	icon, err := m.iconPNG()
	if err != nil {
		return err
	}
	files := []struct {
		path string
		mode os.FileMode
		data []byte
	}{
		{filepath.Join("share", "applications", m.ID+".desktop"), 0o644, []byte(desktopEntry(m))},
		{filepath.Join("share", "icons", "hicolor", "512x512", "apps", m.ID+".png"), 0o644, icon},
		{"install.sh", 0o755, []byte(installScript(m))},
		{"Makefile", 0o644, []byte(tarMakefile)},
		{"README.txt", 0o644, []byte(tarReadme(m))},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, f.mode); err != nil {
			return err
		}
		if err := os.Chmod(p, f.mode); err != nil {
			return err
		}
	}
	return nil
}

// desktopEntry is the freedesktop.org menu entry. install.sh replaces Exec
// and Icon with absolute paths, which every desktop (GNOME, KDE, DDE,
// UKUI) resolves without a PATH or icon-theme lookup.
func desktopEntry(m *meta) string {
	list := func(xs []string) string {
		if len(xs) == 0 {
			return ""
		}
		return strings.Join(xs, ";") + ";"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[Desktop Entry]\n")
	fmt.Fprintf(&b, "Type=Application\n")
	fmt.Fprintf(&b, "Name=%s\n", m.Name)
	fmt.Fprintf(&b, "Name[zh_CN]=%s\n", nameZH)
	if m.GenericName != "" {
		fmt.Fprintf(&b, "GenericName=%s\n", m.GenericName)
	}
	fmt.Fprintf(&b, "GenericName[zh_CN]=%s\n", descriptionZH)
	if m.Comment != "" {
		fmt.Fprintf(&b, "Comment=%s\n", m.Comment)
	}
	fmt.Fprintf(&b, "Comment[en]=%s\n", descriptionEN)
	fmt.Fprintf(&b, "Exec=%s\n", exeName)
	fmt.Fprintf(&b, "Icon=%s\n", m.ID)
	fmt.Fprintf(&b, "Terminal=false\n")
	fmt.Fprintf(&b, "StartupNotify=true\n")
	if c := list(m.Categories); c != "" {
		fmt.Fprintf(&b, "Categories=%s\n", c)
	}
	if k := list(m.Keywords); k != "" {
		fmt.Fprintf(&b, "Keywords=%s\n", k)
	}
	fmt.Fprintf(&b, "X-UpgradeDesk-Version=%s\n", m.fileVersionString())
	return b.String()
}

func installScript(m *meta) string {
	return strings.NewReplacer("@ID@", m.ID, "@EXE@", exeName, "@NAME@", m.Name, "@VERSION@", m.Version).
		Replace(installTemplate)
}

const installTemplate = `#!/bin/sh
# Installs @NAME@ @VERSION@ (升级报备台) from this folder.
#
#   sudo ./install.sh                  into /usr/local (or PREFIX=/opt/upgradedesk)
#   ./install.sh --user                into ~/.local, for this user only, no root
#   sudo ./install.sh --uninstall      removes it again (--user for ~/.local)
#
# bin/@EXE@ also runs in place without installing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/usr/local}
action=install
for a in "$@"; do
	case "$a" in
	--user) prefix=${XDG_DATA_HOME:-$HOME/.local/share}; prefix=${prefix%/share} ;;
	--uninstall) action=uninstall ;;
	*) echo "usage: $0 [--user] [--uninstall]" >&2; exit 2 ;;
	esac
done
bin="$prefix/bin/@EXE@"
desktop="$prefix/share/applications/@ID@.desktop"
icon="$prefix/share/icons/hicolor/512x512/apps/@ID@.png"

if [ "$action" = uninstall ]; then
	rm -f "$bin" "$desktop" "$icon"
	echo "removed @NAME@ from $prefix (the database and settings are kept)"
else
	mkdir -p "$prefix/bin" "$(dirname "$desktop")" "$(dirname "$icon")"
	cp "$here/bin/@EXE@" "$bin.new" && chmod 755 "$bin.new" && mv -f "$bin.new" "$bin"
	cp "$here/share/icons/hicolor/512x512/apps/@ID@.png" "$icon" && chmod 644 "$icon"
	sed -e "s|^Exec=.*|Exec=$bin|" -e "s|^Icon=.*|Icon=$icon|" \
		"$here/share/applications/@ID@.desktop" >"$desktop"
	chmod 644 "$desktop"
	echo "installed @NAME@ @VERSION@: $bin"
	echo "menu entry: $desktop"
fi
command -v update-desktop-database >/dev/null 2>&1 &&
	update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$prefix/share/icons/hicolor/index.theme" ] &&
	gtk-update-icon-cache -q "$prefix/share/icons/hicolor" 2>/dev/null || true
`

// tarMakefile gives the tarball the targets of a `fyne package` tarball.
const tarMakefile = `# sudo make install | make user-install | sudo make uninstall | make user-uninstall
PREFIX ?= /usr/local

install:
	PREFIX="$(PREFIX)" ./install.sh

user-install:
	./install.sh --user

uninstall:
	PREFIX="$(PREFIX)" ./install.sh --uninstall

user-uninstall:
	./install.sh --user --uninstall

.PHONY: install user-install uninstall user-uninstall
`

func tarReadme(m *meta) string {
	return strings.NewReplacer("@ID@", m.ID, "@EXE@", exeName, "@NAME@", m.Name, "@VERSION@", m.fileVersionString()).
		Replace(`升级报备台 @NAME@ @VERSION@ — Linux x86-64

安装 / Install
  sudo ./install.sh          安装到 /usr/local，所有用户的应用菜单里出现“升级报备台”
  ./install.sh --user        只为当前用户安装到 ~/.local（无需 root）
  sudo ./install.sh --uninstall   卸载（数据库和设置保留）
  (sudo make install / make user-install do the same)

不安装直接运行 / Run without installing
  ./bin/@EXE@ [--db PATH]
  ./bin/@EXE@ help           管理员子命令 / administrator commands

需要 / Needs: glibc 2.34+ (Debian 12, Ubuntu 22.04, deepin 23, openKylin or newer),
X11 or XWayland, OpenGL 2.1 (Mesa). 数据库默认在 ~/.config/UpgradeDesk/upgradedesk.db；
共享数据库用 --db、环境变量 UPGRADEDESK_DB 或程序里的“设置”。
`)
}

// writeDeb writes the files of the .deb around DIR/usr/bin/upgradedesk, for
// `dpkg-deb --root-owner-group --build DIR`: the control files, the menu
// entry and icon, the commented machine-wide settings (a conffile: an
// upgrade keeps what the office wrote into it), copyright and changelog.
func writeDeb(m *meta, dir string) error {
	depends, err := debDepends(filepath.Join(dir, "usr", "bin", exeName))
	if err != nil {
		return err
	}
	recommends, err := debPackages(glfwOpens, "")
	if err != nil {
		return err
	}
	icon, err := m.iconPNG()
	if err != nil {
		return err
	}
	var changelog bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&changelog, gzip.BestCompression)
	fmt.Fprintf(zw, "%s (%s) unstable; urgency=medium\n\n  * Release %s; see RELEASE-NOTES.txt where present.\n\n -- %s  %s\n",
		exeName, m.Version, m.Version, maintainer, time.Unix(0, 0).UTC().Format(time.RFC1123Z))
	if err := zw.Close(); err != nil {
		return err
	}
	doc := filepath.Join("usr", "share", "doc", exeName)
	files := map[string][]byte{
		filepath.Join("usr", "share", "applications", m.ID+".desktop"):                    []byte(desktopEntry(m)),
		filepath.Join("usr", "share", "icons", "hicolor", "512x512", "apps", m.ID+".png"): icon,
		filepath.Join("etc", exeName, "machine.ini"):                                      []byte(machineINI),
		filepath.Join(doc, "copyright"):                                                   []byte(debCopyright(m)),
		filepath.Join(doc, "changelog.gz"):                                                changelog.Bytes(),
		filepath.Join("DEBIAN", "conffiles"):                                              []byte("/etc/" + exeName + "/machine.ini\n"),
	}
	if notes, err := os.ReadFile(filepath.Join(m.Dir, "RELEASE-NOTES.txt")); err == nil {
		files[filepath.Join(doc, "RELEASE-NOTES.txt")] = notes
	}
	size := int64(0)
	for p, b := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, p), b, 0o644); err != nil {
			return err
		}
		size += int64(len(b))
	}
	if fi, err := os.Stat(filepath.Join(dir, "usr", "bin", exeName)); err == nil {
		size += fi.Size()
	}
	control := fmt.Sprintf(`Package: %s
Version: %s
Architecture: amd64
Maintainer: %s
Installed-Size: %d
Depends: %s
Recommends: %s
Section: misc
Priority: optional
Description: %s
 %s (%s) keeps the register of a library's software upgrades:
 requests, reviews, approvals, the upgrade and its acceptance, with the
 printed forms as PDF, on one shared SQLite file or PostgreSQL.
`, exeName, m.Version, maintainer, (size+1023)/1024, strings.Join(depends, ", "), strings.Join(recommends, ", "), descriptionEN, m.Name, nameZH)
	return os.WriteFile(filepath.Join(dir, "DEBIAN", "control"), []byte(control), 0o644)
}

// debDepends names the Debian packages holding the shared libraries the
// binary links (dpkg -S on each), and the glibc version its symbols need.
func debDepends(bin string) ([]string, error) {
	f, err := elf.Open(bin)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	libs, err := f.ImportedLibraries()
	if err != nil {
		return nil, err
	}
	syms, _ := f.ImportedSymbols()
	glibc := "2.2.5"
	for _, s := range syms {
		if v, ok := strings.CutPrefix(s.Version, "GLIBC_"); ok && versionLess(glibc, v) {
			glibc = v
		}
	}
	return debPackages(libs, glibc)
}

// glfwOpens are the X11 extension libraries GLFW loads with dlopen when it
// starts (cursor shapes, monitors, input): the client runs without them,
// with less, so their packages are recommended rather than required.
var glfwOpens = []string{"libXcursor.so.1", "libXi.so.6", "libXinerama.so.1", "libXrandr.so.2", "libXxf86vm.so.1"}

// debPackages names the installed packages holding libs (dpkg -S), sorted.
func debPackages(libs []string, glibc string) ([]string, error) {
	seen := map[string]bool{}
	var deps []string
	for _, lib := range libs {
		out, err := exec.Command("dpkg", "-S", "*/"+lib).Output()
		if err != nil {
			return nil, fmt.Errorf("dpkg -S %s: no installed package holds it: %w", lib, err)
		}
		pkg, _, _ := strings.Cut(strings.Fields(string(out))[0], ":")
		if pkg == "libc6" && glibc != "" {
			pkg = "libc6 (>= " + glibc + ")"
		}
		if !seen[pkg] {
			seen[pkg] = true
			deps = append(deps, pkg)
		}
	}
	sort.Strings(deps)
	return deps, nil
}

func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}

func debCopyright(m *meta) string {
	return "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: " + m.Name +
		"\n\nFiles: *\nCopyright: " + copyright + "\nLicense: proprietary\n Internal software of the library; " +
		"not for redistribution outside it.\n"
}

// machineINI is /etc/upgradedesk/machine.ini: the machine-wide defaults,
// all commented out; a user's own setting still overrides them.
const machineINI = `# UpgradeDesk machine-wide settings (升级报备台 本机设置)
# Uncomment and set a line to give every user of this computer the same default.
# A user's own setting in the program still overrides it.
#
# database = /srv/share/upgradedesk/upgradedesk.db
# backup_folder = /srv/share/upgradedesk/backups
# scan_folder = /srv/share/upgradedesk/scans
`
