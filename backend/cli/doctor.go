package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hearth/backend/doctor"
	"hearth/backend/keychain"
	"hearth/backend/vault"
)

func cmdDoctor(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("doctor", r.env)
	who := fs.String("profile", "", "also check this profile's database and endpoints (asks for its PIN if it has one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	checks := []doctor.Check{doctor.DataDir(r.dataDir)}
	c, err := r.core()
	if err != nil {
		return err
	}
	checks = append(checks, doctor.Check{Name: "keychain", Run: func(ctx context.Context) (string, error) {
		if err := keychain.Probe(ctx, c.Keychain); err != nil {
			return "", fmt.Errorf("%s; profiles can still use passphrase protection", describeMsg(err))
		}
		return "Secret Service reachable (set, read and removed a test item)", nil
	}}, doctor.WebKit())
	checks = append(checks, r.endpointChecks(ctx, *who)...)
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
		return fmt.Errorf("%d check(s) failed", failed)
	}
	return nil
}

// endpointChecks opens each profile that needs no secret (or the one named)
// and checks its endpoints; protected profiles are skipped, not prompted.
func (r *runner) endpointChecks(ctx context.Context, who string) []doctor.Check {
	c, _ := r.core()
	ps, err := c.Profiles.List(ctx)
	if err != nil {
		return []doctor.Check{{Name: "profiles", Run: func(context.Context) (string, error) { return "", err }}}
	}
	var checks []doctor.Check
	for _, p := range ps {
		if who != "" && who != p.ID && who != p.Name {
			continue
		}
		detail, err := c.Profiles.CheckFiles(ctx, p.ID)
		checks = append(checks, doctor.Check{Name: "files of " + p.Name, Run: func(context.Context) (string, error) { return detail, err }})
	}
	if found, err := c.Profiles.Unlisted(ctx); err == nil && len(found) > 0 {
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
			name := "endpoints of " + p.Name
			checks = append(checks, doctor.Check{Name: name, Run: func(context.Context) (string, error) {
				return fmt.Sprintf("protected by %s; run 'hearth doctor --profile %q' to check", p.Protection, p.Name), doctor.ErrSkipped
			}})
			continue
		}
		ws, _, err := r.open(ctx, p.ID, false)
		if err != nil {
			checks = append(checks, doctor.Check{Name: "profile " + p.Name, Run: func(context.Context) (string, error) { return "", fmt.Errorf("%s", describeMsg(err)) }})
			continue
		}
		// Run now: opening the next profile closes this one's database.
		dbCheck := doctor.Database(p.Name, c.Profiles.Dir(p.ID), ws.DB)
		detail, dbErr := dbCheck.Run(ctx)
		checks = append(checks, doctor.Check{Name: dbCheck.Name, Run: func(context.Context) (string, error) { return detail, dbErr }})
		eps, err := ws.Endpoints.List(ctx)
		if err != nil || len(eps) == 0 {
			checks = append(checks, doctor.Check{Name: "endpoints of " + p.Name, Run: func(context.Context) (string, error) {
				return "none configured", doctor.ErrSkipped
			}})
			continue
		}
		for _, e := range eps {
			full, err := ws.Endpoints.Resolve(ctx, e.ID)
			checks = append(checks, doctor.Check{Name: "endpoint " + e.Name, Run: func(ctx context.Context) (string, error) {
				if err != nil {
					return "", err
				}
				if err := c.Client.Test(ctx, full); err != nil {
					return "", fmt.Errorf("%s", describeMsg(err))
				}
				return e.BaseURL + " answers", nil
			}})
		}
	}
	return checks
}
