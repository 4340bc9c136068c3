package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func repoMeta(t *testing.T) *meta {
	t.Helper()
	m, err := readMeta(filepath.Join("..", "..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestReadMetaFromFyneAppToml(t *testing.T) {
	m := repoMeta(t)
	if m.ID != "cn.library.upgradedesk" || m.Name != "UpgradeDesk" {
		t.Errorf("ID %q, Name %q", m.ID, m.Name)
	}
	v := m.fileVersion()
	if got := m.fileVersionString(); !strings.HasPrefix(got, m.Version) && strings.Count(m.Version, ".") == 2 {
		t.Errorf("file version %s does not start with Version %s", got, m.Version)
	}
	if int(v[3]) != m.Build {
		t.Errorf("fourth number %d, Build %d", v[3], m.Build)
	}
}

func TestReadMetaRejectsBadVersions(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{`"1.0.0-beta"`, `"1.70000.0"`, `""`} {
		p := filepath.Join(dir, "FyneApp.toml")
		body := "[Details]\nIcon = \"i.png\"\nName = \"X\"\nID = \"a.b\"\nVersion = " + v + "\nBuild = 1\n"
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readMeta(p); err == nil {
			t.Errorf("Version %s accepted", v)
		}
	}
}

func TestICOHasEverySizeAndDecodes(t *testing.T) {
	m := repoMeta(t)
	src, err := m.iconPNG()
	if err != nil {
		t.Fatal(err)
	}
	ico, err := makeICO(src, iconSizes)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(ico[2:]) != 1 || int(le.Uint16(ico[4:])) != len(iconSizes) {
		t.Fatalf("header %x", ico[:6])
	}
	for i, n := range iconSizes {
		e := ico[6+16*i:]
		size, off := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		img := ico[off : off+size]
		if n == 256 {
			p, err := png.Decode(bytes.NewReader(img))
			if err != nil || p.Bounds().Dx() != 256 {
				t.Errorf("256 image: %v", err)
			}
			continue
		}
		if int(e[0]) != n || le.Uint32(img) != 40 || int(le.Uint32(img[4:])) != n || int(le.Uint32(img[8:])) != 2*n {
			t.Errorf("%d image: entry %x, header %x", n, e[:4], img[:12])
		}
		// Opaque pixels in the middle: the icon is not blank after scaling.
		mid := 40 + 4*((n/2)*n+n/2)
		if img[mid+3] == 0 {
			t.Errorf("%d image: transparent in the middle", n)
		}
	}
}

func TestResourceScriptCarriesVersionAndNames(t *testing.T) {
	m := repoMeta(t)
	rc := resourceScript(m)
	v := m.fileVersion()
	for _, want := range []string{
		"#pragma code_page(65001)", "1 ICON \"icon.ico\"", "1 24 \"upgradedesk.manifest\"",
		fmt.Sprintf("FILEVERSION %d,%d,%d,%d\n", v[0], v[1], v[2], v[3]),
		`VALUE "ProductName", "升级报备台 UpgradeDesk"`, `VALUE "FileVersion", "` + m.fileVersionString() + `"`,
		`VALUE "Translation", 0x0804, 0x04b0, 0x0409, 0x04b0`,
	} {
		if !strings.Contains(rc, want) {
			t.Errorf("rc lacks %q:\n%s", want, rc)
		}
	}
	if got := rcEscape(`a "b" \c`); got != `a ""b"" \\c` {
		t.Errorf("rcEscape: %s", got)
	}
}

func TestDesktopEntryAndInstallScript(t *testing.T) {
	m := repoMeta(t)
	d := desktopEntry(m)
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Exec=upgradedesk\n",
		"Icon=cn.library.upgradedesk\n", "Name[zh_CN]=升级报备台\n", "Categories=Office;\n", "Terminal=false\n"} {
		if !strings.Contains(d, want) {
			t.Errorf("desktop entry lacks %q:\n%s", want, d)
		}
	}
	s := installScript(m)
	if strings.Contains(s, "@ID@") || strings.Contains(s, "@EXE@") || strings.Contains(s, "@NAME@") {
		t.Errorf("install.sh has an unreplaced placeholder:\n%s", s)
	}
	dir := t.TempDir()
	if err := writeLinux(m, dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"install.sh", "Makefile", "README.txt",
		"share/applications/cn.library.upgradedesk.desktop", "share/icons/hicolor/512x512/apps/cn.library.upgradedesk.png"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
}
