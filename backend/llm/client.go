package llm

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults for ClientOptions.
const (
	DefaultRequestTimeout = 120 * time.Second // local servers may load a model first
	DefaultStallTimeout   = 45 * time.Second
	DefaultProbeTimeout   = 10 * time.Second
	DefaultMaxReplyBytes  = 256 << 10
	DefaultMaxRetryWait   = 30 * time.Second
	defaultRetryWait      = 2 * time.Second // 429 without Retry-After
)

// ClientOptions configure a Client. Zero values take the defaults above.
type ClientOptions struct {
	HTTPClient     *http.Client  // transport (tests inject dialers / TLS roots)
	RequestTimeout time.Duration // until the response headers arrive
	StallTimeout   time.Duration // no body bytes for this long mid-reply
	ProbeTimeout   time.Duration // whole Models/Test call
	MaxReplyBytes  int           // reply text cap; beyond it the reply is cut and marked Truncated
	MaxRetryWait   time.Duration // longest Retry-After honoured by the one automatic retry
}

// Client talks to OpenAI-compatible servers. It is safe for concurrent use.
type Client struct {
	opts ClientOptions

	mu        sync.Mutex
	noUsageOK map[string]bool // base URLs that reject stream_options
}

// NewClient returns a client with opts' zero values replaced by defaults.
func NewClient(opts ClientOptions) *Client {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.StallTimeout <= 0 {
		opts.StallTimeout = DefaultStallTimeout
	}
	if opts.ProbeTimeout <= 0 {
		opts.ProbeTimeout = DefaultProbeTimeout
	}
	if opts.MaxReplyBytes <= 0 {
		opts.MaxReplyBytes = DefaultMaxReplyBytes
	}
	if opts.MaxRetryWait <= 0 {
		opts.MaxRetryWait = DefaultMaxRetryWait
	}
	return &Client{opts: opts, noUsageOK: map[string]bool{}}
}

// Options returns the effective options.
func (c *Client) Options() ClientOptions { return c.opts }

func (c *Client) api(ep Endpoint, doer openai.HTTPDoer) *openai.Client {
	cfg := openai.DefaultConfig(ep.APIKey())
	cfg.BaseURL = strings.TrimRight(ep.BaseURL, "/")
	cfg.HTTPClient = doer
	return openai.NewClientWithConfig(cfg)
}

func hostOf(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "https" {
		return u.Hostname() + ":443"
	}
	return u.Hostname() + ":80"
}

func (c *Client) checkURL(op string, ep Endpoint) error {
	if _, err := NormalizeURL(ep.BaseURL); err != nil {
		return &Error{Kind: KindConfig, Op: op, Err: err}
	}
	return nil
}

// Models lists the model ids the endpoint offers (GET /models), sorted.
func (c *Client) Models(ctx context.Context, ep Endpoint) ([]string, error) {
	if err := c.checkURL("models", ep); err != nil {
		return nil, err
	}
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.opts.ProbeTimeout, errRequestTimeout)
	defer cancel()
	list, err := c.api(ep, c.opts.HTTPClient).ListModels(ctx)
	if err != nil {
		return nil, classify(parent, "models", hostOf(ep.BaseURL), err, context.Cause(ctx), ep.APIKey())
	}
	ids := make([]string, 0, len(list.Models))
	for _, m := range list.Models {
		ids = append(ids, m.ID)
	}
	sort.Strings(ids)
	return ids, nil
}

// Test checks that the endpoint answers with a model list and, if it names
// a default model, that the model is offered.
func (c *Client) Test(ctx context.Context, ep Endpoint) error {
	_, err := c.CheckModels(ctx, ep)
	return err
}

// CheckModels is Test that also returns the model list (even when the
// default model is missing from it), for callers that show both.
func (c *Client) CheckModels(ctx context.Context, ep Endpoint) ([]string, error) {
	ids, err := c.Models(ctx, ep)
	if err != nil {
		return nil, err
	}
	if ep.DefaultModel != "" && !hasModel(ids, ep.DefaultModel) {
		return ids, &Error{Kind: KindModelNotFound, Op: "test", Host: hostOf(ep.BaseURL), Model: ep.DefaultModel,
			Status: http.StatusNotFound, Err: errors.New("default model not listed")}
	}
	return ids, nil
}

// hasModel tolerates Ollama's implicit ":latest" tag.
func hasModel(ids []string, m string) bool {
	for _, id := range ids {
		if id == m || id == m+":latest" || strings.TrimSuffix(m, ":latest") == id {
			return true
		}
	}
	return false
}

// Complete runs a whole non-interactive completion (titles, memory
// extraction) over the same streaming path as chat turns.
func (c *Client) Complete(ctx context.Context, ep Endpoint, req Request) (string, error) {
	res, err := c.Stream(ctx, ep, req, nil)
	return res.Text, err
}

