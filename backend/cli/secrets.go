package cli

import (
	"fmt"
	"strings"
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
	v, err := r.env.Prompt(label)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", strings.ToLower(label), err)
	}
	return v, nil
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
		return "", fmt.Errorf("read %s: %w", strings.ToLower(label), err)
	}
	if again != first {
		return "", usagef("the two entries do not match")
	}
	return first, nil
}
