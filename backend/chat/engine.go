package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"hearth/backend/docs"
	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/private"
	"hearth/backend/store"
)

// Engine errors.
var (
	ErrEmpty       = errors.New("message is empty")
	ErrTooLong     = errors.New("message is too long")
	ErrBusy        = errors.New("a reply is still being written in this session")
	ErrNoReply     = errors.New("there is no reply to regenerate")
	ErrNotContinue = errors.New("the last reply was not interrupted")
)

// MaxMessageBytes bounds one user message.
const MaxMessageBytes = 200 << 10

// MessageStore is the session/message storage a turn needs (*Store).
type MessageStore interface {
	CreateSession(ctx context.Context, moduleID, title string) (Session, error)
	GetSession(ctx context.Context, moduleID, sessionID string) (Session, error)
	RenameSession(ctx context.Context, moduleID, sessionID, title string) error
	TitleUntitled(ctx context.Context, moduleID, sessionID, title string) (string, error)
	AddMessage(ctx context.Context, moduleID string, m Message) (Message, error)
	UpdateMessage(ctx context.Context, moduleID string, m Message) error
	DeleteMessage(ctx context.Context, moduleID, messageID string) error
	Messages(ctx context.Context, moduleID, sessionID string, lastN int) ([]Message, error)
}

// Modules gives a module's prompt and policy (*module.Service).
type Modules interface {
	Get(ctx context.Context, id string) (module.Module, error)
}

// Memory is what a turn needs from memory (*memory.Service).
type Memory interface {
	Retrieve(ctx context.Context, moduleID, query string, opt memory.RetrieveOptions) (memory.Retrieved, error)
	ApplyDirective(ctx context.Context, moduleID, op, arg, sessionID, messageID string) ([]memory.Memory, error)
	Extract(ctx context.Context, moduleID string, c memory.Completer, userText, assistantText, sessionID, messageID string) (int, error)
}

// Endpoints resolves an endpoint id ("" = the default) with its key (*llm.Endpoints).
type Endpoints interface {
	Resolve(ctx context.Context, id string) (llm.Endpoint, error)
}

// Streamer streams a completion (*llm.Client).
type Streamer interface {
	Stream(ctx context.Context, ep llm.Endpoint, req llm.Request, onDelta func(llm.Delta)) (llm.Result, error)
}

// StatusObserver is told how each call went (*llm.Status); optional.
type StatusObserver interface {
	Observe(endpointID string, err error) llm.EndpointStatus
}

// Guard may refuse a turn before it starts (family rules: quiet hours, a
// daily limit, temporary chats off); *family.Enforcer. newMessage is true
// for Send, which counts toward a daily limit.
type Guard interface {
	AllowTurn(ctx context.Context, moduleID string, temporary, newMessage bool) error
	// AllowModel is asked once a turn's model is known.
	AllowModel(model string) error
	// Forbids tells whether err is the rules refusing something (an
	// endpoint, a model) rather than another fault.
	Forbids(err error) bool
}

// Config tunes the engine; zero values take defaults.
type Config struct {
	ContextTokens   int           // prompt budget (DefaultContextTokens)
	MemoryTokens    int           // memory share of it (memory.DefaultTokenBudget)
	PassageTokens   int           // document passages' share (docs.DefaultTokenBudget)
	HistoryMessages int           // most recent messages considered (100)
	DeltaInterval   time.Duration // min gap between delta events (DefaultDeltaInterval)
	TitleTimeout    time.Duration // asking the model for a title (15s)
	ExtractTimeout  time.Duration // memory extraction after a turn (60s)
	EmbedTimeout    time.Duration // embedding a turn's query (DefaultEmbedTimeout)
	MaxTemporary    int           // temporary sessions kept in memory (50)
}

// EngineDeps are the engine's collaborators. Status, Logger, Emit and Now
// are optional.
type EngineDeps struct {
	Store     MessageStore
	Modules   Modules
	Memory    Memory
	Documents Documents // optional: no document passages without it
	Endpoints Endpoints
	Client    Streamer
	Status    StatusObserver
	Now       func() time.Time
	Logger    *slog.Logger
	Emit      func(Event)
	Embedder  QueryEmbedder // optional: retrieval by meaning
	Guard     Guard         // optional
	Config    Config
}

// Engine runs chat turns. It is safe for concurrent use; one turn at a
// time per session.
type Engine struct {
	d   EngineDeps
	cfg Config
	reg *registry

	mu   sync.Mutex
	temp map[string]*tempSession

	life *lifecycle
}

