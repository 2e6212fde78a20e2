package llmtest

import (
	"io"
	"net/http"
	"strings"
)

// sse writes event-stream frames with a chosen line ending.
type sse struct {
	w  http.ResponseWriter
	f  http.Flusher
	le string // "\n", "\r\n" or "\r"
}

func newSSE(w http.ResponseWriter, contentType, lineEnding string) *sse {
	if lineEnding == "" {
		lineEnding = "\n"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sse{w: w, f: f, le: lineEnding}
}

// frame writes lines as one event: each line, then a blank line.
func (s *sse) frame(lines ...string) {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + s.le)
	}
	b.WriteString(s.le)
	s.raw(b.String())
}

func (s *sse) raw(text string) {
	_, _ = io.WriteString(s.w, text)
	if s.f != nil {
		s.f.Flush()
	}
}

// piece is one streamed delta: answer text or thinking in the dialect's
// field.
type piece struct {
	text     string
	thinking bool
}

// plan cuts a reply into the deltas a server of wire w would stream, with
// its thinking placed as style (resolved for the dialect) says.
func plan(rp Reply, w wire, d Dialect) (pieces []piece, fieldThinking bool) {
	n := rp.ChunkRunes
	texts := func(s string, thinking bool) {
		for _, c := range split(s, n) {
			pieces = append(pieces, piece{text: c, thinking: thinking})
		}
	}
	style := rp.Think
	if style == ThinkDefault {
		switch {
		case w.thinkField() != "":
			style = ThinkField
		case d == DialectOpenAI:
			style = -1 // the API never streams a reasoning model's thinking
		default:
			style = ThinkInline
		}
	}
	if style == ThinkField && w.thinkField() == "" {
		style = ThinkInline
	}
	if rp.Reasoning != "" {
		switch style {
		case ThinkField:
			texts(rp.Reasoning, true)
			fieldThinking = true
		case ThinkInline: // tags are single tokens, so single deltas
			pieces = append(pieces, piece{text: "<think>"})
			texts("\n"+rp.Reasoning+"\n", false)
			pieces = append(pieces, piece{text: "</think>"})
			texts("\n\n"+rp.Text, false)
			return pieces, false
		case ThinkR1:
			texts(rp.Reasoning+"\n", false)
			pieces = append(pieces, piece{text: "</think>"})
			texts("\n\n"+rp.Text, false)
			return pieces, false
		}
	}
	texts(rp.Text, false)
	return pieces, fieldThinking
}

// keepAliveSlots spreads n comments over the gaps before each of k
// pieces: slots[i] comments go before piece i (slots[k]: before the end).
func keepAliveSlots(n, k int) []int {
	slots := make([]int, k+1)
	for i := 0; i < n; i++ {
		if k == 0 {
			slots[0]++
			continue
		}
		slots[i*k/n]++
	}
	return slots
}
