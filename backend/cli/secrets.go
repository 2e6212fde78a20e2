package cli

import (
	"fmt"
	"strings"

	"hearth/backend/apperr"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

// secret reads a secret from the environment variable, else from a no-echo
// prompt on the terminal; with neither it says which variable to set.
func (r *runner) secret(envVar, label string) (string, error) {
	if v := r.env.Getenv(envVar); v != "" {
		return v, nil
	}
	if r.env.Prompt == nil {
		return "", usagef("%s is needed: set %s or run in a terminal to be asked", strings.ToLower(label), envVar)
	}
	v, err := r.env.Prompt(Sanitize(label)) // the label may hold a profile name
	if err != nil {
		return "", promptFailed(label, err)
	}
	return v, nil
}

// promptFailed words a terminal that could not be read (closed, not a
// terminal after all) without the cause's internals.
func promptFailed(label string, err error) error {
	return apperr.Wrap(apperr.Internal, fmt.Errorf("read %s: %w", strings.ToLower(label), err),
		fmt.Sprintf("Could not read the %s from the terminal; set it in the environment instead.", strings.ToLower(Sanitize(label))))
}

// newSecret reads a secret to set, asking twice at a terminal.
func (r *runner) newSecret(envVar, label string) (string, error) {
	if v := r.env.Getenv(envVar); v != "" {
		return v, nil
	}
	first, err := r.secret(envVar, label)
	if err != nil {
		return "", err
	}
	again, err := r.env.Prompt(label + " (again)")
	if err != nil {
		return "", promptFailed(label, err)
	}
	if again != first {
		return "", usagef("the two entries do not match")
	}
	return first, nil
}

// secretFor asks for the current secret of a profile protected by mode
// ("" for keychain mode, which needs none).
func (r *runner) secretFor(mode vault.Mode, label string) (string, error) {
	switch mode {
	case vault.ModePIN:
		return r.secret("HEARTH_PIN", "PIN"+label)
	case vault.ModePassphrase:
		return r.secret("HEARTH_PASSPHRASE", "Passphrase"+label)
	}
	return "", nil
}

// ownSecretOf asks for another person's own secret for profile p, as the
// family commands need it (taking over supervision, handing a child on):
// envPrefix+"_PIN" or "_PASSPHRASE" by p's protection, or "_RECOVERY_KEY"
// for a profile that opens without one.
func (r *runner) ownSecretOf(p profile.Profile, envPrefix string) (string, error) {
	switch p.Protection {
	case vault.ModePIN:
		return r.secret(envPrefix+"_PIN", "PIN of "+p.Name)
	case vault.ModePassphrase:
		return r.secret(envPrefix+"_PASSPHRASE", "Passphrase of "+p.Name)
	}
	return r.secret(envPrefix+"_RECOVERY_KEY", "Recovery key of "+p.Name)
}

// newSecretFor asks for a new secret for mode, reading envPIN/envPass
// first ("" for keychain mode).
func (r *runner) newSecretFor(mode vault.Mode, envPIN, envPass string) (string, error) {
	switch mode {
	case vault.ModePIN:
		pin, err := r.newSecret(envPIN, "New PIN")
		if err == nil && len([]rune(pin)) >= vault.MinPINLength {
			c := vault.EstimateOfflineCost(pin, vault.PINGuessCost)
			fmt.Fprintf(r.env.Stderr, "Someone who copies this profile's locked key could guess a PIN like this in %s of computer time on average (see THREAT-MODEL.md).\n", c.Describe())
		}
		return pin, err
	case vault.ModePassphrase:
		return r.newSecret(envPass, "New passphrase")
	}
	return "", nil
}

// newProfileRequest parses --protection and reads the new profile's secret.
func (r *runner) newProfileRequest(name, modeName string) (profile.CreateRequest, error) {
	return r.newProfileRequestFrom(name, modeName, "HEARTH_PIN", "HEARTH_PASSPHRASE")
}

// newProfileRequestFrom is newProfileRequest reading the secret from
// envPIN/envPass (a guardian creating a child uses HEARTH_PIN for itself).
func (r *runner) newProfileRequestFrom(name, modeName, envPIN, envPass string) (profile.CreateRequest, error) {
	m, err := vault.ParseMode(modeName)
	if err != nil {
		return profile.CreateRequest{}, usagef("--protection must be keychain, pin or passphrase")
	}
	secret, err := r.newSecretFor(m, envPIN, envPass)
	if err != nil {
		return profile.CreateRequest{}, err
	}
	return profile.CreateRequest{Name: name, Protection: m, Secret: secret}, nil
}

// printRecovery shows a new profile's id and its recovery key, once.
func (r *runner) printRecovery(p profile.Profile, recovery string) {
	r.printf("id: %s\nrecovery key: %s\n", p.ID, recovery)
	fmt.Fprintln(r.env.Stderr, "Write the recovery key down and keep it safe: it is shown only once, and it opens this profile if the keychain is lost.")
}
