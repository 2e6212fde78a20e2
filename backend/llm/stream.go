package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// maxParamRetries bounds how many refused parameters one call drops.
const maxParamRetries = 4

// wireChunk is one chat.completion.chunk in any dialect: content, thinking
// as reasoning_content (llama.cpp, DeepSeek, vLLM, LM Studio) or reasoning
// (Ollama, OpenRouter), and an in-stream error object (OpenRouter, newer
// llama.cpp). A non-streamed chat.completion decodes into the same shape
// through Message.
type wireChunk struct {
	Object  string `json:"object"` // "error" for vLLM/Mistral's bare error object
	Model   string `json:"model"`
	Choices []struct {
		Index        int      `json:"index"`
		Delta        wireText `json:"delta"`
		Message      wireText `json:"message"`
		FinishReason string   `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
	Error json.RawMessage `json:"error"`
}

type wireText struct {
	Content          string `json:"content"`
	ReasoningContent string `json:"reasoning_content"`
	Reasoning        string `json:"reasoning"`
}

// post sends one chat request; a non-2xx answer comes back as a
// *serverFault with the body read.
func (c *Client) post(ctx context.Context, doer *watchDoer, ep Endpoint, body openai.ChatCompletionRequest) (*http.Response, *serverFault, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, nil, fmt.Errorf("encode request: %w", err)
	}
	url := strings.TrimRight(ep.BaseURL, "/") + "/chat/completions"
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return nil, nil, fmt.Errorf("build request: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "text/event-stream")
	if key := ep.APIKey(); key != "" {
		hreq.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := doer.Do(hreq)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil, nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return nil, parseFault(resp.StatusCode, raw), nil
}

// streamOnce makes one call: it sends the request (dropping parameters the
// server refuses, each once), then reads the reply in whichever framing
// the server chose.
func (c *Client) streamOnce(ctx context.Context, ep Endpoint, req Request, onDelta func(Delta)) (Result, error) {
	host := hostOf(ep.BaseURL)
	parent := ctx
	callCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	maxBody := int64(c.opts.MaxReplyBytes)*64 + 1<<20 // JSON framing costs ~40x per small delta
	maxLine := c.opts.MaxReplyBytes*8 + 64<<10
	reqTimeout := c.opts.RequestTimeout
	if ep.Local && c.opts.LocalRequestTimeout > reqTimeout {
		reqTimeout = c.opts.LocalRequestTimeout // a local server loads the model before it answers
	}
	doer := newWatchDoer(c.opts.HTTPClient, cancel, reqTimeout, c.opts.StallTimeout, maxBody, int64(maxLine))
	defer doer.stop()

	fail := func(err error) *Error {
		e := classify(parent, "chat", host, err, context.Cause(callCtx), ep.APIKey())
		e.Model = req.Model
		e.Connected = doer.wasConnected()
		if e.Kind == KindStalled {
			e.Stall = c.opts.StallTimeout
		}
		if e.Kind == KindTimeout {
			e.Wait = reqTimeout
		}
		return e
	}

	var resp *http.Response
	for tries := 0; ; tries++ {
		oreq := c.buildRequest(ep, req)
		r, fault, err := c.post(callCtx, doer, ep, oreq)
		if err != nil {
			return Result{}, fail(err)
		}
		if fault == nil {
			resp = r
			break
		}
		if p := refusedParam(fault, oreq); p != "" && tries < maxParamRetries {
			c.quirks.remember(ep.BaseURL, req.Model, p)
			continue
		}
		e := faultError(fault, "chat", host, ep.APIKey())
		e.Model = req.Model
		e.RetryAfter, e.retryHeader = parseRetryAfter(doer.lastRetryAfter(), time.Now())
		return Result{}, e
	}
	defer resp.Body.Close()

	// An error the server reports in its reply, with its own sentence.
	serverSaid := func(raw []byte) *Error { return streamFault(raw, host, req.Model, ep.APIKey()) }
	r := &replyBuilder{res: Result{Model: req.Model}, limit: c.opts.MaxReplyBytes, onDelta: onDelta}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch ct {
	case "application/json": // a server that ignored "stream": one whole completion
		return r.whole(resp.Body, fail, serverSaid)
	case "text/html":
		return r.res, fail(errNotSSE)
	}
	events := newSSEReader(resp.Body, maxLine)
	n := 0
	for {
		ev, err := events.next()
		if err != nil {
			r.finish()
			switch {
			case errors.Is(err, io.EOF) && r.res.FinishReason != "":
				return r.res, nil
			case errors.Is(err, io.EOF) && n == 0:
				err = errNoData
			case errors.Is(err, io.EOF):
				err = errNoFinish
			case errors.Is(err, errLineTooLong):
				err = errTooLarge
			}
			return r.res, fail(err)
		}
		n++
		if ev.Field == "error" { // llama.cpp: `error: {"code":…,"message":…,"type":…}`
			r.finish()
			return r.res, serverSaid(ev.Data)
		}
		if string(bytes.TrimSpace(ev.Data)) == "[DONE]" {
			r.finish()
			if r.res.FinishReason == "" {
				r.res.FinishReason = "stop"
			}
			return r.res, nil
		}
		var ch wireChunk
		if err := json.Unmarshal(ev.Data, &ch); err != nil {
			r.finish()
			return r.res, fail(err)
		}
		if len(ch.Error) > 0 && string(ch.Error) != "null" {
			r.finish()
			return r.res, serverSaid(ch.Error)
		}
		if ch.Object == "error" { // {"object":"error","message":…} as a data line
			r.finish()
			return r.res, serverSaid(ev.Data)
		}
		if err := r.chunk(ch, false); err != nil {
			return r.res, &Error{Kind: KindTooLarge, Op: "chat", Host: host, Model: req.Model, Err: err}
		}
		if r.res.FinishReason == "error" { // finish_reason "error" without an error object
			r.finish()
			return r.res, &Error{Kind: KindServer, Op: "chat", Host: host, Model: req.Model, Err: errStreamError}
		}
	}
}

// streamFault turns an in-stream error payload into an *Error carrying the
// server's own sentence.
func streamFault(raw []byte, host, model, key string) *Error {
	f := parseFault(0, []byte(`{"error":`+string(raw)+`}`))
	if f.Message == "" && f.Body == "" {
		f = parseFault(0, raw)
	}
	e := faultError(f, "chat", host, key) // status 0: Err is errStreamError
	e.Model = model
	return e
}

// replyBuilder accumulates a reply: answer and thinking apart, inline
// <think> blocks split out, the size cap applied, deltas passed on.
type replyBuilder struct {
	res     Result
	text    strings.Builder
	think   strings.Builder
	split   thinkSplitter
	limit   int
	onDelta func(Delta)
}

// chunk applies one chunk; it returns errTooLarge when the cap is reached
// (the reply is then marked truncated).
func (r *replyBuilder) chunk(ch wireChunk, whole bool) error {
	if ch.Model != "" {
		r.res.Model = ch.Model
	}
	if ch.Usage != nil {
		r.res.PromptTokens = ch.Usage.PromptTokens
		r.res.CompletionTokens = ch.Usage.CompletionTokens
	}
	for _, c := range ch.Choices {
		if c.Index != 0 {
			continue
		}
		if c.FinishReason != "" {
			r.res.FinishReason = c.FinishReason
			if c.FinishReason == "length" {
				r.res.Truncated = true
			}
		}
		t := c.Delta
		if whole {
			t = c.Message
		}
		var d Delta
		d.Reasoning = t.ReasoningContent + t.Reasoning
		for _, p := range r.split.feed(t.Content) {
			r.apply(&d, p)
		}
		if err := r.emit(d); err != nil {
			return err
		}
	}
	return nil
}

func (r *replyBuilder) apply(d *Delta, p piece) {
	switch p.kind {
	case pieceAnswer:
		d.Text += p.text
	case pieceReasoning:
		d.Reasoning += p.text
	case pieceReset:
		d.Reset, d.Reasoning, d.Text = true, d.Reasoning+d.Text, ""
	}
}

// emit records d and passes it on, within the size cap.
func (r *replyBuilder) emit(d Delta) error {
	if d.Reset {
		moved := r.text.String()
		r.text.Reset()
		r.think.WriteString(moved)
	}
	var tooMuch bool
	if r.think.Len()+len(d.Reasoning) > r.limit {
		d.Reasoning, tooMuch = cutUTF8(d.Reasoning, r.limit-r.think.Len()), true
	}
	if r.text.Len()+len(d.Text) > r.limit {
		d.Text, tooMuch = cutUTF8(d.Text, r.limit-r.text.Len()), true
	}
	r.think.WriteString(d.Reasoning)
	r.text.WriteString(d.Text)
	r.res.Text, r.res.Reasoning = r.text.String(), r.think.String()
	if r.onDelta != nil && (d.Text != "" || d.Reasoning != "" || d.Reset) {
		r.onDelta(d)
	}
	if tooMuch {
		r.res.Truncated, r.res.FinishReason = true, "length"
		return errTooLarge
	}
	return nil
}

// finish releases text the think splitter held back.
func (r *replyBuilder) finish() {
	var d Delta
	for _, p := range r.split.flush() {
		r.apply(&d, p)
	}
	_ = r.emit(d) // past the cap the reply is already marked truncated
}

// whole reads a non-streamed chat.completion.
func (r *replyBuilder) whole(body io.Reader, fail func(error) *Error, serverSaid func([]byte) *Error) (Result, error) {
	var ch wireChunk
	if err := json.NewDecoder(io.LimitReader(body, int64(r.limit)*8+64<<10)).Decode(&ch); err != nil {
		return r.res, fail(err)
	}
	if len(ch.Error) > 0 && string(ch.Error) != "null" {
		return r.res, serverSaid(ch.Error) // the key is redacted, as in a stream
	}
	if len(ch.Choices) == 0 {
		return r.res, fail(errNoData)
	}
	err := r.chunk(ch, true)
	r.finish()
	if err != nil {
		return r.res, &Error{Kind: KindTooLarge, Op: "chat", Model: r.res.Model, Err: err}
	}
	if r.res.FinishReason == "" {
		r.res.FinishReason = "stop"
	}
	return r.res, nil
}
