package uikit

import (
	"os"
	"path/filepath"
)

// WriteFileAtomically writes b to path through a temporary file in the
// same folder (named after pattern, as os.CreateTemp takes it) that
// replaces path once it is complete and synced: a reader sees the old
// file or the new one, never half of it. The folder is made with perm
// when missing.
func WriteFileAtomically(path, pattern string, b []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), perm); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
