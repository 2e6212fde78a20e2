// Package household is the composition root shared by the window (backend/api)
// and the command line (backend/cli). Its [Household] is the one owner of the
// open profile: it opens a profile, hands out the services over its
// database ([Workspace]) and is the only code that closes it, always after
// the running turns have stored their replies (see lifetime.go). The
// household's profiles are reached through its methods (profiles.go); the
// profile.Manager underneath is never handed out.
package household

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"hearth/backend/applog"
	"hearth/backend/chat"
	"hearth/backend/docs"
	"hearth/backend/family"
	"hearth/backend/keychain"
	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/profile"
	"hearth/backend/semantic"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// Config holds the dependencies of a Household.
type Config struct {
	DataDir  string
	Keychain keychain.Keychain // nil = the OS keychain with a 5 s timeout
	Logger   *slog.Logger
	KDF      vault.KDFParams // zero = production (vault.PINKDFParams for PINs, else vault.DefaultKDFParams)
	Lockout  vault.LockoutPolicy
	// HTTPClient reaches LLM servers (nil = a plain client).
	HTTPClient *http.Client
	// Emit receives chat events of the open profile (nil = dropped).
	Emit func(chat.Event)
	// OnStatus receives endpoint status changes (nil = dropped).
	OnStatus func(llm.EndpointStatus)
	// OnLock is told, with a profile.Lock* reason, after the open profile
	// was closed (lock, idle, switch, delete, rotate, Close). It must not
	// call the Household's Unlock, Lock, DeleteProfile, RotateKey or Close.
	OnLock func(reason string)
	// OnIntegrity, if set, makes each unlock check the profile's database
	// in the background and receives the result once (the window tells
	// the person if it failed); see profile.Options.OnIntegrity. The
	// command line leaves it nil.
	OnIntegrity func(profileID string, res store.Integrity, err error)
	// RebuildLostSlots lets an unlock write new key slots (and return a new
	// recovery key) when both key-slot files are lost; for callers that
	// show that key (see profile.Options.RebuildLostSlots).
	RebuildLostSlots bool
	// LLM tunes the client (timeouts, caps); zero values take defaults.
	LLM llm.ClientOptions
	// BackgroundEmbedding runs the embedding worker while a profile is
	// open (the window); the command line embeds on request only.
	BackgroundEmbedding bool
	// OnEmbedProgress hears the worker's progress (nil = dropped).
	OnEmbedProgress func(semantic.Progress)

	Now func() time.Time
}

// Household is the backend of one running app or command, and the owner of
// its open profile: New, then Unlock, Workspace, Lock, ..., and Close(ctx)
// when the window or command ends.
type Household struct {
	cfg      Config
	profiles *profile.Manager // only the lifetime methods may close what it opened
	Keychain keychain.Keychain
	Client   *llm.Client
	// Family runs a guardian's family operations (the open profile is the guardian).
	Family *family.Service

	// life serialises the changes of the open profile (lifetime.go): at
	// most one opens or closes at a time. Turns never take it.
	life sync.Mutex

	mu     sync.Mutex // guards the fields below; never held while waiting
	ws     *Workspace // nil while no profile is open, or one is closing
	closed bool       // Close was called
	idle   idleTimer  // the auto-lock (idle.go)
}

// Workspace is the set of services over the open profile's database. The
// Household closes that database when the profile closes: take a Workspace
// from Household.Workspace for each request and do not keep it (a turn asked
// of a closed one gets chat.ErrClosed).
type Workspace struct {
	Profile   profile.Profile
	DB        *store.DB
	Modules   *module.Service
	Memory    *memory.Service
	Docs      *docs.Service
	Chats     *chat.Store
	Engine    *chat.Engine
	Endpoints *llm.Endpoints
	Status    *llm.Status
	// Embedder embeds with the profile's embedding setting; Embedding is
	// the background worker that keeps vectors up to date.
	Embedder      *semantic.Profile
	Embedding     *semantic.Worker
	stopEmbedding func()
	// Family applies a child profile's family rules; its Rules are nil
	// for a profile nobody supervises.
	Family *family.Enforcer
}

