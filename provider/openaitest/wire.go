package openaitest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// apiErr is the body of OpenAI's {"error":{...}} envelope. Empty Param and
// Code are sent as JSON null, as OpenAI does.
type apiErr struct {
	Message string
	Type    string
	Param   string
	Code    string
}

func (e apiErr) MarshalJSON() ([]byte, error) {
	nullable := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return json.Marshal(struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	}{e.Message, e.Type, nullable(e.Param), nullable(e.Code)})
}

const (
	msgNoAPIKey = "You didn't provide an API key. You need to provide your API key in an Authorization header " +
		"using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) " +
		"if you're accessing the API from your browser and are prompted for a username. " +
		"You can obtain an API key from https://platform.openai.com/account/api-keys."
	msgBadJSON = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your " +
		"HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. " +
		"If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
	msgInvalidInput = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."
)

// invalidKeyErr is OpenAI's 401 for a wrong key; the key is masked.
func invalidKeyErr(presented string) apiErr {
	return apiErr{
		Message: "Incorrect API key provided: " + maskKey(presented) +
			". You can find your API key at https://platform.openai.com/account/api-keys.",
		Type: "invalid_request_error",
		Code: "invalid_api_key",
	}
}

// maskKey masks an API key the way OpenAI does in 401 messages: a short
// prefix and the last four characters stay, the rest become '*'. Keys of
// twelve characters or fewer are masked entirely, so the full key never
// appears.
func maskKey(key string) string {
	if key == "" {
		return "sk-****"
	}
	r := []rune(key)
	if len(r) <= 12 {
		return strings.Repeat("*", len(r))
	}
	head := 3
	if strings.HasPrefix(key, "sk-proj-") {
		head = len("sk-proj-")
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-4) + string(r[len(r)-4:])
}

func writeAPIError(w http.ResponseWriter, status int, e apiErr) {
	writeJSON(w, status, nil, struct {
		Error apiErr `json:"error"`
	}{e})
}

func writeJSON(w http.ResponseWriter, status int, h http.Header, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only user callbacks can produce unmarshalable values (NaN).
		writeAPIError(w, http.StatusInternalServerError, apiErr{
			Message: "openaitest: encoding response: " + err.Error(), Type: "server_error",
		})
		return
	}
	writeRaw(w, status, h, string(b))
}

func writeRaw(w http.ResponseWriter, status int, h http.Header, body string) {
	for k, vs := range h {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if w.Header().Get("x-request-id") == "" {
		w.Header().Set("x-request-id", "req_"+randHex(16))
	}
	w.Header().Set("openai-version", "2020-10-01")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// okHeaders are the rate-limit headers OpenAI sends on successful replies.
func okHeaders() http.Header {
	h := http.Header{}
	h.Set("openai-processing-ms", "1")
	h.Set("x-ratelimit-limit-requests", "10000")
	h.Set("x-ratelimit-remaining-requests", "9999")
	h.Set("x-ratelimit-reset-requests", "6ms")
	h.Set("x-ratelimit-limit-tokens", "30000000")
	h.Set("x-ratelimit-remaining-tokens", "29999000")
	h.Set("x-ratelimit-reset-tokens", "2ms")
	return h
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// estimateTokens is a rough token count: about four bytes per token.
func estimateTokens(s string) int {
	if s == "" {
		return 0
	}
	return max(1, (len(s)+3)/4)
}

// decodeErr converts a json.Unmarshal error into OpenAI's 400 error.
func decodeErr(err error) apiErr {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return apiErr{
			Message: fmt.Sprintf("Invalid type for '%s': expected %s, but got %s instead.",
				te.Field, describeGoType(te.Type.Kind().String()), describeJSON(te.Value)),
			Type:  "invalid_request_error",
			Param: te.Field,
			Code:  "invalid_type",
		}
	}
	return apiErr{Message: msgBadJSON, Type: "invalid_request_error"}
}

func describeGoType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "float32", "float64":
		return "a decimal"
	default:
		if strings.HasPrefix(kind, "int") || strings.HasPrefix(kind, "uint") {
			return "an integer"
		}
		return "a " + kind
	}
}

func describeJSON(v string) string {
	switch v {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "array":
		return "an array"
	case "object":
		return "an object"
	case "number":
		return "a number"
	default:
		return "a " + v
	}
}
