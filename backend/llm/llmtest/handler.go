// Package llmtest is a scripted fake of the model servers Hearth talks
// to, for tests, benchmarks and the end-to-end UI tests: GET /models and
// POST /chat/completions streamed as text/event-stream chunks, with usage,
// error bodies, and every fault Hearth must survive (see [Fault]).
//
// # Dialects
//
// By default the fake is api.openai.com. [NewDialectServer] and
// [Handler.SetDialect] make it speak another server's wire format byte for
// byte — Ollama, llama.cpp, LM Studio, vLLM, Mistral, OpenRouter,
// DeepSeek (see [Dialect]): chunk JSON, ids, thinking fields, usage,
// keep-alive comments, mid-stream error frames, error bodies, and the
// request parameters each server refuses.
//
// # Scripts
//
// Unscripted chat requests get a deterministic markdown echo of the last
// user message (see [EchoReply]); [Handler.Script] queues replies for the
// next requests. Every request is recorded with its raw body, so tests can
// check exactly what went over the wire.
//
// # Embeddings
//
// POST <base>/embeddings (and Ollama's native /api/embed) answers in each
// dialect's bytes with [Embedding]: deterministic vectors from a small
// household concept lexicon, so "vegetarian" and "meat-free" or "bedtime"
// and "sleep" are near and unrelated words are not — enough meaning for
// retrieval tests without a model. [Handler.SetEmbeddingsDown] fails them
// (503) while chat keeps working.
package llmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault is a misbehaviour of a scripted reply.
type Fault int

// Faults.
const (
	FaultNone          Fault = iota
	FaultHang                // never send response headers (request timeout)
	FaultStall               // send half the chunks, then go silent with the connection open
	FaultDrop                // send half the chunks, then cut the connection
	FaultMalformedJSON       // send a few chunks, then a data line that is not JSON
	FaultNotSSE              // answer 200 with a body that is not an event stream
	FaultErrorFrame          // send a few chunks, then an OpenAI error object inside the stream
)

// Reply scripts one chat completion.
type Reply struct {
	Match        func(Request) bool // nil matches any request
	Status       int                // non-2xx: send the dialect's error body with this status
	ErrorMessage string             // message in the error body
	RetryAfter   string             // Retry-After header value (with Status 429)
	Text         string             // reply text, streamed in chunks
	ChunkRunes   int                // runes per chunk (default 4)
	Delay        time.Duration      // pause between chunks
	Live         <-chan string      // if set, stream each value received as one chunk until closed
	Fault        Fault
	FinishReason string // default "stop"; "length" for a reply cut at the token limit
	NoUsage      bool   // omit the usage chunk even when asked for

	// Reasoning is the model's thinking, streamed before Text the way
	// Think says.
	Reasoning string
	// Think is how Reasoning goes over the wire (default: the dialect's
	// usual way, see [ThinkDefault]).
	Think ThinkStyle
	// ReasoningField renames the delta field thinking is streamed in, for
	// the dialects that have one: e.g. "reasoning" for vLLM 0.11 and later
	// (anomalyco/opencode#37553), "reasoning_content" for LM Studio before
	// 0.3.23 (lmstudio-ai/lmstudio-bug-tracker#378).
	ReasoningField string
	// MidStreamError, if set, ends the stream after half its chunks with
	// the dialect's own mid-stream error frame carrying this message, then
	// ends the way that server ends after such a frame.
	MidStreamError string
	// KeepAlives is how many SSE keep-alive comments, in the dialect's
	// form, to spread before and between the chunks.
	KeepAlives int
	// LineEnding ends every line of the stream: "\n" (default), "\r\n" or
	// "\r".
	LineEnding string
}

// Request is one request the server received.
type Request struct {
	Method        string
	Path          string
	Authorization string
	Body          []byte      // raw, exactly as sent
	Chat          ChatRequest // parsed body of a chat request
}

