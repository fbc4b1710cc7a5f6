//go:build unix

package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// TestSecondServeRefusesTheDataDirectory runs serve, then a second serve
// on the same data directory: the second refuses at once with a message
// naming the directory, the holder and the way out; once the first stops,
// the directory is free again.
func TestSecondServeRefusesTheDataDirectory(t *testing.T) {
	fake := discordtest.NewServer(t, discordtest.Options{})
	dir := t.TempDir()
	first := startServe(t, fake, map[string]string{"PARTNERBOT_DATA_DIR": dir})
	first.waitReady()

	second := startServe(t, fake, map[string]string{"PARTNERBOT_DATA_DIR": dir})
	var err error
	select {
	case err = <-second.done:
		second.done <- err
	case <-time.After(10 * time.Second):
		t.Fatal("the second serve did not refuse to start")
	}
	if !errors.Is(err, errDataDirInUse) {
		t.Fatalf("second serve: %v, want errDataDirInUse", err)
	}
	for _, want := range []string{dir, "another partnerbot serve", "PARTNERBOT_DATA_DIR", "PostgreSQL", "process "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if code, _ := first.get("/readyz"); code != 200 {
		t.Errorf("the first serve is no longer ready: %d", code)
	}
	if err := first.stop(); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockDataDir(dir)
	if err != nil {
		t.Fatalf("the directory is still locked after the first serve stopped: %v", err)
	}
	unlock()
}
