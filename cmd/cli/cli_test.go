package cli

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// run runs the command line in process and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
	})
	return code, out.String(), errOut.String()
}

func TestHelpListsSubcommands(t *testing.T) {
	code, out, _ := run(t, "", "help")
	if code != 0 {
		t.Fatalf("help exited %d", code)
	}
	for name := range commands() {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("help does not list %q:\n%s", name, out)
		}
	}
}

// TestHelpNamesTheVersion: in either language the first line of help says
// "UpgradeDesk <version>", which is what an administrator (and the dist
// check) looks for.
func TestHelpNamesTheVersion(t *testing.T) {
	for _, lang := range []string{"zh_CN.UTF-8", "en_US.UTF-8"} {
		var out bytes.Buffer
		code := Main([]string{"help"}, Env{
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &bytes.Buffer{},
			Getenv: func(k string) string {
				if k == "LANG" {
					return lang
				}
				return ""
			},
		})
		if first, _, _ := strings.Cut(out.String(), "\n"); code != 0 || !strings.Contains(first, "UpgradeDesk "+Version) {
			t.Errorf("LANG=%s: exit %d, first line %q", lang, code, first)
		}
	}
}

// TestEveryCommandsHelpIsTranslated: the help of every command, in both
// languages, shows no translation key in place of a text.
func TestEveryCommandsHelpIsTranslated(t *testing.T) {
	key := regexp.MustCompile(`\bcli\.[a-z_]+\.[a-z_.]+`)
	for _, language := range []string{"zh", "en"} {
		for name := range commands() {
			_, out, errOut := runLang(t, language, "", name, "--help")
			if k := key.FindString(out + errOut); k != "" {
				t.Errorf("%s --help (%s) shows the key %s", name, language, k)
			}
		}
	}
}

func TestUnknownSubcommand(t *testing.T) {
	code, _, errOut := run(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "frobnicate") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestDatabaseChoice(t *testing.T) {
	var got ClientConfig
	env := Env{
		Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
		RunClient: func(c ClientConfig) error { got = c; return nil },
	}
	for _, c := range []struct {
		name     string
		args     []string
		envDB    string
		want     string
		explicit bool
	}{
		{"flag wins", []string{"--db", "/a.db"}, "/b.db", "/a.db", true},
		{"environment", nil, "/b.db", "/b.db", true},
		{"default", nil, "", DefaultDBPath(), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			env.Getenv = func(k string) string {
				if k == EnvDB {
					return c.envDB
				}
				return ""
			}
			if code := Main(c.args, env); code != 0 {
				t.Fatalf("exit %d", code)
			}
			if got.DBPath != c.want || got.Explicit != c.explicit {
				t.Errorf("got %+v, want %s explicit=%v", got, c.want, c.explicit)
			}
		})
	}
}

func TestVersionMatchesFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil || string(m[1]) != Version {
		t.Fatalf("FyneApp.toml version %q, cli.Version %q", m, Version)
	}
	id := regexp.MustCompile(`(?m)^\s*ID\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if id == nil || string(id[1]) != AppID {
		t.Fatalf("FyneApp.toml ID %q, cli.AppID %q", id, AppID)
	}
}
