package chat_test

import (
	"context"
	"strings"
	"testing"
)

func TestStore_Search(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	k := mustSession(t, s, "kitchen", "Soup")
	w := mustSession(t, s, "writer", "Poem")
	mustMessage(t, s, "kitchen", k.ID, "user", "How long do I simmer the leek soup?")
	mustMessage(t, s, "kitchen", k.ID, "assistant", "Simmer the soup for twenty minutes.")
	mustMessage(t, s, "writer", w.ID, "user", "Write a poem about soup and rain.")
	t.Run("AllModules", func(t *testing.T) {
		hits, err := s.Search(ctx, "soup", "", 10)
		if err != nil || len(hits) != 3 {
			t.Fatalf("%d hits, %v", len(hits), err)
		}
		for _, h := range hits {
			if !strings.Contains(h.Snippet, "\x02soup\x03") && !strings.Contains(h.Snippet, "\x02Soup\x03") {
				t.Errorf("snippet not highlighted: %q", h.Snippet)
			}
			if h.Score <= 0 || h.SessionTitle == "" {
				t.Errorf("hit %+v", h)
			}
		}
	})
	t.Run("ModuleFilter", func(t *testing.T) {
		hits, err := s.Search(ctx, "soup", "writer", 10)
		if err != nil || len(hits) != 1 || hits[0].ModuleID != "writer" || hits[0].SessionTitle != "Poem" {
			t.Fatalf("%+v %v", hits, err)
		}
	})
	t.Run("AllTermsRequired", func(t *testing.T) {
		hits, err := s.Search(ctx, "soup rain", "", 10)
		if err != nil || len(hits) != 1 {
			t.Fatalf("%+v %v", hits, err)
		}
	})
	t.Run("HostileSyntax", func(t *testing.T) {
		for _, q := range []string{`"`, `soup"`, `soup OR`, `NEAR(soup`, `content:soup`, `*`, `soup*`, `^soup`,
			`(soup`, `-soup`, `soup AND NOT`, `""""`, `'; DROP TABLE messages; --`, ``, `   `, "\x00soup"} {
			if _, err := s.Search(ctx, q, "", 10); err != nil {
				t.Errorf("query %q: %v", q, err)
			}
		}
		hits, _ := s.Search(ctx, `soup" OR "poem`, "", 10)
		for _, h := range hits {
			if h.ModuleID == "writer" && !strings.Contains(strings.ToLower(h.Snippet), "soup") {
				t.Errorf("OR was interpreted as an operator: %+v", h)
			}
		}
	})
}
