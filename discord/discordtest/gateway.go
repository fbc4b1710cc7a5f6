package discordtest

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// gatewayPath is where the gateway WebSocket is served; discordgo appends a
// "/" to the URL from GET /gateway, so "/gateway/" is served too.
const gatewayPath = "/gateway"

// Gateway opcodes (Discord's documented numbering).
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresenceUpdate = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// Gateway close codes the fake uses.
const (
	closeUnknownOpcode    = 4001
	closeDecodeError      = 4002
	closeNotAuthenticated = 4003
	closeAuthFailed       = 4004
	closeAlreadyAuthed    = 4005
	closeInvalidVersion   = 4012
)

// GatewayPayload is one payload a client sent on the gateway.
type GatewayPayload struct {
	Op   int
	Data json.RawMessage
	At   time.Time
}

// gateway is the fake's gateway state, guarded by Server.mu.
type gateway struct {
	conns      map[*gwConn]struct{}
	sessions   map[string]*gwSession
	current    *gwSession // the most recently identified or resumed session
	identifies int
	resumes    int
	heartbeats int
	readies    int
	identified []discordgo.Identify
	received   []GatewayPayload
}

// newGateway returns empty gateway state.
func newGateway() gateway {
	return gateway{conns: map[*gwConn]struct{}{}, sessions: map[string]*gwSession{}}
}

// connList returns the open connections.
func (g *gateway) connList() []*gwConn {
	out := make([]*gwConn, 0, len(g.conns))
	for c := range g.conns {
		out = append(out, c)
	}
	return out
}

// gwSession is a gateway session: its sequence numbers and the dispatches
// it carried, kept for replay on RESUME.
type gwSession struct {
	id      string
	seq     int64
	log     []loggedDispatch
	conn    *gwConn // nil while disconnected
	token   string
	intents discordgo.Intent
}

// loggedDispatch is a sent dispatch, replayable by sequence number.
type loggedDispatch struct {
	seq   int64
	frame []byte
}

// gwConn is one WebSocket connection. Writes go through out, drained by a
// single writer goroutine so frames keep their order.
type gwConn struct {
	ws       *websocket.Conn
	out      chan outFrame
	closed   chan struct{}
	once     sync.Once
	beat     chan struct{} // closed on the first heartbeat
	beatOnce sync.Once
	version  int        // the gateway version the client asked for
	sess     *gwSession // guarded by Server.mu
	compress bool       // guarded by Server.mu
}

// kill closes the connection abruptly, without a close frame.
func (c *gwConn) kill() {
	c.once.Do(func() {
		close(c.closed)
		_ = c.ws.Close()
	})
}

// closeWith sends a close frame with code and reason, then closes.
func (c *gwConn) closeWith(code int, reason string) {
	msg := websocket.FormatCloseMessage(code, reason)
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	c.kill()
}

// outFrame is a queued WebSocket message.
type outFrame struct {
	typ  int // websocket.TextMessage or BinaryMessage
	data []byte
}

// writeLoop sends queued frames until the connection closes.
func (c *gwConn) writeLoop() {
	for {
		select {
		case <-c.closed:
			return
		case f := <-c.out:
			_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if err := c.ws.WriteMessage(f.typ, f.data); err != nil {
				c.kill()
				return
			}
		}
	}
}

// frame is a gateway payload as sent by the fake.
type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

// encodeFrame marshals a payload; seq 0 and t "" encode as null.
func encodeFrame(op int, d any, seq int64, t string) []byte {
	raw, err := json.Marshal(d)
	if err != nil {
		raw = []byte("null")
	}
	f := frame{Op: op, D: raw}
	if seq > 0 {
		f.S = &seq
	}
	if t != "" {
		f.T = &t
	}
	b, _ := json.Marshal(f)
	return b
}

// enqueue queues a frame on c, compressing it when negotiated; s.mu must be
// held. A client that lets 1024 frames pile up is disconnected.
func (s *Server) enqueue(c *gwConn, b []byte) {
	f := outFrame{typ: websocket.TextMessage, data: b}
	if c.compress {
		f = outFrame{typ: websocket.BinaryMessage, data: zlibBytes(b)}
	}
	select {
	case c.out <- f:
	default:
		c.kill()
	}
}

