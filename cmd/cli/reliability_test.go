package cli

import "testing"

// envReliability, when set (make reliability sets it), runs the heavy
// versions of the reliability tests.
const envReliability = "UPGRADEDESK_RELIABILITY"

// reliability logs one figure of the reliability suite (see
// data/reliability_test.go).
func reliability(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Logf("RELIABILITY: [command line, SQLite] "+format, args...)
}
