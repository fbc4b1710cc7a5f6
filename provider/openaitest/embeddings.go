package openaitest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"strings"
)

// Wire structs for POST /embeddings.

type wireEmbeddingRequest struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	EncodingFormat string          `json:"encoding_format"`
	Dimensions     *int            `json:"dimensions"`
}

type wireEmbeddingResponse struct {
	Object string          `json:"object"`
	Data   []wireEmbedding `json:"data"`
	Model  string          `json:"model"`
	Usage  wireEmbedUsage  `json:"usage"`
}

type wireEmbedding struct {
	Object    string `json:"object"`
	Index     int    `json:"index"`
	Embedding any    `json:"embedding"` // []float32 or base64 string
}

type wireEmbedUsage struct {
	PromptTokens int `json:"prompt_tokens"`
	TotalTokens  int `json:"total_tokens"`
}

func (s *Server) serveEmbeddings(w http.ResponseWriter, r *http.Request, body []byte, f Fault, rt route) {
	var wr wireEmbeddingRequest
	decErr := json.Unmarshal(body, &wr)
	var inputs []string
	var inputErr *apiErr
	if decErr == nil {
		inputs, inputErr = s.embeddingInputs(wr.Input, rt)
		req := EmbeddingRequest{
			Model:          wr.Model,
			Inputs:         inputs,
			EncodingFormat: wr.EncodingFormat,
			Deployment:     rt.deployment,
			APIVersion:     rt.apiVersion,
		}
		if wr.Dimensions != nil {
			req.Dimensions = *wr.Dimensions
		}
		s.mu.Lock()
		s.embeds = append(s.embeds, req)
		s.mu.Unlock()
	}

	if f.terminal() {
		writeFault(w, f, EndpointEmbeddings, wr.Model, rt.presented)
		return
	}
	if f.kind == faultSlow && !s.wait(r, f.delay) {
		s.noteSlowExit()
		return
	}
	invalid := func(msg, param, code string) {
		writeAPIError(w, http.StatusBadRequest, apiErr{Message: msg, Type: "invalid_request_error", Param: param, Code: code})
	}
	switch {
	case decErr != nil:
		writeAPIError(w, http.StatusBadRequest, decodeErr(decErr))
		return
	case wr.Model == "" && !rt.azure:
		invalid("you must provide a model parameter", "", "")
		return
	case inputErr != nil:
		writeAPIError(w, http.StatusBadRequest, *inputErr)
		return
	case wr.EncodingFormat != "" && wr.EncodingFormat != "float" && wr.EncodingFormat != "base64":
		invalid(fmt.Sprintf("Invalid value: '%s'. Supported values are: 'float' and 'base64'.", wr.EncodingFormat),
			"encoding_format", "invalid_value")
		return
	}
	dim := s.opts.EmbeddingDim
	if wr.Dimensions != nil {
		if wr.Model == "text-embedding-ada-002" {
			invalid("This model does not support specifying dimensions.", "", "")
			return
		}
		if *wr.Dimensions < 1 {
			invalid(fmt.Sprintf("Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got %d instead.",
				*wr.Dimensions), "dimensions", "integer_below_min_value")
			return
		}
		dim = *wr.Dimensions
	}

	resp := wireEmbeddingResponse{Object: "list", Model: wr.Model, Data: make([]wireEmbedding, len(inputs))}
	if resp.Model == "" {
		resp.Model = rt.deployment
	}
	for i, in := range inputs {
		var vec []float32
		if s.opts.Embed != nil {
			if !s.callSafely("Embed", func() { vec = s.opts.Embed(wr.Model, in) }) {
				writeAPIError(w, http.StatusInternalServerError, apiErr{Message: "openaitest: Options.Embed panicked", Type: "server_error"})
				return
			}
		} else {
			vec = DefaultEmbedding(in, dim)
		}
		var enc any = vec
		if wr.EncodingFormat == "base64" {
			enc = encodeBase64(vec)
		}
		resp.Data[i] = wireEmbedding{Object: "embedding", Index: i, Embedding: enc}
		resp.Usage.PromptTokens += estimateTokens(in)
	}
	resp.Usage.TotalTokens = resp.Usage.PromptTokens

	s.mu.Lock()
	s.embedded += len(inputs)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, okHeaders(), resp)
}

// embeddingInputs decodes "input": a non-empty string or a non-empty array
// of non-empty strings, at most MaxBatch long. Token arrays are rejected.
func (s *Server) embeddingInputs(raw json.RawMessage, rt route) ([]string, *apiErr) {
	invalidInput := &apiErr{Message: msgInvalidInput, Type: "invalid_request_error"}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, invalidInput
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		if one == "" {
			return nil, invalidInput
		}
		return []string{one}, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || len(items) == 0 {
		return nil, invalidInput
	}
	if len(items) > s.opts.MaxBatch {
		if rt.azure {
			return nil, &apiErr{
				Message: fmt.Sprintf("Too many inputs. The max number of inputs is %d. We hope to increase the number of "+
					"inputs per request soon. Please contact us through an Azure support request at: "+
					"https://go.microsoft.com/fwlink/?linkid=2213926 for further questions.", s.opts.MaxBatch),
				Type: "invalid_request_error",
			}
		}
		return nil, invalidInput
	}
	inputs := make([]string, 0, len(items))
	for _, it := range items {
		var str string
		if err := json.Unmarshal(it, &str); err == nil {
			if str == "" {
				return inputs, invalidInput
			}
			inputs = append(inputs, str)
			continue
		}
		if len(it) > 0 && (it[0] == '[' || it[0] == '-' || (it[0] >= '0' && it[0] <= '9')) {
			return inputs, &apiErr{
				Message: "openaitest: token-array embedding input is not supported by the fake; send strings",
				Type:    "invalid_request_error",
				Param:   "input",
				Code:    "unsupported_value",
			}
		}
		return inputs, invalidInput
	}
	return inputs, nil
}

// DefaultEmbedding is the fake's default embedding of text: a
// deterministic unit-length vector of dimension dim built by hashing the
// character trigrams and words of the lower-cased, space-normalized text
// into signed buckets. Identical texts give identical vectors; texts that
// share many trigrams have a high cosine similarity.
func DefaultEmbedding(text string, dim int) []float32 {
	if dim <= 0 {
		dim = DefaultEmbeddingDim
	}
	acc := make([]float64, dim)
	add := func(feature string) {
		h := fnv.New64a()
		h.Write([]byte(feature))
		sum := h.Sum64()
		sign := 1.0
		if sum>>63 == 1 {
			sign = -1
		}
		acc[sum%uint64(dim)] += sign
	}
	norm := " " + strings.ToLower(strings.Join(strings.Fields(text), " ")) + " "
	runes := []rune(norm)
	for i := 0; i+3 <= len(runes); i++ {
		add(string(runes[i : i+3]))
	}
	for _, word := range strings.Fields(norm) {
		add("w:" + word)
	}
	var sq float64
	for _, v := range acc {
		sq += v * v
	}
	out := make([]float32, dim)
	if sq == 0 {
		h := fnv.New64a()
		h.Write([]byte(text))
		out[h.Sum64()%uint64(dim)] = 1
		return out
	}
	n := math.Sqrt(sq)
	for i, v := range acc {
		out[i] = float32(v / n)
	}
	return out
}

// encodeBase64 encodes vec as OpenAI does for encoding_format "base64":
// little-endian float32s, standard base64.
func encodeBase64(vec []float32) string {
	buf := make([]byte, 4*len(vec))
	for i, v := range vec {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	return base64.StdEncoding.EncodeToString(buf)
}