// zlibBytes compresses b as one zlib stream (Discord's payload compression).
func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// isGatewayPath reports whether p is the gateway WebSocket path.
func isGatewayPath(p string) bool {
	return p == gatewayPath || p == gatewayPath+"/"
}

// upgrader accepts any origin: clients are tests on loopback.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway upgrades to a WebSocket and runs the connection.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws, out: make(chan outFrame, 1024), closed: make(chan struct{}), beat: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.gw.conns[c] = struct{}{}
	s.wg.Add(1)
	s.notify()
	s.mu.Unlock()
	defer s.wg.Done()

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		c.writeLoop()
	}()
	s.runConn(c, r)
	c.kill()
	<-writerDone
}

// runConn says HELLO, then reads payloads until the connection ends.
func (s *Server) runConn(c *gwConn, r *http.Request) {
	q := r.URL.Query()
	switch v := q.Get("v"); v {
	case "9":
		c.version = 9
	case "", "10":
		c.version = 10
	default:
		c.closeWith(closeInvalidVersion, "Invalid API version")
		s.connGone(c, nil)
		return
	}
	if e := q.Get("encoding"); e != "" && e != "json" {
		c.closeWith(closeDecodeError, "Error while decoding payload.")
		s.connGone(c, nil)
		return
	}
	s.mu.Lock()
	interval := s.opts.HeartbeatInterval.Milliseconds()
	s.enqueue(c, encodeFrame(opHello, map[string]any{"heartbeat_interval": interval, "_trace": []string{"discordtest"}}, 0, ""))
	s.mu.Unlock()
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			s.connGone(c, err)
			return
		}
		s.handlePayload(c, msg)
	}
}

// connGone forgets a closed connection. A client close with 1000 or 1001
// ends its session (it cannot be resumed), as on Discord; any other close,
// or none, leaves it resumable.
func (s *Server) connGone(c *gwConn, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.gw.conns, c)
	if sess := c.sess; sess != nil && sess.conn == c {
		sess.conn = nil
		var ce *websocket.CloseError
		if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
			s.endSession(sess)
		}
	}
	c.sess = nil
	s.notify()
}

// endSession makes a session unresumable; s.mu must be held.
func (s *Server) endSession(sess *gwSession) {
	delete(s.gw.sessions, sess.id)
	if s.gw.current == sess {
		s.gw.current = nil
	}
}

// inPayload is a payload received from a client.
type inPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

