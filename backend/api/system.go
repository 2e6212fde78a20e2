package api

import (
	"context"
	"log/slog"
	"time"

	"hearth/backend/doctor"
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

// Doctor runs the machine checks the window can show.
func (s *System) Doctor() []doctor.Result {
	checks := []doctor.Check{doctor.DataDir(s.dataDir), {Name: "keychain", Run: func(ctx context.Context) (string, error) {
		if err := probeKeychain(ctx, s.b); err != nil {
			return "", err
		}
		return "Secret Service reachable", nil
	}}, doctor.WebKit()}
	return doctor.Run(context.Background(), checks, 5*time.Second)
}

// UIReady is called by the page once a screen has rendered, with what it saw
// in the DOM (e.g. the number of profile tiles). The smoke test waits for it.
func (s *System) UIReady(screen string, detail string) {
	if len(screen) > 40 || len(detail) > 200 {
		return
	}
	s.log.Info("ui ready", "screen", screen, "detail", detail)
}
