package llm

import "strings"

// Inline thinking tags. Qwen3, DeepSeek-R1 and QwQ served without a
// reasoning parser (Ollama's older /v1, llama.cpp with
// --reasoning-format none, LM Studio with the setting off) put their
// thinking inside the content.
const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
)

// Piece kinds a thinkSplitter produces.
const (
	pieceAnswer    = iota
	pieceReasoning // thinking text
	pieceReset     // everything streamed as answer so far was thinking (R1 form)
)

type piece struct {
	kind int
	text string
}

const (
	modeStart  = iota // nothing but whitespace seen yet
	modeThink         // inside <think>
	modeMaybe         // answer text that may still turn out to be R1 thinking
	modeAnswer        // after </think>: answer only
)

// thinkSplitter separates inline thinking from the answer while a reply
// streams, in both forms: `<think>…</think>answer`, and DeepSeek-R1's
// `…thinking…</think>answer`, where the chat template already opened the
// block and only the closing tag arrives. In the R1 form the thinking has
// been shown as answer by the time `</think>` shows it was not, so the
// splitter emits a reset for the caller to move it over. Text that may be
// the start of a tag is held back until the next chunk decides it.
type thinkSplitter struct {
	mode    int
	held    string
	leading bool // after </think>: drop the blank lines before the answer
}

// feed takes the next piece of content and returns what it decides.
func (t *thinkSplitter) feed(s string) []piece {
	t.held += s
	var out []piece
	for t.held != "" {
		switch t.mode {
		case modeStart:
			trimmed := strings.TrimLeft(t.held, " \t\r\n")
			switch {
			case trimmed == "":
				return out // only whitespace so far
			case strings.HasPrefix(trimmed, thinkOpen):
				t.held, t.mode = trimmed[len(thinkOpen):], modeThink
			case strings.HasPrefix(thinkOpen, trimmed):
				return out // "<thi": wait for more
			default:
				t.mode = modeMaybe
			}
		case modeThink, modeMaybe:
			i := strings.Index(t.held, thinkClose)
			if i < 0 {
				keep := partialSuffix(t.held, thinkClose)
				emit := t.held[:len(t.held)-keep]
				t.held = t.held[len(emit):]
				if emit != "" {
					out = append(out, piece{t.kindHere(), emit})
				}
				return out
			}
			if t.mode == modeMaybe {
				out = append(out, piece{kind: pieceReset})
			}
			if i > 0 {
				out = append(out, piece{pieceReasoning, t.held[:i]})
			}
			t.held, t.mode, t.leading = t.held[i+len(thinkClose):], modeAnswer, true
		case modeAnswer:
			s := t.held
			t.held = ""
			if t.leading {
				s = strings.TrimLeft(s, " \t\r\n")
				if s == "" {
					return out
				}
				t.leading = false
			}
			out = append(out, piece{pieceAnswer, s})
		}
	}
	return out
}

func (t *thinkSplitter) kindHere() int {
	if t.mode == modeThink {
		return pieceReasoning
	}
	return pieceAnswer
}

// flush ends the stream: held text goes where the current mode says (an
// unclosed <think> at the end was all thinking).
func (t *thinkSplitter) flush() []piece {
	s := t.held
	t.held = ""
	switch {
	case s == "":
		return nil
	case t.mode == modeThink:
		return []piece{{pieceReasoning, s}}
	case t.mode == modeStart || (t.mode == modeAnswer && t.leading):
		if strings.TrimSpace(s) == "" {
			return nil
		}
	}
	return []piece{{pieceAnswer, s}}
}

// partialSuffix is the length of the longest suffix of s that is a proper
// prefix of tag.
func partialSuffix(s, tag string) int {
	for n := min(len(tag)-1, len(s)); n > 0; n-- {
		if strings.HasSuffix(s, tag[:n]) {
			return n
		}
	}
	return 0
}

// StripThinking removes inline thinking from a whole text (both forms),
// for text that did not come through a stream, such as imported replies.
func StripThinking(s string) string {
	var t thinkSplitter
	var b strings.Builder
	apply := func(ps []piece) {
		for _, p := range ps {
			switch p.kind {
			case pieceAnswer:
				b.WriteString(p.text)
			case pieceReset:
				b.Reset()
			}
		}
	}
	apply(t.feed(s))
	apply(t.flush())
	return b.String()
}
