package memory_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/store"
)

// errCompleter fails like a model server that answers with an error.
type errCompleter struct{ err error }

func (e errCompleter) Complete(context.Context, string, string) (string, error) { return "", e.err }

// slowCompleter answers only when the caller gives up.
type slowCompleter struct{}

func (slowCompleter) Complete(ctx context.Context, _, _ string) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}

// stopCompleter is stopped by the caller while the model is answering.
type stopCompleter struct{ cancel context.CancelFunc }

func (c stopCompleter) Complete(ctx context.Context, _, _ string) (string, error) {
	c.cancel()
	return "", ctx.Err()
}

const canary = "zebra-canary-7731"

func TestService_ExtractionHealth(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	key := make([]byte, 32)
	db, err := store.Open(ctx, path, key, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	if err := module.NewService(db, time.Now).Seed(ctx); err != nil {
		t.Fatal(err)
	}
	s := memory.NewService(db, clock())
	bad := &fakeCompleter{reply: "I think the user likes " + canary + ", but I won't say it in JSON."}
	good := &fakeCompleter{reply: "NONE"}
	down := errCompleter{errors.New("connection refused")}
	extract := func(mod string, c memory.Completer) error {
		_, err := s.Extract(ctx, mod, c, "I like "+canary, "Noted.", "", "")
		return err
	}
	health := func(mod string) memory.Health {
		t.Helper()
		h, err := s.ExtractionHealth(ctx, mod)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}

	t.Run("NeverRunIsHealthy", func(t *testing.T) {
		if h := health("kitchen"); h.Failures != 0 || h.Failing || h.LastSuccessAt != 0 || h.ModuleID != "kitchen" {
			t.Fatalf("%+v", h)
		}
	})
	t.Run("BadRepliesInARow", func(t *testing.T) {
		for i := 1; i <= memory.FailingAfter; i++ {
			if err := extract("kitchen", bad); !errors.Is(err, memory.ErrBadExtraction) {
				t.Fatal(err)
			}
			h := health("kitchen")
			if h.Failures != i || h.LastFailureKind != memory.FailBadReply || h.LastFailureAt == 0 || h.Failing != (i >= memory.FailingAfter) {
				t.Fatalf("after %d: %+v", i, h)
			}
		}
		if h := health("tutor"); h.Failures != 0 {
			t.Fatalf("another module's failures counted: %+v", h)
		}
	})
	t.Run("ServerErrorCountsWithItsKind", func(t *testing.T) {
		if err := extract("kitchen", down); err == nil || errors.Is(err, memory.ErrBadExtraction) {
			t.Fatal(err)
		}
		if h := health("kitchen"); h.Failures != memory.FailingAfter+1 || h.LastFailureKind != memory.FailServer {
			t.Fatalf("%+v", h)
		}
	})
	t.Run("CancelledIsNotAFailure", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		s.Extract(cctx, "kitchen", stopCompleter{cancel}, "hi", "hello", "", "")
		if h := health("kitchen"); h.Failures != memory.FailingAfter+1 {
			t.Fatalf("a stopped extraction counted: %+v", h)
		}
	})
	t.Run("TimeoutIsAServerFailure", func(t *testing.T) {
		tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		s.Extract(tctx, "tutor", slowCompleter{}, "hi", "hello", "", "")
		if h := health("tutor"); h.Failures != 1 || h.LastFailureKind != memory.FailServer {
			t.Fatalf("%+v", h)
		}
	})
	t.Run("NoReplyTextStored", func(t *testing.T) {
		var row string
		if err := db.QueryRowContext(ctx, `SELECT group_concat(module_id || failures || last_failure_kind || last_failure_at || last_success_at)
			FROM extraction_health`).Scan(&row); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(row, canary) || row == "" {
			t.Fatalf("health rows: %q", row)
		}
	})
	t.Run("PersistsAcrossReopen", func(t *testing.T) {
		db.Close()
		if db, err = store.Open(ctx, path, key, store.Options{}); err != nil {
			t.Fatal(err)
		}
		s = memory.NewService(db, clock())
		if h := health("kitchen"); h.Failures != memory.FailingAfter+1 || !h.Failing {
			t.Fatalf("%+v", h)
		}
	})
	t.Run("SuccessResets", func(t *testing.T) {
		if err := extract("kitchen", good); err != nil {
			t.Fatal(err)
		}
		h := health("kitchen")
		if h.Failures != 0 || h.Failing || h.LastSuccessAt == 0 {
			t.Fatalf("%+v", h)
		}
	})
	t.Run("ModuleDeletedTakesItsHealth", func(t *testing.T) {
		if err := extract("kitchen", bad); err == nil {
			t.Fatal("bad reply accepted")
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM modules WHERE id = 'kitchen'`); err != nil {
			t.Fatal(err)
		}
		var n int
		db.QueryRowContext(ctx, `SELECT count(*) FROM extraction_health WHERE module_id = 'kitchen'`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d health rows left for a deleted module", n)
		}
	})
	t.Run("SharedScopeIsInvalid", func(t *testing.T) {
		if _, err := s.ExtractionHealth(ctx, memory.SharedScope); !errors.Is(err, memory.ErrInvalid) {
			t.Fatal(err)
		}
	})
}