// handlePayload processes one client payload.
func (s *Server) handlePayload(c *gwConn, msg []byte) {
	var p inPayload
	if err := json.Unmarshal(msg, &p); err != nil {
		c.closeWith(closeDecodeError, "Error while decoding payload.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.received = append(s.gw.received, GatewayPayload{Op: p.Op, Data: append(json.RawMessage(nil), p.D...), At: time.Now()})
	defer s.notify()
	switch p.Op {
	case opHeartbeat:
		c.beatOnce.Do(func() { close(c.beat) })
		s.gw.heartbeats++
		s.enqueue(c, encodeFrame(opHeartbeatACK, nil, 0, ""))
	case opIdentify:
		s.identify(c, p.D)
	case opResume:
		s.resume(c, p.D)
	case opPresenceUpdate, opVoiceState, opRequestMembers:
		if c.sess == nil {
			c.closeWith(closeNotAuthenticated, "Not authenticated.")
		}
	default:
		c.closeWith(closeUnknownOpcode, "Unknown opcode.")
	}
}

// tokenOK reports whether a gateway token is acceptable; s.mu must be held.
func (s *Server) tokenOK(tok string) bool {
	if s.opts.Token == "" {
		return tok != ""
	}
	return strings.TrimPrefix(tok, "Bot ") == s.opts.Token
}

// wireIdentify is the part of IDENTIFY the fake reads. discordgo's own
// Identify cannot decode what discordgo sends: its presence activity's
// created_at is marshalled as a time string but unmarshalled as a number.
type wireIdentify struct {
	Token          string                       `json:"token"`
	Properties     discordgo.IdentifyProperties `json:"properties"`
	Compress       bool                         `json:"compress"`
	LargeThreshold int                          `json:"large_threshold"`
	Shard          *[2]int                      `json:"shard,omitempty"`
	Intents        discordgo.Intent             `json:"intents"`
}

// identify starts a new session on c and sends READY; s.mu must be held.
func (s *Server) identify(c *gwConn, d json.RawMessage) {
	var w wireIdentify
	if err := json.Unmarshal(d, &w); err != nil {
		c.closeWith(closeDecodeError, "Error while decoding payload.")
		return
	}
	id := discordgo.Identify{
		Token: w.Token, Properties: w.Properties, Compress: w.Compress,
		LargeThreshold: w.LargeThreshold, Shard: w.Shard, Intents: w.Intents,
	}
	if !s.tokenOK(id.Token) {
		c.closeWith(closeAuthFailed, "Authentication failed.")
		return
	}
	if c.sess != nil {
		c.closeWith(closeAlreadyAuthed, "Already authenticated.")
		return
	}
	s.gw.identifies++
	s.gw.identified = append(s.gw.identified, id)
	sess := &gwSession{id: randomHex(16), conn: c, token: id.Token, intents: id.Intents}
	s.gw.sessions[sess.id] = sess
	s.gw.current = sess
	c.sess = sess
	c.compress = s.opts.Compress && id.Compress
	sess.seq++
	s.enqueue(c, encodeFrame(opDispatch, s.readyData(sess, id, c.version), sess.seq, "READY"))
	s.gw.readies++
}

// readyData is the READY payload for a session.
func (s *Server) readyData(sess *gwSession, id discordgo.Identify, version int) map[string]any {
	d := map[string]any{
		"v":                  version,
		"user":               s.botUser(),
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.GatewayURL(),
		"application":        map[string]any{"id": s.opts.ApplicationID, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
		"presences":          []any{},
		"relationships":      []any{},
		"user_settings":      map[string]any{},
		"_trace":             []string{"discordtest"},
	}
	if id.Shard != nil {
		d["shard"] = id.Shard
	}
	return d
}

// resumePayload is the d of op 6.
type resumePayload struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

// resume reattaches a session to c, replays what the client missed and
// sends RESUMED; unknown sessions get op 9 d:false. s.mu must be held.
func (s *Server) resume(c *gwConn, d json.RawMessage) {
	var p resumePayload
	if err := json.Unmarshal(d, &p); err != nil {
		c.closeWith(closeDecodeError, "Error while decoding payload.")
		return
	}
	if !s.tokenOK(p.Token) {
		c.closeWith(closeAuthFailed, "Authentication failed.")
		return
	}
	sess, ok := s.gw.sessions[p.SessionID]
	if !ok || c.sess != nil {
		s.enqueue(c, encodeFrame(opInvalidSession, false, 0, ""))
		return
	}
	if old := sess.conn; old != nil && old != c {
		old.sess = nil
		old.kill()
	}
	s.gw.resumes++
	sess.conn, c.sess, s.gw.current = c, sess, sess
	for _, l := range sess.log {
		if l.seq > p.Seq {
			s.enqueue(c, l.frame)
		}
	}
	sess.seq++
	s.enqueue(c, encodeFrame(opDispatch, map[string]any{"_trace": []string{"discordtest"}}, sess.seq, "RESUMED"))
}

// sendDispatch sends an op 0 with the session's next sequence number, and
// keeps it for replay; s.mu must be held.
func (s *Server) sendDispatch(sess *gwSession, t string, d json.RawMessage) {
	sess.seq++
	f := encodeFrame(opDispatch, d, sess.seq, t)
	sess.log = append(sess.log, loggedDispatch{seq: sess.seq, frame: f})
	if sess.conn != nil {
		s.enqueue(sess.conn, f)
	}
}

// Dispatch sends a dispatch (op 0) of eventType with data to the current
// gateway session, with the session's next sequence number. data is sent as
// JSON: discordgo messages and interactions (and their event wrappers) are
// encoded with their components, json.RawMessage and []byte are sent as is,
// anything else goes through encoding/json. While the session is
// disconnected the dispatch is kept and replayed on RESUME. Dispatched
// interactions, messages and channels become known to the REST side.
func (s *Server) Dispatch(eventType string, data any) error {
	raw, err := eventJSON(data)
	if err != nil {
		return fmt.Errorf("dispatch %s: %w", eventType, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.gw.current
	if sess == nil {
		return fmt.Errorf("dispatch %s: no gateway session", eventType)
	}
	if err := s.observe(eventType, raw); err != nil {
		return fmt.Errorf("dispatch %s: %w", eventType, err)
	}
	if eventType == "MESSAGE_CREATE" || eventType == "MESSAGE_UPDATE" {
		raw = s.gateContent(sess, raw)
	}
	s.sendDispatch(sess, eventType, raw)
	s.notify()
	return nil
}

// echo dispatches an event caused by the bot's own REST call (Discord sends
// the bot its own MESSAGE_CREATE, THREAD_CREATE, ...) when the current
// session subscribed to intent; s.mu must be held.
func (s *Server) echo(eventType string, obj any, intent discordgo.Intent) {
	sess := s.gw.current
	if sess == nil || sess.intents&intent == 0 {
		return
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return
	}
	s.sendDispatch(sess, eventType, raw)
	s.notify()
}

// gateContent blanks content, embeds, attachments, components and poll of
// a guild message that neither comes from nor mentions the bot when the
// session lacks the privileged MESSAGE_CONTENT intent, as Discord does.
// s.mu must be held.
func (s *Server) gateContent(sess *gwSession, raw json.RawMessage) json.RawMessage {
	if sess.intents&discordgo.IntentMessageContent != 0 {
		return raw
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil || str(m["guild_id"]) == "" {
		return raw
	}
	if author, _ := m["author"].(map[string]any); str(author["id"]) == s.opts.BotUserID {
		return raw
	}
	mentions, _ := m["mentions"].([]any)
	for _, u := range mentions {
		if u, _ := u.(map[string]any); str(u["id"]) == s.opts.BotUserID {
			return raw
		}
	}
	m["content"] = ""
	m["embeds"], m["attachments"], m["components"] = []any{}, []any{}, []any{}
	delete(m, "poll")
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}

// SendInteraction dispatches INTERACTION_CREATE for i.
func (s *Server) SendInteraction(i *discordgo.Interaction) error {
	return s.Dispatch("INTERACTION_CREATE", i)
}

// SendMessage dispatches MESSAGE_CREATE for m.
func (s *Server) SendMessage(m *discordgo.Message) error {
	return s.Dispatch("MESSAGE_CREATE", m)
}

// firstBeatWait bounds how long server-initiated faults wait for a
// connection's first heartbeat.
const firstBeatWait = 5 * time.Second

// waitFirstBeat waits until c has sent a heartbeat (or closed). discordgo
// sends one as soon as Open returns, from a goroutine that, if a reconnect
// got there first, fails its write and closes the *new* connection with
// 1000 (ending the session); faults therefore wait for it.
func (s *Server) waitFirstBeat(c *gwConn) {
	t := time.NewTimer(firstBeatWait)
	defer t.Stop()
	select {
	case <-c.beat:
	case <-c.closed:
	case <-s.done:
	case <-t.C:
	}
}

// settledConn returns the current session's connection once it has
// heartbeated; s.mu must not be held.
func (s *Server) settledConn(what string) (*gwConn, error) {
	s.mu.Lock()
	c, err := s.currentConn(what)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.waitFirstBeat(c)
	return c, nil
}

// Reconnect sends op 7 (Reconnect) on the current session's connection,
// after that connection's first heartbeat (see DropConnections).
func (s *Server) Reconnect() error {
	c, err := s.settledConn("reconnect")
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, err := s.currentConn("reconnect"); err != nil || cur != c {
		return fmt.Errorf("reconnect: connection changed")
	}
	s.enqueue(c, encodeFrame(opReconnect, nil, 0, ""))
	return nil
}

// InvalidateSession sends op 9 (Invalid Session) with d = resumable on the
// current session's connection, after its first heartbeat. The connection
// is then unidentified; when resumable is false the session can no longer
// be resumed either.
func (s *Server) InvalidateSession(resumable bool) error {
	c, err := s.settledConn("invalidate session")
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, err := s.currentConn("invalidate session"); err != nil || cur != c {
		return fmt.Errorf("invalidate session: connection changed")
	}
	sess := c.sess
	sess.conn, c.sess = nil, nil
	if !resumable {
		s.endSession(sess)
	}
	s.enqueue(c, encodeFrame(opInvalidSession, resumable, 0, ""))
	s.notify()
	return nil
}

// currentConn returns the current session's connection; s.mu must be held.
func (s *Server) currentConn(what string) (*gwConn, error) {
	if s.gw.current == nil || s.gw.current.conn == nil {
		return nil, fmt.Errorf("%s: no connected gateway session", what)
	}
	return s.gw.current.conn, nil
}

// DropConnections closes every gateway connection abruptly (no close frame),
// like a network failure; sessions stay resumable. It first waits (up to
// 5s) for each connection's first heartbeat, because discordgo races that
// heartbeat against its reconnect and can end up closing its own new
// connection. It returns how many connections were dropped.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := s.gw.connList()
	s.mu.Unlock()
	for _, c := range conns {
		s.waitFirstBeat(c)
	}
	s.mu.Lock()
	for _, c := range conns {
		if c.sess != nil && c.sess.conn == c {
			c.sess.conn = nil
		}
		c.sess = nil
		delete(s.gw.conns, c)
	}
	s.notify()
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	return len(conns)
}

// Identifies returns how many IDENTIFYs were accepted.
func (s *Server) Identifies() int { return s.count(func() int { return s.gw.identifies }) }

// Resumes returns how many RESUMEs succeeded.
func (s *Server) Resumes() int { return s.count(func() int { return s.gw.resumes }) }

// Heartbeats returns how many heartbeats were received (each was ACKed).
func (s *Server) Heartbeats() int { return s.count(func() int { return s.gw.heartbeats }) }

// Connections returns how many gateway connections are open.
func (s *Server) Connections() int { return s.count(func() int { return len(s.gw.conns) }) }

// count reads a counter under s.mu.
func (s *Server) count(f func() int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return f()
}

// SessionID returns the current gateway session's ID, or "".
func (s *Server) SessionID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gw.current == nil {
		return ""
	}
	return s.gw.current.id
}

// Identified returns the accepted IDENTIFY payloads (without presence; the
// raw payloads are in GatewayPayloads).
func (s *Server) Identified() []discordgo.Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]discordgo.Identify(nil), s.gw.identified...)
}

// GatewayPayloads returns every payload clients sent on the gateway.
func (s *Server) GatewayPayloads() []GatewayPayload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayPayload(nil), s.gw.received...)
}

