package memory

import (
	"context"
	"fmt"
	"strings"

	"hearth/backend/store"
)

// stopwords are dropped from OR queries (retrieval, "forget …"): they match
// nearly every memory and only cost time.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "to": true, "in": true,
	"on": true, "at": true, "for": true, "is": true, "are": true, "was": true, "be": true, "it": true,
	"that": true, "this": true, "i": true, "me": true, "my": true, "you": true, "your": true, "we": true,
	"our": true, "do": true, "does": true, "with": true, "about": true, "what": true, "how": true,
	"can": true, "please": true, "so": true, "but": true, "not": true, "have": true, "has": true,
}

// terms splits user text into FTS5-safe quoted terms (see store.FTSTerms),
// without stopwords when dropStopwords is set.
func terms(text string, dropStopwords bool) []string {
	var skip func(string) bool
	if dropStopwords {
		skip = func(w string) bool { return stopwords[w] }
	}
	return store.FTSTerms(text, skip)
}

func andQuery(text string) string { return strings.Join(terms(text, false), " ") }
func orQuery(text string) string  { return strings.Join(terms(text, true), " OR ") }

// Search returns scope's memories matching every term of query, best first.
func (s *Service) Search(ctx context.Context, scope, query string, limit int) ([]Memory, error) {
	q := andQuery(query)
	if q == "" {
		return []Memory{}, nil
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	out, err := collect(s.db.QueryContext(ctx, `SELECT `+prefixed+` FROM memories_fts
		JOIN memories m ON m.seq = memories_fts.rowid
		WHERE memories_fts MATCH ? AND m.scope = ?
		ORDER BY bm25(memories_fts) LIMIT ?`, q, scope, limit))
	if err != nil {
		return nil, fmt.Errorf("search memories: %w", err)
	}
	return out, nil
}

const prefixed = `m.id, m.scope, m.origin_module, m.text, m.kind, m.sensitivity, m.source_session,
	m.source_message, m.created_at, m.updated_at`
