package chat_test

import (
	"context"
	"errors"
	"testing"

	"hearth/backend/chat"
)

func TestStore_CreateSession(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	t.Run("OK", func(t *testing.T) {
		x := mustSession(t, s, "kitchen", "  Sunday   roast ")
		got, err := s.GetSession(ctx, "kitchen", x.ID)
		if err != nil || got.Title != "Sunday roast" || got.ModuleID != "kitchen" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		if _, err := s.CreateSession(ctx, "no-such-module", ""); !errors.Is(err, chat.ErrInvalid) {
			t.Fatal(err)
		}
	})
}

func TestStore_ListSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	a := mustSession(t, s, "tutor", "a")
	b := mustSession(t, s, "tutor", "b")
	mustSession(t, s, "writer", "other module")
	t.Run("NewestFirst", func(t *testing.T) {
		mustMessage(t, s, "tutor", a.ID, "user", "hello") // a becomes the most recent
		got, err := s.ListSessions(ctx, "tutor", 10, 0)
		if err != nil || len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("Paged", func(t *testing.T) {
		got, err := s.ListSessions(ctx, "tutor", 1, 1)
		if err != nil || len(got) != 1 || got[0].ID != b.ID {
			t.Fatalf("%+v %v", got, err)
		}
	})
}

func TestStore_SessionIsolation(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	x := mustSession(t, s, "tutor", "homework")
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.GetSession(ctx, "kitchen", x.ID); !errors.Is(err, chat.ErrNotFound) {
			t.Errorf("get: %v", err)
		}
		if err := s.RenameSession(ctx, "kitchen", x.ID, "stolen"); !errors.Is(err, chat.ErrNotFound) {
			t.Errorf("rename: %v", err)
		}
		if err := s.DeleteSession(ctx, "kitchen", x.ID); !errors.Is(err, chat.ErrNotFound) {
			t.Errorf("delete: %v", err)
		}
		if _, err := s.Messages(ctx, "kitchen", x.ID, 0); !errors.Is(err, chat.ErrNotFound) {
			t.Errorf("messages: %v", err)
		}
		if _, err := s.AddMessage(ctx, "kitchen", chat.Message{SessionID: x.ID, Role: "user", Content: "x"}); !errors.Is(err, chat.ErrNotFound) {
			t.Errorf("add message: %v", err)
		}
	})
	t.Run("Rename", func(t *testing.T) {
		if err := s.RenameSession(ctx, "tutor", x.ID, "fractions"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetSession(ctx, "tutor", x.ID)
		if got.Title != "fractions" {
			t.Fatalf("title %q", got.Title)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		m := mustMessage(t, s, "tutor", x.ID, "user", "uniqueword")
		if err := s.DeleteSession(ctx, "tutor", x.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetMessage(ctx, "tutor", m.ID); !errors.Is(err, chat.ErrNotFound) {
			t.Errorf("message survived: %v", err)
		}
		if hits, _ := s.Search(ctx, "uniqueword", "", 10); len(hits) != 0 {
			t.Errorf("search still finds %d", len(hits))
		}
	})
}