// NewEngine returns an engine over deps.
func NewEngine(deps EngineDeps) *Engine {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Emit == nil {
		deps.Emit = func(Event) {}
	}
	c := deps.Config
	if c.ContextTokens <= 0 {
		c.ContextTokens = DefaultContextTokens
	}
	if c.MemoryTokens <= 0 {
		c.MemoryTokens = memory.DefaultTokenBudget
	}
	if c.PassageTokens <= 0 {
		c.PassageTokens = docs.DefaultTokenBudget
	}
	if c.HistoryMessages <= 0 {
		c.HistoryMessages = 100
	}
	if c.DeltaInterval <= 0 {
		c.DeltaInterval = DefaultDeltaInterval
	}
	if c.TitleTimeout <= 0 {
		c.TitleTimeout = 15 * time.Second
	}
	if c.ExtractTimeout <= 0 {
		c.ExtractTimeout = 60 * time.Second
	}
	if c.EmbedTimeout <= 0 {
		c.EmbedTimeout = DefaultEmbedTimeout
	}
	if c.MaxTemporary <= 0 {
		c.MaxTemporary = 50
	}
	return &Engine{d: deps, cfg: c, reg: newRegistry(), temp: map[string]*tempSession{}, life: newLifecycle()}
}

// SendRequest is one user turn.
type SendRequest struct {
	ModuleID   string `json:"moduleId"`
	SessionID  string `json:"sessionId"` // "" = start a new session
	Temporary  bool   `json:"temporary"` // new session only: never stored, never writes memory
	Text       string `json:"text"`
	EndpointID string `json:"endpointId"` // "" = the module's, else the default
	Model      string `json:"model"`      // "" = the module's, else the endpoint's
	TurnID     string `json:"turnId"`     // optional, chosen by the caller so it can Stop early
}

// DirectiveResult reports a "remember that…" / "forget…" the turn carried out.
type DirectiveResult struct {
	Op    string `json:"op"` // memory.OpRemember | memory.OpForget
	Count int    `json:"count"`
}

// TurnResult is what a turn stored.
type TurnResult struct {
	TurnID    string           `json:"turnId"`
	Session   Session          `json:"session"`
	User      Message          `json:"user"`  // as stored (private spans redacted); zero for Regenerate/Continue
	Reply     Message          `json:"reply"` // as stored; zero if a Regenerate/Continue produced nothing
	Directive *DirectiveResult `json:"directive,omitempty"`
	Extracted int              `json:"extracted"` // memories changed by extraction
}

// Stop cancels a running turn; its partial reply is stored as interrupted.
// It reports whether the turn was running.
func (e *Engine) Stop(turnID string) bool { return e.reg.stop(turnID) }

// ActiveTurn returns the turn still replying in a session, if any.
func (e *Engine) ActiveTurn(sessionID string) (string, bool) { return e.reg.active(sessionID) }

// Send stores the user's message, streams the reply and stores it. The
// returned error is nil when the reply was stored complete or stopped by
// the user; otherwise it is the fault (apperr.Message words it), and the result
// still describes what was stored.
func (e *Engine) Send(ctx context.Context, req SendRequest) (_ TurnResult, err error) {
	text := strings.TrimSpace(req.Text)
	if text == "" {
		return TurnResult{}, ErrEmpty
	}
	if len(text) > MaxMessageBytes {
		return TurnResult{}, ErrTooLong
	}
	ctx, leave, err := e.life.enter(ctx)
	if err != nil {
		return TurnResult{}, fmt.Errorf("send: %w", err)
	}
	defer leave(&err)
	mod, err := e.d.Modules.Get(ctx, req.ModuleID)
	if err != nil {
		return TurnResult{}, fmt.Errorf("send: %w", err)
	}
	if e.d.Guard != nil {
		if err := e.preflight(ctx, mod, req); err != nil {
			return TurnResult{}, fmt.Errorf("send: %w", err)
		}
		if err := e.d.Guard.AllowTurn(ctx, mod.ID, req.Temporary || isTemporaryID(req.SessionID), true); err != nil {
			return TurnResult{}, fmt.Errorf("send: %w", err)
		}
	}
	tr, err := e.open(ctx, mod.ID, req.SessionID, req.Temporary)
	if err != nil {
		return TurnResult{}, fmt.Errorf("send: %w", err)
	}
	sess := tr.session()
	turnID := req.TurnID
	if turnID == "" {
		turnID = store.NewID()
	}
	turnCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if !e.reg.start(turnID, sess.ID, cancel) {
		return TurnResult{}, ErrBusy
	}
	res := TurnResult{TurnID: turnID, Session: sess}
	release := func() { e.reg.finish(turnID, sess.ID) }
	defer func() { release() }()

	// The user's words are stored before anything can fail on the network.
	stored := private.Redact(text)
	user, err := tr.add(ctx, Message{Role: "user", Content: stored, Status: StatusComplete})
	if err != nil {
		return res, fmt.Errorf("send: store message: %w", err)
	}
	res.User = user
	e.d.Emit(Event{Type: EventStart, TurnID: turnID, SessionID: sess.ID, ModuleID: mod.ID, Message: &user})

	if !sess.Temporary {
		res.Directive = e.directive(ctx, mod.ID, sess.ID, user)
	}
	history, err := tr.history(ctx, e.cfg.HistoryMessages)
	if err != nil {
		e.d.Logger.Warn("chat history unavailable", "module", mod.ID, "err", err)
	}
	history = without(history, user.ID)
	t := &turn{id: turnID, mod: mod, tr: tr, endpointID: first(req.EndpointID, mod.EndpointID), model: req.Model,
		query: stored, history: history, tail: []llm.Message{{Role: "user", Content: text}}}
	if stored != text {
		t.private = text
	}
	reply, turnErr := e.run(turnCtx, ctx, t)
	res.Reply = reply
	res.Session = tr.session()
	release()
	release = func() {}

	if sess.Title == "" && len(history) == 0 { // first exchange
		res.Session = e.title(ctx, t, user, reply)
	}
	if mod.Policy.WriteMemory && !sess.Temporary && reply.Status == StatusComplete {
		res.Extracted = e.extract(ctx, t, stored, reply)
		e.d.Emit(Event{Type: EventExtracted, TurnID: t.id, SessionID: res.Session.ID, ModuleID: mod.ID})
	}
	return res, turnErr
}

