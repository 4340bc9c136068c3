package data

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewerVersionRefused: a database records the newest UpgradeDesk
// that wrote it; an older one refuses it and says which version is needed
// and where the update folder is, in either language.
func TestNewerVersionRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "shared.db")
	s := mustOpenPath(t, p, Options{Create: true, AppVersion: "1.0.0"})
	if v, err := s.AppVersion(); err != nil || v != "1.0.0" {
		t.Fatalf("a new database records its writer: %q %v", v, err)
	}
	s.Close()

	// A newer version opens it and records itself; an older one after it
	// does not take its place.
	s = mustOpenPath(t, p, Options{AppVersion: "1.2.0"})
	s.Close()
	s = mustOpenPath(t, p, Options{AppVersion: "1.3.0", ReadOnly: true})
	s.Close()
	s = mustOpenPath(t, p, Options{})
	if v, _ := s.AppVersion(); v != "1.2.0" {
		t.Errorf("a read-only open recorded its version, or the newer one did not: %q", v)
	}
	s.Close()
	if _, err := Open(locate(t, p), Options{AppVersion: "1.2.0-rc.1"}); ErrorCode(err) != ENewer {
		t.Errorf("a pre-release of the version that wrote it opened the database: %v", err)
	}
	_, err := Open(locate(t, p), Options{AppVersion: "1.1.9"})
	if ErrorCode(err) != ENewer {
		t.Fatalf("an older client opened the database: %v", err)
	}
	if v, folder, ok := NewerNeeds(err); !ok || v != "1.2.0" || folder != "" {
		t.Errorf("needs %q %q %v", v, folder, ok)
	}
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Message(LangZH), "升级报备台 1.2.0") || !strings.Contains(e.Message(LangEN), "1.1.9") {
		t.Errorf("message: %v", err)
	}
	// Read-only opens are refused too; a program that does not say its
	// version (tests, tools) is not.
	if _, err := Open(locate(t, p), Options{AppVersion: "1.0.0", ReadOnly: true}); ErrorCode(err) != ENewer {
		t.Errorf("read-only: %v", err)
	}
	s = mustOpenPath(t, p, Options{})

	// With the update folder set, the refusal says where the installer is.
	f := newFixtureOn(t, s)
	if err := s.SetSetting(f.u["admin"], SettingUpdateFolder, `\\server\share\UpgradeDesk`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(locate(t, p), Options{AppVersion: "1.0.0"})
	if v, folder, _ := NewerNeeds(err); v != "1.2.0" || folder != `\\server\share\UpgradeDesk` {
		t.Errorf("needs %q %q", v, folder)
	}
	if !strings.Contains(err.Error(), `\\server\share\UpgradeDesk`) {
		t.Errorf("message without the folder: %v", err)
	}

	// A newer schema is refused with the version that wrote it.
	s = mustOpenPath(t, p, Options{})
	s.db.Model(&metaRow{}).Where("key = ?", "schema_version").Update("value", "99")
	s.Close()
	_, err = Open(locate(t, p), Options{AppVersion: "1.3.0"})
	if v, folder, ok := NewerNeeds(err); !ok || v != "" || folder == "" || !strings.Contains(err.Error(), "99") {
		t.Errorf("newer schema: %q %q %v", v, folder, err)
	}
}
