package discordtest

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// maxBody bounds a REST request body (Discord's upload limit is lower).
const maxBody = 64 << 20

// reply is a REST answer: a status and a JSON body (nil for none).
type reply struct {
	status int
	body   any
}

// frozen encodes the body now, while the state it points into is locked.
func (r reply) frozen() reply {
	if r.body == nil {
		return r
	}
	b, err := json.Marshal(r.body)
	if err != nil {
		return apiError(http.StatusInternalServerError, 0, "500: Internal Server Error")
	}
	r.body = json.RawMessage(b)
	return r
}

// ok is a 200 with body.
func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

// noContent is a 204.
func noContent() reply { return reply{status: http.StatusNoContent} }

// apiError is Discord's {"message","code"} error reply.
func apiError(status, code int, message string) reply {
	return reply{status: status, body: map[string]any{"message": message, "code": code}}
}

// errNotFound is the reply for unknown routes.
func errNotFound() reply { return apiError(http.StatusNotFound, 0, "404: Not Found") }

// errMethodNotAllowed is the reply for a known path with another method.
func errMethodNotAllowed() reply {
	return apiError(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
}

// errUnauthorized is the reply for a missing or wrong bot token.
func errUnauthorized() reply { return apiError(http.StatusUnauthorized, 0, "401: Unauthorized") }

// errUnknownMessage is Discord's 10008.
func errUnknownMessage() reply {
	return apiError(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
}

// errUnknownWebhook is Discord's 10015.
func errUnknownWebhook() reply { return apiError(http.StatusNotFound, 10015, "Unknown Webhook") }

// errUnknownInteract is Discord's 10062 (unknown or expired interaction).
func errUnknownInteract() reply { return apiError(http.StatusNotFound, 10062, "Unknown interaction") }

// errAlreadyAcked is Discord's 40060.
func errAlreadyAcked() reply {
	return apiError(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
}

// errEmptyMessage is Discord's 50006.
func errEmptyMessage() reply {
	return apiError(http.StatusBadRequest, codeEmptyMessage, "Cannot send an empty message")
}

// errInvalidJSON is Discord's 50109.
func errInvalidJSON() reply {
	return apiError(http.StatusBadRequest, codeInvalidJSON, "The request body contains invalid JSON.")
}

// errMissingAccess is Discord's 50001.
func errMissingAccess() reply { return apiError(http.StatusForbidden, 50001, "Missing Access") }

// errNotAuthor is Discord's 50005.
func errNotAuthor() reply {
	return apiError(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
}

// errWrongChannelType is Discord's 50024, as for a thread started in a
// thread.
func errWrongChannelType() reply {
	return apiError(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
}

// errThreadExists is Discord's 160004.
func errThreadExists() reply {
	return apiError(http.StatusBadRequest, 160004, "A thread has already been created for this message")
}

// call is one routed REST request.
type call struct {
	req    Request
	params []string
}

// decode reads the JSON (or payload_json) body into v.
func (c *call) decode(v any) (reply, bool) {
	if err := c.req.JSON(v); err != nil {
		return errInvalidJSON(), false
	}
	return reply{}, true
}

// files returns the uploaded files.
func (c *call) files() []File {
	fs, _ := c.req.Files()
	return fs
}

// route is one REST endpoint, its path relative to /api/vN.
type route struct {
	method, pattern string
	public          bool // reachable without the bot token
	handle          func(*Server, *call) reply
}

// routes lists the endpoints the fake serves; literal segments come before
// wildcards at the same position.
func routes() []route {
	return []route{
		{http.MethodGet, "/gateway", true, (*Server).getGateway},
		{http.MethodGet, "/gateway/bot", false, (*Server).getGatewayBot},
		{http.MethodGet, "/users/@me", false, (*Server).getMe},
		{http.MethodGet, "/applications/*/commands", false, (*Server).getCommands},
		{http.MethodPut, "/applications/*/commands", false, (*Server).putCommands},
		{http.MethodPost, "/applications/*/commands", false, (*Server).postCommand},
		{http.MethodGet, "/applications/*/guilds/*/commands", false, (*Server).getCommands},
		{http.MethodPut, "/applications/*/guilds/*/commands", false, (*Server).putCommands},
		{http.MethodPost, "/applications/*/guilds/*/commands", false, (*Server).postCommand},
		{http.MethodPost, "/interactions/*/*/callback", true, (*Server).interactionCallback},
		{http.MethodPost, "/webhooks/*/*", true, (*Server).postFollowup},
		{http.MethodGet, "/webhooks/*/*/messages/*", true, (*Server).getWebhookMessage},
		{http.MethodPatch, "/webhooks/*/*/messages/*", true, (*Server).patchWebhookMessage},
		{http.MethodDelete, "/webhooks/*/*/messages/*", true, (*Server).deleteWebhookMessage},
		{http.MethodGet, "/channels/*", false, (*Server).getChannel},
		{http.MethodPatch, "/channels/*", false, (*Server).patchChannel},
		{http.MethodPost, "/channels/*/messages", false, (*Server).postMessage},
		{http.MethodGet, "/channels/*/messages", false, (*Server).listMessages},
		{http.MethodGet, "/channels/*/messages/*", false, (*Server).getMessage},
		{http.MethodPatch, "/channels/*/messages/*", false, (*Server).patchMessage},
		{http.MethodDelete, "/channels/*/messages/*", false, (*Server).deleteMessage},
		{http.MethodPost, "/channels/*/messages/*/threads", false, (*Server).startMessageThread},
		{http.MethodPost, "/channels/*/threads", false, (*Server).startThread},
		{http.MethodPost, "/channels/*/typing", false, (*Server).typing},
	}
}

// serveHTTP serves the gateway upgrade and every REST request.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if isGatewayPath(r.URL.Path) && websocket.IsWebSocketUpgrade(r) {
		s.serveGateway(w, r)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, At: time.Now()}
	at := s.record(req)
	if err != nil {
		rep := apiError(http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
		writeReply(w, rep, "")
		s.replied(at, rep.status)
		return
	}
	if !s.delay(r.Context()) {
		return
	}
	if f, ok := s.takeFault(req); ok {
		f.write(w)
		s.replied(at, f.Status)
		return
	}
	rep, bucket := s.dispatchREST(req)
	writeReply(w, rep, bucket)
	s.replied(at, rep.status)
}

// delay waits out the configured latency; false when the client left or the
// server closed first.
func (s *Server) delay(ctx context.Context) bool {
	s.mu.Lock()
	d := s.latency
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

// dispatchREST routes a request and runs its handler under s.mu. It
// returns the reply and the rate-limit bucket of the matched route.
func (s *Server) dispatchREST(req Request) (reply, string) {
	version := apiVersion(req.Path)
	if version != "9" && version != "10" {
		return errNotFound(), ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wrongMethod := false
	for _, rt := range s.routes {
		params, ok := matchPath(rt.pattern, req.Path)
		if !ok {
			continue
		}
		if rt.method != req.Method {
			wrongMethod = true
			continue
		}
		bucket := bucketOf(rt.method + " " + rt.pattern)
		if !rt.public && !s.authorized(req.Header) {
			return errUnauthorized(), bucket
		}
		if strings.HasPrefix(rt.pattern, "/channels/") && s.world.deleted[params[0]] {
			return apiError(http.StatusNotFound, 10003, "Unknown Channel"), bucket
		}
		rep := rt.handle(s, &call{req: req, params: params})
		return rep.frozen(), bucket
	}
	if wrongMethod {
		return errMethodNotAllowed(), ""
	}
	return errNotFound(), ""
}

// authorized checks the bot token when Options.Token is set.
func (s *Server) authorized(h http.Header) bool {
	return s.opts.Token == "" || h.Get("Authorization") == "Bot "+s.opts.Token
}

// bucketOf names a rate-limit bucket like Discord's opaque hashes.
func bucketOf(route string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(route))
	return strconv.FormatUint(h.Sum64(), 16)
}

// writeReply sends rep with generous X-RateLimit-* headers.
func writeReply(w http.ResponseWriter, rep reply, bucket string) {
	h := w.Header()
	if bucket != "" {
		reset := float64(time.Now().Add(time.Second).UnixMilli()) / 1000
		h.Set("X-RateLimit-Limit", "50")
		h.Set("X-RateLimit-Remaining", "49")
		h.Set("X-RateLimit-Reset", strconv.FormatFloat(reset, 'f', 3, 64))
		h.Set("X-RateLimit-Reset-After", "1.000")
		h.Set("X-RateLimit-Bucket", bucket)
	}
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	b, err := json.Marshal(rep.body)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	_, _ = w.Write(b)
}

// getGateway serves GET /gateway.
func (s *Server) getGateway(*call) reply {
	return ok(map[string]any{"url": s.GatewayURL()})
}

// getGatewayBot serves GET /gateway/bot.
func (s *Server) getGatewayBot(*call) reply {
	return ok(map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
}

// getMe serves GET /users/@me.
func (s *Server) getMe(*call) reply { return ok(s.botUser()) }

// typing serves POST /channels/{id}/typing.
func (s *Server) typing(*call) reply { return noContent() }
