package family

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"filippo.io/age"

	"hearth/backend/store"
)

// guardianKeys are a guardian profile's family keys. They live only in the
// guardian's encrypted database (family_guardian) and in memory while an
// operation runs; they are never written elsewhere or logged.
type guardianKeys struct {
	sign ed25519.PrivateKey
	id   *age.X25519Identity
}

func (k guardianKeys) signPub() ed25519.PublicKey { return k.sign.Public().(ed25519.PublicKey) }

// loadKeys returns the guardian keys of db, or ok=false if it has none.
func loadKeys(ctx context.Context, db *store.DB) (guardianKeys, bool, error) {
	var seed []byte
	var ident string
	err := db.QueryRowContext(ctx, `SELECT sign_key, age_identity FROM family_guardian WHERE id = 1`).Scan(&seed, &ident)
	if errors.Is(err, sql.ErrNoRows) {
		return guardianKeys{}, false, nil
	}
	if err != nil {
		return guardianKeys{}, false, fmt.Errorf("read guardian keys: %w", err)
	}
	if len(seed) != ed25519.SeedSize {
		return guardianKeys{}, false, fmt.Errorf("read guardian keys: signing key has the wrong length")
	}
	id, err := age.ParseX25519Identity(ident)
	if err != nil {
		return guardianKeys{}, false, fmt.Errorf("read guardian keys: age identity: %w", err)
	}
	return guardianKeys{sign: ed25519.NewKeyFromSeed(seed), id: id}, true, nil
}

// ensureKeys returns the guardian keys of db, making them on first use.
func ensureKeys(ctx context.Context, db *store.DB, now time.Time) (guardianKeys, error) {
	k, ok, err := loadKeys(ctx, db)
	if err != nil || ok {
		return k, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return guardianKeys{}, fmt.Errorf("make signing key: %w", err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return guardianKeys{}, fmt.Errorf("make age identity: %w", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO family_guardian (id, sign_key, age_identity, created_at) VALUES (1, ?, ?, ?)`,
		priv.Seed(), id.String(), now.UnixMilli()); err != nil {
		return guardianKeys{}, fmt.Errorf("store guardian keys: %w", err)
	}
	return guardianKeys{sign: priv, id: id}, nil
}
