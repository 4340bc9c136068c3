package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/app/machine"
)

// dirSource is a PC whose executable is in dir, with no registry.
type dirSource struct{ dir string }

func (d dirSource) Registry(string) (map[string]string, error) { return nil, nil }
func (d dirSource) ReadFile(p string) ([]byte, error)          { return os.ReadFile(p) }
func (d dirSource) Executable() (string, error)                { return filepath.Join(d.dir, "upgradedesk"), nil }
func (d dirSource) OS() string                                 { return "test" }

func machineEnv(t *testing.T, ini string) (Env, *bytes.Buffer, *ClientConfig) {
	t.Helper()
	dir := t.TempDir()
	if ini != "" {
		if err := os.WriteFile(filepath.Join(dir, machine.FileName), []byte(ini), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user settings
	t.Setenv("HOME", t.TempDir())
	out := &bytes.Buffer{}
	got := &ClientConfig{}
	return Env{Stdout: out, Stderr: &bytes.Buffer{}, Machine: dirSource{dir},
		Getenv:    func(k string) string { return map[string]string{"UPGRADEDESK_LANG": "en"}[k] },
		RunClient: func(c ClientConfig) error { *got = c; return nil }}, out, got
}

func TestMachineDatabase(t *testing.T) {
	env, _, got := machineEnv(t, "database = /srv/shared.db\n")
	if code := Main(nil, env); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if got.DBPath != "/srv/shared.db" || got.Explicit || got.DB.Origin != machine.File {
		t.Errorf("the settings file beside the executable names the database: %+v", got)
	}
	if code := Main([]string{"--db", "/a.db"}, env); code != 0 || got.DBPath != "/a.db" || !got.Explicit {
		t.Errorf("--db still wins: %+v", got)
	}
}

func TestWhere(t *testing.T) {
	env, out, _ := machineEnv(t, "# IT office\nscan_folder = /srv/scans\n")
	if code := Main([]string{"where", "--db", "/a.db"}, env); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"  Database: /a.db\n      from: command line (--db)",
		"  Backup folder: " + filepath.Join("/", "backups") + "\n      from: default",
		"  Watched folder of scans: /srv/scans\n      from: this PC's settings file (",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("where does not say %q:\n%s", want, out)
		}
	}
}
