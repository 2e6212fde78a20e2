package store_test

import (
	"regexp"
	"sync"
	"testing"
	"time"

	"hearth/backend/store"
)

var idShape = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Ids from many goroutines at once are well formed, distinct, and each
// goroutine sees them strictly increase (most fall in the same millisecond,
// so this exercises the increment path).
func TestNewID_UniqueAndIncreasing(t *testing.T) {
	const workers, each = 8, 5000
	var mu sync.Mutex
	seen := make(map[string]bool, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids := make([]string, each)
			for i := range ids {
				ids[i] = store.NewID()
			}
			mu.Lock()
			defer mu.Unlock()
			for i, id := range ids {
				if !idShape.MatchString(id) {
					t.Errorf("id %q is not 32 hex characters", id)
				}
				if i > 0 && id <= ids[i-1] {
					t.Errorf("id %s after %s: not increasing", id, ids[i-1])
				}
				if seen[id] {
					t.Errorf("id %s made twice", id)
				}
				seen[id] = true
			}
		}()
	}
	wg.Wait()
}

// The first 12 hex digits are the creation time in milliseconds, so ids
// made later sort later across processes too.
func TestNewID_StartsWithTime(t *testing.T) {
	before := time.Now().UnixMilli()
	id := store.NewID()
	after := time.Now().UnixMilli()
	var ms int64
	for _, c := range id[:12] {
		ms = ms<<4 | int64(hexVal(c))
	}
	// An id only runs ahead of the clock after the clock stepped back
	// (ids then continue from the previous one); allow a margin for that.
	if ms < before || ms > after+1000 {
		t.Fatalf("id time %d outside [%d, %d]", ms, before, after)
	}
}

func hexVal(c rune) int {
	if c >= 'a' {
		return int(c-'a') + 10
	}
	return int(c - '0')
}
