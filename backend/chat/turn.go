package chat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/private"
	"hearth/backend/store"
)

// turn is one model call in a session: a new message, a regeneration or a
// continuation.
type turn struct {
	id         string
	mod        module.Module
	tr         transcript
	endpointID string
	model      string
	query      string        // memory retrieval query (redacted text)
	queryVec   []float32     // query embedded with queryModel (nil: keywords only)
	queryModel string        // the model of queryVec
	history    []Message     // earlier messages, oldest first
	tail       []llm.Message // always sent after the history
	messageID  string        // Continue: the message deltas extend
	private    string        // Send: the unredacted text, to scrub echoes from the reply

	// set by generate
	ep        llm.Endpoint
	modelUsed string
}

// generation is what a model call produced.
type generation struct {
	res      llm.Result
	err      error
	used     []string
	passages []string // document passage ids put in the prompt
	heldBack int
	// keywordsOnly: embedding the query failed, retrieval fell back to keywords
	keywordsOnly bool
}

// generate resolves endpoint and model, retrieves memories, assembles the
// prompt and streams the reply as throttled delta events.
func (e *Engine) generate(ctx context.Context, t *turn) generation {
	g := generation{used: []string{}}
	ep, err := e.d.Endpoints.Resolve(ctx, t.endpointID)
	if err != nil {
		g.err = err
		return g
	}
	t.ep = ep
	t.modelUsed = first(t.model, t.mod.Model, ep.DefaultModel)
	if e.d.Guard != nil {
		if err := e.d.Guard.AllowModel(t.modelUsed); err != nil {
			g.err = err
			return g
		}
	}
	var mems []memory.Memory
	if t.mod.Policy.UseMemory {
		g.keywordsOnly = e.embedQuery(ctx, t)
		got, err := e.d.Memory.Retrieve(ctx, t.mod.ID, t.query, memory.RetrieveOptions{
			IncludeShared:  t.mod.Policy.ReadShared,
			AllowSensitive: ep.Local, // decided by the URL's host, never by where it resolves
			TokenBudget:    e.cfg.MemoryTokens,
			QueryVector:    t.queryVec,
			Model:          t.queryModel,
		})
		if err != nil {
			e.d.Logger.Warn("memory retrieval failed; replying without memories", "module", t.mod.ID, "err", err)
		}
		mems, g.heldBack = got.Memories, got.HeldBack
		for _, m := range mems {
			g.used = append(g.used, m.ID)
		}
	}
	passages := e.passages(ctx, t, ep, &g)
	msgs := assemble(withPassages(systemPrompt(t.mod.SystemPrompt, mems), passages), t.history, t.tail, e.cfg.ContextTokens)
	sess := t.tr.session()
	th := newThrottle(e.cfg.DeltaInterval, func(d llm.Delta) {
		e.d.Emit(Event{Type: EventDelta, TurnID: t.id, SessionID: sess.ID, ModuleID: sess.ModuleID, MessageID: t.messageID,
			Text: d.Text, Reasoning: d.Reasoning, Reset: d.Reset})
	})
	req := llm.Request{Model: t.modelUsed, Messages: msgs, Temperature: t.mod.Temperature,
		ReasoningEffort: t.mod.ReasoningEffort, OnWait: func(err error, _ time.Duration) {
			// The badge and the turn say why nothing arrives yet (model loading, rate limit).
			if e.d.Status != nil {
				e.d.Status.Observe(ep.ID, err)
			}
			e.d.Emit(Event{Type: EventWait, TurnID: t.id, SessionID: sess.ID, ModuleID: sess.ModuleID, Text: apperr.Message(err)})
		}}
	g.res, g.err = e.d.Client.Stream(ctx, ep, req, th.add)
	th.close()
	if e.d.Status != nil {
		e.d.Status.Observe(ep.ID, g.err)
	}
	return g
}

// TruncatedSentence marks a reply the model stopped at its length limit.
const TruncatedSentence = "The model stopped at its length limit; choose Continue for the rest."

