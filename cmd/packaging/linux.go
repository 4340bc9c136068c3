package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
