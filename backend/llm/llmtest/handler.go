// Package llmtest is a scripted OpenAI-protocol server for tests, benchmarks
// and the end-to-end UI tests: GET /v1/models and POST
// /v1/chat/completions streamed as text/event-stream chunks ending in
// "data: [DONE]", with usage, OpenAI-shaped error bodies, and every fault
// Hearth must survive (see [Fault]).
//
// Unscripted chat requests get a deterministic markdown echo of the last
// user message (see [EchoReply]); [Handler.Script] queues replies for the
// next requests. Every request is recorded with its raw body, so tests can
// check exactly what went over the wire.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
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
	Status       int                // non-2xx: send an OpenAI error body with this status
	ErrorMessage string             // message in the error body
	RetryAfter   string             // Retry-After header value (with Status 429)
	Text         string             // reply text, streamed in chunks
	ChunkRunes   int                // runes per chunk (default 4)
	Delay        time.Duration      // pause between chunks
	Live         <-chan string      // if set, stream each value received as one chunk until closed
	Fault        Fault
	FinishReason string // default "stop"
	NoUsage      bool   // omit the usage chunk even when asked for
}

// Request is one request the server received.
type Request struct {
	Method        string
	Path          string
	Authorization string
	Body          []byte
	Chat          ChatRequest // parsed body of a chat request
}

// ChatRequest is the part of a chat completion request tests look at.
type ChatRequest struct {
	Model    string    `json:"model"`
	Stream   bool      `json:"stream"`
	Messages []Message `json:"messages"`
	Options  *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
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
}

// NewHandler returns a handler offering models (default "fake-model").
func NewHandler(models ...string) *Handler {
	if len(models) == 0 {
		models = []string{"fake-model", "fake-model-large"}
	}
	return &Handler{models: models}
}

// RequireKey makes every request without "Authorization: Bearer key" get a
// 401 in OpenAI's shape.
func (h *Handler) RequireKey(key string) { h.mu.Lock(); h.apiKey = key; h.mu.Unlock() }

// SetSlow makes unscripted echo replies pause d between chunks.
func (h *Handler) SetSlow(d time.Duration) { h.mu.Lock(); h.slow = d; h.mu.Unlock() }

// SetModelsStatus makes GET /models fail with status (0 = answer normally).
func (h *Handler) SetModelsStatus(status int) { h.mu.Lock(); h.modelsErr = status; h.mu.Unlock() }

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
	key, models, modelsErr := h.apiKey, h.models, h.modelsErr
	h.mu.Unlock()

	if key != "" && rec.Authorization != "Bearer "+key {
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided.", "")
		return
	}
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/models"):
		if modelsErr != 0 {
			writeError(w, modelsErr, http.StatusText(modelsErr), "")
			return
		}
		type model struct {
			ID      string `json:"id"`
			Object  string `json:"object"`
			Created int64  `json:"created"`
			OwnedBy string `json:"owned_by"`
		}
		list := struct {
			Object string  `json:"object"`
			Data   []model `json:"data"`
		}{Object: "list"}
		for _, m := range models {
			list.Data = append(list.Data, model{ID: m, Object: "model", Created: 1700000000, OwnedBy: "hearth-test"})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(list)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/chat/completions"):
		h.chat(w, r, rec, models)
	default:
		writeError(w, http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path, "")
	}
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
	return Reply{Text: EchoReply(rec), Delay: h.slow}
}

