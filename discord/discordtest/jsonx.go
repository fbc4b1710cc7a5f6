package discordtest

import (
	"encoding/json"
	"errors"

	"github.com/bwmarrin/discordgo"
)

// eventJSON encodes dispatch data as Discord would send it.
func eventJSON(data any) (json.RawMessage, error) {
	switch v := data.(type) {
	case json.RawMessage:
		return checkJSON(v)
	case []byte:
		return checkJSON(v)
	case *discordgo.Message:
		return messageJSON(v)
	case *discordgo.MessageCreate:
		return messageJSON(v.Message)
	case *discordgo.Interaction:
		return interactionJSON(v)
	case *discordgo.InteractionCreate:
		return interactionJSON(v.Interaction)
	}
	return json.Marshal(data)
}

// checkJSON returns b when it is valid JSON.
func checkJSON(b []byte) (json.RawMessage, error) {
	if !json.Valid(b) {
		return nil, errors.New("invalid json")
	}
	return b, nil
}

// messageJSON encodes m including its components, which discordgo's
// Message does not marshal (its Components field is tagged "-").
func messageJSON(m *discordgo.Message) (json.RawMessage, error) {
	if m == nil {
		return nil, errors.New("nil message")
	}
	return withKey(m, "components", componentsOrEmpty(m.Components))
}

// componentsOrEmpty returns cs, or an empty list as Discord sends.
func componentsOrEmpty(cs []discordgo.MessageComponent) any {
	if len(cs) == 0 {
		return []any{}
	}
	return cs
}

// interactionJSON encodes i, with its message's components.
func interactionJSON(i *discordgo.Interaction) (json.RawMessage, error) {
	if i == nil {
		return nil, errors.New("nil interaction")
	}
	if i.Message == nil {
		return json.Marshal(i)
	}
	msg, err := messageJSON(i.Message)
	if err != nil {
		return nil, err
	}
	return withKey(i, "message", msg)
}

// withKey marshals v as an object and sets key to value.
func withKey(v any, key string, value any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	val, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	obj[key] = val
	return json.Marshal(obj)
}
