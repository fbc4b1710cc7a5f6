package discord

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// recordingTransport captures the request it is given and answers 204.
type recordingTransport struct{ got *http.Request }

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = req
	return &http.Response{StatusCode: http.StatusNoContent, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

func TestAPIBaseTransportRewrites(t *testing.T) {
	tests := []struct {
		name, base, in, want, wantHost string
	}{
		{"discord api path and query", "http://127.0.0.1:8080", "https://discord.com/api/v9/webhooks/1/tok?wait=true", "http://127.0.0.1:8080/api/v9/webhooks/1/tok?wait=true", "127.0.0.1:8080"},
		{"trailing slash base", "http://127.0.0.1:8080/", "https://discord.com/api/v10/users/@me", "http://127.0.0.1:8080/api/v10/users/@me", "127.0.0.1:8080"},
		{"https base without port", "https://fake.example", "https://discord.com/api/v9/gateway", "https://fake.example/api/v9/gateway", "fake.example"},
		{"discord with explicit port", "http://localhost:1", "https://discord.com:443/api/v9/gateway", "http://localhost:1/api/v9/gateway", "localhost:1"},
		{"other host untouched", "http://127.0.0.1:8080", "https://cdn.discordapp.com/avatars/1/a.png", "https://cdn.discordapp.com/avatars/1/a.png", "cdn.discordapp.com"},
		{"subdomain untouched", "http://127.0.0.1:8080", "https://status.discord.com/api/v2/summary.json", "https://status.discord.com/api/v2/summary.json", "status.discord.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTransport{}
			rt, err := APIBaseTransport(tt.base, rec)
			if err != nil {
				t.Fatalf("APIBaseTransport(%q) error = %v", tt.base, err)
			}
			req, err := http.NewRequest(http.MethodPost, tt.in, strings.NewReader(`{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bot x")
			origURL, origHost := req.URL.String(), req.Host

			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatalf("RoundTrip error = %v", err)
			}
			resp.Body.Close()

			if got := rec.got.URL.String(); got != tt.want {
				t.Errorf("forwarded URL = %q, want %q", got, tt.want)
			}
			if got := rec.got.Host; got != tt.wantHost {
				t.Errorf("forwarded Host = %q, want %q", got, tt.wantHost)
			}
			if got := rec.got.Header.Get("Authorization"); got != "Bot x" {
				t.Errorf("forwarded Authorization = %q, want %q", got, "Bot x")
			}
			if got := req.URL.String(); got != origURL {
				t.Errorf("caller URL mutated: got %q, want %q", got, origURL)
			}
			if req.Host != origHost {
				t.Errorf("caller Host mutated: got %q, want %q", req.Host, origHost)
			}
		})
	}
}

func TestAPIBaseTransportPassesThroughSameRequest(t *testing.T) {
	rec := &recordingTransport{}
	rt, err := APIBaseTransport("http://127.0.0.1:1", rec)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, "https://example.com/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if rec.got != req {
		t.Errorf("non-discord request was replaced; got %p, want %p", rec.got, req)
	}
}

func TestAPIBaseTransportInvalidBase(t *testing.T) {
	tests := []struct{ name, base string }{
		{"empty", ""},
		{"no scheme", "127.0.0.1:8080"},
		{"host only", "localhost"},
		{"ws scheme", "ws://127.0.0.1:8080"},
		{"path", "http://127.0.0.1:8080/api/v10"},
		{"query", "http://127.0.0.1:8080?x=1"},
		{"empty query", "http://127.0.0.1:8080/?"},
		{"fragment", "http://127.0.0.1:8080#frag"},
		{"user info", "http://u:p@127.0.0.1:8080"},
		{"no host", "http://"},
		{"garbage", "http://[::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, err := APIBaseTransport(tt.base, nil)
			if err == nil {
				t.Fatalf("APIBaseTransport(%q) = %v, want error", tt.base, rt)
			}
			want := `discord api base "` + tt.base + `": must be scheme://host[:port]`
			if got := err.Error(); !strings.HasPrefix(got, want) {
				t.Errorf("error = %q, want prefix %q", got, want)
			}
		})
	}
}

func TestAPIBaseTransportDefaultsToDefaultTransport(t *testing.T) {
	rt, err := APIBaseTransport("http://127.0.0.1:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := rt.(*apiBaseTransport).next; got != http.DefaultTransport {
		t.Errorf("next = %v, want http.DefaultTransport", got)
	}
}
