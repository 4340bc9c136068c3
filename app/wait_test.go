package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestWaitingForAnotherPCShowsAndCancels: while a save waits for another
// PC the session shows it with 取消, which stops the wait.
func TestWaitingForAnotherPCShowsAndCancels(t *testing.T) {
	_, c, s := clientAs(t, "staff")
	ctx, done := s.waitForOthers("save")
	c.jobs.Wait()
	if s.waitStop == nil {
		t.Fatal("no 取消 shown while waiting")
	}
	test.Tap(s.waitStop)
	if ctx.Err() == nil {
		t.Fatal("取消 did not stop the wait")
	}
	done()
	c.jobs.Wait()
	if s.waitStop != nil {
		t.Error("the waiting dialog stayed")
	}
	ctx, done = s.waitForOthers("save")
	s.stop()
	if ctx.Err() == nil {
		t.Error("the end of the session did not stop the wait")
	}
	done()
	c.jobs.Wait()
}
