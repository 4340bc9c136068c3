package data

import "testing"

// envReliability, when set (make reliability sets it), runs the heavy
// versions of the reliability tests: more processes, writes, checks and
// larger files. Without it they run in a size that suits every make test.
const envReliability = "UPGRADEDESK_RELIABILITY"

// reliability logs one figure of the reliability suite as a line that
// make reliability collects into its summary (RELIABILITY.md reports
// them).
func reliability(t testing.TB, format string, args ...any) {
	t.Helper()
	engine := "SQLite"
	if onPostgres() {
		engine = "PostgreSQL"
	}
	t.Logf("RELIABILITY: ["+engine+"] "+format, args...)
}
