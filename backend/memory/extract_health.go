package memory

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Extraction health: each module's run of failed extractions, kept in the
// profile database so the memory panel can tell the user when memories
// have stopped being saved, instead of staying silent. Only counts, a
// failure kind and times are stored, never the model's reply.

// FailingAfter is how many failed extractions in a row make a module's
// extraction "failing" (shown to the user).
const FailingAfter = 3

// Failure kinds.
const (
	FailBadReply = "bad_reply"    // the model answered, but not in a usable form
	FailServer   = "server_error" // the model server failed or timed out
)

// Health is how memory extraction has been going for one module.
type Health struct {
	ModuleID        string `json:"moduleId"`
	Failures        int    `json:"failures"`        // consecutive failed extractions
	LastFailureKind string `json:"lastFailureKind"` // "", FailBadReply or FailServer
	LastFailureAt   int64  `json:"lastFailureAt"`   // unix ms, 0 if never
	LastSuccessAt   int64  `json:"lastSuccessAt"`   // unix ms, 0 if never
	Failing         bool   `json:"failing"`         // Failures >= FailingAfter
}

// ExtractionHealth returns moduleID's extraction health (all zero if
// extraction never ran there).
func (s *Service) ExtractionHealth(ctx context.Context, moduleID string) (Health, error) {
	if moduleID == "" || moduleID == SharedScope {
		return Health{}, fmt.Errorf("%w: extraction health needs a module", ErrInvalid)
	}
	h := Health{ModuleID: moduleID}
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(failures), 0), coalesce(max(last_failure_kind), ''),
		coalesce(max(last_failure_at), 0), coalesce(max(last_success_at), 0)
		FROM extraction_health WHERE module_id = ?`, moduleID).
		Scan(&h.Failures, &h.LastFailureKind, &h.LastFailureAt, &h.LastSuccessAt)
	if err != nil {
		return Health{}, fmt.Errorf("extraction health: %w", err)
	}
	h.Failing = h.Failures >= FailingAfter
	return h, nil
}

// failureKind classifies an extraction's outcome: "" for a success,
// FailBadReply or FailServer for a failure to count, ok=false for an
// outcome that says nothing about the model (stopped by the caller, a
// local database error, bad arguments).
func failureKind(ctx context.Context, err error, fromModel bool) (kind string, ok bool) {
	switch {
	case err == nil:
		return "", true
	case errors.Is(err, ErrBadExtraction):
		return FailBadReply, true
	case fromModel && !errors.Is(ctx.Err(), context.Canceled):
		return FailServer, true // including our own timeout: a model too slow to answer
	}
	return "", false
}

// recordExtraction updates moduleID's health after an extraction: a
// success resets the run of failures, a failure extends it. It is written
// even when ctx has expired (a timeout is itself the failure to record).
func (s *Service) recordExtraction(ctx context.Context, moduleID, kind string) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	now := s.now().UnixMilli()
	var err error
	if kind == "" {
		_, err = s.db.ExecContext(wctx, `INSERT INTO extraction_health(module_id, failures, last_success_at) VALUES (?, 0, ?)
			ON CONFLICT(module_id) DO UPDATE SET failures = 0, last_success_at = excluded.last_success_at`, moduleID, now)
	} else {
		_, err = s.db.ExecContext(wctx, `INSERT INTO extraction_health(module_id, failures, last_failure_kind, last_failure_at) VALUES (?, 1, ?, ?)
			ON CONFLICT(module_id) DO UPDATE SET failures = failures + 1,
				last_failure_kind = excluded.last_failure_kind, last_failure_at = excluded.last_failure_at`, moduleID, kind, now)
	}
	if err != nil {
		return fmt.Errorf("record extraction health: %w", err)
	}
	return nil
}
