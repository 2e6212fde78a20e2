package doctor

import (
	"context"
	"errors"
	"fmt"

	"hearth/backend/keychain"
)

// The one list of checks and their wording: the window's Diagnostics dialog
// (api.System.Doctor) and `hearth doctor` (cli) both build their report from
// these constructors, so a check has the same name and the same sentences
// on both. describe turns an error into the sentence the person reads
// (household.Describe's message); it is passed in because household sits above this
// package.

// Machine is the checks of this computer, in order: the data folder, the OS
// keychain and the window's libraries.
func Machine(dataDir string, kc keychain.Keychain, describe func(error) string) []Check {
	return []Check{DataDir(dataDir), Keychain(kc, describe), WebKit()}
}

// Keychain sets, reads and removes a test item in the OS keychain.
func Keychain(kc keychain.Keychain, describe func(error) string) Check {
	return Check{Name: "keychain", Run: func(ctx context.Context) (string, error) {
		if err := keychain.Probe(ctx, kc); err != nil {
			return "", fmt.Errorf("%s; profiles can still use passphrase protection", describe(err))
		}
		return "Secret Service reachable (set, read and removed a test item)", nil
	}}
}

// Files is the check of one profile's files, which check runs without
// unlocking it (profile.Manager.CheckFiles).
func Files(profileName string, check func(ctx context.Context) (string, error)) Check {
	return Check{Name: "files of " + profileName, Run: check}
}

// Endpoint is one of a profile's AI endpoints, as the checks see it.
type Endpoint struct {
	Name string
	// Models asks the endpoint for its model list (one /v1/models request)
	// and checks that its default model is offered; it returns the base
	// URL it asked and the models.
	Models func(ctx context.Context) (baseURL string, models []string, err error)
}

// Endpoints is one check per endpoint of the profile profileName; with
// none, one skipped line says how to add one.
func Endpoints(profileName string, eps []Endpoint, describe func(error) string) []Check {
	if len(eps) == 0 {
		return []Check{skipped(endpointsOf(profileName), "none yet; add one in Settings, AI endpoints, or with 'hearth endpoint add'")}
	}
	checks := make([]Check, 0, len(eps))
	for _, e := range eps {
		checks = append(checks, Check{Name: "endpoint " + e.Name, Run: func(ctx context.Context) (string, error) {
			base, models, err := e.Models(ctx)
			if err != nil {
				return "", errors.New(describe(err))
			}
			return fmt.Sprintf("%s answers (%d models)", base, len(models)), nil
		}})
	}
	return checks
}

// EndpointsUnreadable is the line of a profile whose endpoint list could not
// be read.
func EndpointsUnreadable(profileName string, err error, describe func(error) string) Check {
	return Check{Name: endpointsOf(profileName), Run: func(context.Context) (string, error) {
		return "", errors.New(describe(err))
	}}
}

// EndpointsLocked is the skipped line of a profile that is not open (the
// window) or needs a PIN or passphrase (the command line, which does not
// prompt for every profile).
func EndpointsLocked(profileName string, how string) Check {
	return skipped(endpointsOf(profileName), how)
}

// NoProfileOpen is the skipped endpoints line when no profile is open.
func NoProfileOpen() Check {
	return skipped("AI endpoints", "Open a profile to check its AI endpoints.")
}

func endpointsOf(profileName string) string { return "AI endpoints of " + profileName }

func skipped(name, detail string) Check {
	return Check{Name: name, Run: func(context.Context) (string, error) { return detail, ErrSkipped }}
}
