package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"

	"upgradedesk/data/semver"
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
	v := m.FileVer
	if got := m.fileVersion(); !strings.HasPrefix(got, m.Version) && strings.Count(m.Version, ".") == 2 {
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

func TestResourcesCarryIconManifestAndBothLanguages(t *testing.T) {
	m := repoMeta(t)
	rs, icon, err := resources(m)
	if err != nil {
		t.Fatal(err)
	}
	var ico bytes.Buffer
	if err := icon.SaveICO(&ico); err != nil {
		t.Fatal(err)
	}
	if n := int(binary.LittleEndian.Uint16(ico.Bytes()[4:])); n != len(iconSizes) {
		t.Errorf("icon has %d images, want %d", n, len(iconSizes))
	}
	man, err := winres.AppManifestFromXML(rs.Get(winres.RT_MANIFEST, winres.ID(1), winres.LCIDDefault))
	if err != nil || man.DPIAwareness != winres.DPIPerMonitorV2 || !man.UseCommonControlsV6 || man.Identity.Name != m.ID {
		t.Errorf("manifest %+v, %v", man, err)
	}
	for _, lang := range []uint16{langZH, langEN} {
		vi, err := version.FromBytes(rs.Get(winres.RT_VERSION, winres.ID(1), lang))
		if err != nil || vi.FileVersion != m.FileVer {
			t.Fatalf("%04x: %v, %v", lang, vi, err)
		}
		js, _ := vi.MarshalJSON()
		if want := versionStrings(m)[lang][version.ProductName]; !strings.Contains(string(js), want) {
			t.Errorf("%04x lacks %q: %s", lang, want, js)
		}
	}
	if !strings.Contains(versionStrings(m)[langZH][version.ProductName], "升级报备台") {
		t.Error("the Chinese product name lacks 升级报备台")
	}
}

func TestDesktopEntryAndInstallScript(t *testing.T) {
	m := repoMeta(t)
	d := string(fill(m, "upgradedesk.desktop"))
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Exec=upgradedesk\n",
		"Icon=cn.library.upgradedesk\n", "Name[zh_CN]=升级报备台\n", "Categories=Office;\n", "Terminal=false\n"} {
		if !strings.Contains(d, want) {
			t.Errorf("desktop entry lacks %q:\n%s", want, d)
		}
	}
	names, err := files.ReadDir("files")
	if err != nil || len(names) < 7 {
		t.Fatalf("embedded files: %v, %v", names, err)
	}
	for _, n := range names {
		s := fill(m, n.Name(), "@SIZE@", "1", "@DEPENDS@", "libc6", "@RECOMMENDS@", "libxi6")
		if p := regexp.MustCompile(`@[A-Z]+@`).Find(s); p != nil {
			t.Errorf("%s keeps the placeholder %s", n.Name(), p)
		}
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

func TestDebPackagesAndMachineSettings(t *testing.T) {
	if !semver.Newer("2.34", "2.9") || semver.Newer("2.34", "2.34") || !semver.Newer("2.34.1", "2.34") {
		t.Error("glibc versions ordered wrongly")
	}
	deps, err := debPackages([]string{"libc.so.6", "libm.so.6"}, "2.34")
	if err != nil {
		t.Skip("dpkg cannot name the packages here:", err)
	}
	if len(deps) != 1 || deps[0] != "libc6 (>= 2.34)" {
		t.Errorf("Depends %q, want one libc6 (>= 2.34)", deps)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(fill(repoMeta(t), "machine.ini"))), "\n") {
		if !strings.HasPrefix(l, "#") {
			t.Errorf("machine.ini ships a setting that is not commented out: %q", l)
		}
	}
}
