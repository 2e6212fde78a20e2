package api

import (
	"context"
	"strconv"

	"hearth/backend/keychain"
	"hearth/backend/store"
)

// readIntSetting reads an integer from the profile's settings table.
func readIntSetting(db *store.DB, key string, def int) int {
	var v string
	if err := db.QueryRowContext(context.Background(), `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return n
}

func writeSetting(db *store.DB, key string, v int) error {
	_, err := db.ExecContext(context.Background(),
		`INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, strconv.Itoa(v))
	return err
}

func probeKeychain(ctx context.Context, b *Backend) error {
	return keychain.Probe(ctx, b.core.Keychain)
}
