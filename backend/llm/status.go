package llm

import (
	"context"
	"errors"
	"sync"
	"time"

	"hearth/backend/apperr"
)

// Endpoint states: one each for what the user can do about it.
const (
	StateUnknown      = "unknown"       // never checked yet (a check is running)
	StateOnline       = "online"        // answering
	StateOffline      = "offline"       // unreachable: network, DNS, TLS, nothing listening
	StateNeedsKey     = "needs_key"     // 401 and no key was sent
	StateKeyRefused   = "key_refused"   // 401/403 with a key
	StateModelMissing = "model_missing" // the chosen model is not offered
	StateQuota        = "quota"         // the account is out of quota or credit
	StateLoading      = "loading"       // the server is loading the model (or busy)
	StateRateLimited  = "rate_limited"  // 429: wait and retry
	StateServerError  = "server_error"  // 5xx, a broken or dropped reply
	StateBadAddress   = "bad_address"   // not an OpenAI-compatible base URL
)

// uncheckedSentence is a badge's sentence for a failure nobody worded.
const uncheckedSentence = "Hearth could not check this model server; try again."

// StateOf is the endpoint state a call's outcome shows.
func StateOf(err error) string {
	if err == nil {
		return StateOnline
	}
	var e *Error
	if !errors.As(err, &e) {
		return StateOffline // no endpoint to reach (removed, none configured)
	}
	switch e.Kind {
	case KindAuth:
		if e.NoKey {
			return StateNeedsKey
		}
		return StateKeyRefused
	case KindModelNotFound:
		return StateModelMissing
	case KindQuota:
		return StateQuota
	case KindLoading:
		return StateLoading
	case KindTimeout:
		if e.Connected {
			return StateLoading
		}
		return StateOffline
	case KindRateLimited:
		return StateRateLimited
	case KindServer, KindDropped, KindStalled:
		return StateServerError
	case KindBadAddress, KindMalformed, KindConfig:
		return StateBadAddress
	case KindRejected, KindTooLarge:
		return StateOnline // this request was refused; the server is fine
	}
	return StateOffline // offline, refused, DNS, TLS, unknown network faults
}

// DefaultStatusTTL is how long a status is fresh.
const DefaultStatusTTL = 30 * time.Second

// EndpointStatus is the last known reachability of one endpoint.
type EndpointStatus struct {
	EndpointID string `json:"endpointId"`
	State      string `json:"state"`
	Message    string `json:"message"`   // user sentence when not fully OK
	CheckedAt  int64  `json:"checkedAt"` // unix ms, 0 = never
	Checking   bool   `json:"checking"`
}

// StatusOptions configure a Status cache.
type StatusOptions struct {
	// Resolve loads the endpoint (with its key) to probe.
	Resolve func(ctx context.Context, id string) (Endpoint, error)
	// Probe checks one endpoint; normally (*Client).Test.
	Probe func(ctx context.Context, ep Endpoint) error
	TTL   time.Duration
	Now   func() time.Time
	// OnChange, if set, is called (from a background goroutine) whenever a
	// status changes, so the UI can be told without polling.
	OnChange func(EndpointStatus)
}

// Status caches per-endpoint reachability. Get never waits on the
// network: it returns the last known state and, when that is stale, starts
// one background probe per endpoint.
type Status struct {
	opts   StatusOptions
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	entries map[string]*EndpointStatus
}

// NewStatus returns a cache; call Close to stop background probes.
func NewStatus(opts StatusOptions) *Status {
	if opts.TTL <= 0 {
		opts.TTL = DefaultStatusTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Status{opts: opts, ctx: ctx, cancel: cancel, entries: map[string]*EndpointStatus{}}
}

// Get returns the last known status of endpoint id, refreshing it in the
// background when stale.
func (s *Status) Get(id string) EndpointStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	if !ok {
		e = &EndpointStatus{EndpointID: id, State: StateUnknown}
		s.entries[id] = e
	}
	stale := s.opts.Now().Sub(time.UnixMilli(e.CheckedAt)) >= s.opts.TTL
	if stale && !e.Checking && s.ctx.Err() == nil {
		e.Checking = true
		s.wg.Add(1)
		go s.probe(id)
	}
	return *e
}

// Refresh probes now and waits for the answer (CLI `endpoint test`).
func (s *Status) Refresh(ctx context.Context, id string) EndpointStatus {
	ep, err := s.opts.Resolve(ctx, id)
	if err == nil {
		err = s.opts.Probe(ctx, ep)
	}
	return s.Observe(id, err)
}

// Observe records the outcome of a real call (a chat turn) so the status
// follows what the user just saw. Canceled calls tell nothing and are
// ignored. It returns the updated status.
func (s *Status) Observe(id string, err error) EndpointStatus {
	return s.observe(id, err, false)
}

func (s *Status) observe(id string, err error, probeDone bool) EndpointStatus {
	if err != nil && KindOf(err) == KindCanceled {
		return s.snapshot(id)
	}
	st := EndpointStatus{EndpointID: id, State: StateOf(err), CheckedAt: s.opts.Now().UnixMilli()}
	if err != nil && st.State != StateOnline {
		st.Message = apperr.Message(worded(err))
		if st.Message == apperr.InternalMessage {
			st.Message = uncheckedSentence // nobody logs a badge's cause: do not point to the log
		}
	}
	s.mu.Lock()
	prev, ok := s.entries[id]
	changed := !ok || prev.State != st.State || prev.Message != st.Message
	if ok && !probeDone {
		st.Checking = prev.Checking
	}
	stored := st // the map's copy is mutated by Get under mu; st is ours
	s.entries[id] = &stored
	s.mu.Unlock()
	if changed && s.opts.OnChange != nil {
		s.opts.OnChange(st)
	}
	return st
}

// Forget drops an endpoint's status (after Remove).
func (s *Status) Forget(id string) {
	s.mu.Lock()
	delete(s.entries, id)
	s.mu.Unlock()
}

// Close stops background probes and waits for them.
func (s *Status) Close() {
	s.cancel()
	s.wg.Wait()
}

func (s *Status) snapshot(id string) EndpointStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[id]; ok {
		return *e
	}
	return EndpointStatus{EndpointID: id, State: StateUnknown}
}

func (s *Status) probe(id string) {
	defer s.wg.Done()
	ep, err := s.opts.Resolve(s.ctx, id)
	if err == nil {
		err = s.opts.Probe(s.ctx, ep)
	}
	if s.ctx.Err() != nil {
		return // closing: the answer is meaningless
	}
	s.observe(id, err, true)
}
