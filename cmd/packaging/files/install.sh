#!/bin/sh
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
