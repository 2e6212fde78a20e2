package chat

import (
	"context"
	"fmt"
	"strings"

	"hearth/backend/store"
)

// MaxSearchResults bounds Search's limit.
const MaxSearchResults = 200

// rankCap is the most matches Search ranks by BM25; a query matching more
// lists its newest matches first.
const rankCap = 2000

// Search finds messages of the open profile matching query (every term,
// BM25 ranked, best first) with highlighted snippets. moduleID "" searches
// all modules. A query matching more than rankCap messages returns the
// newest matches instead of the best ones. The query is user text, never
// FTS5 syntax: it cannot fail with a syntax error. Score is -bm25, so
// higher is better.
func (s *Store) Search(ctx context.Context, query, moduleID string, limit int) ([]Hit, error) {
	q := strings.Join(store.FTSTerms(query, nil), " ") // ANDed terms, never FTS5 syntax
	if q == "" {
		return []Hit{}, nil
	}
	if limit <= 0 {
		limit = 20
	}
	if limit > MaxSearchResults {
		limit = MaxSearchResults
	}
	// BM25 must score every match before it can sort, which for a word in
	// most of the profile's messages takes far too long. Count the matches
	// up to a cap first (cheap: no scoring); above it, list the newest
	// matches instead, scoring only those returned.
	var n int
	if err := s.stmts.QueryRow(ctx, `SELECT count(*) FROM
		(SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? LIMIT ?)`, q, rankCap+1).Scan(&n); err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	order := `messages_fts.rank`
	if n > rankCap {
		order = `messages_fts.rowid DESC`
	}
	// Snippets come after ranking: snippet() re-reads and re-tokenizes a
	// row's text, so it runs only for the rows returned.
	rows, err := s.stmts.Query(ctx, `SELECT m.seq, m.session_id, s.title, m.module_id, m.id, m.role, messages_fts.rank, m.created_at
		FROM messages_fts
		JOIN messages m ON m.seq = messages_fts.rowid
		JOIN sessions s ON s.id = m.session_id AND s.module_id = m.module_id
		WHERE messages_fts MATCH ?1 AND (?2 = '' OR m.module_id = ?2)
		ORDER BY `+order+` LIMIT ?3`, q, moduleID, limit)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	out := []Hit{}
	var seqs []int64
	for rows.Next() {
		var h Hit
		var seq int64
		if err := rows.Scan(&seq, &h.SessionID, &h.SessionTitle, &h.ModuleID, &h.MessageID, &h.Role,
			&h.Score, &h.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search messages: %w", err)
		}
		h.Score = -h.Score
		out = append(out, h)
		seqs = append(seqs, seq)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	if len(seqs) == 0 {
		return out, nil
	}
	args := []any{q}
	for _, seq := range seqs {
		args = append(args, seq)
	}
	srows, err := s.db.QueryContext(ctx, `SELECT rowid, snippet(messages_fts, 0, char(2), char(3), '…', 16)
		FROM messages_fts WHERE messages_fts MATCH ? AND rowid IN (?`+strings.Repeat(", ?", len(seqs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search snippets: %w", err)
	}
	defer srows.Close()
	snippets := make(map[int64]string, len(seqs))
	for srows.Next() {
		var seq int64
		var snip string
		if err := srows.Scan(&seq, &snip); err != nil {
			return nil, fmt.Errorf("search snippets: %w", err)
		}
		snippets[seq] = snip
	}
	if err := srows.Err(); err != nil {
		return nil, fmt.Errorf("search snippets: %w", err)
	}
	for i, seq := range seqs {
		out[i].Snippet = snippets[seq]
	}
	return out, nil
}
