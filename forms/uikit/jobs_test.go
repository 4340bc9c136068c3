package uikit

import (
	"errors"
	"testing"
)

// TestJobsHeld checks that held jobs hand their results to the UI work
// only when Wait runs it, and that Wait runs what that work started too.
func TestJobsHeld(t *testing.T) {
	var j Jobs
	j.Hold()
	var got []string
	Background(&j, func() (string, error) { return "first", nil }, func(s string, err error) {
		got = append(got, s)
		Background(&j, func() (string, error) { return "", errors.New("second") }, func(_ string, err error) {
			got = append(got, err.Error())
		})
	})
	if len(got) != 0 {
		t.Fatalf("UI work ran before Wait: %q", got)
	}
	j.Wait()
	if len(got) != 2 || got[0] != "first" || got[1] != "second" {
		t.Errorf("UI work %q, want first and second", got)
	}
}

// TestJobsInline checks that inline jobs have run when Go returns.
func TestJobsInline(t *testing.T) {
	var j Jobs
	j.Inline()
	j.Hold()
	ran := false
	j.Go(func() { ran = true })
	if !ran {
		t.Error("an inline job had not run when Go returned")
	}
}
