// Package machine reads the settings an IT office sets once per PC — the
// default database, the backup folder and the watched folder of scans —
// and tells, for each, which of the places it could come from gave its
// value. The places, strongest first:
//
//   - the command line (--db) and the environment (UPGRADEDESK_DB),
//   - the user's own settings of this PC (the preferences file),
//   - for the backup folder, the database's shared setting (设置 → 数据安全),
//   - on Windows, the policy key HKLM\SOFTWARE\Policies\UpgradeDesk (group policy),
//   - on Windows, HKLM\SOFTWARE\UpgradeDesk, written by the installer,
//   - the file upgradedesk-machine.ini beside the executable, and on
//     Linux /etc/upgradedesk/machine.ini,
//   - the built-in default.
//
// The order is plain Go (Resolve) and tested with a fake Source on every
// system; only the reading of the registry is Windows code.
package machine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"upgradedesk/data"
)

// The names of the machine-wide settings, as written in the settings file.
const (
	Database     = "database"
	BackupFolder = "backup_folder"
	ScanFolder   = "scan_folder"
)

// Names lists the machine-wide settings in the order they are shown.
var Names = []string{Database, BackupFolder, ScanFolder}

// registryNames are the registry values (REG_SZ) of the settings, the same
// under the policy key and the installer's key.
var registryNames = map[string]string{
	Database:     "DatabasePath",
	BackupFolder: "BackupFolder",
	ScanFolder:   "ScanFolder",
}

// The registry keys under HKEY_LOCAL_MACHINE.
const (
	PolicyKey    = `SOFTWARE\Policies\UpgradeDesk`
	InstallerKey = `SOFTWARE\UpgradeDesk`
)

// The settings files.
const (
	// FileName is the settings file beside the executable.
	FileName = "upgradedesk-machine.ini"
	// LinuxFile is the settings file of a Linux PC.
	LinuxFile = "/etc/upgradedesk/machine.ini"
)

// The keys of the user's own settings in the preferences file of this PC
// (see app.PreferencesFile).
const (
	PrefDatabase   = "db_path"
	PrefScanFolder = "scans.folder"
)

// Origin is where a setting's value came from.
type Origin string

// The origins, strongest first.
const (
	Flag      Origin = "flag"
	Env       Origin = "env"
	User      Origin = "user"
	Shared    Origin = "shared"
	Policy    Origin = "policy"
	Installer Origin = "installer"
	File      Origin = "file"
	Default   Origin = "default"
)

// Label is the origin's name in lang (data.LangZH or data.LangEN).
func (o Origin) Label(lang string) string {
	return data.T(lang, "machine.origin."+string(o), nil)
}

// Layer is the values one place gives; Where names the place (a file, a
// registry key) for whoever checks a PC.
type Layer struct {
	Origin Origin
	Where  string
	Values map[string]string
}

// Setting is a setting's value and where it came from.
type Setting struct {
	Name   string
	Value  string
	Origin Origin
	Where  string
}

// Resolve returns the value of the setting name from the first of layers,
// strongest first, that gives it a value that is not empty; a setting no
// layer gives is empty, with the origin Default.
func Resolve(name string, layers ...Layer) Setting {
	for _, l := range layers {
		if v := strings.TrimSpace(l.Values[name]); v != "" {
			return Setting{Name: name, Value: v, Origin: l.Origin, Where: l.Where}
		}
	}
	return Setting{Name: name, Origin: Default}
}

// One is a layer that gives the single setting name the value v (empty
// for none): the command line, the environment, a default.
func One(o Origin, where, name, v string) Layer {
	return Layer{Origin: o, Where: where, Values: map[string]string{name: v}}
}

// Source is where the machine-wide layers are read from: the system, or a
// fake in tests.
type Source interface {
	// Registry returns the string values of a key under
	// HKEY_LOCAL_MACHINE; a missing key is no values and no error.
	Registry(key string) (map[string]string, error)
	// ReadFile reads a file.
	ReadFile(path string) ([]byte, error)
	// Executable is the path of the running program.
	Executable() (string, error)
	// OS is runtime.GOOS.
	OS() string
}

// System is the Source of this PC.
var System Source = system{}

type system struct{}

func (system) Registry(key string) (map[string]string, error) { return readRegistry(key) }
func (system) ReadFile(path string) ([]byte, error)           { return os.ReadFile(path) }
func (system) Executable() (string, error)                    { return os.Executable() }
func (system) OS() string                                     { return runtime.GOOS }

// Problem is a place that could not be read; the settings go on without it.
type Problem struct {
	Where string
	Err   error
}

