package llmtest

import (
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
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

// stream writes one reply as wire's server would.
func (h *Handler) stream(w http.ResponseWriter, r *http.Request, rec Request, rp Reply, wr wire, d Dialect, seq int, model string) {
	pieces, field := plan(rp, wr, d)
	m := &meta{id: wr.newID(seq), model: model, created: 1700000000, fieldThinking: field, reasoningField: wr.thinkField()}
	if rp.ReasoningField != "" {
		m.reasoningField = rp.ReasoningField
	}
	if o := rec.Chat.Options; o != nil {
		m.includeUsage = o.IncludeUsage
		m.obfuscate = o.IncludeObfuscation == nil || *o.IncludeObfuscation
	} else {
		m.obfuscate = true
	}
	s := newSSE(w, wr.streamType(), rp.LineEnding)
	slots := keepAliveSlots(rp.KeepAlives, len(pieces))
	keepAlives := func(i int) {
		for k := 0; k < slots[i]; k++ {
			s.frame(wr.keepAlive())
		}
	}
	half := len(pieces) / 2
	if half == 0 && len(pieces) > 0 {
		half = 1
	}
	keepAlives(0)
	if open := wr.open(m, field); open != "" {
		s.frame(data(open))
	}
	midError := func() {
		lines, done := wr.midError(m, rp.MidStreamError)
		s.frame(lines...)
		if done {
			s.frame(doneLine)
		}
	}
	for i, p := range pieces {
		if i > 0 {
			keepAlives(i)
		}
		if i == half {
			if rp.MidStreamError != "" {
				midError()
				return
			}
			switch rp.Fault {
			case FaultStall:
				<-r.Context().Done()
				return
			case FaultDrop:
				panic(http.ErrAbortHandler) // closes the connection mid-body
			case FaultMalformedJSON:
				s.raw("data: {\"id\":\"chatcmpl-bad\",\"choices\":[{\"delta\":{\"content\":\"oops\"" + s.le + s.le)
				return
			case FaultErrorFrame:
				s.frame(`data: {"error":{"message":"The model crashed while generating.","type":"server_error","code":null}}`)
				return
			}
		}
		if i > 0 && rp.Delay > 0 && !sleep(r, rp.Delay) {
			return
		}
		if p.thinking {
			s.frame(data(wr.reasoning(m, p.text, i == 0)))
		} else {
			s.frame(data(wr.content(m, p.text, i == 0)))
		}
	}
	if len(pieces) > 0 {
		keepAlives(len(pieces))
	}
	if rp.MidStreamError != "" { // a reply too short to have a middle
		midError()
		return
	}
	for live := rp.Live; live != nil; {
		select {
		case c, ok := <-live:
			if !ok {
				live = nil
				break
			}
			s.frame(data(wr.content(m, c, false)))
		case <-r.Context().Done():
			return
		}
	}
	finish := rp.FinishReason
	if finish == "" {
		finish = "stop"
	}
	var u *usage
	if !rp.NoUsage {
		u = &usage{prompt: promptTokens(rec), completion: utf8.RuneCountInString(rp.Text)/4 + 1,
			reasoning: (utf8.RuneCountInString(rp.Reasoning) + 3) / 4}
	}
	for _, f := range wr.finish(m, finish, u) {
		s.frame(f)
	}
}

func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
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