// New builds a Household; nothing is opened until a profile is unlocked.
func New(cfg Config) *Household {
	if cfg.Logger == nil {
		cfg.Logger = applog.Discard()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Keychain == nil {
		cfg.Keychain = keychain.NewOS(keychain.Service, 5*time.Second)
	}
	if cfg.Lockout == (vault.LockoutPolicy{}) {
		cfg.Lockout = vault.DefaultLockoutPolicy()
	}
	c := &Household{cfg: cfg, Keychain: cfg.Keychain}
	opts := cfg.LLM
	if opts.HTTPClient == nil {
		opts.HTTPClient = cfg.HTTPClient
	}
	c.Client = llm.NewClient(opts)
	c.profiles = profile.NewManager(cfg.DataDir, cfg.Keychain, profile.Options{
		KDF:     cfg.KDF,
		Lockout: cfg.Lockout,
		Seed: func(ctx context.Context, db *store.DB) error {
			return module.NewService(db, cfg.Now).Seed(ctx)
		},
		Now:              cfg.Now,
		Logger:           cfg.Logger,
		OnIntegrity:      cfg.OnIntegrity,
		RebuildLostSlots: cfg.RebuildLostSlots,
		Verify: func(ctx context.Context, _ profile.Profile, db *store.DB) error {
			_, err := family.Check(ctx, db, cfg.Now())
			return err
		},
		BeforeDelete: func(ctx context.Context, id string) error { return family.CheckDelete(ctx, c.profiles, id) },
	})
	c.Family = family.NewService(c.profiles, cfg.Keychain, cfg.KDF, cfg.Now)
	return c
}

// DataDir is the folder holding profiles.json and the profiles.
func (c *Household) DataDir() string { return c.cfg.DataDir }

// Logger is the app's logger.
func (c *Household) Logger() *slog.Logger { return c.cfg.Logger }

func (c *Household) newWorkspace(open profile.Opened) *Workspace {
	now := c.cfg.Now
	ws := &Workspace{
		Profile:   open.Profile,
		DB:        open.DB,
		Modules:   module.NewService(open.DB, now),
		Memory:    memory.NewService(open.DB, now),
		Chats:     chat.NewStore(open.DB, now),
		Endpoints: llm.NewEndpoints(open.DB, now),
	}
	ws.Docs = docs.NewService(open.DB, now, docs.Options{Index: ws.Memory.Index(), OnAdd: func() {
		if ws.Embedding != nil {
			ws.Embedding.Kick()
		}
	}})
	rules, err := family.RulesOf(context.Background(), open.DB)
	if err != nil { // Check passed at unlock; refuse everything rather than guess
		c.cfg.Logger.Warn("family rules unreadable after unlock", "err", err)
		rules = &family.Rules{GuardianName: "the guardian", Policy: family.Policy{Modules: []string{" "}, Endpoints: []string{" "}}}
	}
	ws.Family = family.NewEnforcer(open.DB, rules, now)
	if rules != nil {
		ws.Modules.Restrict(ws.Family.AllowsModule)
	}
	ws.Status = llm.NewStatus(llm.StatusOptions{
		Resolve:  ws.Endpoints.Resolve,
		Probe:    c.Client.Test,
		Now:      now,
		OnChange: c.cfg.OnStatus,
	})
	emit := c.cfg.Emit
	c.wireEmbedding(ws)
	emit = ws.kickEmbeddingAfter(emit)
	var guard chat.Guard // none for a profile nobody supervises: a turn has no rule to pass
	if ws.Family.Rules() != nil {
		guard = ws.Family
	}
	ws.Engine = chat.NewEngine(chat.EngineDeps{
		Embedder:  ws.Embedder,
		Store:     ws.Chats,
		Modules:   ws.Family.Modules(ws.Modules),
		Memory:    ws.Family.Memory(ws.Memory),
		Documents: ws.Docs,
		Endpoints: ws.Family.Endpoints(ws.Endpoints),
		Guard:     guard,
		Client:    c.Client,
		Status:    ws.Status,
		Now:       now,
		Logger:    c.cfg.Logger,
		Emit:      emit,
	})
	return ws
}
