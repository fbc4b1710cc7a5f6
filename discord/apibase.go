package discord

import (
	"fmt"
	"net/http"
	"net/url"
)

// discordHost is the host discordgo's endpoints point at; they are computed
// once at init as https://discord.com/api/v<N>/...
const discordHost = "discord.com"

// APIBaseTransport returns an http.RoundTripper that sends every request for
// discord.com to base instead, keeping path and query, and passes all other
// requests through unchanged. base is "scheme://host[:port]" (a trailing "/"
// is tolerated); the scheme must be http or https. The caller's request is
// never mutated: rewritten requests are clones. next defaults to
// http.DefaultTransport when nil.
func APIBaseTransport(base string, next http.RoundTripper) (http.RoundTripper, error) {
	u, err := parseAPIBase(base)
	if err != nil {
		return nil, err
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &apiBaseTransport{scheme: u.Scheme, host: u.Host, next: next}, nil
}

// parseAPIBase validates base as scheme://host[:port].
func parseAPIBase(base string) (*url.URL, error) {
	invalid := fmt.Errorf("discord api base %q: must be scheme://host[:port]", base)
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", invalid, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, invalid
	case u.Host == "" || u.Opaque != "" || u.User != nil:
		return nil, invalid
	case u.Path != "" && u.Path != "/":
		return nil, invalid
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, invalid
	}
	return u, nil
}

// apiBaseTransport is the RoundTripper built by APIBaseTransport.
type apiBaseTransport struct {
	scheme, host string
	next         http.RoundTripper
}

// RoundTrip rewrites requests for discord.com to the configured base.
func (t *apiBaseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil || req.URL.Hostname() != discordHost {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme = t.scheme
	out.URL.Host = t.host
	out.Host = t.host
	return t.next.RoundTrip(out)
}

// CloseIdleConnections forwards to the wrapped transport when it supports it,
// so http.Client.CloseIdleConnections keeps working.
func (t *apiBaseTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
