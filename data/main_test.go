package data

import (
	"os"
	"testing"
)

// TestMain keeps this PC's witness of the test databases in a folder of
// its own, not in the user's configuration folder.
func TestMain(m *testing.M) {
	witness, err := os.MkdirTemp("", "data-witness-")
	if err != nil {
		panic(err)
	}
	os.Setenv(EnvConfigDir, witness)
	code := m.Run()
	os.RemoveAll(witness)
	os.Exit(code)
}