// fill copies a generation into m (appending to m's content for Continue).
// A reply cut at the length limit is kept as interrupted, so Continue is
// offered and neither a title nor memories are made from the cut text.
func fill(m *Message, g generation, model string) {
	m.Content += g.res.Text
	m.Reasoning += g.res.Reasoning
	m.Model = first(g.res.Model, model, m.Model)
	m.PromptTokens += g.res.PromptTokens
	m.CompletionTokens += g.res.CompletionTokens
	m.UsedMemories, m.HeldBack = g.used, g.heldBack
	m.UsedPassages = g.passages
	m.KeywordsOnly = g.keywordsOnly
	m.Status, m.Error, m.Truncated = StatusComplete, "", false
	switch {
	case g.err == nil && g.res.Truncated && m.Content != "":
		m.Status, m.Error, m.Truncated = StatusInterrupted, TruncatedSentence, true
	case g.err == nil && g.res.Truncated:
		m.Status, m.Error = StatusError, "The model used its whole length limit on thinking and wrote no answer; try again or lower the module's reasoning effort."
	case g.err == nil:
	case llm.KindOf(g.err) == llm.KindCanceled:
		m.Status = StatusInterrupted // the user pressed Stop
	case m.Content != "":
		m.Status, m.Error = StatusInterrupted, apperr.Message(g.err) // partial reply kept
	default:
		m.Status, m.Error = StatusError, apperr.Message(g.err)
	}
}

// turnError is what Send/Regenerate/Continue return for a generation: nil
// when complete or stopped by the user.
func turnError(err error) error {
	if err == nil || llm.KindOf(err) == llm.KindCanceled {
		return nil
	}
	return fmt.Errorf("chat turn: %w", err)
}

// finish emits the final event for a stored message and logs the outcome
// (never the text).
func (e *Engine) finish(t *turn, m Message, err error) {
	sess := t.tr.session()
	ev := Event{Type: EventDone, TurnID: t.id, SessionID: sess.ID, ModuleID: sess.ModuleID, MessageID: t.messageID, Message: &m}
	if turnError(err) != nil {
		ev.Type, ev.Text = EventError, apperr.Message(err)
	}
	e.d.Emit(ev)
	attrs := []any{"turn", t.id, "module", sess.ModuleID, "status", m.Status, "chars", len(m.Content),
		"prompt_tokens", m.PromptTokens, "completion_tokens", m.CompletionTokens, "held_back", m.HeldBack}
	if err != nil {
		attrs = append(attrs, "kind", llm.KindOf(err))
	}
	e.d.Logger.Info("chat turn", attrs...)
}

// run generates a new assistant reply and stores it, whatever happened.
// turnCtx is canceled by Stop; ctx is the caller's.
func (e *Engine) run(turnCtx, ctx context.Context, t *turn) (Message, error) {
	g := e.generate(turnCtx, t)
	reply := Message{Role: "assistant"}
	fill(&reply, g, t.modelUsed)
	if t.private != "" {
		reply.Content = private.RedactEcho(reply.Content, t.private)
		reply.Reasoning = private.RedactEcho(reply.Reasoning, t.private)
	}
	// Stored even if the caller is gone: nothing already shown may be lost.
	stored, err := t.tr.add(context.WithoutCancel(ctx), reply)
	if err != nil {
		e.d.Logger.Error("chat reply not stored", "turn", t.id, "module", t.mod.ID, "err", err)
		e.d.Emit(Event{Type: EventError, TurnID: t.id, SessionID: t.tr.session().ID, ModuleID: t.mod.ID,
			Text: "The reply could not be saved."})
		return reply, fmt.Errorf("store reply: %w", err)
	}
	e.finish(t, stored, g.err)
	return stored, turnError(g.err)
}

// begin loads the module and session and registers a turn for Regenerate
// and Continue.
func (e *Engine) begin(ctx context.Context, moduleID, sessionID string) (*turn, context.Context, func(), error) {
	mod, err := e.d.Modules.Get(ctx, moduleID)
	if err != nil {
		return nil, nil, nil, err
	}
	if sessionID == "" {
		return nil, nil, nil, ErrNotFound
	}
	if e.d.Guard != nil {
		if err := e.d.Guard.AllowTurn(ctx, mod.ID, isTemporaryID(sessionID), false); err != nil {
			return nil, nil, nil, err
		}
	}
	tr, err := e.open(ctx, mod.ID, sessionID, false)
	if err != nil {
		return nil, nil, nil, err
	}
	t := &turn{id: store.NewID(), mod: mod, tr: tr, endpointID: mod.EndpointID}
	turnCtx, cancel := context.WithCancel(ctx)
	if !e.reg.start(t.id, sessionID, cancel) {
		cancel()
		return nil, nil, nil, ErrBusy
	}
	done := func() { e.reg.finish(t.id, sessionID); cancel() }
	e.d.Emit(Event{Type: EventStart, TurnID: t.id, SessionID: sessionID, ModuleID: mod.ID})
	return t, turnCtx, done, nil
}