func (h *Handler) chat(w http.ResponseWriter, r *http.Request, rec Request, models []string) {
	rp := h.next(rec)
	if rp.Status == 0 && !hasModel(models, rec.Chat.Model) {
		rp = Reply{Status: http.StatusNotFound, ErrorMessage: fmt.Sprintf("The model `%s` does not exist.", rec.Chat.Model)}
	}
	if rp.Status != 0 && rp.Status != http.StatusOK {
		if rp.RetryAfter != "" {
			w.Header().Set("Retry-After", rp.RetryAfter)
		}
		msg := rp.ErrorMessage
		if msg == "" {
			msg = http.StatusText(rp.Status)
		}
		writeError(w, rp.Status, msg, "")
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
	s := newSSE(w, rec.Chat.Model)
	chunks := split(rp.Text, rp.ChunkRunes)
	half := len(chunks) / 2
	if half == 0 && len(chunks) > 0 {
		half = 1
	}
	for i, c := range chunks {
		if i == half {
			switch rp.Fault {
			case FaultStall:
				<-r.Context().Done()
				return
			case FaultDrop:
				panic(http.ErrAbortHandler) // closes the connection mid-body
			case FaultMalformedJSON:
				s.raw("data: {\"id\":\"chatcmpl-bad\",\"choices\":[{\"delta\":{\"content\":\"oops\"\n\n")
				return
			case FaultErrorFrame:
				s.raw(`data: {"error":{"message":"The model crashed while generating.","type":"server_error","code":null}}` + "\n\n")
				return
			}
		}
		if i > 0 && rp.Delay > 0 && !sleep(r, rp.Delay) {
			return
		}
		s.delta(c, i == 0)
	}
	for live := rp.Live; live != nil; {
		select {
		case c, ok := <-live:
			if !ok {
				live = nil
				break
			}
			s.delta(c, false)
		case <-r.Context().Done():
			return
		}
	}
	finish := rp.FinishReason
	if finish == "" {
		finish = "stop"
	}
	s.finish(finish)
	if rec.Chat.Options != nil && rec.Chat.Options.IncludeUsage && !rp.NoUsage {
		s.usage(promptTokens(rec), utf8.RuneCountInString(rp.Text)/4+1)
	}
	s.raw("data: [DONE]\n\n")
}

func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func hasModel(models []string, m string) bool {
	for _, x := range models {
		if x == m {
			return true
		}
	}
	return false
}

func promptTokens(rec Request) int {
	n := 0
	for _, m := range rec.Chat.Messages {
		n += utf8.RuneCountInString(m.Content)/4 + 4
	}
	return n
}

// split cuts s into chunks of n runes (n <= 0 means 4).
func split(s string, n int) []string {
	if n <= 0 {
		n = 4
	}
	var out []string
	for s != "" {
		i, k := 0, 0
		for i < len(s) && k < n {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			k++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

func writeError(w http.ResponseWriter, status int, msg, code string) {
	typ := "invalid_request_error"
	if status >= 500 {
		typ = "server_error"
	}
	body := map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nilIfEmpty(code)}}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// sse writes chat.completion.chunk events.
type sse struct {
	w     http.ResponseWriter
	f     http.Flusher
	model string
	id    string
}

func newSSE(w http.ResponseWriter, model string) *sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sse{w: w, f: f, model: model, id: "chatcmpl-" + strconv.FormatInt(time.Now().UnixNano(), 36)}
}

func (s *sse) raw(line string) {
	_, _ = io.WriteString(s.w, line)
	if s.f != nil {
		s.f.Flush()
	}
}

func (s *sse) event(choices any, usage any) {
	b, _ := json.Marshal(map[string]any{"id": s.id, "object": "chat.completion.chunk", "created": 1700000000,
		"model": s.model, "choices": choices, "usage": usage})
	s.raw("data: " + string(b) + "\n\n")
}

func (s *sse) delta(text string, first bool) {
	d := map[string]any{"content": text}
	if first {
		d["role"] = "assistant"
	}
	s.event([]any{map[string]any{"index": 0, "delta": d, "finish_reason": nil}}, nil)
}

func (s *sse) finish(reason string) {
	s.event([]any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": reason}}, nil)
}

func (s *sse) usage(prompt, completion int) {
	s.event([]any{}, map[string]any{"prompt_tokens": prompt, "completion_tokens": completion,
		"total_tokens": prompt + completion})
}
