package llm

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"
)

// MaxEmbedReplyBytes bounds an embeddings answer: a batch of 64 texts at
// 3072 dimensions is about 4 MB of JSON.
const MaxEmbedReplyBytes = 64 << 20

var (
	errEmbedCount = errors.New("embeddings answer has the wrong number of vectors")
	errEmbedEmpty = errors.New("embeddings answer holds an empty vector")
)

// embedRequest is the body of POST /embeddings. Only model and input are
// sent: every server we support answers floats by default, and some
// (older llama.cpp, LM Studio) refuse parameters they do not know.
type embedRequest struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

// embedReply reads every shape of answer the servers send:
//
//	{"object":"list","data":[{"object":"embedding","index":0,"embedding":[…]}],"model":…,"usage":…}
//	    OpenAI (pretty-printed), vLLM, LM Studio; Ollama /v1 puts "embedding" before "index";
//	    llama.cpp sorts the keys ("data" after "model", "object", "usage")
//	{"model":…,"embeddings":[[…]],"total_duration":…,"prompt_eval_count":…}
//	    Ollama's native /api/embed, when a base URL points there through a proxy
//
// An "embedding" may be base64 of little-endian float32s (encoding_format
// "base64", which some proxies force).
type embedReply struct {
	Data []struct {
		Index     int             `json:"index"`
		Embedding json.RawMessage `json:"embedding"`
	} `json:"data"`
	Embeddings [][]float32 `json:"embeddings"`
}

// Embed returns one vector per text from the endpoint's /embeddings
// (OpenAI's API, which Ollama, llama.cpp, LM Studio and vLLM also serve),
// in the order of texts. Faults are *Error like a chat's: nothing
// listening, an unknown model (Ollama: `model "x" not found, try pulling
// it first`), a server started without embeddings (llama.cpp: 501 "start
// it with --embeddings"), a model without pooling (llama.cpp: 400
// "Pooling type 'none' is not OAI compatible"), a refused key; each worded
// by [Describe].
func (c *Client) Embed(ctx context.Context, ep Endpoint, model string, texts []string) ([][]float32, error) {
	vecs, err := c.embed(ctx, ep, model, texts)
	return vecs, worded(err)
}

func (c *Client) embed(ctx context.Context, ep Endpoint, model string, texts []string) ([][]float32, error) {
	if err := c.checkURL("embed", ep); err != nil {
		return nil, err
	}
	if model == "" {
		return nil, &Error{Kind: KindConfig, Op: "embed", Err: ErrNoModel}
	}
	if len(texts) == 0 {
		return [][]float32{}, nil
	}
	host := hostOf(ep.BaseURL)
	parent := ctx
	reqTimeout := c.opts.RequestTimeout
	if ep.Local && c.opts.LocalRequestTimeout > reqTimeout {
		reqTimeout = c.opts.LocalRequestTimeout
	}
	callCtx, cancel := context.WithTimeoutCause(ctx, reqTimeout, errRequestTimeout)
	defer cancel()
	fail := func(err error) error {
		e := classify(parent, "embed", host, err, context.Cause(callCtx), ep.APIKey())
		e.Model = model
		return e
	}
	body, err := json.Marshal(embedRequest{Model: model, Input: texts})
	if err != nil {
		return nil, fmt.Errorf("encode embeddings request: %w", err)
	}
	url := strings.TrimRight(ep.BaseURL, "/") + "/embeddings"
	hreq, err := http.NewRequestWithContext(callCtx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fail(err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	if key := ep.APIKey(); key != "" {
		hreq.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := c.opts.HTTPClient.Do(hreq)
	if err != nil {
		return nil, fail(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxEmbedReplyBytes+1))
	if err != nil {
		return nil, fail(err)
	}
	if resp.StatusCode/100 != 2 {
		e := faultError(parseFault(resp.StatusCode, raw), "embed", host, ep.APIKey())
		e.Model = model
		e.RetryAfter, e.retryHeader = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return nil, e
	}
	if len(raw) > MaxEmbedReplyBytes {
		return nil, fail(errTooLarge)
	}
	vecs, err := decodeEmbeddings(raw, len(texts))
	if err != nil {
		return nil, fail(err)
	}
	return vecs, nil
}

// decodeEmbeddings reads an embeddings answer for n texts.
func decodeEmbeddings(raw []byte, n int) ([][]float32, error) {
	var r embedReply
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	var out [][]float32
	switch {
	case len(r.Data) > 0:
		sort.SliceStable(r.Data, func(i, j int) bool { return r.Data[i].Index < r.Data[j].Index })
		for _, d := range r.Data {
			v, err := embeddingOf(d.Embedding)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	default:
		out = r.Embeddings
	}
	if len(out) != n {
		return nil, errEmbedCount
	}
	for _, v := range out {
		if len(v) == 0 || len(v) != len(out[0]) {
			return nil, errEmbedEmpty
		}
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, errEmbedEmpty
			}
		}
	}
	return out, nil
}

// embeddingOf reads a float array or base64 of little-endian float32s.
func embeddingOf(raw json.RawMessage) ([]float32, error) {
	var v []float32
	if err := json.Unmarshal(raw, &v); err == nil {
		return v, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b)%4 != 0 {
		return nil, errEmbedEmpty
	}
	v = make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}
