package llm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
)

// BenchmarkClient_Stream measures the client alone (SSE + JSON + watchdog)
// over loopback: a 4,000-delta reply per op, reported as deltas per second.
func BenchmarkClient_Stream(b *testing.B) {
	const deltas = 4000
	srv := llmtest.NewServer(b)
	c := llm.NewClient(llm.ClientOptions{})
	ep := endpoint(srv.URL)
	text := strings.Repeat("abcd", deltas)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		srv.Script(llmtest.Reply{Text: text, ChunkRunes: 4})
		n := 0
		res, err := c.Stream(context.Background(), ep, chatReq("go"), func(llm.Delta) { n++ })
		if err != nil || n != deltas || len(res.Text) != len(text) {
			b.Fatalf("%d deltas, %v", n, err)
		}
	}
	b.ReportMetric(float64(deltas*b.N)/time.Since(start).Seconds(), "deltas/s")
}

// BenchmarkClient_DeltaLatency is the baseline for the engine's
// delta-to-event benchmark: from the server handing one chunk to its HTTP
// writer to the client's onDelta, paced one per 17 ms outside the timer.
func BenchmarkClient_DeltaLatency(b *testing.B) {
	srv := llmtest.NewServer(b)
	live := make(chan string)
	srv.Script(llmtest.Reply{Live: live})
	got := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		_, err := llm.NewClient(llm.ClientOptions{}).Stream(context.Background(), endpoint(srv.URL), chatReq("go"),
			func(llm.Delta) { got <- struct{}{} })
		done <- err
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		time.Sleep(17 * time.Millisecond)
		b.StartTimer()
		live <- "tok "
		<-got
	}
	b.StopTimer()
	close(live)
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
