package main

import (
	"bytes"
	"compress/gzip"
	"debug/elf"
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"upgradedesk/data/semver"
)

// files are the texts of the Linux packages, with @NAME@-style
// placeholders that fill fills in from FyneApp.toml.
//
//go:embed files
var files embed.FS

// fill returns files/name with the placeholders replaced; more adds pairs.
func fill(m *meta, name string, more ...string) []byte {
	b, err := files.ReadFile("files/" + name)
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return []byte(strings.NewReplacer(append([]string{"@ID@", m.ID, "@EXE@", exeName, "@NAME@", m.Name,
		"@NAMEZH@", nameZH, "@DESCRIPTIONZH@", descriptionZH, "@VERSION@", m.Version, "@FILEVERSION@", m.fileVersion(),
		"@MAINTAINER@", maintainer, "@COPYRIGHT@", copyright, "@DESCRIPTION@", descriptionEN,
		"@GENERICNAME@", m.GenericName, "@COMMENT@", m.Comment, "@CATEGORIES@", strings.Join(m.Categories, ";") + ";",
		"@KEYWORDS@", strings.Join(m.Keywords, ";") + ";"}, more...)...).Replace(string(b)))
}

// file is one file a package holds, relative to its root.
type file struct {
	path string
	mode os.FileMode
	data []byte
}

// releaseNotes are the release notes, relative to FyneApp.toml (the
// client embeds them; the Makefile's NOTES names them for the MSI).
const releaseNotes = "assets/RELEASE-NOTES.txt"

// writeFiles writes fs under dir, and the release notes as notes if that
// is not "" and they exist, and returns their total size.
func writeFiles(m *meta, dir, notes string, fs []file) (int64, error) {
	if b, err := os.ReadFile(filepath.Join(m.Dir, releaseNotes)); err == nil && notes != "" {
		fs = append(fs, file{notes, 0o644, b})
	}
	size := int64(0)
	for _, f := range fs {
		p := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(p, f.data, f.mode); err != nil {
			return 0, err
		}
		if err := os.Chmod(p, f.mode); err != nil {
			return 0, err
		}
		size += int64(len(f.data))
	}
	return size, nil
}

// writeLinux writes the files of the Linux tarball around DIR/bin/upgradedesk:
// the menu entry and icon under share/, install.sh, Makefile, README.txt.
// The folder is a prefix: bin/upgradedesk runs in place, and install.sh
// copies the three files into /usr/local (or PREFIX, or ~/.local with --user).
func writeLinux(m *meta, dir string) error {
	icon, err := m.iconPNG()
	if err != nil {
		return err
	}
	_, err = writeFiles(m, dir, "RELEASE-NOTES.txt", []file{
		{filepath.Join("share", "applications", m.ID+".desktop"), 0o644, fill(m, "upgradedesk.desktop")},
		{filepath.Join("share", "icons", "hicolor", "512x512", "apps", m.ID+".png"), 0o644, icon},
		{"install.sh", 0o755, fill(m, "install.sh")},
		{"Makefile", 0o644, fill(m, "Makefile")},
		{"README.txt", 0o644, fill(m, "README.txt")},
	})
	return err
}

// writeDeb writes the files of the .deb around DIR/usr/bin/upgradedesk, for
// `dpkg-deb --root-owner-group --build DIR`: the control files, the menu
// entry and icon, the commented machine-wide settings (a conffile: an
// upgrade keeps what the office wrote into it), copyright and changelog.
func writeDeb(m *meta, dir string) error {
	bin := filepath.Join(dir, "usr", "bin", exeName)
	depends, err := debDepends(bin)
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
	if _, err := zw.Write(fill(m, "changelog")); err != nil || zw.Close() != nil {
		return fmt.Errorf("changelog.gz: %v", err)
	}
	doc := filepath.Join("usr", "share", "doc", exeName)
	size, err := writeFiles(m, dir, filepath.Join(doc, "RELEASE-NOTES.txt"), []file{
		{filepath.Join("usr", "share", "applications", m.ID+".desktop"), 0o644, fill(m, "upgradedesk.desktop")},
		{filepath.Join("usr", "share", "icons", "hicolor", "512x512", "apps", m.ID+".png"), 0o644, icon},
		{filepath.Join("etc", exeName, "machine.ini"), 0o644, fill(m, "machine.ini")},
		{filepath.Join(doc, "copyright"), 0o644, fill(m, "copyright")},
		{filepath.Join(doc, "changelog.gz"), 0o644, changelog.Bytes()},
		{filepath.Join("DEBIAN", "conffiles"), 0o644, []byte("/etc/" + exeName + "/machine.ini\n")},
	})
	if err != nil {
		return err
	}
	fi, err := os.Stat(bin)
	if err != nil {
		return err
	}
	control := fill(m, "control", "@SIZE@", strconv.FormatInt((size+fi.Size()+1023)/1024, 10),
		"@DEPENDS@", strings.Join(depends, ", "), "@RECOMMENDS@", strings.Join(recommends, ", "))
	return os.WriteFile(filepath.Join(dir, "DEBIAN", "control"), control, 0o644)
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
		if v, ok := strings.CutPrefix(s.Version, "GLIBC_"); ok && semver.Newer(v, glibc) {
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
