package vault

import "context"

// upgradeSlot re-wraps key under s's secret with today's parameters when
// s was sealed with cheaper ones (an older version, or a build that
// obeyed a test switch), right after that secret opened it: the secret is
// at hand only then. It is best effort; the unlock has already succeeded
// and a slot that stays as it was still opens.
func (v *Vault) upgradeSlot(ctx context.Context, f *slotFile, s *slot, key []byte, secret string) {
	switch s.Kind {
	case KindPIN:
		if s.KDF.weaker(v.pinKDF) {
			_ = v.putItem(ctx, ModePIN, key, secret)
		}
	case KindPassphrase, KindRecovery:
		if !s.KDF.weaker(v.kdf) {
			return
		}
		ns, err := sealSlot(s.Kind, v.id, secretBytes(secret), key, v.kdf, v.now())
		if err != nil {
			return
		}
		nf := *f
		nf.Slots = append(f.without(s.Kind), ns)
		_ = v.writeSlots(&nf)
	}
}