// Regenerate replaces the session's last assistant reply with a new one
// for the same user message. If the new attempt produces no text at all,
// the old reply stays and the fault is returned.
func (e *Engine) Regenerate(ctx context.Context, moduleID, sessionID string) (_ TurnResult, err error) {
	ctx, leave, err := e.life.enter(ctx)
	if err != nil {
		return TurnResult{}, fmt.Errorf("regenerate: %w", err)
	}
	defer leave(&err)
	t, turnCtx, done, err := e.begin(ctx, moduleID, sessionID)
	if err != nil {
		return TurnResult{}, fmt.Errorf("regenerate: %w", err)
	}
	defer done()
	msgs, err := t.tr.history(ctx, e.cfg.HistoryMessages)
	if err != nil {
		return TurnResult{}, fmt.Errorf("regenerate: %w", err)
	}
	if len(msgs) < 2 || msgs[len(msgs)-1].Role != "assistant" || msgs[len(msgs)-2].Role != "user" {
		return TurnResult{}, ErrNoReply
	}
	old, user := msgs[len(msgs)-1], msgs[len(msgs)-2]
	t.query, t.history = user.Content, msgs[:len(msgs)-2]
	t.tail = []llm.Message{{Role: "user", Content: user.Content}}
	res := TurnResult{TurnID: t.id, Session: t.tr.session()}

	g := e.generate(turnCtx, t)
	reply := Message{Role: "assistant"}
	fill(&reply, g, t.modelUsed)
	if reply.Content == "" && g.err != nil {
		sess := t.tr.session()
		e.d.Emit(Event{Type: EventError, TurnID: t.id, SessionID: sess.ID, ModuleID: sess.ModuleID, Text: apperr.Message(g.err)})
		if turnError(g.err) == nil {
			return res, nil // stopped before any text: nothing changes
		}
		return res, turnError(g.err)
	}
	storeCtx := context.WithoutCancel(ctx)
	stored, err := t.tr.add(storeCtx, reply)
	if err != nil {
		return res, fmt.Errorf("regenerate: store reply: %w", err)
	}
	if err := t.tr.remove(storeCtx, old.ID); err != nil && !errors.Is(err, ErrNotFound) {
		e.d.Logger.Warn("old reply not removed", "turn", t.id, "err", err)
	}
	res.Reply = stored
	e.finish(t, stored, g.err)
	return res, turnError(g.err)
}

// continuePrompt asks the model to pick up an interrupted reply.
const continuePrompt = "Continue your previous reply exactly where it stopped. Do not repeat anything already written."

// Continue extends the session's last reply when it was interrupted,
// appending to the same message; deltas carry its MessageID.
func (e *Engine) Continue(ctx context.Context, moduleID, sessionID string) (_ TurnResult, err error) {
	ctx, leave, err := e.life.enter(ctx)
	if err != nil {
		return TurnResult{}, fmt.Errorf("continue: %w", err)
	}
	defer leave(&err)
	t, turnCtx, done, err := e.begin(ctx, moduleID, sessionID)
	if err != nil {
		return TurnResult{}, fmt.Errorf("continue: %w", err)
	}
	defer done()
	msgs, err := t.tr.history(ctx, e.cfg.HistoryMessages)
	if err != nil {
		return TurnResult{}, fmt.Errorf("continue: %w", err)
	}
	if len(msgs) == 0 || msgs[len(msgs)-1].Role != "assistant" || msgs[len(msgs)-1].Status != StatusInterrupted ||
		msgs[len(msgs)-1].Content == "" {
		return TurnResult{}, ErrNotContinue
	}
	msg := msgs[len(msgs)-1]
	t.messageID, t.history = msg.ID, msgs[:len(msgs)-1]
	for i := len(t.history) - 1; i >= 0; i-- {
		if t.history[i].Role == "user" {
			t.query = t.history[i].Content
			break
		}
	}
	t.tail = []llm.Message{{Role: "assistant", Content: msg.Content}, {Role: "user", Content: continuePrompt}}
	res := TurnResult{TurnID: t.id, Session: t.tr.session()}

	g := e.generate(turnCtx, t)
	updated := msg
	fill(&updated, g, t.modelUsed)
	if err := t.tr.update(context.WithoutCancel(ctx), updated); err != nil {
		return res, fmt.Errorf("continue: store reply: %w", err)
	}
	res.Reply = updated
	e.finish(t, updated, g.err)
	return res, turnError(g.err)
}
