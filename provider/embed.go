package provider

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/partnerbot/partnerbot/retrieval"
)

// Embed returns the embedding of text; see EmbedBatch.
func (c *Client) Embed(ctx context.Context, text string) ([]float32, error) {
	vecs, err := c.EmbedBatch(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return vecs[0], nil
}

// EmbedBatch returns the embeddings of texts, in order, from one request:
// callers such as retrieval.VectorStore choose the batch size. Vectors are
// placed by the reply's indices; a reply with the wrong count, a bad or
// repeated index, or vectors of differing lengths is ErrMalformed. A text
// that is empty or only white space is refused without a request, with an
// error wrapping retrieval.ErrEmptyEmbedding and ErrBadRequest.
func (c *Client) EmbedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return [][]float32{}, nil
	}
	if err := c.checkInputs(texts); err != nil {
		return nil, err
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	resp, err := c.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
		Input: texts,
		Model: openai.EmbeddingModel(c.embedModel),
	})
	if err != nil {
		return nil, c.wrap(opEmbed, err)
	}
	return c.place(resp.Data, len(texts))
}

func (c *Client) checkInputs(texts []string) error {
	if c.embedModel == "" {
		return c.fail(opEmbed, ErrBadRequest, "no embedding model configured")
	}
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			e := c.fail(opEmbed, ErrBadRequest, "input %d has nothing to embed", i)
			e.cause = retrieval.ErrEmptyEmbedding
			return e
		}
	}
	return nil
}

// place orders a reply's vectors by their indices and checks them.
func (c *Client) place(data []openai.Embedding, n int) ([][]float32, error) {
	if len(data) != n {
		return nil, c.fail(opEmbed, ErrMalformed, "%d embeddings for %d inputs", len(data), n)
	}
	out := make([][]float32, n)
	dim := len(data[0].Embedding)
	for _, d := range data {
		switch {
		case d.Index < 0 || d.Index >= n:
			return nil, c.fail(opEmbed, ErrMalformed, "embedding index %d outside 0..%d", d.Index, n-1)
		case out[d.Index] != nil:
			return nil, c.fail(opEmbed, ErrMalformed, "embedding index %d repeated", d.Index)
		case len(d.Embedding) == 0 || len(d.Embedding) != dim:
			return nil, c.fail(opEmbed, ErrMalformed, "embedding %d has %d dimensions, the first %d", d.Index, len(d.Embedding), dim)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}
