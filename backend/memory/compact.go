package memory

import (
	"context"
	"fmt"
)

// compactEvery is how many committed memory writes pass between two
// compactions of the memory search index.
const compactEvery = 16

// Compact merges the memory search index (FTS5) into one segment. Every
// write adds a small segment; FTS5's own automerge keeps a few per level,
// and each query term is looked up in every segment: at 10,000 memories a
// retrieval took ~4 ms over the 4–10 segments automerge leaves and
// ~2.3 ms over one (each term is looked up once per segment). Compacting
// 10,000 memories takes 10–25 ms, so the Service does it itself every
// compactEvery writes (~1 ms per write amortized); call it after bulk
// inserts made with SQL.
func (s *Service) Compact(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO memories_fts(memories_fts) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("compact memory index: %w", err)
	}
	return nil
}

// wrote counts a committed write and compacts every compactEvery writes.
// Best effort: a failed or cancelled compaction only leaves retrieval a
// little slower until the next one.
func (s *Service) wrote(ctx context.Context) {
	if s.writes.Add(1)%compactEvery == 0 {
		_ = s.Compact(ctx)
	}
}
