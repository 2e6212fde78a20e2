package vault_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"hearth/backend/vault"
)

func TestRecoveryKey(t *testing.T) {
	k := vault.NewRecoveryKey()
	t.Run("Format", func(t *testing.T) {
		if !regexp.MustCompile(`^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$`).MatchString(k) {
			t.Fatalf("recovery key %q: want 8 groups of 5 from the Crockford alphabet", k)
		}
		if vault.NewRecoveryKey() == k {
			t.Fatal("two recovery keys are equal")
		}
	})
	t.Run("OK", func(t *testing.T) {
		want := strings.ReplaceAll(k, "-", "")
		lower := strings.ToLower(k)
		spaced := strings.ReplaceAll(k, "-", " ")
		// Read-alikes: 0 typed as o, 1 typed as l.
		alike := strings.NewReplacer("0", "o", "1", "l").Replace(k)
		for _, in := range []string{k, want, lower, spaced, "  " + alike + "\n"} {
			got, err := vault.NormalizeRecoveryKey(in)
			if err != nil || got != want {
				t.Fatalf("normalize %q = %q, %v; want %q", in, got, err, want)
			}
		}
	})
	t.Run("ErrRecoveryKeyFormat", func(t *testing.T) {
		typo := []byte(k)
		if typo[0] == 'A' {
			typo[0] = 'B'
		} else {
			typo[0] = 'A'
		}
		for _, in := range []string{"", k[:len(k)-1], string(typo), k + "X", strings.Replace(k, k[:1], "U", 1), "é" + k[1:]} {
			if _, err := vault.NormalizeRecoveryKey(in); !errors.Is(err, vault.ErrRecoveryKeyFormat) {
				t.Fatalf("normalize %q: %v, want ErrRecoveryKeyFormat", in, err)
			}
		}
	})
}
