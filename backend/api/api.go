// Package api is what the window calls: thin facades bound to Wails that
// validate input, call a service of the open profile and map results to
// DTOs. No method takes a profile id to read data (the open profile is
// server-side state) and no DTO carries a secret.
//
// A returned error reaches JavaScript as a string: one clear sentence,
// prefixed with a bracketed code where the UI must react ("[wrong-secret] …").
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"hearth/backend/apperr"
	"hearth/backend/applog"
	"hearth/backend/chat"
	"hearth/backend/household"
	"hearth/backend/keychain"
	"hearth/backend/llm"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// Dialogs are native file dialogs (provided by app.go through Wails).
type Dialogs interface {
	SaveFile(title, defaultName string) (string, error)
	OpenFile(title string) (string, error)
}

// Event names sent to the window (mirrored in frontend/src/api/events.ts).
const (
	EventChatDelta     = "chat:delta"
	EventChatDone      = "chat:done"
	EventChatError     = "chat:error"
	EventChatTitle     = "chat:title"
	EventChatWait      = "chat:wait"
	EventMemoryChanged = "memory:extracted"
	// EventProfileNotice tells the person, once, about damage found in the
	// open profile: while unlocking (a write-ahead log kept aside, lost key
	// slots) or by the background integrity check after unlock.
	EventProfileNotice  = "profile:notice"
	EventProfileLocked  = "profile:locked"
	EventExportProgress = "export:progress"
	EventEndpointStatus = "endpoint:status"
)

// Config is what the facades need from the edge.
type Config struct {
	DataDir    string
	Version    string
	Logger     *slog.Logger
	Emit       func(name string, data any)
	Dialogs    Dialogs
	Keychain   keychain.Keychain // nil = the OS keychain
	KDF        vault.KDFParams   // zero = production parameters
	HTTPClient *http.Client
}

// Backend owns the facades bound to the window.
type Backend struct {
	cfg  Config
	home *household.Household
	log  *slog.Logger

	System    *System
	Profiles  *Profiles
	Modules   *Modules
	Sessions  *Sessions
	Chat      *Chat
	Memory    *Memory
	Endpoints *Endpoints
	Data      *Data
	Embedding *Embedding
	Family    *Family
	Documents *Documents

	mu      sync.Mutex
	waiters map[string]chan turnStart // turn id -> Send waiting for the stored user message
	ctx     context.Context           // lives as long as the window
	cancel  context.CancelFunc
}

// New builds the facades over the household in cfg.DataDir.
func New(cfg Config) (*Backend, error) {
	if cfg.Logger == nil {
		cfg.Logger = applog.Discard()
	}
	if cfg.Emit == nil {
		cfg.Emit = func(string, any) {}
	}
	b := &Backend{cfg: cfg, log: cfg.Logger, waiters: map[string]chan turnStart{}}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.home = household.New(household.Config{
		DataDir:    cfg.DataDir,
		Keychain:   cfg.Keychain,
		Logger:     cfg.Logger,
		KDF:        cfg.KDF,
		HTTPClient: cfg.HTTPClient,
		Emit:       b.onChatEvent,
		// The window keeps vectors up to date in the background.
		BackgroundEmbedding: true,
		OnStatus: func(s llm.EndpointStatus) {
			cfg.Emit(EventEndpointStatus, statusDTO(s))
		},
		OnLock: func(reason string) {
			cfg.Emit(EventProfileLocked, ProfileLocked{Reason: reason})
		},
		OnIntegrity: func(profileID string, res store.Integrity, err error) {
			if err != nil || res.OK() {
				return // a check that could not run (locked meanwhile) tells nothing
			}
			cfg.Logger.Warn("profile database damaged", "profile", profileID, "problems", len(res.Problems))
			cfg.Emit(EventProfileNotice, ProfileNotice{ProfileID: profileID, Kind: "damaged", Text: damagedNotice})
		},
	})
	b.System = &System{version: cfg.Version, dataDir: cfg.DataDir, log: cfg.Logger, b: b}
	b.Profiles = &Profiles{b: b}
	b.Modules = &Modules{b: b}
	b.Sessions = &Sessions{b: b}
	b.Chat = &Chat{b: b}
	b.Memory = &Memory{b: b}
	b.Endpoints = &Endpoints{b: b}
	b.Data = &Data{b: b}
	b.Embedding = &Embedding{b: b}
	b.Family = &Family{b: b}
	b.Documents = &Documents{b: b}
	return b, nil
}

