package memory

import (
	"context"
	"fmt"
	"strings"

	"hearth/backend/semantic"
)

// Retrieval by meaning.
const (
	// DefaultMinSimilarity is the cosine below which a memory's vector is
	// not a match. Embedding models differ (unrelated texts score about 0
	// with some and 0.3 with others); what matters most is the order, and
	// BM25 and recency still decide among weak matches.
	DefaultMinSimilarity = 0.3
	vectorCandidates     = 50
)

// VectorSource is the memories' side of background embedding: memories
// that have no vector for a model. Sensitive memories are left out unless
// allowSensitive says the embedding endpoint is local, because embedding
// sends the text to it.
type VectorSource struct {
	s              *Service
	allowSensitive func(ctx context.Context) bool
}

var (
	_ semantic.Source  = (*VectorSource)(nil)
	_ semantic.Checker = (*VectorSource)(nil)
	_ semantic.Counter = (*VectorSource)(nil)
)

// NewVectorSource returns the memories of s as a semantic.Source.
func NewVectorSource(s *Service, allowSensitive func(ctx context.Context) bool) *VectorSource {
	return &VectorSource{s: s, allowSensitive: allowSensitive}
}

// Owner implements semantic.Source.
func (v *VectorSource) Owner() string { return semantic.OwnerMemory }

func (v *VectorSource) sensitiveClause(ctx context.Context) string {
	if v.allowSensitive != nil && v.allowSensitive(ctx) {
		return ""
	}
	return ` AND m.sensitivity != 'sensitive'`
}

// Pending implements semantic.Source: oldest first.
func (v *VectorSource) Pending(ctx context.Context, model string, limit int) ([]semantic.Item, error) {
	rows, err := v.s.db.QueryContext(ctx, `SELECT m.id, m.scope, m.text FROM memories m
		LEFT JOIN vectors x ON x.owner = 'memory' AND x.owner_id = m.id AND x.model = ?
		WHERE x.owner_id IS NULL`+v.sensitiveClause(ctx)+` ORDER BY m.seq LIMIT ?`, model, limit)
	if err != nil {
		return nil, fmt.Errorf("pending memory vectors: %w", err)
	}
	defer rows.Close()
	var out []semantic.Item
	for rows.Next() {
		var it semantic.Item
		if err := rows.Scan(&it.ID, &it.Scope, &it.Text); err != nil {
			return nil, fmt.Errorf("pending memory vectors: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Current implements semantic.Checker: the memory still has this text and
// scope (and may still be sent, if it became sensitive meanwhile).
func (v *VectorSource) Current(ctx context.Context, q semantic.Querier, it semantic.Item) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM memories m WHERE m.id = ? AND m.scope = ? AND m.text = ?`+
		v.sensitiveClause(ctx), it.ID, it.Scope, it.Text).Scan(&n)
	return n > 0, err
}

// Total implements semantic.Counter.
func (v *VectorSource) Total(ctx context.Context) (int, error) {
	var n int
	err := v.s.db.QueryRowContext(ctx, `SELECT count(*) FROM memories m WHERE 1 = 1`+v.sensitiveClause(ctx)).Scan(&n)
	return n, err
}

// byMeaning returns the memories of scopes whose vectors are near the
// query, best first, read back from memories with their scope named in
// SQL again (a vector's scope copy is never trusted alone).
func (s *Service) byMeaning(ctx context.Context, scopes []string, opt RetrieveOptions) ([]Memory, error) {
	min := opt.MinSimilarity
	if min == 0 {
		min = DefaultMinSimilarity
	}
	hits, err := s.index.Search(ctx, semantic.OwnerMemory, scopes, opt.Model, opt.QueryVector, vectorCandidates)
	if err != nil {
		return nil, err
	}
	var ids []any
	for _, h := range hits {
		if h.Score >= min {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	args := append([]any{}, ids...)
	scopeArgs := make([]string, len(scopes))
	for i, sc := range scopes {
		args = append(args, sc)
		scopeArgs[i] = "?"
	}
	got, err := collect(s.stmts.Query(ctx, `SELECT `+memCols+` FROM memories WHERE id IN (?`+
		strings.Repeat(", ?", len(ids)-1)+`) AND +scope IN (`+strings.Join(scopeArgs, ", ")+`)`, args...)) // +scope: look up by id, not scan the scope
	if err != nil {
		return nil, fmt.Errorf("retrieve memories by meaning: %w", err)
	}
	byID := make(map[string]Memory, len(got))
	for _, m := range got {
		byID[m.ID] = m
	}
	out := make([]Memory, 0, len(got))
	for _, id := range ids {
		if m, ok := byID[id.(string)]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}
