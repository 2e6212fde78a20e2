package chat

import (
	"strings"
	"sync"
	"testing"
	"time"

	"hearth/backend/llm"
	"hearth/backend/memory"
)

func TestThrottle(t *testing.T) {
	t.Run("JoinsFastDeltasInOrder", func(t *testing.T) {
		var mu sync.Mutex
		var events []string
		// An hour-long interval: the first delta goes out at once, the rest
		// wait for close, whatever the machine's speed.
		th := newThrottle(time.Hour, func(d llm.Delta) { mu.Lock(); events = append(events, d.Text); mu.Unlock() })
		for i := range 100 {
			th.add(llm.Delta{Text: string(rune('a' + i%26))})
		}
		th.close()
		th.add(llm.Delta{Text: "late"})
		if len(events) != 2 || events[0] != "a" || len(strings.Join(events, "")) != 100 {
			t.Fatalf("events %q", events)
		}
	})
	t.Run("QuietIntervalEmitsAtOnce", func(t *testing.T) {
		now := time.Unix(0, 0)
		var events []string
		th := newThrottle(time.Second, func(d llm.Delta) { events = append(events, d.Text) })
		th.now = func() time.Time { return now }
		for _, d := range []string{"one ", "two ", "three"} {
			now = now.Add(2 * time.Second) // each delta after a quiet interval
			th.add(llm.Delta{Text: d})
		}
		if strings.Join(events, "|") != "one |two |three" {
			t.Fatalf("events %q", events)
		}
		th.close()
		if len(events) != 3 {
			t.Fatalf("close emitted an empty event: %q", events)
		}
	})
}

func TestAssemble(t *testing.T) {
	hist := []Message{
		{Role: "user", Content: strings.Repeat("old ", 200)},
		{Role: "assistant", Content: strings.Repeat("older reply ", 100)},
		{Role: "user", Content: "recent question"},
		{Role: "assistant", Content: "", Status: StatusError, Error: "The server had an internal error."},
		{Role: "assistant", Content: "recent partial", Status: StatusInterrupted},
	}
	tail := []llm.Message{{Role: "user", Content: "now"}}
	t.Run("AllFits", func(t *testing.T) {
		got := assemble("sys", hist, tail, 100000)
		if len(got) != 6 || got[0].Role != "system" || got[5].Content != "now" || got[4].Content != "recent partial" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("BudgetKeepsNewest", func(t *testing.T) {
		got := assemble("sys", hist, tail, 60)
		if len(got) != 4 || got[1].Content != "recent question" || got[2].Content != "recent partial" || got[3].Content != "now" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("TailAlwaysSent", func(t *testing.T) {
		got := assemble("", hist, []llm.Message{{Role: "user", Content: strings.Repeat("huge ", 10000)}}, 10)
		if len(got) != 1 || got[0].Role != "user" {
			t.Fatalf("got %d messages", len(got))
		}
	})
	t.Run("SystemWithMemories", func(t *testing.T) {
		s := systemPrompt("Be kind.", []memory.Memory{{Text: "Likes\n tea"}, {Text: "Has a cat"}})
		if s != "Be kind.\n\n"+memoryPreamble+"\n- Likes tea\n- Has a cat" {
			t.Fatalf("system %q", s)
		}
		if systemPrompt("Be kind.", nil) != "Be kind." {
			t.Fatal("memories preamble without memories")
		}
	})
}

func TestTitleText(t *testing.T) {
	for in, want := range map[string]string{
		"\"Boiling Eggs Perfectly\"\n\nMore text": "Boiling Eggs Perfectly",
		"## Title: Weekly meal plan.":             "Weekly meal plan",
		strings.Repeat("long ", 40):               strings.TrimSpace(strings.Repeat("long ", 12)),
	} {
		if got := cleanTitleText(in); got != want {
			t.Errorf("cleanTitleText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := firstWords("How long to boil an egg, really, for breakfast?", 6); got != "How long to boil an egg" {
		t.Fatalf("firstWords = %q", got)
	}
}

// BenchmarkThrottle_Idle is the throttle's own cost when a delta arrives
// after a quiet interval and is emitted at once.
func BenchmarkThrottle_Idle(b *testing.B) {
	now := time.Unix(0, 0)
	th := newThrottle(time.Second, func(llm.Delta) {})
	th.now = func() time.Time { return now }
	for i := 0; i < b.N; i++ {
		now = now.Add(2 * time.Second)
		th.add(llm.Delta{Text: "tok "})
	}
}

// BenchmarkThrottle_Burst is the cost per delta when deltas arrive faster
// than events may go out (they are joined).
func BenchmarkThrottle_Burst(b *testing.B) {
	th := newThrottle(time.Hour, func(llm.Delta) {})
	for i := 0; i < b.N; i++ {
		th.add(llm.Delta{Text: "tok "})
	}
	th.close()
}
