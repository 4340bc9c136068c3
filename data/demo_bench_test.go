package data

import (
	"path/filepath"
	"testing"
)

// BenchmarkFillDemo measures filling a database with 1,000 demo cases.
func BenchmarkFillDemo(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := mustOpenPath(b, filepath.Join(b.TempDir(), "demo.db"), Options{Create: true})
		if _, err := s.FillDemo(DemoOptions{Cases: 1000}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
