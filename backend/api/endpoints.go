package api

import (
	"context"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/household"
	"hearth/backend/llm"
)

// Endpoints are the open profile's LLM servers. Keys go in, never out.
type Endpoints struct{ b *Backend }

// StatusDTO is one endpoint's reachability for the badge.
type StatusDTO struct {
	ID        string `json:"id"`
	Online    bool   `json:"online"`
	State     string `json:"state" ts:"EndpointState"`
	Message   string `json:"message"`
	CheckedAt int64  `json:"checkedAt"`
	Checking  bool   `json:"checking"`
}

func statusDTO(s llm.EndpointStatus) StatusDTO {
	return StatusDTO{ID: s.EndpointID, Online: s.State == llm.StateOnline, State: s.State,
		Message: s.Message, CheckedAt: s.CheckedAt, Checking: s.Checking}
}

// List returns the endpoints (hasApiKey, never the key).
func (e *Endpoints) List() ([]llm.Endpoint, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return nil, err
	}
	all, err := ws.Endpoints.List(context.Background())
	out := []llm.Endpoint{}
	for _, ep := range all {
		if ws.Family.AllowsEndpoint(ep) { // a child chooses only what its family rules allow
			out = append(out, ep)
		}
	}
	return out, e.b.fail("endpoints.list", err)
}

// Suggestions are the built-in choices (local Ollama, OpenAI).
func (e *Endpoints) Suggestions() []llm.Suggestion { return llm.Suggestions() }

// Add stores a new endpoint; apiKey may be "".
func (e *Endpoints) Add(name, baseURL, defaultModel, apiKey string) (llm.Endpoint, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return llm.Endpoint{}, err
	}
	out, err := ws.Endpoints.Add(context.Background(), llm.EndpointInput{Name: name, BaseURL: baseURL, DefaultModel: defaultModel, APIKey: apiKey})
	return out, e.b.fail("endpoints.add", err)
}

// Update edits name, URL and default model (not the key).
func (e *Endpoints) Update(id, name, baseURL, defaultModel string) (llm.Endpoint, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return llm.Endpoint{}, err
	}
	ctx := context.Background()
	cur, err := ws.Endpoints.Get(ctx, id)
	if err != nil {
		return llm.Endpoint{}, e.b.fail("endpoints.update", err)
	}
	cur.Name, cur.BaseURL, cur.DefaultModel = name, baseURL, defaultModel
	out, err := ws.Endpoints.Update(ctx, cur)
	ws.Status.Forget(id)
	return out, e.b.fail("endpoints.update", err)
}

// SetKey stores (or with "" removes) an endpoint's API key inside the
// encrypted profile.
func (e *Endpoints) SetKey(id, apiKey string) error {
	ws, err := e.b.workspace()
	if err != nil {
		return err
	}
	ws.Status.Forget(id)
	return e.b.fail("endpoints.setkey", ws.Endpoints.SetAPIKey(context.Background(), id, apiKey))
}

// Remove deletes an endpoint.
func (e *Endpoints) Remove(id string) error {
	ws, err := e.b.workspace()
	if err != nil {
		return err
	}
	ws.Status.Forget(id)
	return e.b.fail("endpoints.remove", ws.Endpoints.Remove(context.Background(), id))
}

// TestResult is the outcome of a connection test.
type TestResult struct {
	OK      bool     `json:"ok"`
	Message string   `json:"message"`
	State   string   `json:"state"` // llm.State*
	Models  []string `json:"models"`
}

// Test connects, lists models, sends a tiny chat to the default model and
// reports the endpoint's state in one sentence.
func (e *Endpoints) Test(id string) (TestResult, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return TestResult{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ep, err := ws.Endpoints.Resolve(ctx, id)
	if err != nil {
		return TestResult{}, e.b.fail("endpoints.test", err)
	}
	models, err := e.b.home.Client.Check(ctx, ep) // a tiny chat too: quota and loading show only there
	ws.Status.Observe(id, err)
	if models == nil {
		models = []string{}
	}
	if err != nil {
		return TestResult{OK: false, Message: apperr.Message(err), State: llm.StateOf(err), Models: models}, nil
	}
	return TestResult{OK: true, Message: ep.Name + " answers.", State: llm.StateOnline, Models: models}, nil
}

// checkModels asks ep for its models and checks its default model in one
// request, and records the outcome as endpoint id's status. The
// Diagnostics dialog probes this way (Test also sends a tiny chat).
func (b *Backend) checkModels(ctx context.Context, ws *household.Workspace, id string, ep llm.Endpoint) ([]string, error) {
	models, err := b.home.Client.CheckModels(ctx, ep)
	ws.Status.Observe(id, err)
	return models, err
}

// Models lists the endpoint's models.
func (e *Endpoints) Models(id string) ([]string, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ep, err := ws.Endpoints.Resolve(ctx, id)
	if err != nil {
		return nil, e.b.fail("endpoints.models", err)
	}
	out, err := e.b.home.Client.Models(ctx, ep)
	ws.Status.Observe(id, err)
	return out, e.b.fail("endpoints.models", err)
}

// Status returns every endpoint's last known reachability without waiting
// on the network (stale entries refresh in the background). A list, not a
// map: Wails generates TypeScript models only for list elements.
func (e *Endpoints) Status() ([]StatusDTO, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return nil, err
	}
	eps, err := ws.Endpoints.List(context.Background())
	if err != nil {
		return nil, e.b.fail("endpoints.status", err)
	}
	out := make([]StatusDTO, 0, len(eps))
	for _, ep := range eps {
		d := statusDTO(ws.Status.Get(ep.ID))
		d.ID = ep.ID // also for one never checked
		out = append(out, d)
	}
	return out, nil
}

// SetDefault makes an endpoint the profile's default.
func (e *Endpoints) SetDefault(id string) error {
	ws, err := e.b.workspace()
	if err != nil {
		return err
	}
	return e.b.fail("endpoints.default", ws.Endpoints.SetDefault(context.Background(), id))
}

// Default is the default endpoint's id ("" if none).
func (e *Endpoints) Default() (string, error) {
	ws, err := e.b.workspace()
	if err != nil {
		return "", err
	}
	ep, err := ws.Endpoints.Default(context.Background())
	if err != nil {
		return "", nil
	}
	return ep.ID, nil
}
