package semantic

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"hearth/backend/llm"
	"hearth/backend/settings"
	"hearth/backend/store"
)

// ErrOff is returned by [Profile.Query] when the profile has no embedding
// model: retrieval is by keywords, and nothing needs saying.
var ErrOff = errors.New("retrieval by meaning is off")

// Setting is the profile's embedding choice.
type Setting struct {
	EndpointID string `json:"endpointId"` // "" = the default endpoint
	Model      string `json:"model"`      // "" = off
}

// LoadSetting reads the profile's embedding setting.
func LoadSetting(ctx context.Context, q settings.Querier) (Setting, error) {
	st := settings.New(q)
	model, _, err := st.Get(ctx, settings.EmbedModel)
	if err != nil {
		return Setting{}, fmt.Errorf("read embedding setting: %w", err)
	}
	ep, _, err := st.Get(ctx, settings.EmbedEndpoint)
	if err != nil {
		return Setting{}, fmt.Errorf("read embedding setting: %w", err)
	}
	return Setting{EndpointID: ep, Model: model}, nil
}

// SaveSetting stores the profile's embedding setting. Vectors of another
// model stay until the worker replaces them (searches ignore them).
func SaveSetting(ctx context.Context, q settings.Querier, s Setting) error {
	st := settings.New(q)
	if err := st.Set(ctx, settings.EmbedModel, s.Model); err != nil {
		return fmt.Errorf("save embedding setting: %w", err)
	}
	if err := st.Set(ctx, settings.EmbedEndpoint, s.EndpointID); err != nil {
		return fmt.Errorf("save embedding setting: %w", err)
	}
	return nil
}

// Endpoints resolves an endpoint id ("" = the default) with its key.
type Endpoints interface {
	Resolve(ctx context.Context, id string) (llm.Endpoint, error)
}

// Client embeds texts at an endpoint (*llm.Client).
type Client interface {
	Embed(ctx context.Context, ep llm.Endpoint, model string, texts []string) ([][]float32, error)
}

// Profile embeds with the open profile's embedding setting, read on every
// call so a change takes effect at once. It is the [Embedder] of the
// background worker and embeds each turn's query.
type Profile struct {
	db     *store.DB
	eps    Endpoints
	client Client
	now    func() time.Time

	// A query the server did not answer in time makes the next queries
	// fail at once for QueryPause (each turn would otherwise wait its whole
	// embed timeout again); a successful embedding ends the pause.
	mu        sync.Mutex
	downUntil time.Time
	downErr   error
}

// QueryPause is how long queries skip an embedding server that timed out.
const QueryPause = 30 * time.Second

var _ Embedder = (*Profile)(nil)

// NewProfile returns the embedder of the profile whose database is db.
func NewProfile(db *store.DB, eps Endpoints, client Client) *Profile {
	return &Profile{db: db, eps: eps, client: client, now: time.Now}
}

// Setting is the current embedding setting.
func (p *Profile) Setting(ctx context.Context) (Setting, error) { return LoadSetting(ctx, p.db) }

// Model is the current embedding model ("" = off).
func (p *Profile) Model(ctx context.Context) (string, error) {
	s, err := p.Setting(ctx)
	return s.Model, err
}

// Local reports whether the embedding endpoint is on this machine, so
// sensitive text may be sent to it. Any doubt (no endpoint) is "no".
func (p *Profile) Local(ctx context.Context) bool {
	s, err := p.Setting(ctx)
	if err != nil || s.Model == "" {
		return false
	}
	ep, err := p.eps.Resolve(ctx, s.EndpointID)
	return err == nil && ep.Local
}

// Embed embeds texts with the current model; ErrOff when there is none.
func (p *Profile) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	_, vecs, err := p.embed(ctx, texts)
	if err == nil {
		p.mu.Lock()
		p.downUntil = time.Time{} // the server answers again
		p.mu.Unlock()
	}
	return vecs, err
}

// Query embeds one query and says with which model; ErrOff when off.
// Within QueryPause of a query that timed out it fails at once with that
// error, sending nothing.
func (p *Profile) Query(ctx context.Context, text string) ([]float32, string, error) {
	p.mu.Lock()
	if p.now().Before(p.downUntil) {
		err := p.downErr
		p.mu.Unlock()
		return nil, "", err
	}
	p.mu.Unlock()
	model, vecs, err := p.embed(ctx, []string{text})
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case err == nil:
		p.downUntil = time.Time{}
		return vecs[0], model, nil
	case errors.Is(err, context.DeadlineExceeded) || llm.KindOf(err) == llm.KindTimeout:
		p.downUntil, p.downErr = p.now().Add(QueryPause), err
	}
	return nil, "", err
}

func (p *Profile) embed(ctx context.Context, texts []string) (string, [][]float32, error) {
	s, err := p.Setting(ctx)
	if err != nil {
		return "", nil, err
	}
	if s.Model == "" {
		return "", nil, ErrOff
	}
	ep, err := p.eps.Resolve(ctx, s.EndpointID)
	if err != nil {
		return "", nil, fmt.Errorf("embedding endpoint: %w", err)
	}
	vecs, err := p.client.Embed(ctx, ep, s.Model, texts)
	if err != nil {
		return "", nil, err
	}
	return s.Model, vecs, nil
}

// Problem is the sentence a person sees for an embedding failure (never
// the text that was being embedded).
func Problem(err error) string {
	var e *llm.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrOff):
		return "Retrieval by meaning is off: no embedding model is chosen."
	case errors.Is(err, llm.ErrNoEndpoint), errors.Is(err, llm.ErrNotFound):
		return "The embedding endpoint is not set up; choose one in Settings."
	case !errors.As(err, &e):
		return "The embedding server could not be used."
	}
	switch e.Kind {
	case llm.KindOffline, llm.KindConnectionRefused, llm.KindDNS, llm.KindTimeout, llm.KindDropped, llm.KindStalled:
		return "The embedding server is not reachable."
	case llm.KindModelNotFound:
		return fmt.Sprintf("The embedding model %q is not available on the server; pick another in Settings.", e.Model)
	case llm.KindAuth:
		return "The embedding server refused the API key."
	case llm.KindLoading:
		return "The embedding server is still loading the model."
	case llm.KindRateLimited, llm.KindQuota:
		return "The embedding server is refusing requests for now (rate limit or quota)."
	}
	return "The embedding server could not embed the text."
}
