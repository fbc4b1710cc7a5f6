package ops

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReadiness(t *testing.T) {
	dbErr := errors.New("database closed")
	var failing bool
	h := NewHealth(map[string]Check{"database": func(context.Context) error {
		if failing {
			return dbErr
		}
		return nil
	}})
	get := func(handler http.HandlerFunc) (int, string) {
		rec := httptest.NewRecorder()
		handler(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		return rec.Code, rec.Body.String()
	}
	steps := []struct {
		name     string
		ready    bool
		failing  bool
		drain    bool // SetDraining before SetReady, as a SIGTERM during start-up does
		wantCode int
		wantBody string
	}{
		{"before the index loads", false, false, false, 503, `"index":"loading"`},
		{"index loaded", true, false, false, 200, `"database":"ok"`},
		{"database down", true, true, false, 503, `"database":"failing"`},
		{"not ready again", false, false, false, 503, `"index":"loading"`},
		{"draining, then the index loads", true, false, true, 503, `"index":"draining"`},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.drain {
				h.SetDraining()
			}
			h.SetReady(st.ready)
			failing = st.failing
			code, body := get(h.Ready)
			if code != st.wantCode || !strings.Contains(body, st.wantBody) {
				t.Errorf("readyz = %d %s, want %d with %s", code, body, st.wantCode, st.wantBody)
			}
			if code, _ := get(h.Live); code != 200 {
				t.Errorf("healthz = %d, want 200 always", code)
			}
		})
	}
}

func TestMetricsCount(t *testing.T) {
	m := NewMetrics()
	m.Answered("extractive", "gateway", false, 3*time.Millisecond)
	m.Answered("extractive", "gateway", true, 2*time.Millisecond)
	m.Answered("generative", "http", false, 800*time.Millisecond)
	m.ProviderError("rate_limited")
	m.AnswerFailed("timeout")
	m.RateLimited()
	m.RESTRateLimited()
	m.RESTRateLimited()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`partnerbot_questions_total{mode="extractive",source="gateway"} 2`,
		`partnerbot_questions_total{mode="generative",source="http"} 1`,
		`partnerbot_abstentions_total{mode="extractive",source="gateway"} 1`,
		`partnerbot_answer_seconds_count{mode="extractive"} 2`,
		`partnerbot_provider_errors_total{kind="rate_limited"} 1`,
		`partnerbot_answer_failures_total{reason="timeout"} 1`,
		`partnerbot_rate_limited_total 1`,
		`partnerbot_discord_rest_429_total 2`,
		`go_goroutines`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
