package chat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/llm/llmtest"
	"hearth/backend/module"
)

// BenchmarkEngine_DeltaToEvent measures, per delta, the time from the
// server handing one chunk to its HTTP writer until the engine emits the
// delta event: loopback, SSE framing, JSON decoding, go-openai, the
// throttle. Deltas are paced one per 17 ms (a fast local model), outside
// the timer, so the throttle never holds one back; ns/op is the latency.
func BenchmarkEngine_DeltaToEvent(b *testing.B) {
	emitted := make(chan struct{}, 1)
	h := newHarness(b, harnessOpts{onEvent: func(_ *harness, ev chat.Event) {
		if ev.Type == chat.EventDelta {
			emitted <- struct{}{}
		}
	}})
	h.setPolicy(b, "general", module.Policy{})
	live := make(chan string)
	h.srv.Script(llmtest.Reply{Text: "", Live: live})
	done := make(chan error, 1)
	go func() {
		_, err := h.eng.Send(context.Background(), chat.SendRequest{ModuleID: "general", Text: "stream please"})
		done <- err
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		time.Sleep(17 * time.Millisecond)
		b.StartTimer()
		live <- "tok "
		<-emitted
	}
	b.StopTimer()
	close(live)
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEngine_Throughput streams a 4,000-delta reply (4 characters
// each, about one token) as fast as the server can write it, through the
// whole turn (store user message, prompt, stream, throttle, store reply),
// and reports forwarded deltas per second and emitted events per turn.
func BenchmarkEngine_Throughput(b *testing.B) {
	const deltas = 4000
	var events int
	h := newHarness(b, harnessOpts{onEvent: func(_ *harness, ev chat.Event) {
		if ev.Type == chat.EventDelta {
			events++
		}
	}})
	h.setPolicy(b, "general", module.Policy{})
	ctx := context.Background()
	first, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", Text: "warm up"})
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("abcd", deltas)
	events = 0
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		h.srv.Script(llmtest.Reply{Text: text, ChunkRunes: 4})
		res, err := h.eng.Send(ctx, chat.SendRequest{ModuleID: "general", SessionID: first.Session.ID, Text: "go"})
		if err != nil || len(res.Reply.Content) != len(text) {
			b.Fatalf("reply %d bytes, %v", len(res.Reply.Content), err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(deltas*b.N)/elapsed.Seconds(), "deltas/s")
	b.ReportMetric(float64(events)/float64(b.N), "events/turn")
}