// WaitReady blocks until a READY has been sent.
func (s *Server) WaitReady(ctx context.Context) error {
	return s.waitFor(ctx, "READY", func() bool { return s.gw.readies > 0 })
}

// WaitIdentifies blocks until n IDENTIFYs have been accepted.
func (s *Server) WaitIdentifies(ctx context.Context, n int) error {
	return s.waitFor(ctx, fmt.Sprintf("%d identifies", n), func() bool { return s.gw.identifies >= n })
}

// WaitResumes blocks until n RESUMEs have succeeded.
func (s *Server) WaitResumes(ctx context.Context, n int) error {
	return s.waitFor(ctx, fmt.Sprintf("%d resumes", n), func() bool { return s.gw.resumes >= n })
}

// WaitHeartbeats blocks until n heartbeats have been received.
func (s *Server) WaitHeartbeats(ctx context.Context, n int) error {
	return s.waitFor(ctx, fmt.Sprintf("%d heartbeats", n), func() bool { return s.gw.heartbeats >= n })
}

// WaitConnected blocks until the current session has a live connection.
func (s *Server) WaitConnected(ctx context.Context) error {
	return s.waitFor(ctx, "connected session", func() bool { return s.gw.current != nil && s.gw.current.conn != nil })
}

// randomHex returns n random bytes, hex encoded.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
