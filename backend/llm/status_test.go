package llm_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
)

// fakeClock is advanced by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *fakeClock               { return &fakeClock{t: time.UnixMilli(1700000000000)} }
func resolveTo(ep llm.Endpoint) func(context.Context, string) (llm.Endpoint, error) {
	return func(_ context.Context, id string) (llm.Endpoint, error) {
		if id != ep.ID {
			return llm.Endpoint{}, llm.ErrNotFound
		}
		return ep, nil
	}
}

func TestStatus_Get(t *testing.T) {
	srv := llmtest.NewServer(t)
	ep := endpoint(srv.URL)
	clock := newClock()
	changes := make(chan llm.EndpointStatus, 10)
	release := make(chan struct{})
	client := llm.NewClient(llm.ClientOptions{})
	var probes sync.WaitGroup
	st := llm.NewStatus(llm.StatusOptions{
		Resolve: resolveTo(ep),
		Probe: func(ctx context.Context, e llm.Endpoint) error {
			defer probes.Done()
			<-release // the caller must not be waiting on this
			return client.Test(ctx, e)
		},
		TTL: time.Minute, Now: clock.Now,
		OnChange: func(s llm.EndpointStatus) { changes <- s },
	})
	defer st.Close()

	t.Run("NeverBlocksAndRefreshesInBackground", func(t *testing.T) {
		probes.Add(1)
		first := st.Get(ep.ID)
		if first.State != llm.StateUnknown || !first.Checking {
			t.Fatalf("first Get = %+v", first)
		}
		again := st.Get(ep.ID) // no second probe while one runs
		if !again.Checking {
			t.Fatalf("second Get = %+v", again)
		}
		close(release)
		got := <-changes
		if got.State != llm.StateOnline || got.Checking {
			t.Fatalf("change = %+v", got)
		}
		probes.Wait()
		if s := st.Get(ep.ID); s.State != llm.StateOnline || s.Checking {
			t.Fatalf("fresh Get = %+v", s) // within TTL: no new probe (probes.Done would panic)
		}
	})
	t.Run("StaleAfterTTL", func(t *testing.T) {
		srv.HTTP.Close()
		clock.Add(2 * time.Minute)
		probes.Add(1)
		if s := st.Get(ep.ID); s.State != llm.StateOnline || !s.Checking {
			t.Fatalf("stale Get = %+v (last known should be returned)", s)
		}
		got := <-changes
		if got.State != llm.StateOffline || got.Message == "" {
			t.Fatalf("change = %+v", got)
		}
		probes.Wait()
	})
}

func TestStatus_Observe(t *testing.T) {
	st := llm.NewStatus(llm.StatusOptions{Resolve: resolveTo(llm.Endpoint{ID: "x"}),
		Probe: func(context.Context, llm.Endpoint) error { return nil }, Now: newClock().Now})
	defer st.Close()
	t.Run("AuthIsKeyRefused", func(t *testing.T) {
		s := st.Observe("x", &llm.Error{Kind: llm.KindAuth, Status: 401})
		if s.State != llm.StateKeyRefused || s.Message == "" {
			t.Fatalf("status = %+v", s)
		}
	})
	t.Run("RefusedIsOffline", func(t *testing.T) {
		if s := st.Observe("x", &llm.Error{Kind: llm.KindConnectionRefused}); s.State != llm.StateOffline {
			t.Fatalf("status = %+v", s)
		}
	})
	t.Run("CanceledIgnored", func(t *testing.T) {
		if s := st.Observe("x", context.Canceled); s.State != llm.StateOffline {
			t.Fatalf("status = %+v", s)
		}
	})
	t.Run("Refresh", func(t *testing.T) {
		if s := st.Refresh(context.Background(), "x"); s.State != llm.StateOnline || s.Message != "" {
			t.Fatalf("status = %+v", s)
		}
		if s := st.Refresh(context.Background(), "gone"); s.State != llm.StateOffline || !strings.Contains(s.Message, "no longer exists") {
			t.Fatalf("status = %+v", s)
		}
	})
	t.Run("UnwordedSaysTheCheckFailed", func(t *testing.T) {
		// Nobody logs a badge's cause, so it must not point to the log.
		s := st.Observe("x", errors.New("resolve endpoint: sql: database is closed"))
		if s.State != llm.StateOffline || s.Message != "Hearth could not check this model server; try again." {
			t.Fatalf("status = %+v", s)
		}
	})
}