// Stream sends req and calls onDelta (may be nil) with each piece of reply
// text as it arrives, on the calling goroutine. It returns the whole reply;
// on error the Result still carries the text received so far and the
// error is an *Error. A 429 is retried once, after Retry-After, when that is
// within MaxRetryWait.
func (c *Client) Stream(ctx context.Context, ep Endpoint, req Request, onDelta func(string)) (Result, error) {
	if err := c.checkURL("chat", ep); err != nil {
		return Result{}, err
	}
	if req.Model == "" {
		req.Model = ep.DefaultModel
	}
	if req.Model == "" {
		return Result{}, &Error{Kind: KindConfig, Op: "chat", Err: ErrNoModel}
	}
	for attempt := 0; ; attempt++ {
		res, err := c.streamOnce(ctx, ep, req, onDelta)
		var e *Error
		if attempt == 0 && errors.As(err, &e) && e.Kind == KindRateLimited && res.Text == "" {
			wait := e.RetryAfter
			if !e.retryHeader {
				wait = defaultRetryWait
			}
			if wait <= c.opts.MaxRetryWait {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return res, classify(ctx, "chat", hostOf(ep.BaseURL), ctx.Err(), nil, "")
				case <-t.C:
				}
				continue
			}
		}
		return res, err
	}
}

func (c *Client) usageRejected(base string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.noUsageOK[base]
}

func (c *Client) streamOnce(ctx context.Context, ep Endpoint, req Request, onDelta func(string)) (Result, error) {
	host := hostOf(ep.BaseURL)
	parent := ctx
	callCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	maxBody := int64(c.opts.MaxReplyBytes)*64 + 1<<20 // JSON framing costs ~40x per small delta
	maxLine := int64(c.opts.MaxReplyBytes)*8 + 64<<10
	doer := newWatchDoer(c.opts.HTTPClient, cancel, c.opts.RequestTimeout, c.opts.StallTimeout, maxBody, maxLine)
	defer doer.stop()

	oreq := openai.ChatCompletionRequest{Model: req.Model, Temperature: req.Temperature, MaxTokens: req.MaxTokens}
	for _, m := range req.Messages {
		oreq.Messages = append(oreq.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	withUsage := !c.usageRejected(ep.BaseURL)
	if withUsage {
		oreq.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	}
	api := c.api(ep, doer)
	stream, err := api.CreateChatCompletionStream(callCtx, oreq)
	if err != nil && withUsage && rejectsStreamOptions(err) {
		// Older local servers answer 400 to stream_options; remember and resend without.
		c.mu.Lock()
		c.noUsageOK[ep.BaseURL] = true
		c.mu.Unlock()
		oreq.StreamOptions = nil
		stream, err = api.CreateChatCompletionStream(callCtx, oreq)
	}
	if err != nil {
		e := classify(parent, "chat", host, err, context.Cause(callCtx), ep.APIKey())
		e.Model = req.Model
		if e.Kind == KindRateLimited {
			e.RetryAfter, e.retryHeader = parseRetryAfter(doer.lastRetryAfter(), time.Now())
		}
		if e.Kind == KindStalled {
			e.Stall = c.opts.StallTimeout
		}
		return Result{}, e
	}
	defer stream.Close()

	var (
		text    strings.Builder
		res     = Result{Model: req.Model}
		chunks  int
		limit   = c.opts.MaxReplyBytes
		tooMuch bool
	)
	for {
		chunk, err := stream.Recv()
		if err != nil {
			res.Text = text.String()
			if errors.Is(err, io.EOF) && res.FinishReason != "" {
				return res, nil
			}
			if errors.Is(err, io.EOF) && chunks == 0 {
				err = errNoData
			} else if errors.Is(err, io.EOF) {
				err = errNoFinish
			}
			e := classify(parent, "chat", host, err, context.Cause(callCtx), ep.APIKey())
			e.Model = req.Model
			if e.Kind == KindStalled {
				e.Stall = c.opts.StallTimeout
			}
			return res, e
		}
		chunks++
		if chunk.Model != "" {
			res.Model = chunk.Model
		}
		if chunk.Usage != nil {
			res.PromptTokens = chunk.Usage.PromptTokens
			res.CompletionTokens = chunk.Usage.CompletionTokens
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if ch.FinishReason != "" {
				res.FinishReason = string(ch.FinishReason)
			}
			d := ch.Delta.Content
			if d == "" {
				continue
			}
			if text.Len()+len(d) > limit {
				d = cutUTF8(d, limit-text.Len())
				tooMuch = true
			}
			text.WriteString(d)
			if onDelta != nil && d != "" {
				onDelta(d)
			}
		}
		if tooMuch {
			res.Text = text.String()
			res.Truncated = true
			res.FinishReason = "length"
			return res, &Error{Kind: KindTooLarge, Op: "chat", Host: host, Model: req.Model, Err: errTooLarge}
		}
	}
}

// cutUTF8 returns the longest prefix of s within n bytes that does not
// split a character.
func cutUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if n >= len(s) {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func rejectsStreamOptions(err error) bool {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatusCode == http.StatusBadRequest && strings.Contains(apiErr.Message, "stream_options")
	case errors.As(err, &reqErr):
		return reqErr.HTTPStatusCode == http.StatusBadRequest && strings.Contains(string(reqErr.Body), "stream_options")
	}
	return false
}

// parseRetryAfter reads delay-seconds or an HTTP date; ok is false when
// the header is absent or unreadable.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
