package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestPreferencesAreKeptInTheirFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cn.library.upgradedesk", "preferences.json")
	must(t, os.MkdirAll(filepath.Dir(path), 0o700))
	must(t, os.WriteFile(path, []byte(`{"language":"en","window.main":"1100,640,30,40"}`), 0o600))
	a := test.NewTempApp(t)
	must(t, KeepPreferences(a, path))
	p := a.Preferences()
	if got := p.String(prefLanguage); got != "en" {
		t.Fatalf("language %q, want the one in the file", got)
	}
	p.SetString(prefDBPath, `\\fileserver\upgrade\upgradedesk.db`)
	values, err := readPreferences(path)
	must(t, err)
	if values[prefDBPath] != `\\fileserver\upgrade\upgradedesk.db` || values["window.main"] != "1100,640,30,40" {
		t.Errorf("file holds %v", values)
	}
}

// TestPreferencesFileIsNeverSeenHalfWritten reads the file while another
// writer saves the preferences again and again, as a second client on the
// same PC starting while the first saves: every read finds a whole file.
// Fyne's own saving truncated the file before writing it, and a read in
// between found it empty ("Preferences load error: EOF").
func TestPreferencesFileIsNeverSeenHalfWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "preferences.json")
	a := test.NewTempApp(t)
	must(t, KeepPreferences(a, path))
	a.Preferences().SetString("window.case", "1000,660")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	bad := make(chan string, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(path)
			var v map[string]any
			if err == nil {
				err = json.Unmarshal(b, &v)
			}
			if err != nil {
				select {
				case bad <- fmt.Sprintf("%q: %v", b, err):
				default:
				}
				return
			}
		}
	}()
	for i := range 300 {
		a.Preferences().SetString("window.main", fmt.Sprintf("%d,660,10,10", 1000+i))
	}
	close(stop)
	wg.Wait()
	select {
	case b := <-bad:
		t.Fatalf("a read found the file half written: %s", b)
	default:
	}
}
