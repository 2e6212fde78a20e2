package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"hearth/backend/core"
	"hearth/backend/doctor"
	"hearth/backend/llm"
)

// System answers questions about the app itself.
type System struct {
	version string
	dataDir string
	log     *slog.Logger
	b       *Backend
}

// Version is the app's version string.
func (s *System) Version() string { return s.version }

// Doctor runs the checks the window's Diagnostics dialog shows: the data
// folder, the OS keychain, the window's libraries and, when a profile is
// open, its files, its database's integrity and each of its LLM servers
// (one /v1/models request each).
func (s *System) Doctor() []doctor.Result {
	checks := []doctor.Check{doctor.DataDir(s.dataDir), {Name: "keychain", Run: func(ctx context.Context) (string, error) {
		if err := probeKeychain(ctx, s.b); err != nil {
			return "", errors.New(core.Describe(err).Message)
		}
		return "Secret Service reachable", nil
	}}, doctor.WebKit()}
	if ws, err := s.b.core.Workspace(); err == nil {
		// The open profile's files and database (quick_check and the
		// search indexes); damage is told here in plain words.
		id := ws.Profile.ID
		checks = append(checks, doctor.Check{Name: "files of " + ws.Profile.Name, Run: func(ctx context.Context) (string, error) {
			return s.b.core.Profiles.CheckFiles(ctx, id)
		}}, doctor.Database(ws.Profile.Name, s.b.core.Profiles.Dir(id), ws.DB))
	}
	checks = append(checks, s.endpointChecks()...)
	return doctor.Run(context.Background(), checks, 10*time.Second)
}

// endpointChecks probe the open profile's servers, and are one skipped
// line when no profile is open or it has none.
func (s *System) endpointChecks() []doctor.Check {
	skip := func(detail string) []doctor.Check {
		return []doctor.Check{{Name: "AI endpoints", Run: func(context.Context) (string, error) { return detail, doctor.ErrSkipped }}}
	}
	ws, err := s.b.core.Workspace()
	if err != nil {
		return skip("Open a profile to check its AI endpoints.")
	}
	eps, err := ws.Endpoints.List(context.Background())
	if err != nil {
		return skip(core.Describe(err).Message)
	}
	if len(eps) == 0 {
		return skip("This profile has no AI endpoint yet; add one in Settings, AI endpoints.")
	}
	checks := make([]doctor.Check, 0, len(eps))
	for _, e := range eps {
		checks = append(checks, doctor.Check{Name: "endpoint " + e.Name, Run: func(ctx context.Context) (string, error) {
			ep, err := ws.Endpoints.Resolve(ctx, e.ID)
			if err != nil {
				return "", errors.New(core.Describe(err).Message)
			}
			models, err := s.b.checkModels(ctx, ws, e.ID, ep)
			if err != nil {
				return "", errors.New(llm.UserMessage(err))
			}
			return fmt.Sprintf("%s answers (%d models).", ep.BaseURL, len(models)), nil
		}})
	}
	return checks
}

// UIReady is called by the page once a screen has rendered, with what it saw
// in the DOM (e.g. the number of profile tiles). The smoke test waits for it.
func (s *System) UIReady(screen string, detail string) {
	if len(screen) > 40 || len(detail) > 200 {
		return
	}
	s.log.Info("ui ready", "screen", screen, "detail", detail)
}