// ChatRequest is the part of a chat completion request tests look at.
// Pointer fields are nil when the request left the parameter out.
type ChatRequest struct {
	Model    string    `json:"model"`
	Stream   bool      `json:"stream"`
	Messages []Message `json:"messages"`
	Options  *struct {
		IncludeUsage       bool  `json:"include_usage"`
		IncludeObfuscation *bool `json:"include_obfuscation"`
	} `json:"stream_options"`
	Temperature         *float64 `json:"temperature"`
	TopP                *float64 `json:"top_p"`
	MaxTokens           *int     `json:"max_tokens"`
	MaxCompletionTokens *int     `json:"max_completion_tokens"`
	ReasoningEffort     string   `json:"reasoning_effort"`
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// LastUser is the content of the request's last user message.
func (r Request) LastUser() string {
	for i := len(r.Chat.Messages) - 1; i >= 0; i-- {
		if r.Chat.Messages[i].Role == "user" {
			return r.Chat.Messages[i].Content
		}
	}
	return ""
}

// MatchUser matches requests whose last user message contains s.
func MatchUser(s string) func(Request) bool {
	return func(r Request) bool { return strings.Contains(r.LastUser(), s) }
}

const maxRecorded = 10000

// Handler is the fake server. The zero value is not usable; use NewHandler.
type Handler struct {
	mu        sync.Mutex
	models    []string
	apiKey    string
	script    []Reply
	requests  []Request
	slow      time.Duration
	modelsErr int
	dialect   Dialect
	wire      wire
	seq       int
	loading   int
	loadDelay time.Duration
	quota     bool
	echo      Reply

	embedModels []string // nil = DefaultEmbedModel
	embedDown   bool
	embedDelay  time.Duration
}

// NewHandler returns an OpenAI-dialect handler offering models (default
// "fake-model" and "fake-model-large").
func NewHandler(models ...string) *Handler {
	if len(models) == 0 {
		models = []string{"fake-model", "fake-model-large"}
	}
	return &Handler{models: models, dialect: DialectOpenAI, wire: wireFor(DialectOpenAI)}
}

// SetDialect makes the handler speak d from the next request on.
func (h *Handler) SetDialect(d Dialect) {
	h.mu.Lock()
	h.dialect, h.wire = d, wireFor(d)
	h.mu.Unlock()
}

// Dialect is the dialect the handler speaks.
func (h *Handler) Dialect() Dialect { h.mu.Lock(); defer h.mu.Unlock(); return h.dialect }

// RequireKey makes every request without "Authorization: Bearer key" get
// the dialect's 401.
func (h *Handler) RequireKey(key string) { h.mu.Lock(); h.apiKey = key; h.mu.Unlock() }

// SetSlow makes unscripted echo replies pause d between chunks.
func (h *Handler) SetSlow(d time.Duration) { h.mu.Lock(); h.slow = d; h.mu.Unlock() }

// SetModelsStatus makes GET /models fail with status (0 = answer normally).
func (h *Handler) SetModelsStatus(status int) { h.mu.Lock(); h.modelsErr = status; h.mu.Unlock() }

// SetLoading makes the next n chat requests meet a model that is still
// loading: llama.cpp answers 503 {"error":{"code":503,"message":"Loading
// model","type":"unavailable_error"}}; every other dialect holds the
// response headers back for the SetLoadDelay duration (Ollama loading a
// model on first use), then answers normally.
func (h *Handler) SetLoading(n int) { h.mu.Lock(); h.loading = n; h.mu.Unlock() }

// SetLoadDelay is how long a loading model holds a request (see SetLoading).
func (h *Handler) SetLoadDelay(d time.Duration) { h.mu.Lock(); h.loadDelay = d; h.mu.Unlock() }

// SetQuotaExceeded makes every chat request get the dialect's
// out-of-quota answer: OpenAI's 429 insufficient_quota (also used by the
// local servers, which have no quota), OpenRouter's 402 "Insufficient
// credits", DeepSeek's 402 "Insufficient Balance".
func (h *Handler) SetQuotaExceeded(on bool) { h.mu.Lock(); h.quota = on; h.mu.Unlock() }

// Script queues replies; each chat request takes the first queued reply
// whose Match accepts it, else gets the echo.
func (h *Handler) Script(replies ...Reply) {
	h.mu.Lock()
	h.script = append(h.script, replies...)
	h.mu.Unlock()
}

// Pending is the number of scripted replies not used yet.
func (h *Handler) Pending() int { h.mu.Lock(); defer h.mu.Unlock(); return len(h.script) }

// Requests returns a copy of every request received so far.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.requests...)
}

// ChatRequests returns the chat completion requests received so far.
func (h *Handler) ChatRequests() []Request {
	var out []Request
	for _, r := range h.Requests() {
		if strings.HasSuffix(r.Path, "/chat/completions") {
			out = append(out, r)
		}
	}
	return out
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	rec := Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: body}
	if strings.HasSuffix(r.URL.Path, "/chat/completions") {
		_ = json.Unmarshal(body, &rec.Chat)
	}
	h.mu.Lock()
	if len(h.requests) >= maxRecorded { // a long-running fakeopenai must not grow forever
		h.requests = append(h.requests[:0], h.requests[len(h.requests)/2:]...)
	}
	h.requests = append(h.requests, rec)
	want, models, modelsErr, wr, d := h.apiKey, h.models, h.modelsErr, h.wire, h.dialect
	h.mu.Unlock()

	if want != "" && rec.Authorization != "Bearer "+want {
		key, _ := strings.CutPrefix(rec.Authorization, "Bearer ")
		writeFailure(w, wr, failure{status: http.StatusUnauthorized, kind: failAuth, key: key})
		return
	}
	switch {
	case r.Method == http.MethodGet && wr.modelsPath(r.URL.Path):
		if modelsErr != 0 {
			writeFailure(w, wr, failure{status: modelsErr, message: http.StatusText(modelsErr)})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, wr.modelList(models)+"\n")
	case r.Method == http.MethodPost && wr.chatPath(r.URL.Path):
		h.chat(w, r, rec, models)
	case r.Method == http.MethodPost && embedPath(d, r.URL.Path):
		h.embed(w, r, rec, models)
	default:
		status, ctype, text := wr.notFound(r.Method, r.URL.Path)
		writeBody(w, status, ctype, text)
	}
}

