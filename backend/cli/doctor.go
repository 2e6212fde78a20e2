package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/doctor"
	"hearth/backend/vault"
)

func cmdDoctor(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("doctor", r.env)
	who := fs.String("profile", "", "also check this profile's database and endpoints (asks for its PIN if it has one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	// The same list, in the same words, as the window's Diagnostics.
	checks := doctor.Machine(r.dataDir, c.Keychain, r.checkSentence)
	checks = append(checks, r.profileChecks(ctx, *who)...)
	results := doctor.Run(ctx, checks, 10*time.Second)
	failed := 0
	for _, res := range results {
		status := "OK  "
		switch {
		case res.Skip:
			status = "SKIP"
		case !res.OK:
			status = "FAIL"
			failed++
		}
		r.printf("%s  %-24s %s\n", status, res.Name, res.Detail)
	}
	if failed > 0 {
		return apperr.New(apperr.Internal, fmt.Sprintf("%d check(s) failed.", failed))
	}
	return nil
}

// profileChecks checks each profile's files (or the one named's), then
// opens each profile that needs no secret (or the one named) and checks its
// database and endpoints; protected profiles are skipped, not prompted.
func (r *runner) profileChecks(ctx context.Context, who string) []doctor.Check {
	c, _ := r.home()
	ps, err := c.ListProfiles(ctx)
	if err != nil {
		return []doctor.Check{{Name: "profiles", Run: func(context.Context) (string, error) { return "", err }}}
	}
	var checks []doctor.Check
	for _, p := range ps {
		if who != "" && who != p.ID && who != p.Name {
			continue
		}
		detail, err := c.CheckFiles(ctx, p.ID)
		checks = append(checks, doctor.Files(p.Name, func(context.Context) (string, error) { return detail, err }))
	}
	if found, err := c.UnlistedProfiles(ctx); err == nil && len(found) > 0 {
		var names []string
		for _, p := range found {
			names = append(names, fmt.Sprintf("%q (%s)", p.Name, p.ID))
		}
		checks = append(checks, doctor.Check{Name: "profile list", Run: func(context.Context) (string, error) {
			return "", fmt.Errorf("profiles on disk are missing from the list: %s; bring them back with 'hearth profile bring-back --profile ID'", strings.Join(names, ", "))
		}})
	}
	for _, p := range ps {
		named := who != "" && (who == p.ID || who == p.Name)
		if who != "" && !named {
			continue
		}
		if p.Protection != vault.ModeKeychain && !named {
			checks = append(checks, doctor.EndpointsLocked(p.Name,
				fmt.Sprintf("protected by %s; run 'hearth doctor --profile %q' to check", p.Protection, p.Name)))
			continue
		}
		ws, _, err := r.open(ctx, p.ID, false)
		if err != nil {
			checks = append(checks, doctor.Check{Name: "profile " + p.Name, Run: func(context.Context) (string, error) { return "", fmt.Errorf("%s", r.checkSentence(err)) }})
			continue
		}
		// Run now: opening the next profile closes this one's database.
		checks = append(checks, ranNow(ctx, doctor.Database(p.Name, c.ProfileDir(p.ID), ws.DB)))
		eps, err := ws.Endpoints.List(ctx)
		if err != nil {
			checks = append(checks, doctor.EndpointsUnreadable(p.Name, err, r.checkSentence))
			continue
		}
		probes := make([]doctor.Endpoint, 0, len(eps))
		for _, e := range eps {
			full, err := ws.Endpoints.Resolve(ctx, e.ID)
			probes = append(probes, doctor.Endpoint{Name: e.Name, Models: func(ctx context.Context) (string, []string, error) {
				if err != nil {
					return "", nil, err
				}
				models, err := c.Client.CheckModels(ctx, full)
				return full.BaseURL, models, err
			}})
		}
		checks = append(checks, doctor.Endpoints(p.Name, probes, r.checkSentence)...)
	}
	return checks
}

// ranNow runs check at once and returns a check that reports its result.
func ranNow(ctx context.Context, check doctor.Check) doctor.Check {
	detail, err := check.Run(ctx)
	return doctor.Check{Name: check.Name, Run: func(context.Context) (string, error) { return detail, err }}
}

// checkSentence words a failed check's error like a failed command (the
// cause of an unworded one goes to hearth.log). Checks may run at once:
// the log was opened by r.home before any check runs.
func (r *runner) checkSentence(err error) string {
	_, msg := r.fail(context.Background(), "doctor", err)
	return msg
}
