package discord

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// TestGatewayConnectRetries fails the first two attempts to reach the
// gateway: Run logs each and retries with a growing wait, then connects
// and registers the commands.
func TestGatewayConnectRetries(t *testing.T) {
	t.Parallel()
	h := start(t, setup{opts: Options{ConnectBackoff: 20 * time.Millisecond}, beforeRun: func(s *discordtest.Server) {
		s.FailNext(http.MethodGet, "/gateway", discordtest.ServerError(http.StatusInternalServerError))
		s.FailNext(http.MethodGet, "/gateway", discordtest.ServerError(http.StatusInternalServerError))
	}})
	logs := h.logs.String()
	for _, want := range []string{
		`msg="discord gateway connection failed; retrying" attempt=1 retry_in=20ms`,
		`msg="discord gateway connection failed; retrying" attempt=2 retry_in=40ms`,
		`msg="discord gateway connected" attempt=3`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
	if n := len(h.srv.RequestsTo(http.MethodGet, "/gateway")); n != 3 {
		t.Errorf("GET /gateway %d times, want 3", n)
	}
}

// TestGatewayConnectStopsWithContext keeps the gateway failing: Run keeps
// retrying, the wait capped, until it is stopped, and then returns nil.
func TestGatewayConnectStopsWithContext(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noWait: true, opts: Options{ConnectBackoff: 10 * time.Millisecond}, beforeRun: func(s *discordtest.Server) {
		for range 1000 {
			s.FailNext(http.MethodGet, "/gateway", discordtest.ServerError(http.StatusInternalServerError))
		}
	}})
	deadline := time.Now().Add(waitLimit)
	for strings.Count(h.logs.String(), "connection failed; retrying") < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := h.stop(); err != nil {
		t.Errorf("Run = %v after stopping while connecting, want nil", err)
	}
	if !strings.Contains(h.logs.String(), "stopped before connecting") {
		t.Errorf("log does not say it stopped before connecting:\n%s", h.logs)
	}
	if n := len(h.srv.RequestsTo(http.MethodPut, "/applications/*/guilds/*/commands")); n != 0 {
		t.Errorf("commands registered %d times without a gateway", n)
	}
}

// TestUnauthorizedNamesTheSetting checks that when the gateway rejects the
// token, the error Run returns names DISCORD_TOKEN, and is not retried.
func TestUnauthorizedNamesTheSetting(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noWait: true, sessionToken: testToken, server: discordtest.Options{Token: "the-right-token"},
		opts: Options{ConnectBackoff: 10 * time.Millisecond}})
	err := h.waitRun()
	if err == nil || !strings.Contains(err.Error(), "discord rejected the bot token: check DISCORD_TOKEN") {
		t.Errorf("Run = %v, want an error naming DISCORD_TOKEN", err)
	}
	if strings.Contains(h.logs.String(), "retrying") {
		t.Errorf("a rejected token was retried:\n%s", h.logs)
	}
}
