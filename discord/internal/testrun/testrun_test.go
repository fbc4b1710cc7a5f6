package testrun

import (
	"strings"
	"testing"
	"time"
)

// parkedForLeakTest blocks until release closes, so its name is in a
// goroutine's stack meanwhile.
func parkedForLeakTest(started, release, done chan struct{}) {
	close(started)
	<-release
	close(done)
}

func TestLeaked(t *testing.T) {
	started, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go parkedForLeakTest(started, release, done)
	<-started
	if got := Leaked(50*time.Millisecond, "parkedForLeakTest"); !strings.Contains(got, "parkedForLeakTest") {
		t.Errorf("Leaked = %q, want the parked goroutine's stack", got)
	}
	close(release)
	<-done
	if got := Leaked(time.Second, "parkedForLeakTest"); got != "" {
		t.Errorf("Leaked after release = %q, want none", got)
	}
	if got := Leaked(0, "testrun.Leaked"); got != "" {
		t.Errorf("Leaked counts the goroutine asking: %q", got)
	}
}
