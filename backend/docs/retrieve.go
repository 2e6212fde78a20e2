package docs

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"hearth/backend/semantic"
)

// Retrieval tuning.
const (
	// DefaultTokenBudget is the prompt share passages may take: about four
	// chunks.
	DefaultTokenBudget = 1200
	DefaultLimit       = 6
	// DefaultMinSimilarity is the cosine below which a chunk's vector is
	// not a match (see memory.DefaultMinSimilarity).
	DefaultMinSimilarity = 0.3
	candidates           = 50
	maxTermDocs          = 2000 // a word in more chunks hardly discriminates
	maxOrTerms           = 8
	fuseK                = 60
)

// RetrieveOptions bound what Retrieve returns for a turn.
type RetrieveOptions struct {
	IncludeShared  bool // the module's policy reads shared documents
	AllowSensitive bool // the chat endpoint is local (loopback)
	TokenBudget    int  // approximate tokens the passages may take
	Limit          int  // max passages (DefaultLimit)
	// QueryVector, from the profile's embedding Model, ranks chunks by
	// meaning too; nil retrieves by keywords only.
	QueryVector   []float32
	Model         string
	MinSimilarity float32
}

// Retrieved is what a turn gets: passages for the prompt, best first, and
// how many sensitive ones were held back because the endpoint is not local.
type Retrieved struct {
	Passages []Passage
	HeldBack int
	// ByMeaning says vectors took part in the ranking.
	ByMeaning bool
}

// Tokens estimates a passage's prompt cost, as memory.Tokens does.
func Tokens(text string) int { return (utf8.RuneCountInString(text)+3)/4 + 8 }

// Retrieve picks the passages for a turn of moduleID: BM25 over the chunks
// of the module's documents (and shared ones with opt.IncludeShared),
// fused with nearest vectors when opt.QueryVector is set, within
// opt.TokenBudget and opt.Limit. Only chunks that match the query are
// returned. Sensitive documents' passages are left out unless
// opt.AllowSensitive; those that would have been used are counted.
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
	scopes := []string{moduleID}
	if opt.IncludeShared {
		scopes = append(scopes, SharedScope)
	}
	keyword, err := s.byKeywords(ctx, scopes, query)
	if err != nil {
		return Retrieved{}, err
	}
	out := Retrieved{Passages: []Passage{}}
	ranked := keyword
	if len(opt.QueryVector) > 0 && s.index != nil {
		meaning, err := s.byMeaning(ctx, scopes, opt)
		if err != nil {
			return Retrieved{}, err
		}
		out.ByMeaning = true
		ranked = semantic.Fuse(fuseK, keyword, meaning)
	}
	if len(ranked) == 0 {
		return out, nil
	}
	byID, err := s.passages(ctx, scopes, ranked)
	if err != nil {
		return Retrieved{}, err
	}
	budget := opt.TokenBudget
	for _, id := range ranked {
		p, ok := byID[id]
		if !ok {
			continue
		}
		if len(out.Passages) == opt.Limit {
			break
		}
		if p.Sensitive && !opt.AllowSensitive {
			out.HeldBack++
			continue
		}
		if t := Tokens(p.Text); t <= budget {
			budget -= t
			out.Passages = append(out.Passages, p)
		}
	}
	return out, nil
}

