package memory

import (
	"context"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"hearth/backend/semantic"
)

// Retrieval tuning. Relevance dominates; recency breaks ties and lets a
// few recent memories in when nothing matches the query.
const (
	DefaultTokenBudget = 1000
	DefaultLimit       = 20
	relevanceWeight    = 0.75
	recencyWeight      = 0.25
	guidanceBoost      = 0.05 // preferences and instructions steer every answer
	recencyHalfLife    = 30 * 24 * 3600 * 1000.0
	ftsCandidates      = 100
)

// Tokens estimates a memory's prompt cost: ~4 characters per token plus a
// little for the list formatting around it.
func Tokens(text string) int { return (utf8.RuneCountInString(text)+3)/4 + 4 }

type candidate struct {
	m     Memory
	rel   float64 // -bm25, 0 when it did not match
	score float64
}

// Retrieve picks the memories for a turn of moduleID: BM25 over the
// module's memories (and shared ones if opt.IncludeShared), fused with
// their nearness by meaning when opt.QueryVector is given, blended with
// recency, within opt.TokenBudget and opt.Limit. Sensitive memories are
// left out unless opt.AllowSensitive; those that would have been used are
// counted in HeldBack.
func (s *Service) Retrieve(ctx context.Context, moduleID, query string, opt RetrieveOptions) (Retrieved, error) {
	if moduleID == "" || moduleID == SharedScope {
		return Retrieved{}, fmt.Errorf("%w: retrieve needs a module", ErrInvalid)
	}
	if opt.TokenBudget <= 0 {
		opt.TokenBudget = DefaultTokenBudget
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultLimit
	}
	other := moduleID // the second scope: the module again, or shared
	if opt.IncludeShared {
		other = SharedScope
	}
	scopes := []string{moduleID}
	if opt.IncludeShared {
		scopes = append(scopes, SharedScope)
	}
	cands := map[string]*candidate{}
	var bm25Order []string
	q, err := rareQuery(ctx, s.stmts, query)
	if err != nil {
		return Retrieved{}, err
	}
	if q != "" {
		rows, err := s.stmts.Query(ctx, `SELECT `+prefixed+`, bm25(memories_fts) FROM memories_fts
			JOIN memories m ON m.seq = memories_fts.rowid
			WHERE memories_fts MATCH ? AND m.scope IN (?, ?)
			ORDER BY bm25(memories_fts) LIMIT ?`, q, moduleID, other, ftsCandidates)
		if err != nil {
			return Retrieved{}, fmt.Errorf("retrieve memories: %w", err)
		}
		for rows.Next() {
			var c candidate
			var bm float64
			m := &c.m
			if err := rows.Scan(&m.ID, &m.Scope, &m.OriginModule, &m.Text, &m.Kind, &m.Sensitivity,
				&m.SourceSession, &m.SourceMessage, &m.CreatedAt, &m.UpdatedAt, &bm); err != nil {
				rows.Close()
				return Retrieved{}, fmt.Errorf("retrieve memories: %w", err)
			}
			c.rel = -bm
			cands[m.ID] = &c
			bm25Order = append(bm25Order, m.ID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return Retrieved{}, fmt.Errorf("retrieve memories: %w", err)
		}
	}
	if len(opt.QueryVector) > 0 && opt.Model != "" {
		near, err := s.byMeaning(ctx, scopes, opt)
		if err != nil {
			return Retrieved{}, err
		}
		vecOrder := make([]string, len(near))
		for i, m := range near {
			vecOrder[i] = m.ID
			if cands[m.ID] == nil {
				cands[m.ID] = &candidate{m: m}
			}
		}
		// Hybrid: relevance is the reciprocal-rank fusion of both lists.
		fused := semantic.FuseScores(semantic.FuseK, bm25Order, vecOrder)
		for id, c := range cands {
			c.rel = fused[id]
		}
	}
	for _, scope := range scopes {
		recent, err := collect(s.stmts.Query(ctx, `SELECT `+memCols+` FROM memories WHERE scope = ?
			ORDER BY updated_at DESC LIMIT ?`, scope, opt.Limit))
		if err != nil {
			return Retrieved{}, fmt.Errorf("retrieve recent memories: %w", err)
		}
		for _, m := range recent {
			if cands[m.ID] == nil {
				cands[m.ID] = &candidate{m: m}
			}
		}
	}
	ranked := rank(cands, s.now().UnixMilli())
	out := Retrieved{Memories: []Memory{}}
	budget := opt.TokenBudget
	for _, c := range ranked {
		if len(out.Memories) == opt.Limit {
			break
		}
		if c.m.Sensitivity == Sensitive && !opt.AllowSensitive {
			out.HeldBack++
			continue
		}
		if t := Tokens(c.m.Text); t <= budget {
			budget -= t
			out.Memories = append(out.Memories, c.m)
		}
	}
	return out, nil
}

// rank scores candidates: relevance normalised to the best match, recency
// halving every recencyHalfLife, a small boost for guidance.
func rank(cands map[string]*candidate, now int64) []*candidate {
	best := 0.0
	for _, c := range cands {
		best = math.Max(best, c.rel)
	}
	out := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		rel := 0.0
		if best > 0 {
			rel = c.rel / best
		}
		age := math.Max(0, float64(now-c.m.UpdatedAt))
		c.score = relevanceWeight*rel + recencyWeight*math.Pow(0.5, age/recencyHalfLife)
		if c.m.Kind != KindFact {
			c.score += guidanceBoost
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].m.ID < out[j].m.ID
	})
	return out
}
