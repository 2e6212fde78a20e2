package cli

import (
	"context"
	"fmt"
)

// profileRotateKey re-encrypts a profile under a new data key (after a
// suspected leak of its passphrase, PIN, recovery key or a backup of its
// key slots) and prints the new recovery key once.
func profileRotateKey(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile rotate-key", r.env)
	who := fs.String("profile", "", "profile name or id")
	change := fs.Bool("new-secret", false, "also set a new PIN or passphrase (HEARTH_NEW_PIN / HEARTH_NEW_PASSPHRASE or a prompt)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *who == "" {
		return usagef("profile rotate-key needs --profile")
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	p, err := c.FindProfile(ctx, *who)
	if err != nil {
		return err
	}
	current, err := r.secretFor(p.Protection, " (current)")
	if err != nil {
		return err
	}
	newSecret := ""
	if *change {
		if newSecret, err = r.newSecretFor(p.Protection, "HEARTH_NEW_PIN", "HEARTH_NEW_PASSPHRASE"); err != nil {
			return err
		}
	}
	p, recovery, err := c.RotateKey(ctx, p.ID, current, newSecret)
	if err != nil {
		return err
	}
	r.printf("%s now has a new data key: the database was re-encrypted, the old key slots and keychain item destroyed.\n", p.Name)
	r.printRecovery(p, recovery)
	fmt.Fprintln(r.env.Stderr, "The old recovery key no longer works, and older backups of the key slots no longer open this profile's new data.")
	return nil
}
