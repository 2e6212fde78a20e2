package chat

import (
	"context"
	"fmt"
)

// MaxSearchResults bounds Search's limit.
const MaxSearchResults = 200

// Search finds messages of the open profile matching query (every term,
// BM25 ranked, best first) with highlighted snippets. moduleID "" searches
// all modules. The query is user text, never FTS5 syntax: it cannot fail
// with a syntax error. Score is -bm25, so higher is better.
func (s *Store) Search(ctx context.Context, query, moduleID string, limit int) ([]Hit, error) {
	q := ftsQuery(query)
	if q == "" {
		return []Hit{}, nil
	}
	if limit <= 0 {
		limit = 20
	}
	if limit > MaxSearchResults {
		limit = MaxSearchResults
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.session_id, s.title, m.module_id, m.id, m.role,
			snippet(messages_fts, 0, char(2), char(3), '…', 16), bm25(messages_fts), m.created_at
		FROM messages_fts
		JOIN messages m ON m.seq = messages_fts.rowid
		JOIN sessions s ON s.id = m.session_id AND s.module_id = m.module_id
		WHERE messages_fts MATCH ?1 AND (?2 = '' OR m.module_id = ?2)
		ORDER BY bm25(messages_fts) LIMIT ?3`, q, moduleID, limit)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	defer rows.Close()
	out := []Hit{}
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.SessionID, &h.SessionTitle, &h.ModuleID, &h.MessageID, &h.Role,
			&h.Snippet, &h.Score, &h.CreatedAt); err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		h.Score = -h.Score
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	return out, nil
}
