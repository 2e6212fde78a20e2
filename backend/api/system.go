package api

import (
	"context"
	"log/slog"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/doctor"
	"hearth/backend/household"
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

// Doctor runs the checks the window's Diagnostics dialog shows, from the
// list `hearth doctor` prints too (package doctor): the data folder, the OS
// keychain, the window's libraries and, when a profile is open, its files,
// its database's integrity and each of its LLM servers (one /v1/models
// request each).
func (s *System) Doctor() []doctor.Result {
	describe := func(err error) string {
		return apperr.Report(s.b.ctx, s.log, "doctor", household.Describe(err)).Message
	}
	checks := doctor.Machine(s.dataDir, s.b.home.Keychain, describe)
	ws, err := s.b.home.Workspace()
	if err != nil {
		checks = append(checks, doctor.NoProfileOpen())
		return doctor.Run(context.Background(), checks, 10*time.Second)
	}
	// The open profile's files and database (quick_check and the search
	// indexes); damage is told here in plain words.
	p := ws.Profile
	checks = append(checks, doctor.Files(p.Name, func(ctx context.Context) (string, error) {
		return s.b.home.CheckFiles(ctx, p.ID)
	}), doctor.Database(p.Name, s.b.home.ProfileDir(p.ID), ws.DB))
	if eps, err := ws.Endpoints.List(context.Background()); err != nil {
		checks = append(checks, doctor.EndpointsUnreadable(p.Name, err, describe))
	} else {
		probes := make([]doctor.Endpoint, 0, len(eps))
		for _, e := range eps {
			probes = append(probes, doctor.Endpoint{Name: e.Name, Models: func(ctx context.Context) (string, []string, error) {
				ep, err := ws.Endpoints.Resolve(ctx, e.ID)
				if err != nil {
					return "", nil, err
				}
				models, err := s.b.checkModels(ctx, ws, e.ID, ep)
				return ep.BaseURL, models, err
			}})
		}
		checks = append(checks, doctor.Endpoints(p.Name, probes, describe)...)
	}
	return doctor.Run(context.Background(), checks, 10*time.Second)
}

// UIReady is called by the page once a screen has rendered, with what it saw
// in the DOM (e.g. the number of profile tiles). The smoke test waits for it.
func (s *System) UIReady(screen string, detail string) {
	if len(screen) > 40 || len(detail) > 200 {
		return
	}
	s.log.Info("ui ready", "screen", screen, "detail", detail)
}
