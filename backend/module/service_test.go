package module_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hearth/backend/module"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

func mustOpen(tb testing.TB) *store.DB { return storetest.Open(tb) }

func newService(t *testing.T) *module.Service {
	t.Helper()
	s := module.NewService(mustOpen(t), time.Now)
	if err := s.Seed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestService_Seed(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	t.Run("OK", func(t *testing.T) {
		all, err := s.List(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"general", "tutor", "kitchen", "writer", "planner"}
		if len(all) != len(want) {
			t.Fatalf("got %d modules, want %d", len(all), len(want))
		}
		for i, m := range all {
			if m.ID != want[i] || !m.Builtin || m.SystemPrompt == "" || m.Icon == "" || m.Description == "" {
				t.Errorf("module %d = %+v", i, m)
			}
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		m, _ := s.Get(ctx, "kitchen")
		m.Name = "My Kitchen"
		if _, err := s.Update(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := s.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, "kitchen")
		all, _ := s.List(ctx, true)
		if got.Name != "My Kitchen" || len(all) != 5 {
			t.Fatalf("seed overwrote edits or duplicated: %q, %d", got.Name, len(all))
		}
	})
}

func TestService_Create(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	t.Run("OK", func(t *testing.T) {
		m, err := s.Create(ctx, module.New("Garden Helper!"))
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != "garden-helper" || m.Builtin || !m.Policy.UseMemory {
			t.Fatalf("got %+v", m)
		}
		got, err := s.Resolve(ctx, "GARDEN helper!")
		if err != nil || got.ID != m.ID {
			t.Fatalf("resolve by name: %+v %v", got, err)
		}
	})
	t.Run("SlugCollision", func(t *testing.T) {
		m, err := s.Create(ctx, module.New("garden  helper"))
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != "garden-helper-2" {
			t.Fatalf("id %q", m.ID)
		}
	})
	t.Run("ErrExists", func(t *testing.T) {
		if _, err := s.Create(ctx, module.New("TUTOR")); !errors.Is(err, module.ErrExists) {
			t.Fatalf("duplicate name: %v", err)
		}
		m := module.New("Other")
		m.ID = "tutor"
		if _, err := s.Create(ctx, m); !errors.Is(err, module.ErrExists) {
			t.Fatalf("duplicate id: %v", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, m := range []module.Module{
			{Name: ""},
			{ID: "Bad Id", Name: "x"},
			{ID: "shared", Name: "Shared stuff"},
			{Name: "hot", Temperature: 3},
			{Name: "ep", EndpointID: "nope"},
		} {
			if _, err := s.Create(ctx, m); !errors.Is(err, module.ErrInvalid) {
				t.Errorf("%+v: %v", m, err)
			}
		}
	})
	t.Run("EmojiName", func(t *testing.T) {
		m, err := s.Create(ctx, module.New("🎸🎸"))
		if err != nil || m.ID != "module" {
			t.Fatalf("%+v %v", m, err)
		}
	})
}

func TestService_Resolve(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	t.Run("ByID", func(t *testing.T) {
		if m, err := s.Resolve(ctx, "writer"); err != nil || m.Name != "Writer" {
			t.Fatalf("%+v %v", m, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Resolve(ctx, "nobody"); !errors.Is(err, module.ErrNotFound) {
			t.Fatal(err)
		}
	})
}

func TestService_ArchiveDelete(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	t.Run("Archive", func(t *testing.T) {
		if err := s.Archive(ctx, "planner", true); err != nil {
			t.Fatal(err)
		}
		vis, _ := s.List(ctx, false)
		all, _ := s.List(ctx, true)
		if len(vis) != 4 || len(all) != 5 {
			t.Fatalf("visible %d all %d", len(vis), len(all))
		}
		if err := s.Archive(ctx, "nope", true); !errors.Is(err, module.ErrNotFound) {
			t.Fatal(err)
		}
	})
	t.Run("ErrBuiltin", func(t *testing.T) {
		if err := s.Delete(ctx, "general"); !errors.Is(err, module.ErrBuiltin) {
			t.Fatal(err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		m, err := s.Create(ctx, module.New("Temp"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, m.ID); !errors.Is(err, module.ErrNotFound) {
			t.Fatal(err)
		}
	})
	t.Run("Update ErrNotFound", func(t *testing.T) {
		if _, err := s.Update(ctx, module.Module{ID: "ghost", Name: "Ghost"}); !errors.Is(err, module.ErrNotFound) {
			t.Fatal(err)
		}
	})
}
