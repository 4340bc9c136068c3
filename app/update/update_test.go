package update

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"upgradedesk/assets"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const notes = "\ufeffUpgradeDesk release notes\r\n\r\n## 1.10.0 (2027-01-15)\r\n\r\n- 设置 shows where settings come from.\r\n- A newer version is told.\r\n\r\n## 1.9.0\r\n- Older things.\r\n"

func TestScan(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"UpgradeDesk-1.9.0.msi":                 "",
		"UpgradeDesk-1.10.0.msi":                "",
		"upgradedesk_1.10.0_amd64.deb":          "",
		"UpgradeDesk-1.10.0-linux-amd64.tar.xz": "",
		"UpgradeDesk-2.0.0.zip":                 "", // not an installer
		"Setup-3.0.0.msi":                       "", // not ours
		NotesFile:                               notes,
	})
	if err := os.Mkdir(filepath.Join(dir, "UpgradeDesk-9.0.0.msi"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := Scan(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if f == nil || f.Version.String() != "1.10.0" || f.Folder != dir {
		t.Fatalf("found %+v", f)
	}
	want := []string{"UpgradeDesk-1.10.0-linux-amd64.tar.xz", "UpgradeDesk-1.10.0.msi", "upgradedesk_1.10.0_amd64.deb"}
	if !reflect.DeepEqual(f.Installers, want) {
		t.Errorf("installers %q, want %q", f.Installers, want)
	}
	if f.Notes != "- 设置 shows where settings come from.\n- A newer version is told." {
		t.Errorf("notes %q", f.Notes)
	}
}

func TestScanEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{NotesFile: notes})
	if f, err := Scan(context.Background(), dir); f != nil || err != nil {
		t.Errorf("a folder without installers: %+v %v", f, err)
	}
	if _, err := Scan(context.Background(), filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder must be an error")
	}
	writeFiles(t, dir, map[string]string{"UpgradeDesk-1.9.0.deb": ""})
	os.Remove(filepath.Join(dir, NotesFile))
	if f, err := Scan(context.Background(), dir); err != nil || f.Notes != "" || f.Version.String() != "1.9.0" {
		t.Errorf("without notes: %+v %v", f, err)
	}
}

// TestScanGivesUp: a share that does not answer is an error when the
// time is up, not a wait.
func TestScanGivesUp(t *testing.T) {
	hang, asked := make(chan struct{}), make(chan struct{})
	defer close(hang)
	readDir = func(string) ([]os.DirEntry, error) { close(asked); <-hang; return nil, nil }
	defer func() { readDir = os.ReadDir }()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-asked; cancel() }() // the time is up while the share is asked
	if f, err := Scan(ctx, `\\server\share`); !errors.Is(err, context.Canceled) || f != nil {
		t.Errorf("%+v %v", f, err)
	}
}

func TestInstallerNames(t *testing.T) {
	for name, want := range map[string]string{
		"UpgradeDesk-1.1.0-rc.1.msi":             "1.1.0-rc.1",
		"UpgradeDesk-1.1.0-rc.1-windows-x64.msi": "1.1.0-rc.1",
		"upgradedesk-1.1.0.TAR.XZ":               "1.1.0",
		"UpgradeDesk-1.1.0.exe":                  "",
		"UpgradeDesk-latest.msi":                 "",
	} {
		v, ok := installerVersion(name)
		if got := map[bool]string{true: v.String()}[ok]; got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestSection(t *testing.T) {
	if s := Section(notes, "1.9.0"); s != "- Older things." {
		t.Errorf("%q", s)
	}
	if s := Section(notes, "1.0.0"); s != "" {
		t.Errorf("a version without a section: %q", s)
	}
	if s := Section("## UpgradeDesk 2.0.0 — 2027\nBig.\n", "2.0.0"); !strings.Contains(s, "Big.") {
		t.Errorf("heading with the name: %q", s)
	}
}

// TestReleaseNotesOfThisVersion: the release notes shipped with the
// program have a section for its version (FyneApp.toml).
func TestReleaseNotesOfThisVersion(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	var version string
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && strings.TrimSpace(k) == "Version" {
			version = strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	if Section(assets.ReleaseNotes, version) == "" {
		t.Errorf("assets/RELEASE-NOTES.txt has no section for %q", version)
	}
}

// BenchmarkScan: a look into an update folder of 2,000 other files and
// eight installers of four versions, with their release notes.
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	for i := 0; i < 2000; i++ {
		if err := os.WriteFile(filepath.Join(dir, "other-"+strconv.Itoa(i)+".txt"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, v := range []string{"1.0.0", "1.0.1", "1.1.0", "1.2.0"} {
		for _, name := range []string{"UpgradeDesk-" + v + ".msi", "upgradedesk_" + v + "_amd64.deb"} {
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, NotesFile), []byte(strings.Repeat(notes, 50)), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := Scan(context.Background(), dir)
		if err != nil || f.Version.String() != "1.2.0" {
			b.Fatal(f, err)
		}
	}
}
