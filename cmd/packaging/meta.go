package main

import (
	"fmt"
	"os"
	"path/filepath"
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
	Dir         string    `toml:"-"` // the folder of FyneApp.toml; Icon is relative to it
	FileVer     [4]uint16 `toml:"-"` // the Windows file version: Version's first three numbers, then Build
	Details     `toml:"Details"`
	LinuxAndBSD `toml:"LinuxAndBSD"`
}

// Details and LinuxAndBSD are the sections of FyneApp.toml.
type (
	Details struct {
		Icon, Name, ID, Version string
		Build                   int
	}
	LinuxAndBSD struct {
		GenericName, Comment string
		Categories, Keywords []string
	}
)

// readMeta reads FyneApp.toml at path and checks what the packages need:
// a name, an ID, an icon, and a version Windows can hold (1 to 4 numbers
// up to 65535, as the build number).
func readMeta(path string) (*meta, error) {
	m := &meta{Dir: filepath.Dir(path)}
	if _, err := toml.DecodeFile(path, m); err != nil {
		return nil, err
	}
	d := m.Details
	if d.Name == "" || d.ID == "" || d.Icon == "" {
		return nil, fmt.Errorf("%s: Details needs Name, ID and Icon", path)
	}
	parts := strings.Split(d.Version, ".")
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || len(parts) > 4 {
			return nil, fmt.Errorf("%s: Version %q is not 1 to 4 numbers up to 65535 separated by dots", path, d.Version)
		}
		if i < 3 {
			m.FileVer[i] = uint16(n)
		}
	}
	if d.Build < 0 || d.Build > 65535 {
		return nil, fmt.Errorf("%s: Build %d is not between 0 and 65535", path, d.Build)
	}
	m.FileVer[3] = uint16(d.Build)
	return m, nil
}

// iconPNG returns the bytes of the icon named in FyneApp.toml.
func (m *meta) iconPNG() ([]byte, error) {
	return os.ReadFile(filepath.Join(m.Dir, m.Icon))
}

// fileVersion is FileVer as "1.0.0.1".
func (m *meta) fileVersion() string {
	v := m.FileVer
	return fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3])
}
