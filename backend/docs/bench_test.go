package docs_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"hearth/backend/docs"
	"hearth/backend/internal/testdoc"
)

// bookPDF is a 300-page PDF of ~2,600 characters of text a page (45 lines
// of ~58 characters), the size of a recipe book or a school syllabus.
func bookPDF() []byte {
	pages := make([]string, 300)
	for p := range pages {
		var b strings.Builder
		for l := 0; l < 45; l++ {
			fmt.Fprintf(&b, "Page %d line %d: simmer the lentils, stir the sauce, taste.\n", p+1, l+1)
		}
		pages[p] = b.String()
	}
	return testdoc.PDF(pages...)
}

// BenchmarkAdd300PagePDF adds a 300-page PDF to a module of an encrypted
// profile: parse, chunk, store and index (no embedding calls: vectors are
// made later by the background worker). It reports the peak heap growth
// during one add as peak-heap-MB.
func BenchmarkAdd300PagePDF(b *testing.B) {
	ctx := context.Background()
	pdf := bookPDF()
	p := newProfile(b, false)
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	var peak uint64
	for i := 0; b.Loop(); i++ {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() { // sample the heap while the add runs
			var max uint64
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > max {
					max = ms.HeapInuse
				}
				select {
				case <-stop:
					done <- max
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		d, err := p.docs.Add(ctx, "kitchen", fmt.Sprintf("book-%d.pdf", i), pdf, docs.AddOptions{})
		close(stop)
		if m := <-done; m-before.HeapInuse > peak {
			peak = m - before.HeapInuse
		}
		if err != nil {
			b.Fatal(err)
		}
		if d.Pages != 300 || d.Chunks < 600 {
			b.Fatalf("%+v", d)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
