package memory_test

import (
	"context"
	"testing"

	"hearth/backend/memory"
)

func TestDirective(t *testing.T) {
	for _, c := range []struct{ in, op, arg string }{
		{"Remember that I am vegetarian.", memory.OpRemember, "I am vegetarian"},
		{"remember: kids eat at 6pm", memory.OpRemember, "kids eat at 6pm"},
		{"  please remember that\nthe oven runs hot", memory.OpRemember, "the oven runs hot"},
		{"Forget that I am vegetarian", memory.OpForget, "I am vegetarian"},
		{"forget my old address!", memory.OpForget, "my old address"},
		{"Forget about the wok", memory.OpForget, "the wok"},
		{"Remember to buy milk", "", ""},
		{"I always forget that", "", ""},
		{"forgetful me", "", ""},
		{"remember that", "", ""},
	} {
		op, arg, ok := memory.Directive(c.in)
		if op != c.op || arg != c.arg || ok != (c.op != "") {
			t.Errorf("Directive(%q) = %q, %q, %v", c.in, op, arg, ok)
		}
	}
}

func TestService_ApplyDirective(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	t.Run("Remember", func(t *testing.T) {
		got, err := s.ApplyDirective(ctx, "kitchen", memory.OpRemember, "I am vegetarian", "s1", "m1")
		if err != nil || len(got) != 1 || got[0].SourceSession != "s1" || got[0].SourceMessage != "m1" || got[0].Scope != "kitchen" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("Forget", func(t *testing.T) {
		keep := mustAdd(t, s, "kitchen", "Owns a cast iron pan")
		tutor := mustAdd(t, s, "tutor", "I am vegetarian too")
		got, err := s.ApplyDirective(ctx, "kitchen", memory.OpForget, "that I am vegetarian", "", "")
		if err != nil || len(got) != 1 || got[0].Text != "I am vegetarian" {
			t.Fatalf("%+v %v", got, err)
		}
		for _, m := range []memory.Memory{keep, tutor} {
			if _, err := s.Get(ctx, m.Scope, m.ID); err != nil {
				t.Errorf("%s was forgotten too: %v", m.Text, err)
			}
		}
	})
	t.Run("ForgetNothingMatches", func(t *testing.T) {
		got, err := s.ApplyDirective(ctx, "kitchen", memory.OpForget, "it", "", "")
		if err != nil || len(got) != 0 {
			t.Fatalf("%+v %v", got, err)
		}
	})
}
