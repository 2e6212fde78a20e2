package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hearth/backend/semantic"
)

// VectorSource is the documents' side of background embedding: chunks that
// have no vector for a model. Chunks of sensitive documents are left out
// unless allowSensitive says the embedding endpoint is local, because
// embedding sends the text to it.
type VectorSource struct {
	s              *Service
	allowSensitive func(ctx context.Context) bool
}

var (
	_ semantic.Source  = (*VectorSource)(nil)
	_ semantic.Checker = (*VectorSource)(nil)
	_ semantic.Counter = (*VectorSource)(nil)
)

// NewVectorSource returns the chunks of s as a semantic.Source.
func NewVectorSource(s *Service, allowSensitive func(ctx context.Context) bool) *VectorSource {
	return &VectorSource{s: s, allowSensitive: allowSensitive}
}

// Owner implements semantic.Source.
func (v *VectorSource) Owner() string { return semantic.OwnerChunk }

func (v *VectorSource) sensitiveClause(ctx context.Context) string {
	if v.allowSensitive != nil && v.allowSensitive(ctx) {
		return ""
	}
	return ` AND d.sensitivity != 'sensitive'`
}

// Pending implements semantic.Source: in the order documents were added.
// The text embedded is the chunk with its heading, which often names what
// the passage is about.
func (v *VectorSource) Pending(ctx context.Context, model string, limit int) ([]semantic.Item, error) {
	rows, err := v.s.db.QueryContext(ctx, `SELECT c.id, c.scope, c.heading, c.text FROM chunks c
		JOIN documents d ON d.id = c.document_id
		LEFT JOIN vectors x ON x.owner = 'chunk' AND x.owner_id = c.id AND x.model = ?
		WHERE x.owner_id IS NULL`+v.sensitiveClause(ctx)+` ORDER BY c.seq LIMIT ?`, model, limit)
	if err != nil {
		return nil, fmt.Errorf("pending chunk vectors: %w", err)
	}
	defer rows.Close()
	var out []semantic.Item
	for rows.Next() {
		var it semantic.Item
		var heading, text string
		if err := rows.Scan(&it.ID, &it.Scope, &heading, &text); err != nil {
			return nil, fmt.Errorf("pending chunk vectors: %w", err)
		}
		it.Text = embedText(heading, text)
		out = append(out, it)
	}
	return out, rows.Err()
}

func embedText(heading, text string) string {
	if heading == "" {
		return text
	}
	return heading + "\n\n" + text
}

// Current implements semantic.Checker: the chunk still exists with this
// scope and text (and may still be sent, if its document became sensitive
// meanwhile).
func (v *VectorSource) Current(ctx context.Context, q semantic.Querier, it semantic.Item) (bool, error) {
	var heading, text string
	err := q.QueryRowContext(ctx, `SELECT c.heading, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE c.id = ? AND c.scope = ?`+v.sensitiveClause(ctx), it.ID, it.Scope).Scan(&heading, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return embedText(heading, text) == it.Text, nil
}

// Total implements semantic.Counter.
func (v *VectorSource) Total(ctx context.Context) (int, error) {
	var n int
	err := v.s.db.QueryRowContext(ctx, `SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE 1 = 1`+v.sensitiveClause(ctx)).Scan(&n)
	return n, err
}
