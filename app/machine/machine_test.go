package machine

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"

	"upgradedesk/data"
)

// fakeSource is a PC with the given registry keys and files.
type fakeSource struct {
	os       string
	exe      string
	registry map[string]map[string]string
	files    map[string]string
	broken   map[string]bool
}

func (f fakeSource) Registry(key string) (map[string]string, error) {
	if f.broken[key] {
		return nil, errors.New("access denied")
	}
	return f.registry[key], nil
}

func (f fakeSource) ReadFile(path string) ([]byte, error) {
	if f.broken[path] {
		return nil, errors.New("access denied")
	}
	s, ok := f.files[path]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(s), nil
}

func (f fakeSource) Executable() (string, error) { return f.exe, nil }
func (f fakeSource) OS() string                  { return f.os }

func windowsPC() fakeSource {
	exe := filepath.Join("C:", "Program Files", "UpgradeDesk", "upgradedesk.exe")
	return fakeSource{
		os:  "windows",
		exe: exe,
		registry: map[string]map[string]string{
			PolicyKey:    {"ScanFolder": `\\copier\scans`},
			InstallerKey: {"DatabasePath": `\\server\share\upgradedesk.db`, "ScanFolder": `D:\scans`},
		},
		files: map[string]string{
			filepath.Join(filepath.Dir(exe), FileName): "\xef\xbb\xbf# set by the IT office\r\ndatabase = D:\\local.db\r\nbackup_folder = \"\\\\server\\backups\"\r\n",
		},
		broken: map[string]bool{},
	}
}

func resolveAll(layers []Layer) map[string]Setting {
	out := map[string]Setting{}
	for _, n := range Names {
		out[n] = Resolve(n, layers...)
	}
	return out
}