// byKeywords returns the ids of the scopes' chunks that match query's
// rarest words, best BM25 first (the heading counts half). The full-text
// match drives the query (+c.scope: the scope index must not).
func (s *Service) byKeywords(ctx context.Context, scopes []string, query string) ([]string, error) {
	q, err := s.rareQuery(ctx, query)
	if err != nil || q == "" {
		return nil, err
	}
	args := []any{q}
	for _, sc := range scopes {
		args = append(args, sc)
	}
	args = append(args, candidates)
	rows, err := s.db.QueryContext(ctx, `SELECT c.id FROM chunks_fts JOIN chunks c ON c.seq = chunks_fts.rowid
		WHERE chunks_fts MATCH ? AND +c.scope IN (`+placeholders(len(scopes))+`)
		ORDER BY bm25(chunks_fts, 0.5, 1.0) LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("retrieve passages: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("retrieve passages: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// byMeaning returns the ids of the scopes' chunks whose vectors are near
// the query, best first.
func (s *Service) byMeaning(ctx context.Context, scopes []string, opt RetrieveOptions) ([]string, error) {
	min := opt.MinSimilarity
	if min == 0 {
		min = DefaultMinSimilarity
	}
	hits, err := s.index.Search(ctx, semantic.OwnerChunk, scopes, opt.Model, opt.QueryVector, candidates)
	if err != nil {
		return nil, fmt.Errorf("retrieve passages by meaning: %w", err)
	}
	var ids []string
	for _, h := range hits {
		if h.Score >= min {
			ids = append(ids, h.ID)
		}
	}
	return ids, nil
}

// passages reads the chunks ids with their documents, naming the scopes
// in SQL again: a vector's scope copy is never trusted alone. The unary +
// keeps SQLite on the id index: with the scope index it read every chunk
// of the scopes (tens of thousands at 100k chunks) to find a handful.
func (s *Service) passages(ctx context.Context, scopes []string, ids []string) (map[string]Passage, error) {
	args := make([]any, 0, len(ids)+len(scopes))
	for _, id := range ids {
		args = append(args, id)
	}
	for _, sc := range scopes {
		args = append(args, sc)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.document_id, d.name, c.scope, c.page, c.heading, c.text, d.sensitivity
		FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE c.id IN (`+placeholders(len(ids))+`) AND +c.scope IN (`+placeholders(len(scopes))+`) AND d.scope = c.scope`, args...)
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	defer rows.Close()
	out := make(map[string]Passage, len(ids))
	for rows.Next() {
		var p Passage
		var sens string
		if err := rows.Scan(&p.ID, &p.DocumentID, &p.DocumentName, &p.Scope, &p.Page, &p.Heading, &p.Text, &sens); err != nil {
			return nil, fmt.Errorf("read passages: %w", err)
		}
		p.Sensitive = sens == Sensitive
		out[p.ID] = p
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return "?" + strings.Repeat(", ?", n-1)
}

// stopwords are dropped from the OR query: they match nearly every chunk.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "to": true, "in": true,
	"on": true, "at": true, "for": true, "is": true, "are": true, "was": true, "be": true, "it": true,
	"that": true, "this": true, "i": true, "me": true, "my": true, "you": true, "your": true, "we": true,
	"our": true, "do": true, "does": true, "with": true, "about": true, "what": true, "how": true,
	"can": true, "please": true, "so": true, "but": true, "not": true, "have": true, "has": true,
	"which": true, "who": true, "when": true, "where": true, "why": true, "should": true, "would": true,
	"tell": true, "say": true, "says": true, "there": true, "any": true, "if": true, "from": true, "by": true,
}

// rareQuery builds an OR query of text's most discriminating words,
// counting each word's chunks up to a cap (no scoring). "" when no word
// is left.
func (s *Service) rareQuery(ctx context.Context, text string) (string, error) {
	seen := map[string]bool{}
	var toks []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !seen[f] && !stopwords[f] {
			seen[f] = true
			toks = append(toks, `"`+f+`"`) // letters and digits only: safe inside quotes
		}
		if len(toks) == 24 {
			break
		}
	}
	if len(toks) == 0 {
		return "", nil
	}
	sub := make([]string, len(toks))
	args := make([]any, 0, 2*len(toks))
	for i, t := range toks {
		sub[i] = `(SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?))`
		args = append(args, t, maxTermDocs+1)
	}
	counts := make([]int, len(toks))
	dest := make([]any, len(toks))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := s.db.QueryRowContext(ctx, `SELECT `+strings.Join(sub, ", "), args...).Scan(dest...); err != nil {
		return "", fmt.Errorf("passage term counts: %w", err)
	}
	n := map[string]int{}
	var keep []string
	for i, t := range toks {
		if counts[i] > 0 && counts[i] <= maxTermDocs {
			n[t] = counts[i]
			keep = append(keep, t)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return n[keep[i]] < n[keep[j]] })
	if len(keep) > maxOrTerms {
		keep = keep[:maxOrTerms]
	}
	return strings.Join(keep, " OR "), nil
}