// Bindings lists the structs whose exported methods the window may call.
func (b *Backend) Bindings() []any {
	return []any{b.System, b.Profiles, b.Modules, b.Sessions, b.Chat, b.Memory, b.Endpoints, b.Data, b.Embedding, b.Family, b.Documents}
}

// Core exposes the composition root (tests).
func (b *Backend) Core() *household.Household { return b.home }

// Shutdown stops running turns and locks the open profile as the window closes.
func (b *Backend) Shutdown(ctx context.Context) {
	b.cancel()
	if err := b.home.Close(ctx); err != nil {
		b.log.Warn("lock on shutdown", "err", err)
	}
}

// workspace returns the open profile's services, touching the idle timer.
func (b *Backend) workspace() (*household.Workspace, error) {
	ws, err := b.home.Workspace()
	if err != nil {
		return nil, b.fail("workspace", err)
	}
	b.home.Touch()
	return ws, nil
}

// fail words err for the window (household.Describe), logs the cause of an
// error nobody worded (never secrets: errors carry none) and returns what
// the bound method rejects with.
func (b *Backend) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	return windowError{apperr.Report(b.ctx, b.log, op, household.Describe(err))}
}

// windowError is how an [*apperr.Error] crosses to the window: Wails
// rejects the promise with Error(), which frontend/src/api/errors.ts reads
// as "[code] sentence" or "[code:seconds] sentence" (a wait).
type windowError struct{ e *apperr.Error }

func (w windowError) Error() string {
	code := w.e.Code
	if w.e.Wait > 0 {
		code = fmt.Sprintf("%s:%d", code, int(w.e.Wait.Seconds()+0.999))
	}
	return fmt.Sprintf("[%s] %s", code, w.e.Message)
}

func (w windowError) Unwrap() error { return w.e }

// invalid rejects a request whose input the window should not have sent.
func invalid(msg string) error { return windowError{apperr.New(apperr.Invalid, msg)} }

// onChatEvent forwards engine events to the window and wakes a Send
// waiting for its user message to be stored.
func (b *Backend) onChatEvent(e chat.Event) {
	switch e.Type {
	case chat.EventStart:
		b.mu.Lock()
		key := e.TurnID
		if e.Message == nil { // Regenerate / Continue: the caller knows the session only
			key = "s:" + e.SessionID
		}
		w := b.waiters[key]
		delete(b.waiters, key)
		b.mu.Unlock()
		if w != nil {
			st := turnStart{turnID: e.TurnID, sessionID: e.SessionID}
			if e.Message != nil {
				st.msg = *e.Message
			}
			w <- st
		}
	case chat.EventDelta:
		b.cfg.Emit(EventChatDelta, ChatDelta{TurnID: e.TurnID, SessionID: e.SessionID, Text: e.Text,
			Reasoning: e.Reasoning, Reset: e.Reset, MessageID: e.MessageID})
	case chat.EventExtracted:
		b.cfg.Emit(EventMemoryChanged, MemoryExtracted{ModuleID: e.ModuleID})
	case chat.EventWait:
		b.cfg.Emit(EventChatWait, ChatWait{TurnID: e.TurnID, SessionID: e.SessionID, Text: e.Text})
	case chat.EventDone:
		b.cfg.Emit(EventChatDone, ChatDone{TurnID: e.TurnID, SessionID: e.SessionID, Message: e.Message})
	case chat.EventTitle:
		b.cfg.Emit(EventChatTitle, ChatTitle{SessionID: e.SessionID, Title: e.Text})
	case chat.EventError:
		b.cfg.Emit(EventChatError, ChatError{TurnID: e.TurnID, SessionID: e.SessionID, Error: e.Text, Message: e.Message})
	}
}

// damagedNotice is what the window says when the check after unlock finds
// damage: what it means and the way forward, without the checker's jargon.
const damagedNotice = "Hearth found damage in this profile's database. What you can see still works, but some of it may be lost. " +
	"Export the profile now (Settings, Data, Export anyway) and keep the file safe; importing it as a new profile gives you a clean copy."
