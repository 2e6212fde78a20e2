package chat

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"hearth/backend/llm"
	"hearth/backend/memory"
)

// Title limits.
const (
	titleWords     = 6
	titleMaxTokens = 1024
	maxTitleRunes  = 60
	titlePrompt    = "Write a short title (at most 6 words) for a conversation that starts with the exchange below. " +
		"Reply with the title only: no quotes, no punctuation at the end."
)

// title names a new session after its first exchange: the model's
// suggestion when the reply just worked (the server is online), else the
// first words of the user's (redacted) message.
func (e *Engine) title(ctx context.Context, t *turn, user, reply Message) Session {
	var title string
	if reply.Status == StatusComplete && t.ep.ID != "" {
		tctx, cancel := context.WithTimeout(ctx, e.cfg.TitleTimeout)
		exchange := "User: " + clipRunes(user.Content, 500) + "\n\nAssistant: " + clipRunes(reply.Content, 500)
		// The cap leaves room for a thinking model's reasoning before the few
		// words wanted (the title is cut to size here anyway).
		res, err := e.d.Client.Stream(tctx, t.ep, llm.Request{Model: t.modelUsed, MaxTokens: titleMaxTokens, Temperature: 0.2,
			ReasoningEffort: "low",
			Messages:        []llm.Message{{Role: "system", Content: titlePrompt}, {Role: "user", Content: exchange}}}, nil)
		cancel()
		if err == nil {
			title = cleanTitleText(res.Text)
		} else {
			e.d.Logger.Info("title from model failed; using first words", "module", t.mod.ID, "kind", llm.KindOf(err))
		}
	}
	if title == "" {
		title = firstWords(user.Content, titleWords)
	}
	// Only if still untitled: the person may have renamed it meanwhile.
	if err := t.tr.autoTitle(context.WithoutCancel(ctx), title); err != nil {
		e.d.Logger.Warn("session title not stored", "module", t.mod.ID, "err", err)
	}
	sess := t.tr.session()
	// Told now, not when Send returns: memory extraction may still take a while.
	e.d.Emit(Event{Type: EventTitle, TurnID: t.id, SessionID: sess.ID, ModuleID: t.mod.ID, Text: sess.Title})
	return sess
}

// cleanTitleText keeps the first line of a model's answer, without markdown,
// quotes or a "Title:" label, within maxTitleRunes.
func cleanTitleText(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(strings.TrimLeft(s, "#*>-` "))
	if strings.HasPrefix(strings.ToLower(s), "title:") {
		s = strings.TrimSpace(s[len("title:"):])
	}
	s = strings.Trim(s, "\"'“”‘’*_` ")
	s = strings.TrimRight(s, ".!:;, ")
	return strings.TrimSpace(clipRunes(strings.Join(strings.Fields(s), " "), maxTitleRunes))
}

// firstWords is the fallback title.
func firstWords(s string, n int) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) })
	if len(words) > n {
		words = words[:n]
	}
	return strings.TrimSpace(clipRunes(strings.TrimRight(strings.Join(words, " "), ".!?:;,"), maxTitleRunes))
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// completer lets memory extraction use the turn's endpoint and model.
type completer struct {
	c     Streamer
	ep    llm.Endpoint
	model string
}

func (c completer) Complete(ctx context.Context, system, user string) (string, error) {
	res, err := c.c.Stream(ctx, c.ep, llm.Request{Model: c.model, ReasoningEffort: "low",
		Messages: []llm.Message{{Role: "system", Content: system}, {Role: "user", Content: user}}}, nil)
	return res.Text, err // the answer only: thinking never becomes a memory
}

// extract runs memory extraction after a complete turn. It never fails the
// turn and logs only the kind of failure (the reply may quote the user).
func (e *Engine) extract(ctx context.Context, t *turn, userText string, reply Message) int {
	if ctx.Err() != nil {
		return 0
	}
	xctx, cancel := context.WithTimeout(ctx, e.cfg.ExtractTimeout)
	defer cancel()
	n, err := e.d.Memory.Extract(xctx, t.mod.ID, completer{c: e.d.Client, ep: t.ep, model: t.modelUsed},
		userText, reply.Content, reply.SessionID, reply.ID)
	if err != nil {
		e.d.Logger.Warn("memory extraction failed", "module", t.mod.ID, "kind", llm.KindOf(err),
			"bad_reply", errors.Is(err, memory.ErrBadExtraction))
		return 0
	}
	return n
}
