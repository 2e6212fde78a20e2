package api

import (
	"context"
)

// RotateKey re-encrypts the open profile under a new data key (after a
// suspected leak of its PIN, passphrase, recovery key or a backup of its
// key slots): running turns finish, the profile is locked, rewritten and
// opened again. newSecret "" keeps the current PIN or passphrase. The new
// recovery key is in the result, shown once; if reopening fails the
// result still carries it (and Profile.IsOpen is false), so it is never
// lost.
func (p *Profiles) RotateKey(currentSecret, newSecret string) (CreateResult, error) {
	ctx := context.Background()
	cur, err := p.b.home.Current()
	if err != nil {
		return CreateResult{}, p.b.fail("profiles.rotateKey", err)
	}
	id := cur.ID
	// The lock this causes is reported with reason "rotate", which the
	// window does not treat as leaving the profile.
	pr, rk, err := p.b.home.RotateKey(ctx, id, currentSecret, newSecret)
	if err != nil {
		// Refused after the profile was closed (another window has it
		// open, a short new PIN): open it again, as the window expects.
		if _, cerr := p.b.home.Current(); cerr != nil {
			if _, _, uerr := p.b.home.Unlock(ctx, id, currentSecret); uerr != nil {
				p.b.log.Warn("reopen after a refused key rotation", "err", uerr)
			}
		}
		return CreateResult{}, p.b.fail("profiles.rotateKey", err)
	}
	secret := newSecret
	if secret == "" {
		secret = currentSecret
	}
	if _, _, err := p.b.home.Unlock(ctx, id, secret); err != nil {
		p.b.log.Warn("reopen after key rotation", "err", err)
	} else {
		p.loadAutoLock()
	}
	return CreateResult{Profile: p.dto(pr), RecoveryKey: rk}, nil
}