func TestWindowsOrder(t *testing.T) {
	src := windowsPC()
	layers, problems := Layers(src)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	got := resolveAll(layers)
	ini := filepath.Join(filepath.Dir(src.exe), FileName)
	want := map[string]Setting{
		// The installer's value wins over the file beside the executable.
		Database: {Database, `\\server\share\upgradedesk.db`, Installer, `HKLM\` + InstallerKey},
		// Only the file sets the backup folder; its quotes go.
		BackupFolder: {BackupFolder, `\\server\backups`, File, ini},
		// Group policy wins over the installer.
		ScanFolder: {ScanFolder, `\\copier\scans`, Policy, `HKLM\` + PolicyKey},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestUserAndCommandLineWin(t *testing.T) {
	layers, _ := Layers(windowsPC())
	user := Layer{Origin: User, Where: "prefs.json", Values: map[string]string{Database: `E:\mine.db`}}
	def := One(Default, "", Database, `C:\Users\a\AppData\Roaming\UpgradeDesk\upgradedesk.db`)
	chain := func(flag, env string) Setting {
		all := append([]Layer{One(Flag, "--db", Database, flag), One(Env, "UPGRADEDESK_DB", Database, env), user}, layers...)
		return Resolve(Database, append(all, def)...)
	}
	if s := chain("", ""); s.Origin != User || s.Value != `E:\mine.db` {
		t.Errorf("user setting: %+v", s)
	}
	if s := chain("", "env.db"); s.Origin != Env || s.Value != "env.db" {
		t.Errorf("environment: %+v", s)
	}
	if s := chain("flag.db", "env.db"); s.Origin != Flag || s.Value != "flag.db" {
		t.Errorf("command line: %+v", s)
	}
	user.Values[Database] = "  "
	if s := chain("", ""); s.Origin != Installer {
		t.Errorf("a blank user setting must not count: %+v", s)
	}
	if s := Resolve(Database, def); s.Origin != Default || s.Value == "" {
		t.Errorf("default: %+v", s)
	}
	if s := Resolve(ScanFolder, def); s.Origin != Default || s.Value != "" {
		t.Errorf("nothing set: %+v", s)
	}
}

func TestLinuxFiles(t *testing.T) {
	src := fakeSource{
		os:  "linux",
		exe: "/opt/upgradedesk/upgradedesk",
		files: map[string]string{
			LinuxFile:                      "database = /srv/upgradedesk.db\n; note\n[machine]\nscan_folder=/srv/scans\nnot a setting\n",
			"/opt/upgradedesk/" + FileName: "scan_folder = /opt/scans\n",
		},
		// The registry is never asked outside Windows.
		broken: map[string]bool{PolicyKey: true, InstallerKey: true},
	}
	layers, problems := Layers(src)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	got := resolveAll(layers)
	if s := got[Database]; s.Value != "/srv/upgradedesk.db" || s.Where != LinuxFile {
		t.Errorf("database: %+v", s)
	}
	if s := got[ScanFolder]; s.Value != "/opt/scans" || s.Origin != File {
		t.Errorf("the file beside the executable comes first: %+v", s)
	}
}

func TestUnreadablePlaces(t *testing.T) {
	src := windowsPC()
	src.broken[PolicyKey] = true
	src.broken[filepath.Join(filepath.Dir(src.exe), FileName)] = true
	layers, problems := Layers(src)
	if len(problems) != 2 || problems[0].Where != `HKLM\`+PolicyKey {
		t.Fatalf("problems: %+v", problems)
	}
	if s := Resolve(ScanFolder, layers...); s.Origin != Installer || s.Value != `D:\scans` {
		t.Errorf("the installer's value stands in: %+v", s)
	}
}

func TestUserLayer(t *testing.T) {
	src := fakeSource{files: map[string]string{
		"p.json":     `{"db_path":"/home/a/x.db","scans.folder":"/home/a/scans","language":"en"}`,
		"empty.json": "",
		"bad.json":   "{",
	}}
	l, err := UserLayer(src, "p.json")
	if err != nil || l.Values[Database] != "/home/a/x.db" || l.Values[ScanFolder] != "/home/a/scans" || len(l.Values) != 2 {
		t.Errorf("%+v %v", l, err)
	}
	for _, p := range []string{"empty.json", "missing.json"} {
		if l, err := UserLayer(src, p); err != nil || len(l.Values) != 0 {
			t.Errorf("%s: %+v %v", p, l, err)
		}
	}
	if _, err := UserLayer(src, "bad.json"); err == nil {
		t.Error("a damaged preferences file must be reported")
	}
}

func TestLabels(t *testing.T) {
	for _, o := range []Origin{Flag, Env, User, Shared, Policy, Installer, File, Default} {
		for _, l := range []string{data.LangZH, data.LangEN} {
			if got := o.Label(l); got == "machine.origin."+string(o) || got == "" {
				t.Errorf("%s has no label in %s", o, l)
			}
		}
	}
	if Origin("policy").Label(data.LangZH) != "组策略" || Label(data.LangEN, Database) == "machine.setting.database" {
		t.Error("labels")
	}
}

func TestEffective(t *testing.T) {
	layers, _ := Layers(windowsPC())
	in := Inputs{
		User:            Layer{Origin: User, Values: map[string]string{}},
		DefaultDatabase: "default.db",
		DefaultBackup:   func(db string) string { return db + ".backups" },
	}
	got := Effective(in, layers)
	if got[0].Origin != Installer || got[1].Origin != File || got[2].Origin != Policy {
		t.Errorf("machine: %+v", got)
	}
	in.User.Values = map[string]string{Database: "mine.db", ScanFolder: "myscans"}
	in.SharedBackup = `\\nas\backups`
	got = Effective(in, layers)
	if got[0].Value != "mine.db" || got[1].Origin != Shared || got[1].Value != `\\nas\backups` || got[2].Value != "myscans" {
		t.Errorf("user and shared: %+v", got)
	}
	in.Env = "env.db"
	if got := Effective(in, nil); got[0].Origin != Env {
		t.Errorf("environment: %+v", got[0])
	}
	in = Inputs{DefaultDatabase: "default.db", DefaultBackup: func(db string) string { return db + ".backups" }}
	got = Effective(in, nil)
	want := []Setting{{Database, "default.db", Default, ""}, {BackupFolder, "default.db.backups", Default, ""}, {ScanFolder, "", Default, ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("nothing set: %+v", got)
	}
}
