package data

import (
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// IsNetworkPath reports whether the database file at path lies on a
// network share: a UNC path (\\server\share\…) or a mapped network drive,
// where only the rollback journal is safe and every PC must reach the
// same share.
func IsNetworkPath(path string) bool {
	if strings.HasPrefix(path, `\\`) || strings.HasPrefix(path, `//`) {
		return true
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	root := filepath.VolumeName(abs) + `\`
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return false
	}
	return windows.GetDriveType(p) == windows.DRIVE_REMOTE
}
