// Package update finds a newer UpgradeDesk in the update folder an
// administrator names in 设置 (often on the file server): installers named
// UpgradeDesk-<version>.msi, .deb or .tar.xz, and RELEASE-NOTES.txt, the
// notes of every version, newest first, one section per version:
//
//	## 1.1.0
//	…
//	## 1.0.0
//	…
//
// It does not import Fyne: the client shows what it finds.
package update

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"upgradedesk/data/semver"
)

// NotesFile is the name of the release notes, beside the executable and
// in the update folder.
const NotesFile = "RELEASE-NOTES.txt"

// Timeout is how long a look into the update folder may take: a share
// that does not answer must not keep the client waiting.
const Timeout = 10 * time.Second

// Found is what the update folder holds for its newest version.
type Found struct {
	Version semver.Version
	// Folder is the update folder; Installers the installers of Version
	// in it, by name.
	Folder     string
	Installers []string
	// Notes is the section of Version in the folder's RELEASE-NOTES.txt,
	// "" when there is none.
	Notes string
}

// installerSuffixes are the kinds of installer, in the order shown.
var installerSuffixes = []string{".msi", ".deb", ".tar.xz"}

// installerVersion returns the version in an installer's name:
// UpgradeDesk-<version>.msi, .deb or .tar.xz, or with the system after the
// version (UpgradeDesk-1.1.0-windows-amd64.msi), in any case; the Debian
// name upgradedesk_<version>_<arch>.deb too.
func installerVersion(name string) (semver.Version, bool) {
	lower := strings.ToLower(name)
	var rest string
	for _, suf := range installerSuffixes {
		if strings.HasSuffix(lower, suf) {
			rest = name[:len(name)-len(suf)]
			break
		}
	}
	if rest == "" {
		return semver.Version{}, false
	}
	lr := strings.ToLower(rest)
	switch {
	case strings.HasPrefix(lr, "upgradedesk-"):
		rest = rest[len("upgradedesk-"):]
	case strings.HasPrefix(lr, "upgradedesk_") && strings.HasSuffix(lower, ".deb"):
		rest, _, _ = strings.Cut(rest[len("upgradedesk_"):], "_")
	default:
		return semver.Version{}, false
	}
	// the system after the version
	parts := strings.Split(rest, "-")
	for len(parts) > 1 && systemWords[strings.ToLower(parts[len(parts)-1])] {
		parts = parts[:len(parts)-1]
	}
	return semver.Parse(strings.Join(parts, "-"))
}

// systemWords may follow the version in an installer's name.
var systemWords = map[string]bool{"windows": true, "win64": true, "linux": true, "amd64": true,
	"x86_64": true, "x64": true, "arm64": true, "aarch64": true, "386": true, "i386": true}

// readDir lists a folder; tests stand in a share that does not answer.
var readDir = os.ReadDir

// Scan looks into dir for the newest version's installers and its release
// notes. It gives up after Timeout or when ctx ends, whichever is first: a
// share that hangs is an error, never a wait.
func Scan(ctx context.Context, dir string) (*Found, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	type result struct {
		f   *Found
		err error
	}
	done := make(chan result, 1)
	go func() { // a hung network read cannot be cancelled; it is left behind
		f, err := scan(dir)
		done <- result{f, err}
	}()
	select {
	case r := <-done:
		return r.f, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func scan(dir string) (*Found, error) {
	entries, err := readDir(dir)
	if err != nil {
		return nil, err
	}
	var f *Found
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		v, ok := installerVersion(e.Name())
		if !ok {
			continue
		}
		switch {
		case f == nil || v.Compare(f.Version) > 0:
			f = &Found{Version: v, Folder: dir, Installers: []string{e.Name()}}
		case v.Compare(f.Version) == 0:
			f.Installers = append(f.Installers, e.Name())
		}
	}
	if f == nil {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, NotesFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return f, err
	}
	f.Notes = Section(string(b), f.Version.String())
	return f, nil
}

// Section returns the part of release notes about version: the lines
// after its heading "## <version>" (or "## UpgradeDesk <version>", and
// anything after the version such as a date) up to the next heading, with
// a UTF-8 byte order mark and the blank lines around it removed.
func Section(notes, version string) string {
	notes = strings.TrimPrefix(notes, "\ufeff")
	want, ok := semver.Parse(version)
	if !ok {
		return ""
	}
	var out []string
	in := false
	sc := bufio.NewScanner(strings.NewReader(notes))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \r")
		if strings.HasPrefix(line, "## ") {
			if in {
				break
			}
			fields := strings.Fields(strings.TrimPrefix(line, "## "))
			for _, fld := range fields {
				if v, ok := semver.Parse(fld); ok && v.Compare(want) == 0 && v.Pre == want.Pre {
					in = true
					break
				}
			}
			continue
		}
		if in {
			out = append(out, line)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
