package llmtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultEmbedModel is the embedding model the fake offers unless told
// otherwise (SetEmbedModels).
const DefaultEmbedModel = "fake-embed"

// EmbedRequest is the parsed body of an embeddings request.
type EmbedRequest struct {
	Model string
	Input []string
}

// SetEmbedModels sets the models /embeddings answers for (default
// DefaultEmbedModel); any other model gets the dialect's model-not-found.
func (h *Handler) SetEmbedModels(models ...string) {
	h.mu.Lock()
	h.embedModels = append([]string(nil), models...)
	h.mu.Unlock()
}

// SetEmbedDelay holds every embeddings answer back for d (a server busy
// loading or embedding), while chat answers at once.
func (h *Handler) SetEmbedDelay(d time.Duration) { h.mu.Lock(); h.embedDelay = d; h.mu.Unlock() }

// SetEmbeddingsDown makes every embeddings request fail with the dialect's
// 503 while chat keeps working: an embedding server (or model) that is not
// there.
func (h *Handler) SetEmbeddingsDown(down bool) { h.mu.Lock(); h.embedDown = down; h.mu.Unlock() }

// EmbedRequests returns the embeddings requests received so far.
func (h *Handler) EmbedRequests() []EmbedRequest {
	var out []EmbedRequest
	for _, r := range h.Requests() {
		if isEmbedPath(r.Path) {
			if er, err := parseEmbedRequest(r.Body); err == nil {
				out = append(out, er)
			}
		}
	}
	return out
}

func isEmbedPath(p string) bool { return strings.HasSuffix(p, "/embeddings") || p == "/api/embed" }

// embedPath reports whether dialect d serves embeddings at p: every
// OpenAI-style server at <base>/embeddings, llama.cpp also without /v1,
// Ollama also natively at /api/embed. DeepSeek has no embeddings API.
func embedPath(d Dialect, p string) bool {
	switch d {
	case DialectDeepSeek:
		return false
	case DialectOpenRouter:
		return p == "/api/v1/embeddings"
	case DialectLlamaCpp:
		return p == "/v1/embeddings" || p == "/embeddings"
	case DialectOllama:
		return p == "/v1/embeddings" || p == "/api/embed"
	}
	return p == "/v1/embeddings"
}

func parseEmbedRequest(body []byte) (EmbedRequest, error) {
	var raw struct {
		Model string          `json:"model"`
		Input json.RawMessage `json:"input"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return EmbedRequest{}, err
	}
	r := EmbedRequest{Model: raw.Model}
	var one string
	if err := json.Unmarshal(raw.Input, &one); err == nil {
		r.Input = []string{one}
		return r, nil
	}
	err := json.Unmarshal(raw.Input, &r.Input)
	return r, err
}

// embed answers an embeddings request in the dialect's bytes.
func (h *Handler) embed(w http.ResponseWriter, r *http.Request, rec Request, chatModels []string) {
	h.mu.Lock()
	d, wr, down, models, delay := h.dialect, h.wire, h.embedDown, h.embedModels, h.embedDelay
	h.mu.Unlock()
	if delay > 0 && !sleep(r, delay) {
		return
	}
	if models == nil {
		models = []string{DefaultEmbedModel}
	}
	req, err := parseEmbedRequest(rec.Body)
	if err != nil || len(req.Input) == 0 {
		writeFailure(w, wr, failure{status: http.StatusBadRequest, message: "invalid input"})
		return
	}
	if down {
		writeFailure(w, wr, failure{status: http.StatusServiceUnavailable, message: "embedding model is not available"})
		return
	}
	if !hasModel(models, req.Model) && !hasModel(chatModels, req.Model) && d != DialectLlamaCpp {
		writeFailure(w, wr, failure{status: http.StatusNotFound, kind: failModel, model: req.Model, models: models})
		return
	}
	tokens := 0
	vecs := make([][]float32, len(req.Input))
	for i, s := range req.Input {
		vecs[i] = Embedding(s)
		tokens += max(1, utf8.RuneCountInString(s)/4)
	}
	var body string
	switch {
	case d == DialectOllama && r.URL.Path == "/api/embed":
		body = ollamaNativeEmbed(req.Model, vecs, tokens)
	case d == DialectOllama:
		body = ollamaEmbed(req.Model, vecs, tokens)
	case d == DialectLlamaCpp:
		body = llamaEmbed(req.Model, vecs, tokens)
	case d == DialectOpenAI:
		body = indent(openAIEmbed(req.Model, vecs, tokens), "  ") + "\n"
	default:
		body = openAIEmbed(req.Model, vecs, tokens)
	}
	writeBody(w, http.StatusOK, "application/json", body)
}

func floats(v []float32) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(float64(x), 'g', -1, 32)
	}
	return arr(parts...)
}

func embedUsage(tokens int) string {
	return obj(kv{"prompt_tokens", jint(tokens)}, kv{"total_tokens", jint(tokens)})
}

// openAIEmbed: {"object":"list","data":[{"object":"embedding","index":i,
// "embedding":[…]}],"model":…,"usage":{"prompt_tokens","total_tokens"}}, the
// order of the API reference's example; api.openai.com pretty-prints it.
func openAIEmbed(model string, vecs [][]float32, tokens int) string {
	data := make([]string, len(vecs))
	for i, v := range vecs {
		data[i] = obj(kv{"object", jstr("embedding")}, kv{"index", jint(i)}, kv{"embedding", floats(v)})
	}
	return obj(kv{"object", jstr("list")}, kv{"data", arr(data...)}, kv{"model", jstr(model)}, kv{"usage", embedUsage(tokens)})
}

// ollamaEmbed: Ollama's openai.EmbeddingList, compact Go JSON with
// "embedding" before "index" (struct order in ollama/openai/openai.go),
// usage without completion tokens.
func ollamaEmbed(model string, vecs [][]float32, tokens int) string {
	data := make([]string, len(vecs))
	for i, v := range vecs {
		data[i] = obj(kv{"object", goStr("embedding")}, kv{"embedding", floats(v)}, kv{"index", jint(i)})
	}
	return obj(kv{"object", goStr("list")}, kv{"data", arr(data...)}, kv{"model", goStr(model)}, kv{"usage", embedUsage(tokens)})
}

// ollamaNativeEmbed: POST /api/embed, {"model","embeddings":[[…]],
// "total_duration","load_duration","prompt_eval_count"}.
func ollamaNativeEmbed(model string, vecs [][]float32, tokens int) string {
	rows := make([]string, len(vecs))
	for i, v := range vecs {
		rows[i] = floats(v)
	}
	return obj(kv{"model", goStr(model)}, kv{"embeddings", arr(rows...)}, kv{"total_duration", "14143917"},
		kv{"load_duration", "1019500"}, kv{"prompt_eval_count", jint(tokens)})
}

// llamaEmbed: llama-server's OAI-compatible answer, keys in the order its
// ordered JSON writes them (model, object, usage, data; in each item
// embedding, index, object). It answers for whatever model it loaded.
func llamaEmbed(model string, vecs [][]float32, tokens int) string {
	data := make([]string, len(vecs))
	for i, v := range vecs {
		data[i] = obj(kv{"embedding", floats(v)}, kv{"index", jint(i)}, kv{"object", jstr("embedding")})
	}
	return obj(kv{"model", jstr(model)}, kv{"object", jstr("list")}, kv{"usage", embedUsage(tokens)}, kv{"data", arr(data...)})
}