// preflight refuses a turn whose endpoint or model the rules forbid before
// anything is stored or counted, so the person keeps their text and their
// daily allowance. Other endpoint faults (none set up, a bad key) are left
// to the turn, which stores the message and says what went wrong.
func (e *Engine) preflight(ctx context.Context, mod module.Module, req SendRequest) error {
	ep, err := e.d.Endpoints.Resolve(ctx, first(req.EndpointID, mod.EndpointID))
	if err != nil {
		if e.d.Guard.Forbids(err) {
			return err
		}
		return nil
	}
	return e.d.Guard.AllowModel(first(req.Model, mod.Model, ep.DefaultModel))
}

// open finds or creates the session a turn runs in.
func (e *Engine) open(ctx context.Context, moduleID, sessionID string, temporary bool) (transcript, error) {
	if sessionID == "" && temporary {
		return e.newTemporary(moduleID), nil
	}
	if sessionID == "" {
		sess, err := e.d.Store.CreateSession(ctx, moduleID, "")
		if err != nil {
			return nil, err
		}
		return &storedTranscript{st: e.d.Store, sess: sess}, nil
	}
	if t, ok := e.temporary(moduleID, sessionID); ok {
		return t, nil
	}
	sess, err := e.d.Store.GetSession(ctx, moduleID, sessionID)
	if err != nil {
		return nil, err
	}
	return &storedTranscript{st: e.d.Store, sess: sess}, nil
}

// isTemporaryID reports whether a session id names a temporary session.
func isTemporaryID(id string) bool { return strings.HasPrefix(id, "tmp-") }

func (e *Engine) newTemporary(moduleID string) *tempSession {
	now := e.d.Now()
	t := &tempSession{now: e.d.Now, used: now, sess: Session{ID: "tmp-" + store.NewID(), ModuleID: moduleID,
		CreatedAt: now.UnixMilli(), UpdatedAt: now.UnixMilli(), Temporary: true}}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.temp) >= e.cfg.MaxTemporary {
		var oldest string
		for id, s := range e.temp {
			if _, busy := e.reg.active(id); !busy && (oldest == "" || s.used.Before(e.temp[oldest].used)) {
				oldest = id
			}
		}
		delete(e.temp, oldest)
	}
	e.temp[t.sess.ID] = t
	return t
}

// temporary returns a temporary session of moduleID; another module's id is
// not found, as with stored sessions.
func (e *Engine) temporary(moduleID, sessionID string) (*tempSession, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := e.temp[sessionID]
	if !ok || t.sess.ModuleID != moduleID {
		return nil, false
	}
	return t, true
}

// TemporaryMessages returns a temporary session's messages (oldest first).
func (e *Engine) TemporaryMessages(moduleID, sessionID string) ([]Message, error) {
	t, ok := e.temporary(moduleID, sessionID)
	if !ok {
		return nil, ErrNotFound
	}
	return t.history(context.Background(), 0)
}

// EndTemporary forgets a temporary session and its messages.
func (e *Engine) EndTemporary(moduleID, sessionID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := e.temp[sessionID]
	if !ok || t.sess.ModuleID != moduleID {
		return false
	}
	delete(e.temp, sessionID)
	return true
}

// directive carries out "remember that…" / "forget…" on the stored
// (redacted) text, so a private span never becomes a memory.
func (e *Engine) directive(ctx context.Context, moduleID, sessionID string, user Message) *DirectiveResult {
	op, arg, ok := memory.Directive(user.Content)
	if !ok {
		return nil
	}
	mems, err := e.d.Memory.ApplyDirective(ctx, moduleID, op, arg, sessionID, user.ID)
	if err != nil {
		e.d.Logger.Warn("memory directive failed", "module", moduleID, "op", op, "err", err)
		return nil
	}
	return &DirectiveResult{Op: op, Count: len(mems)}
}

func without(msgs []Message, id string) []Message {
	out := msgs[:0:0]
	for _, m := range msgs {
		if m.ID != id {
			out = append(out, m)
		}
	}
	return out
}

func first(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
