package family

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/store"
)

// Enforcer applies an open child profile's rules to the chat engine and to
// the window's and command line's choices. A nil *Enforcer, or one without
// rules, allows everything: every method is safe to call on it.
type Enforcer struct {
	rules *Rules
	db    *store.DB
	now   func() time.Time
}

// NewEnforcer returns the enforcer of the open profile whose database is db
// (rules from RulesOf; nil for an unsupervised profile).
func NewEnforcer(db *store.DB, rules *Rules, now func() time.Time) *Enforcer {
	if now == nil {
		now = time.Now
	}
	return &Enforcer{rules: rules, db: db, now: now}
}

// Rules returns the rules, or nil for an unsupervised profile.
func (e *Enforcer) Rules() *Rules {
	if e == nil {
		return nil
	}
	return e.rules
}

func (e *Enforcer) on() bool { return e != nil && e.rules != nil }

// AllowsModule reports whether module id may be listed and opened.
func (e *Enforcer) AllowsModule(id string) bool { return !e.on() || e.rules.Policy.AllowsModule(id) }

// AllowsEndpoint reports whether ep may be chosen.
func (e *Enforcer) AllowsEndpoint(ep llm.Endpoint) bool {
	return !e.on() || e.rules.Policy.AllowsEndpoint(ep.ID, ep.Name, ep.Local)
}

// MemoryOff reports whether memory writes are off.
func (e *Enforcer) MemoryOff() bool { return e.on() && !e.rules.Policy.Memory }

// CheckModule refuses a module the rules do not allow, as not found.
func (e *Enforcer) CheckModule(id string) error {
	if e.AllowsModule(id) {
		return nil
	}
	return fmt.Errorf("%w: %q", module.ErrNotFound, id)
}

// CheckEndpoint refuses an endpoint the rules do not allow.
func (e *Enforcer) CheckEndpoint(ep llm.Endpoint) error {
	if e.AllowsEndpoint(ep) {
		return nil
	}
	return refuse(ErrNotAllowed, fmt.Sprintf("The family rules set by %s do not allow the model server %q.", e.rules.GuardianName, ep.Name))
}

// CheckMemoryWrite refuses a memory write when memory is off.
func (e *Enforcer) CheckMemoryWrite() error {
	if !e.MemoryOff() {
		return nil
	}
	return refuse(ErrNotAllowed, fmt.Sprintf("Memory is off in the family rules set by %s.", e.rules.GuardianName))
}

// AllowTurn is asked before a turn starts (chat.Guard). A new message
// (not a regeneration) counts toward the daily limit.
func (e *Enforcer) AllowTurn(ctx context.Context, moduleID string, temporary, newMessage bool) error {
	if !e.on() {
		return nil
	}
	p, who := e.rules.Policy, e.rules.GuardianName
	now := e.now()
	if in, until := p.InQuiet(now); in {
		return refuse(ErrQuietHours, fmt.Sprintf("Quiet hours (%s), set by %s: Hearth replies again at %s.", p.Quiet, who, until))
	}
	if err := e.CheckModule(moduleID); err != nil {
		return err
	}
	if temporary && !p.Temporary {
		return refuse(ErrNotAllowed, fmt.Sprintf("Temporary chats are off in the family rules set by %s.", who))
	}
	if !newMessage {
		return nil
	}
	day := now.Format("2006-01-02")
	if p.Daily > 0 {
		var sent int
		if err := e.db.QueryRowContext(ctx, `SELECT coalesce(max(sent), 0) FROM family_usage WHERE day = ?`, day).Scan(&sent); err != nil {
			return fmt.Errorf("read daily count: %w", err)
		}
		if sent >= p.Daily {
			return refuse(ErrDailyLimit, fmt.Sprintf("That was today's %d messages, the limit set by %s. Hearth replies again tomorrow.", p.Daily, who))
		}
	}
	if _, err := e.db.ExecContext(ctx, `INSERT INTO family_usage (day, sent) VALUES (?, 1)
		ON CONFLICT(day) DO UPDATE SET sent = sent + 1`, day); err != nil {
		return fmt.Errorf("count message: %w", err)
	}
	return nil
}

// Forbids tells whether err is these rules refusing something (chat.Guard).
func (e *Enforcer) Forbids(err error) bool {
	return errors.Is(err, ErrNotAllowed) || errors.Is(err, ErrQuietHours) || errors.Is(err, ErrDailyLimit)
}

