package chat_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"hearth/backend/chat"
)

func TestStore_AddMessage(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	x := mustSession(t, s, "general", "")
	t.Run("OK", func(t *testing.T) {
		m := mustMessage(t, s, "general", x.ID, "user", "hi there")
		got, err := s.GetMessage(ctx, "general", m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) || m.Status != chat.StatusComplete || m.ID == "" || m.CreatedAt == 0 {
			t.Fatalf("got %+v want %+v", got, m)
		}
		sess, _ := s.GetSession(ctx, "general", x.ID)
		if sess.UpdatedAt != m.CreatedAt {
			t.Errorf("session updated_at %d, message %d", sess.UpdatedAt, m.CreatedAt)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, m := range []chat.Message{
			{SessionID: x.ID, Role: "robot"},
			{SessionID: x.ID, Role: "user", Status: "done"},
		} {
			if _, err := s.AddMessage(ctx, "general", m); !errors.Is(err, chat.ErrInvalid) {
				t.Errorf("%+v: %v", m, err)
			}
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.AddMessage(ctx, "general", chat.Message{SessionID: "nope", Role: "user"}); !errors.Is(err, chat.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.AddMessage(ctx, "general", chat.Message{SessionID: x.ID, ModuleID: "tutor", Role: "user"}); !errors.Is(err, chat.ErrNotFound) {
			t.Error(err)
		}
	})
}

func TestStore_UpdateMessage(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	x := mustSession(t, s, "writer", "")
	m := mustMessage(t, s, "writer", x.ID, "assistant", "")
	t.Run("OK", func(t *testing.T) {
		m.Content, m.Status, m.Error, m.Model = "a finished reply about otters", chat.StatusInterrupted, "Stopped.", "llama3"
		m.PromptTokens, m.CompletionTokens, m.UsedMemories, m.HeldBack = 10, 20, []string{"m1", "m2"}, 1
		if err := s.UpdateMessage(ctx, "writer", m); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetMessage(ctx, "writer", m.ID)
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("got %+v want %+v", got, m)
		}
		if hits, _ := s.Search(ctx, "otters", "writer", 5); len(hits) != 1 {
			t.Errorf("updated content not searchable: %d hits", len(hits))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := s.UpdateMessage(ctx, "tutor", m); !errors.Is(err, chat.ErrNotFound) {
			t.Error(err)
		}
		if err := s.DeleteMessage(ctx, "tutor", m.ID); !errors.Is(err, chat.ErrNotFound) {
			t.Error(err)
		}
		if _, err := s.GetMessage(ctx, "tutor", m.ID); !errors.Is(err, chat.ErrNotFound) {
			t.Error(err)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if err := s.DeleteMessage(ctx, "writer", m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetMessage(ctx, "writer", m.ID); !errors.Is(err, chat.ErrNotFound) {
			t.Error(err)
		}
	})
}

func TestStore_Messages(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	x := mustSession(t, s, "planner", "")
	var ids []string
	for i := range 5 {
		ids = append(ids, mustMessage(t, s, "planner", x.ID, "user", fmt.Sprint("m", i)).ID)
	}
	t.Run("All", func(t *testing.T) {
		got, err := s.Messages(ctx, "planner", x.ID, 0)
		if err != nil || len(got) != 5 || got[0].ID != ids[0] || got[4].ID != ids[4] {
			t.Fatalf("%v %v", got, err)
		}
	})
	t.Run("LastN", func(t *testing.T) {
		got, err := s.Messages(ctx, "planner", x.ID, 2)
		if err != nil || len(got) != 2 || got[0].ID != ids[3] || got[1].ID != ids[4] {
			t.Fatalf("%v %v", got, err)
		}
	})
}
