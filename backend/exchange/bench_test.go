//go:build unix

package exchange_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hearth/backend/exchange"
	"hearth/backend/store"
)

// benchProfile fills db with 1,000 sessions x 100 messages (~300 bytes
// each, FTS-indexed) and 1,000 memories with history.
func benchProfile(b *testing.B, db *store.DB) {
	b.Helper()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	mustExec(b, tx, `INSERT INTO modules (id, name, created_at, updated_at) VALUES ('kitchen', 'Kitchen', 1, 1), ('tutor', 'Tutor', 1, 1)`)
	sess, _ := tx.PrepareContext(ctx, `INSERT INTO sessions (id, module_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
	// One statement per session: FTS5 flushes a segment per statement.
	msg, _ := tx.PrepareContext(ctx, `INSERT INTO messages (id, session_id, module_id, role, content, model, created_at) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?),", 100), ","))
	mem, _ := tx.PrepareContext(ctx, `INSERT INTO memories (id, scope, origin_module, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
	hist, _ := tx.PrepareContext(ctx, `INSERT INTO memory_history (memory_id, action, new_text, at) VALUES (?, 'add', ?, ?)`)
	words := strings.Fields("the soup needs more salt and a little lemon then simmer for ten minutes while the bread rests on the rack")
	for s := 0; s < 1000; s++ {
		mod := []string{"kitchen", "tutor"}[s%2]
		sid := store.NewID()
		if _, err := sess.ExecContext(ctx, sid, mod, fmt.Sprintf("Session %d", s), 1700000000000+int64(s)*1000, 1700000000000+int64(s)*1000); err != nil {
			b.Fatal(err)
		}
		var args []any
		for m := 0; m < 100; m++ {
			var sb strings.Builder
			for w := 0; sb.Len() < 300; w++ {
				sb.WriteString(words[(s*7+m*3+w)%len(words)])
				sb.WriteByte(' ')
			}
			role := []string{"user", "assistant"}[m%2]
			args = append(args, store.NewID(), sid, mod, role, sb.String(), "gpt-x", 1700000000000+int64(s)*1000+int64(m))
		}
		if _, err := msg.ExecContext(ctx, args...); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 1000; i++ {
		id := store.NewID()
		text := fmt.Sprintf("memory number %d about %s", i, words[i%len(words)])
		mem.ExecContext(ctx, id, []string{"kitchen", "tutor", "shared"}[i%3], "kitchen", text, 1700000000000, 1700000000000)
		hist.ExecContext(ctx, id, text, 1700000000000)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is this process's user+system CPU time: on a shared 2-core
// machine it is a steadier measure than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakHeap samples HeapInuse until stop is called and returns the maximum.
func peakHeap() (stop func() uint64) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak }
}

func BenchmarkExport100k(b *testing.B) {
	for _, format := range []exchange.Format{exchange.FormatZip, exchange.FormatBundle} {
		b.Run(string(format), func(b *testing.B) {
			src := openDB(b)
			benchProfile(b, src)
			out := filepath.Join(b.TempDir(), "out")
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			stop := peakHeap()
			cpu0 := cpuTime()
			var st exchange.Stats
			for i := 0; i < b.N; i++ {
				var err error
				st, err = exchange.ExportFile(ctx, src, out, format, testPass, exchange.ExportOptions{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(st.Bytes)/(1<<20), "file-MiB")
			if st.Messages != 100_000 {
				b.Fatalf("exported %d messages", st.Messages)
			}
		})
	}
}

func BenchmarkImport100k(b *testing.B) {
	for _, format := range []exchange.Format{exchange.FormatZip, exchange.FormatBundle} {
		b.Run(string(format), func(b *testing.B) {
			src := openDB(b)
			benchProfile(b, src)
			in := filepath.Join(b.TempDir(), "in")
			if _, err := exchange.ExportFile(ctx, src, in, format, testPass, exchange.ExportOptions{}); err != nil {
				b.Fatal(err)
			}
			src.Close()
			b.ReportAllocs()
			b.ResetTimer()
			var peak uint64
			var cpu, ckpt time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dst := openDB(b)
				runtime.GC()
				stop := peakHeap()
				cpu0 := cpuTime()
				b.StartTimer()
				st, err := exchange.ImportFile(ctx, dst, in, testPass, exchange.ImportOptions{})
				b.StopTimer()
				cpu += cpuTime() - cpu0
				peak = max(peak, stop())
				if err != nil || st.Messages != 100_000 {
					b.Fatalf("import: %+v %v", st, err)
				}
				// The import leaves its WAL checkpoint to a background
				// goroutine (store.DB.CheckpointLater); Close waits for it.
				// Reported apart: the import is committed and visible
				// before it, and the app stays usable while it runs.
				t0 := time.Now()
				dst.Close()
				ckpt += time.Since(t0)
				b.StartTimer()
			}
			b.ReportMetric(ckpt.Seconds()/float64(b.N), "bg-checkpoint-s")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
