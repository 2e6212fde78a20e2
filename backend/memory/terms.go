package memory

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"hearth/backend/store"
)

// Bounds on the words an OR query over memories may use. A word in more
// than maxTermDocs memories hardly discriminates but makes BM25 score most
// of the profile, so it is dropped; the rarest maxOrTerms are kept.
const (
	maxTermDocs = 500
	maxOrTerms  = 8
)

// tokens splits text the way the unicode61 tokenizer does (letters and
// digits; everything else separates), lowercased, without stopwords and
// duplicates.
func tokens(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !seen[f] && !stopwords[f] {
			seen[f] = true
			out = append(out, f)
		}
		if len(out) == 24 { // bound the work one query can ask for
			break
		}
	}
	return out
}

// rareQuery builds an OR query of text's most discriminating words. It
// counts each word's matches up to a cap (cheap: no scoring; fts5vocab
// would read a common word's whole posting list) in one statement.
// "" when no word is left.
func rareQuery(ctx context.Context, stmts *store.Stmts, text string) (string, error) {
	toks := tokens(text)
	if len(toks) == 0 {
		return "", nil
	}
	sub := make([]string, len(toks))
	args := make([]any, 0, 2*len(toks))
	for i, t := range toks {
		t = `"` + t + `"` // tokens hold only letters and digits
		toks[i] = t
		sub[i] = `(SELECT count(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?))`
		args = append(args, t, maxTermDocs+1)
	}
	counts := make([]int, len(toks))
	dest := make([]any, len(toks))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := stmts.QueryRow(ctx, `SELECT `+strings.Join(sub, ", "), args...).Scan(dest...); err != nil {
		return "", fmt.Errorf("term counts: %w", err)
	}
	docs := map[string]int{}
	var keep []string
	for i, t := range toks {
		if counts[i] > 0 && counts[i] <= maxTermDocs {
			docs[t] = counts[i]
			keep = append(keep, t)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return docs[keep[i]] < docs[keep[j]] })
	if len(keep) > maxOrTerms {
		keep = keep[:maxOrTerms]
	}
	return strings.Join(keep, " OR "), nil
}
