package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// The texts that FyneApp.toml has no field for. The Windows version
// information shows them in Explorer's Details tab and in the Task Manager.
const (
	nameZH        = "升级报备台"
	companyZH     = "图书馆信息管理部门"
	companyEN     = "Library IT Office"
	descriptionZH = "图书馆软件版本升级报备登记"
	descriptionEN = "Library software-upgrade reporting and registration"
	exeName       = "upgradedesk"
	maintainer    = "Library IT Office <it@library.invalid>"
	copyright     = "Copyright 2026 " + companyEN
)

// meta is what FyneApp.toml says about the application.
type meta struct {
	Dir     string // the folder of FyneApp.toml; Icon is relative to it
	Name    string
	ID      string
	Icon    string
	Version string
	Build   int

	GenericName string
	Comment     string
	Categories  []string
	Keywords    []string
}

type fyneApp struct {
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
	LinuxAndBSD struct {
		GenericName string
		Categories  []string
		Comment     string
		Keywords    []string
	}
}

var versionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,3}$`)

func readMeta(path string) (*meta, error) {
	var f fyneApp
	if _, err := toml.DecodeFile(path, &f); err != nil {
		return nil, err
	}
	d := f.Details
	m := &meta{
		Dir: filepath.Dir(path), Name: d.Name, ID: d.ID, Icon: d.Icon, Version: d.Version, Build: d.Build,
		GenericName: f.LinuxAndBSD.GenericName, Comment: f.LinuxAndBSD.Comment,
		Categories: f.LinuxAndBSD.Categories, Keywords: f.LinuxAndBSD.Keywords,
	}
	switch {
	case m.Name == "" || m.ID == "" || m.Icon == "":
		return nil, fmt.Errorf("%s: Details needs Name, ID and Icon", path)
	case !versionRE.MatchString(m.Version):
		return nil, fmt.Errorf("%s: Version %q is not 1 to 4 numbers separated by dots", path, m.Version)
	case m.Build < 0 || m.Build > 65535:
		return nil, fmt.Errorf("%s: Build %d is not between 0 and 65535", path, m.Build)
	}
	for _, p := range strings.Split(m.Version, ".") {
		if n, _ := strconv.Atoi(p); n > 65535 {
			return nil, fmt.Errorf("%s: Version %q has a part above 65535", path, m.Version)
		}
	}
	return m, nil
}

// iconPNG returns the bytes of the icon named in FyneApp.toml.
func (m *meta) iconPNG() ([]byte, error) {
	return os.ReadFile(filepath.Join(m.Dir, m.Icon))
}

// fileVersion returns the four numbers of the Windows file version: the
// first three of Version, then Build (as `fyne package` does).
func (m *meta) fileVersion() [4]uint16 {
	var v [4]uint16
	for i, p := range strings.Split(m.Version, ".") {
		if i < 3 {
			n, _ := strconv.Atoi(p)
			v[i] = uint16(n)
		}
	}
	v[3] = uint16(m.Build)
	return v
}

// fileVersionString is fileVersion as "1.0.0.1".
func (m *meta) fileVersionString() string {
	v := m.fileVersion()
	return fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3])
}
