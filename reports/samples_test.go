package reports

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples writes every document of the demo and fixture cases
// and the ledger into the folder named by REPORTS_SAMPLES, to look at:
//
//	REPORTS_SAMPLES=/tmp/docs go test -run WriteSamples ./reports/
//	pdftoppm -png -r 70 -f 1 -l 1 -singlefile /tmp/docs/fixture-request.pdf /tmp/docs/request
//
// Without it the test is skipped.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("REPORTS_SAMPLES")
	if dir == "" {
		t.Skip("set REPORTS_SAMPLES to a folder to write sample documents into")
	}
	save := func(name string, pdf []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	save("sample.pdf", writeSample(t))
	fixture := fixtureDossier()
	for _, k := range Available(fixture) {
		save("fixture-"+string(k)+".pdf", writeCase(t, k, fixture))
	}
	for _, d := range demoDossiers(t) {
		for _, k := range Available(d) {
			save(string(d.Case.State)+"-"+FileName(k, d), writeCase(t, k, d))
		}
	}
	f, err := os.Create(filepath.Join(dir, "ledger.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := demoStore(t)
	if err := WriteLedger(f, s.LibraryName(), ledgerOf(t, s), demoNow); err != nil {
		t.Fatal(err)
	}
}
