package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one REST request as the fake received it.
type Request struct {
	Method string
	// Path is the URL path as sent, e.g. "/api/v9/channels/1/messages".
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
	At     time.Time
	// Status is the HTTP status the fake replied with: 0 while the reply
	// is not yet sent, or when the client left first.
	Status int
}

// JSON decodes the request's JSON body into v. For multipart bodies (messages
// with files) it decodes the payload_json part.
func (r Request) JSON(v any) error {
	body := r.Body
	if r.isMultipart() {
		part, err := r.part("payload_json")
		if err != nil {
			return fmt.Errorf("request json: %w", err)
		}
		body = part.Data
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("request json: %w", err)
	}
	return nil
}

// File is one uploaded file of a multipart request.
type File struct {
	Field, Name, ContentType string
	Data                     []byte
}

// Files returns the files uploaded with a multipart request (none for JSON
// requests).
func (r Request) Files() ([]File, error) {
	if !r.isMultipart() {
		return nil, nil
	}
	parts, err := r.parts()
	if err != nil {
		return nil, fmt.Errorf("request files: %w", err)
	}
	var files []File
	for _, p := range parts {
		if p.Name != "" {
			files = append(files, p)
		}
	}
	return files, nil
}

// isMultipart reports whether the body is multipart/form-data.
func (r Request) isMultipart() bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// part returns the named multipart field.
func (r Request) part(field string) (File, error) {
	parts, err := r.parts()
	if err != nil {
		return File{}, err
	}
	for _, p := range parts {
		if p.Field == field {
			return p, nil
		}
	}
	return File{}, fmt.Errorf("no %s part", field)
}

// parts reads every part of a multipart body.
func (r Request) parts() ([]File, error) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("content type: %w", err)
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	var out []File
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("multipart: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("multipart: %w", err)
		}
		out = append(out, File{Field: p.FormName(), Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
	}
}

// record appends a request and wakes waiters; it returns the request's
// index, for replied.
func (s *Server) record(r Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	s.notify()
	return len(s.requests) - 1
}

// replied sets the status of the request recorded at i.
func (s *Server) replied(i, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[i].Status = status
}

// Requests returns every REST request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests matching method ("" or "*" for any) and
// pathPattern, in arrival order. In the pattern "*" stands for exactly one
// path segment, and the "/api/vN" prefix is optional and ignores the version:
// "/api/v10/interactions/*/*/callback" and "/interactions/*/*/callback" both
// match discordgo's "/api/v9/interactions/1/tok/callback".
func (s *Server) RequestsTo(method, pathPattern string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.matching(method, pathPattern)
}

// matching filters s.requests; s.mu must be held.
func (s *Server) matching(method, pattern string) []Request {
	var out []Request
	for _, r := range s.requests {
		if requestMatches(r.Method, r.Path, method, pattern) {
			out = append(out, r)
		}
	}
	return out
}

// WaitRequest blocks until a request matching method and pathPattern (see
// RequestsTo) has arrived, and returns the first such request.
func (s *Server) WaitRequest(ctx context.Context, method, pathPattern string) (Request, error) {
	return s.WaitRequestN(ctx, method, pathPattern, 1)
}

// WaitRequestN blocks until n requests matching method and pathPattern have
// arrived, and returns the n-th (1-based).
func (s *Server) WaitRequestN(ctx context.Context, method, pathPattern string, n int) (Request, error) {
	if n < 1 {
		return Request{}, fmt.Errorf("wait request: n = %d, want >= 1", n)
	}
	var got Request
	what := fmt.Sprintf("request #%d %s %s", n, method, pathPattern)
	err := s.waitFor(ctx, what, func() bool {
		rs := s.matching(method, pathPattern)
		if len(rs) < n {
			return false
		}
		got = rs[n-1]
		return true
	})
	return got, err
}

// requestMatches reports whether a request fits a method and path pattern.
func requestMatches(method, path, wantMethod, pattern string) bool {
	if wantMethod != "" && wantMethod != "*" && !strings.EqualFold(method, wantMethod) {
		return false
	}
	_, ok := matchPath(pattern, path)
	return ok
}

// matchPath matches a path against a pattern with "*" segments, ignoring
// any "/api/vN" prefix on either, and returns the wildcard segments.
func matchPath(pattern, path string) ([]string, bool) {
	ps := segments(stripVersion(pattern))
	xs := segments(stripVersion(path))
	if len(ps) != len(xs) {
		return nil, false
	}
	var params []string
	for i, p := range ps {
		switch {
		case p == "*":
			if xs[i] == "" {
				return nil, false
			}
			params = append(params, xs[i])
		case p != xs[i]:
			return nil, false
		}
	}
	return params, true
}

// segments splits a path into its segments, ignoring one trailing slash.
func segments(p string) []string {
	p = strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// stripVersion removes a leading "/api/v<N>" (or "/api/v*") from a path.
func stripVersion(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/v")
	if !ok {
		return p
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		i = len(rest)
	}
	if v := rest[:i]; v != "*" && !isDigits(v) {
		return p
	}
	return rest[i:]
}

// apiVersion returns the N of a "/api/vN/..." path, or "" when absent.
func apiVersion(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/v")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, "/")
	if !isDigits(v) {
		return ""
	}
	return v
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
