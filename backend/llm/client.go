package llm

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
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
	// DefaultLocalRequestTimeout is the wait for response headers from a
	// local server, which loads the model before it answers (Ollama waits
	// up to 5 minutes for a load by default).
	DefaultLocalRequestTimeout = 6 * time.Minute
	// DefaultLoadWait is how long a turn keeps retrying a server that
	// answers 503 "Loading model" (llama.cpp) before giving up.
	DefaultLoadWait  = 3 * time.Minute
	defaultRetryWait = 2 * time.Second // 429 without Retry-After
	defaultLoadPoll  = 2 * time.Second // between "Loading model" retries
)

// ClientOptions configure a Client. Zero values take the defaults above.
type ClientOptions struct {
	HTTPClient     *http.Client  // transport (tests inject dialers / TLS roots)
	RequestTimeout time.Duration // until the response headers arrive
	StallTimeout   time.Duration // no body bytes for this long mid-reply
	ProbeTimeout   time.Duration // whole Models/Test call
	MaxReplyBytes  int           // reply text cap; beyond it the reply is cut and marked Truncated
	MaxRetryWait   time.Duration // longest Retry-After honoured by the one automatic retry
	// LocalRequestTimeout replaces RequestTimeout for loopback endpoints
	// when longer.
	LocalRequestTimeout time.Duration
	LoadWait            time.Duration // total wait for a loading model
	LoadPoll            time.Duration // between "Loading model" retries
}

// Client talks to OpenAI-compatible servers. It is safe for concurrent use.
type Client struct {
	opts ClientOptions

	quirks quirks // parameters each server refused
}

// NewClient returns a client with opts' zero values replaced by defaults.
func NewClient(opts ClientOptions) *Client {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	if opts.LocalRequestTimeout <= 0 && opts.RequestTimeout > 0 {
		opts.LocalRequestTimeout = opts.RequestTimeout // a caller's own timeout holds for every endpoint
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
	if opts.LocalRequestTimeout <= 0 {
		opts.LocalRequestTimeout = DefaultLocalRequestTimeout
	}
	if opts.LoadWait <= 0 {
		opts.LoadWait = DefaultLoadWait
	}
	if opts.LoadPoll <= 0 {
		opts.LoadPoll = defaultLoadPoll
	}
	return &Client{opts: opts}
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
	ids, err := c.models(ctx, ep)
	return ids, worded(err)
}

func (c *Client) models(ctx context.Context, ep Endpoint) ([]string, error) {
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
		return ids, worded(&Error{Kind: KindModelNotFound, Op: "test", Host: hostOf(ep.BaseURL), Model: ep.DefaultModel,
			Status: http.StatusNotFound, Err: errors.New("default model not listed")})
	}
	return ids, nil
}

// Check is what an explicit "Test" runs: CheckModels, then, when the
// endpoint names a default model, a tiny chat request, because a model list
// is served even when chats fail (no quota, no key for chat, a model that
// must load first). It costs a few tokens, so background probes use Test.
func (c *Client) Check(ctx context.Context, ep Endpoint) ([]string, error) {
	ids, err := c.CheckModels(ctx, ep)
	if err != nil || ep.DefaultModel == "" {
		return ids, err
	}
	_, err = c.Stream(ctx, ep, Request{Model: ep.DefaultModel, MaxTokens: checkMaxTokens, ReasoningEffort: "low",
		Messages: []Message{{Role: "user", Content: "Reply with the single word OK."}}}, nil)
	return ids, err
}

// checkMaxTokens bounds Check's chat; a reasoning model may spend it all on
// thinking, which still proves the chat works.
const checkMaxTokens = 64

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
// extraction) over the same streaming path as chat turns. It returns the
// answer only: thinking is never a title or a memory.
func (c *Client) Complete(ctx context.Context, ep Endpoint, req Request) (string, error) {
	res, err := c.Stream(ctx, ep, req, nil)
	return res.Text, err
}

// Stream sends req and calls onDelta (may be nil) with each piece of reply
// and thinking as it arrives, on the calling goroutine. It returns the
// whole reply; on error the Result still carries what was received before
// the fault and the error is an *Error worded by [Describe]. Before anything arrives, a 429 is
// retried once after Retry-After (when within MaxRetryWait), and a server
// still loading its model is retried for up to LoadWait; req.OnWait hears
// of each wait.
func (c *Client) Stream(ctx context.Context, ep Endpoint, req Request, onDelta func(Delta)) (Result, error) {
	res, err := c.stream(ctx, ep, req, onDelta)
	return res, worded(err)
}

func (c *Client) stream(ctx context.Context, ep Endpoint, req Request, onDelta func(Delta)) (Result, error) {
	if err := c.checkURL("chat", ep); err != nil {
		return Result{}, err
	}
	if req.Model == "" {
		req.Model = ep.DefaultModel
	}
	if req.Model == "" {
		return Result{}, &Error{Kind: KindConfig, Op: "chat", Err: ErrNoModel}
	}
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		res, err := c.streamOnce(ctx, ep, req, onDelta)
		var e *Error
		if !errors.As(err, &e) || res.Text != "" || res.Reasoning != "" {
			return res, err
		}
		var wait time.Duration
		switch {
		case e.Kind == KindRateLimited && attempt == 0:
			wait = e.RetryAfter
			if !e.retryHeader {
				wait = defaultRetryWait
			}
			if wait > c.opts.MaxRetryWait {
				return res, err
			}
		case e.Kind == KindLoading && waited < c.opts.LoadWait:
			wait = c.opts.LoadPoll
			if e.retryHeader && e.RetryAfter > 0 {
				wait = min(e.RetryAfter, c.opts.MaxRetryWait)
			}
			wait = min(wait, c.opts.LoadWait-waited)
		default:
			if e.Kind == KindLoading {
				e.Wait = waited // say how long Hearth waited (RetryAfter stays the server's hint)
			}
			return res, err
		}
		if req.OnWait != nil {
			req.OnWait(worded(e), wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return res, classify(ctx, "chat", hostOf(ep.BaseURL), ctx.Err(), nil, "")
		case <-t.C:
		}
		waited += wait
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
