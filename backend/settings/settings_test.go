package settings_test

import (
	"context"
	"testing"

	"hearth/backend/settings"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

func openDB(t *testing.T) *store.DB { return storetest.Open(t) }

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	s := settings.New(db)

	if n, err := s.Int(ctx, settings.AutoLockMinutes, 15); err != nil || n != 15 {
		t.Fatalf("unset: %d %v, want the default 15", n, err)
	}
	if err := s.SetInt(ctx, settings.AutoLockMinutes, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Int(ctx, settings.AutoLockMinutes, 15); err != nil || n != 0 {
		t.Fatalf("after SetInt 0: %d %v", n, err)
	}
	if err := s.Set(ctx, settings.AutoLockMinutes, "soon"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Int(ctx, settings.AutoLockMinutes, 15); err != nil || n != 15 {
		t.Fatalf("not a number: %d %v, want the default", n, err)
	}

	// Inside a transaction: rolled back, nothing stays.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := settings.New(tx).SetIfUnset(ctx, settings.DefaultEndpoint, "ep1"); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if _, ok, err := s.Get(ctx, settings.DefaultEndpoint); ok || err != nil {
		t.Fatalf("rolled back write stayed: %v %v", ok, err)
	}

	if err := s.SetIfUnset(ctx, settings.DefaultEndpoint, "ep1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetIfUnset(ctx, settings.DefaultEndpoint, "ep2"); err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := s.Get(ctx, settings.DefaultEndpoint); !ok || v != "ep1" {
		t.Fatalf("SetIfUnset replaced a value: %q", v)
	}
	if err := s.ClearIf(ctx, settings.DefaultEndpoint, "ep2"); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := s.Get(ctx, settings.DefaultEndpoint); v != "ep1" {
		t.Fatalf("ClearIf of another value cleared it: %q", v)
	}
	if err := s.ClearIf(ctx, settings.DefaultEndpoint, "ep1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Get(ctx, settings.DefaultEndpoint); ok {
		t.Fatal("ClearIf left the value")
	}

	db.Close()
	if _, _, err := s.Get(ctx, settings.DefaultEndpoint); err == nil {
		t.Fatal("a closed database read without error")
	}
}