// lastFour is the end of a key as servers echo it.
func lastFour(k string) string {
	if len(k) < 4 {
		return k
	}
	return k[len(k)-4:]
}

func writeFailure(w http.ResponseWriter, wr wire, f failure) {
	if f.message == "" {
		f.message = http.StatusText(f.status)
	}
	status, ctype, body := wr.errorBody(f)
	writeBody(w, status, ctype, body)
}

func writeBody(w http.ResponseWriter, status int, ctype, body string) {
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (h *Handler) next(rec Request) Reply {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, rp := range h.script {
		if rp.Match == nil || rp.Match(rec) {
			h.script = append(h.script[:i:i], h.script[i+1:]...)
			return rp
		}
	}
	rp := h.echo
	rp.Match, rp.Text, rp.Delay = nil, EchoReply(rec), h.slow
	return rp
}

// SetEchoStyle shapes every unscripted echo reply like r: its Reasoning,
// Think, ReasoningField, KeepAlives, LineEnding, MidStreamError,
// FinishReason, ChunkRunes, NoUsage and Fault apply; its Match, Text and
// Delay do not (the echo text and SetSlow's delay are used). Reply{}
// restores plain echoes.
func (h *Handler) SetEchoStyle(r Reply) { h.mu.Lock(); h.echo = r; h.mu.Unlock() }

// admit applies what the server decides before it generates anything:
// parameter validation, quota, a loading model. It reports false when it
// has answered.
func (h *Handler) admit(w http.ResponseWriter, r *http.Request, rec Request) bool {
	h.mu.Lock()
	d, wr, quota := h.dialect, h.wire, h.quota
	h.mu.Unlock()
	if rj := checkParams(d, rec.Chat.Model, rec.Body); rj != nil {
		writeBody(w, rj.status, rj.contentType, rj.body)
		return false
	}
	if quota {
		if d != DialectOpenRouter && d != DialectDeepSeek { // the only ones with their own
			wr = openaiWire{}
		}
		writeFailure(w, wr, failure{status: http.StatusTooManyRequests, kind: failQuota})
		return false
	}
	h.mu.Lock()
	loading, delay := h.loading > 0, h.loadDelay
	if loading {
		h.loading--
	}
	h.mu.Unlock()
	if !loading {
		return true
	}
	if d == DialectLlamaCpp {
		writeFailure(w, wr, failure{status: http.StatusServiceUnavailable, kind: failLoading})
		return false
	}
	return sleep(r, delay)
}

func (h *Handler) chat(w http.ResponseWriter, r *http.Request, rec Request, models []string) {
	if !h.admit(w, r, rec) {
		return
	}
	h.mu.Lock()
	d, wr := h.dialect, h.wire
	h.seq++
	seq := h.seq
	h.mu.Unlock()

	rp := h.next(rec)
	if am, ok := wr.(anyModeler); rp.Status == 0 && !(ok && am.anyModel(models)) && !hasModel(models, rec.Chat.Model) {
		writeFailure(w, wr, failure{status: http.StatusNotFound, kind: failModel, model: rec.Chat.Model, models: models})
		return
	}
	if rp.Status != 0 && rp.Status != http.StatusOK {
		if rp.RetryAfter != "" {
			w.Header().Set("Retry-After", rp.RetryAfter)
		}
		writeFailure(w, wr, failure{status: rp.Status, message: rp.ErrorMessage})
		return
	}
	switch rp.Fault {
	case FaultHang:
		<-r.Context().Done()
		return
	case FaultNotSSE:
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>\n<body>Welcome to nginx!</body>\n</html>\n")
		return
	}
	model := rec.Chat.Model
	if d == DialectLMStudio && !hasModel(models, model) { // it names the model it used
		model = models[0]
	}
	h.stream(w, r, rec, rp, wr, d, seq, model)
}

func hasModel(models []string, m string) bool {
	for _, x := range models {
		if x == m {
			return true
		}
	}
	return false
}