// AllowModel refuses a model the rules do not allow (chat.Guard).
func (e *Enforcer) AllowModel(model string) error {
	if !e.on() || e.rules.Policy.AllowsModel(model) {
		return nil
	}
	return refuse(ErrNotAllowed, fmt.Sprintf("The family rules set by %s do not allow the model %q.", e.rules.GuardianName, model))
}

// SentToday is the number of messages counted today (0 if unsupervised).
func (e *Enforcer) SentToday(ctx context.Context) int {
	if !e.on() {
		return 0
	}
	var sent int
	_ = e.db.QueryRowContext(ctx, `SELECT coalesce(max(sent), 0) FROM family_usage WHERE day = ?`, e.now().Format("2006-01-02")).Scan(&sent)
	return sent
}

// ModuleGetter is what the chat engine reads modules through (*module.Service).
type ModuleGetter interface {
	Get(ctx context.Context, id string) (module.Module, error)
}

// Modules wraps the engine's module source: a module the rules do not
// allow is not found; with memory off a module neither reads nor writes
// memory; the guardian's instruction is added to every system prompt.
func (e *Enforcer) Modules(inner ModuleGetter) ModuleGetter {
	if !e.on() {
		return inner
	}
	return enforcedModules{e: e, inner: inner}
}

type enforcedModules struct {
	e     *Enforcer
	inner ModuleGetter
}

func (m enforcedModules) Get(ctx context.Context, id string) (module.Module, error) {
	if err := m.e.CheckModule(id); err != nil {
		return module.Module{}, err
	}
	mod, err := m.inner.Get(ctx, id)
	if err != nil {
		return mod, err
	}
	p := m.e.rules.Policy
	if !p.Memory {
		mod.Policy = module.Policy{}
	}
	if p.Instruction != "" {
		mod.SystemPrompt += "\n\nFamily rules from " + m.e.rules.GuardianName + " (the guardian of this person; always follow them): " + p.Instruction
	}
	return mod, nil
}

// EndpointResolver is what the chat engine resolves endpoints through (*llm.Endpoints).
type EndpointResolver interface {
	Resolve(ctx context.Context, id string) (llm.Endpoint, error)
}

// Endpoints wraps the engine's endpoint source: an endpoint the rules do
// not allow is refused, whether chosen for the turn, by the module or as
// the default.
func (e *Enforcer) Endpoints(inner EndpointResolver) EndpointResolver {
	if !e.on() {
		return inner
	}
	return enforcedEndpoints{e: e, inner: inner}
}

type enforcedEndpoints struct {
	e     *Enforcer
	inner EndpointResolver
}

func (r enforcedEndpoints) Resolve(ctx context.Context, id string) (llm.Endpoint, error) {
	ep, err := r.inner.Resolve(ctx, id)
	if err != nil {
		return ep, err
	}
	if err := r.e.CheckEndpoint(ep); err != nil {
		return llm.Endpoint{}, err
	}
	return ep, nil
}

// MemoryUser is what the chat engine needs from memory (*memory.Service).
type MemoryUser interface {
	Retrieve(ctx context.Context, moduleID, query string, opt memory.RetrieveOptions) (memory.Retrieved, error)
	ApplyDirective(ctx context.Context, moduleID, op, arg, sessionID, messageID string) ([]memory.Memory, error)
	Extract(ctx context.Context, moduleID string, c memory.Completer, userText, assistantText, sessionID, messageID string) (int, error)
}

// Memory wraps the engine's memory: with memory off nothing is extracted
// and "remember that…" writes nothing.
func (e *Enforcer) Memory(inner MemoryUser) MemoryUser {
	if !e.MemoryOff() {
		return inner
	}
	return enforcedMemory{e: e, inner: inner}
}

type enforcedMemory struct {
	e     *Enforcer
	inner MemoryUser
}

func (m enforcedMemory) Retrieve(ctx context.Context, moduleID, query string, opt memory.RetrieveOptions) (memory.Retrieved, error) {
	return memory.Retrieved{}, nil
}

func (m enforcedMemory) ApplyDirective(ctx context.Context, moduleID, op, arg, sessionID, messageID string) ([]memory.Memory, error) {
	return nil, m.e.CheckMemoryWrite()
}

func (m enforcedMemory) Extract(ctx context.Context, moduleID string, c memory.Completer, userText, assistantText, sessionID, messageID string) (int, error) {
	return 0, nil
}
