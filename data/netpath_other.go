//go:build !linux && !windows

package data

// IsNetworkPath reports whether the database file at path lies on a
// network file system; this platform has no check for it.
func IsNetworkPath(path string) bool { return false }
