package eval

import (
	"bytes"
	_ "embed"
	"io"
)

//go:embed testdata/dev.jsonl
var devSetJSONL []byte

// DevSetName names the built-in dev question set in messages.
const DevSetName = "the built-in dev question set (eval/testdata/dev.jsonl)"

// DevSet returns the dev question set built into the binary (JSON Lines,
// as ReadQuestions reads), so bench runs outside a checkout.
func DevSet() io.Reader { return bytes.NewReader(devSetJSONL) }
