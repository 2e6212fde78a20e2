package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/llm"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

func openDB(t testing.TB) *store.DB { return storetest.Open(t) }

func fixedNow() time.Time { return time.UnixMilli(1700000000000) }

const secretKey = "sk-hearth-secret-0123456789abcdef"

func TestEndpoints_Add(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		r := llm.NewEndpoints(openDB(t), fixedNow)
		e, err := r.Add(ctx, llm.EndpointInput{Name: " Cloud ", BaseURL: "https://api.example.com/v1/", DefaultModel: "gpt-x", APIKey: secretKey})
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != "Cloud" || e.BaseURL != "https://api.example.com/v1" || !e.HasAPIKey || e.Local || e.APIKey() != "" {
			t.Fatalf("added %#v hasKey=%v local=%v", e, e.HasAPIKey, e.Local)
		}
		got, err := r.Get(ctx, e.ID)
		if err != nil || got.APIKey() != "" || !got.HasAPIKey || got.CreatedAt != fixedNow().UnixMilli() {
			t.Fatalf("Get = %+v, %v", got, err)
		}
		full, err := r.Resolve(ctx, e.ID)
		if err != nil || full.APIKey() != secretKey {
			t.Fatalf("Resolve lost the key: %v", err)
		}
		def, err := r.Default(ctx)
		if err != nil || def.ID != e.ID {
			t.Fatalf("first endpoint should be the default: %+v %v", def, err)
		}
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		r := llm.NewEndpoints(openDB(t), fixedNow)
		if _, err := r.Add(ctx, llm.EndpointInput{Name: "Local", BaseURL: "http://127.0.0.1:11434/v1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Add(ctx, llm.EndpointInput{Name: "local", BaseURL: "http://localhost:1/v1"}); !errors.Is(err, llm.ErrNameTaken) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrBadURL", func(t *testing.T) {
		r := llm.NewEndpoints(openDB(t), fixedNow)
		for _, u := range []string{"", "ftp://x/v1", "http://", "https://user:pw@host/v1", "localhost:11434"} {
			if _, err := r.Add(ctx, llm.EndpointInput{Name: "x", BaseURL: u}); !errors.Is(err, llm.ErrBadURL) {
				t.Errorf("%q: err = %v", u, err)
			}
		}
	})
	t.Run("ErrNameMissing", func(t *testing.T) {
		r := llm.NewEndpoints(openDB(t), fixedNow)
		if _, err := r.Add(ctx, llm.EndpointInput{Name: " ", BaseURL: "http://127.0.0.1/v1"}); !errors.Is(err, llm.ErrNameMissing) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestEndpoints_UpdateRemoveDefault(t *testing.T) {
	ctx := context.Background()
	r := llm.NewEndpoints(openDB(t), fixedNow)
	a, _ := r.Add(ctx, llm.EndpointInput{Name: "A", BaseURL: "http://127.0.0.1:1/v1"})
	b, _ := r.Add(ctx, llm.EndpointInput{Name: "B", BaseURL: "https://b.example/v1", APIKey: secretKey})
	t.Run("Update", func(t *testing.T) {
		b.Name, b.DefaultModel = "Bee", "m2"
		got, err := r.Update(ctx, b)
		if err != nil || got.Name != "Bee" || got.DefaultModel != "m2" || !got.HasAPIKey {
			t.Fatalf("Update = %+v, %v", got, err)
		}
		if full, _ := r.Resolve(ctx, b.ID); full.APIKey() != secretKey {
			t.Fatal("Update touched the key")
		}
		if _, err := r.Update(ctx, llm.Endpoint{ID: "nope", Name: "x", BaseURL: "http://127.0.0.1/v1"}); !errors.Is(err, llm.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		a.Name = "bee"
		if _, err := r.Update(ctx, a); !errors.Is(err, llm.ErrNameTaken) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("SetAPIKey", func(t *testing.T) {
		if err := r.SetAPIKey(ctx, b.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := r.GetByName(ctx, "BEE"); got.HasAPIKey {
			t.Fatal("key not cleared")
		}
		if err := r.SetAPIKey(ctx, "nope", "k"); !errors.Is(err, llm.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("SetDefaultAndRemove", func(t *testing.T) {
		if err := r.SetDefault(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if d, _ := r.Resolve(ctx, ""); d.ID != b.ID {
			t.Fatalf("Resolve(\"\") = %s, want default %s", d.ID, b.ID)
		}
		if err := r.Remove(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if d, err := r.Default(ctx); err != nil || d.ID != a.ID {
			t.Fatalf("default after removal = %+v, %v", d, err)
		}
		if err := r.Remove(ctx, b.ID); !errors.Is(err, llm.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if err := r.Remove(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Resolve(ctx, ""); !errors.Is(err, llm.ErrNoEndpoint) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestIsLocalURL(t *testing.T) {
	for u, want := range map[string]bool{
		"http://127.0.0.1:11434/v1": true, "http://127.8.9.10/v1": true, "http://[::1]:8080/v1": true,
		"http://localhost:1234/v1": true, "http://LOCALHOST./v1": false, "https://api.openai.com/v1": false,
		"http://192.168.1.5:11434/v1": false, "http://hearth-test.invalid/v1": false, "http://127.0.0.1.nip.io/v1": false,
		"http://[::ffff:127.0.0.1]/v1": true, "::not a url": false,
	} {
		if got := llm.IsLocalURL(u); got != want {
			t.Errorf("IsLocalURL(%q) = %v, want %v", u, got, want)
		}
	}
	if s := llm.Suggestions(); len(s) != 2 || !s[0].Local || s[1].Local || s[1].BaseURL != "https://api.openai.com/v1" {
		t.Fatalf("Suggestions = %+v", s)
	}
}

// TestEndpoints_KeyNeverLeaks checks DTOs (JSON), every fmt verb, slog
// output and the raw database files.
func TestEndpoints_KeyNeverLeaks(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	r := llm.NewEndpoints(db, fixedNow)
	e, err := r.Add(ctx, llm.EndpointInput{Name: "Cloud", BaseURL: "https://api.example.com/v1", APIKey: secretKey})
	if err != nil {
		t.Fatal(err)
	}
	full, _ := r.Resolve(ctx, e.ID)
	list, _ := r.List(ctx)
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	log.Info("endpoint", "ep", full, "list", list)
	log.Info("endpoint value", slog.Any("ep", full))
	dto, _ := json.Marshal(struct {
		One  llm.Endpoint
		List []llm.Endpoint
	}{full, list})
	text := fmt.Sprintf("%v %+v %#v %s", full, full, full, full)
	for name, b := range map[string][]byte{"json": dto, "fmt": []byte(text), "slog": logs.Bytes()} {
		if bytes.Contains(b, []byte(secretKey)) {
			t.Errorf("API key leaked into %s: %s", name, b)
		}
	}
	if !bytes.Contains(dto, []byte(`"hasApiKey":true`)) {
		t.Errorf("DTO lacks hasApiKey: %s", dto)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	main, err := os.ReadFile(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(main, []byte("SQLite format 3\x00")) {
		t.Fatalf("%s is a plaintext SQLite file: the profile database is not encrypted", filepath.Base(db.Path()))
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, _ := os.ReadFile(db.Path() + suffix)
		if bytes.Contains(b, []byte(secretKey)) {
			t.Errorf("API key readable in %s", filepath.Base(db.Path()+suffix))
		}
	}
}
