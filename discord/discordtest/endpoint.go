package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// EndpointReply is what an Interactions Endpoint URL answered.
type EndpointReply struct {
	Status   int
	Header   http.Header
	Body     []byte
	Response *discordgo.InteractionResponse // decoded when Status is 200
}

// PostInteraction delivers i to an Interactions Endpoint URL the way
// Discord does when an application uses one instead of the gateway: a POST
// of the interaction JSON signed with key (Ed25519 over the
// X-Signature-Timestamp value followed by the body). A 200 reply is the
// interaction's response, applied like a callback, so the application's
// later webhook edits and follow-ups are accepted. at is the timestamp to
// sign (the zero time means now).
func (s *Server) PostInteraction(ctx context.Context, endpoint string, key ed25519.PrivateKey, i *discordgo.Interaction, at time.Time) (EndpointReply, error) {
	raw, err := eventJSON(i)
	if err != nil {
		return EndpointReply{}, fmt.Errorf("post interaction: %w", err)
	}
	if i.Type != discordgo.InteractionPing {
		s.mu.Lock()
		err = s.observeInteraction(raw)
		s.mu.Unlock()
		if err != nil {
			return EndpointReply{}, fmt.Errorf("post interaction: %w", err)
		}
	}
	if at.IsZero() {
		at = time.Now()
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(ts), raw...))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(raw))
	if err != nil {
		return EndpointReply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
	return s.deliverToEndpoint(req, i)
}

// PostRaw sends a request to an Interactions Endpoint URL exactly as given,
// for probing its verification with bad signatures, as Discord does.
func PostRaw(ctx context.Context, endpoint string, header http.Header, body []byte) (EndpointReply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return EndpointReply{}, err
	}
	req.Header = header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return EndpointReply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return EndpointReply{Status: resp.StatusCode, Header: resp.Header, Body: b}, err
}

func (s *Server) deliverToEndpoint(req *http.Request, i *discordgo.Interaction) (EndpointReply, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return EndpointReply{}, fmt.Errorf("post interaction: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return EndpointReply{}, fmt.Errorf("post interaction: %w", err)
	}
	out := EndpointReply{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if resp.StatusCode != http.StatusOK {
		return out, nil
	}
	r, err := decodeResponse(body)
	if err != nil {
		return out, fmt.Errorf("post interaction: response is not JSON: %w", err)
	}
	out.Response = r
	if i.Type == discordgo.InteractionPing {
		return out, nil
	}
	return out, s.acceptEndpointResponse(i.ID, body)
}

// decodeResponse decodes an interaction response. discordgo cannot decode
// the components of one (MessageComponent is an interface), but decodes
// those of a Message, so they are read through one.
func decodeResponse(body []byte) (*discordgo.InteractionResponse, error) {
	var wire struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data map[string]json.RawMessage        `json:"data"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, err
	}
	r := &discordgo.InteractionResponse{Type: wire.Type}
	if wire.Data == nil {
		return r, nil
	}
	components := wire.Data["components"]
	delete(wire.Data, "components")
	rest, err := json.Marshal(wire.Data)
	if err != nil {
		return nil, err
	}
	r.Data = &discordgo.InteractionResponseData{}
	if err := json.Unmarshal(rest, r.Data); err != nil {
		return nil, err
	}
	if components != nil {
		var m discordgo.Message
		if err := json.Unmarshal([]byte(`{"components":`+string(components)+`}`), &m); err != nil {
			return nil, err
		}
		r.Data.Components = m.Components
	}
	return r, nil
}

// acceptEndpointResponse applies an endpoint's response as the
// interaction's callback, checked as Discord checks callbacks.
func (s *Server) acceptEndpointResponse(id string, body []byte) error {
	var p callbackPayload
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("endpoint response: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.world.interactions[id]
	if it == nil {
		return fmt.Errorf("endpoint response for unknown interaction %s", id)
	}
	if !slices.Contains(allowedCallbacks(discordgo.InteractionType(it.typ)), p.Type) {
		return fmt.Errorf("endpoint response type %d is not valid for this interaction", p.Type)
	}
	if p.Data == nil {
		p.Data = map[string]any{}
	}
	if r, good := validateCallback(p, 0); !good {
		return fmt.Errorf("endpoint response refused: %v", r.body)
	}
	it.acked = true
	s.applyCallback(it, p, nil)
	s.notify()
	return nil
}