// Layers reads the machine-wide layers of src, strongest first: the policy
// key, the installer's key, the file beside the executable, and on Linux
// /etc/upgradedesk/machine.ini. A place that is missing gives nothing; one
// that cannot be read is reported among the problems.
func Layers(src Source) (layers []Layer, problems []Problem) {
	if src.OS() == "windows" {
		for _, k := range []struct {
			o   Origin
			key string
		}{{Policy, PolicyKey}, {Installer, InstallerKey}} {
			where := `HKLM\` + k.key
			vals, err := src.Registry(k.key)
			if err != nil {
				problems = append(problems, Problem{where, err})
				continue
			}
			l := Layer{Origin: k.o, Where: where, Values: map[string]string{}}
			for name, reg := range registryNames {
				if v, ok := vals[reg]; ok {
					l.Values[name] = v
				}
			}
			layers = append(layers, l)
		}
	}
	var files []string
	if exe, err := src.Executable(); err == nil {
		files = append(files, filepath.Join(filepath.Dir(exe), FileName))
	}
	if src.OS() == "linux" {
		files = append(files, LinuxFile)
	}
	for _, f := range files {
		b, err := src.ReadFile(f)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			problems = append(problems, Problem{f, err})
			continue
		}
		layers = append(layers, Layer{Origin: File, Where: f, Values: ParseINI(b)})
	}
	return layers, problems
}

// ParseINI reads `key = value` lines; blank lines, lines starting with #
// or ; and [section] headers are skipped, a UTF-8 byte order mark (as
// Notepad writes) is ignored, and a value in double quotes loses them.
func ParseINI(b []byte) map[string]string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	values := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		values[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return values
}

// UserLayer is the user's own settings of this PC, read from the
// preferences file at path (see app.PreferencesFile); a missing file gives
// nothing.
func UserLayer(src Source, path string) (Layer, error) {
	l := Layer{Origin: User, Where: path, Values: map[string]string{}}
	b, err := src.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(bytes.TrimSpace(b)) == 0) {
		return l, nil
	}
	if err != nil {
		return l, err
	}
	var prefs map[string]any
	if err := json.Unmarshal(b, &prefs); err != nil {
		return l, err
	}
	for name, key := range map[string]string{Database: PrefDatabase, ScanFolder: PrefScanFolder} {
		if v, ok := prefs[key].(string); ok {
			l.Values[name] = v
		}
	}
	return l, nil
}

// Label is the setting's name in lang.
func Label(lang, name string) string {
	return data.T(lang, "machine.setting."+name, nil)
}

// Inputs are the places stronger than the machine's, and the defaults.
type Inputs struct {
	// Flag and Env name the database on the command line and in the
	// environment ("" for not).
	Flag, Env string
	// User is the user's own settings of this PC (UserLayer).
	User Layer
	// SharedBackup is the backup folder set in the database ("" for not
	// set, or not known when the database is not open).
	SharedBackup string
	// DefaultDatabase is the built-in database; DefaultBackup the
	// built-in backup folder of a database.
	DefaultDatabase string
	DefaultBackup   func(database string) string
}

// Effective returns the database, the backup folder and the watched folder
// of scans (in the order of Names) and where each comes from: for the
// database the command line, the environment, the user's setting, the
// machine's layers, the default; for the backup folder the database's
// shared setting, the machine's layers, the folder beside the database;
// for the folder of scans the user's setting, the machine's layers, none.
func Effective(in Inputs, machine []Layer) []Setting {
	chain := func(front []Layer, back ...Layer) []Layer {
		all := append(append(front, machine...), back...)
		return all
	}
	db := Resolve(Database, chain([]Layer{One(Flag, "--db", Database, in.Flag), One(Env, "UPGRADEDESK_DB", Database, in.Env), in.User},
		One(Default, "", Database, in.DefaultDatabase))...)
	var defBackup string
	if in.DefaultBackup != nil {
		defBackup = in.DefaultBackup(db.Value)
	}
	backup := Resolve(BackupFolder, chain([]Layer{One(Shared, "", BackupFolder, in.SharedBackup)},
		One(Default, "", BackupFolder, defBackup))...)
	scans := Resolve(ScanFolder, chain([]Layer{in.User})...)
	return []Setting{db, backup, scans}
}

// PreferencesFile returns the file the user's settings of this PC are kept
// in: where Fyne keeps the preferences of the app with the ID appID.
func PreferencesFile(appID string) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "fyne", appID, "preferences.json"), nil
}
