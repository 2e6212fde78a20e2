package store

import (
	"strings"
	"unicode"
)

// maxFTSTerms bounds the work one search can ask of FTS5.
const maxFTSTerms = 16

// FTSTerms splits user text into FTS5-safe terms: every term becomes a
// quoted string (inner quotes doubled) and control characters (NUL above
// all, which would cut the string short) become spaces, so operators,
// column filters and stray punctuation are plain text, never syntax. Terms
// with no letter or digit are dropped (the tokenizer would ignore them), so
// are repeats and, when skip is not nil, the words skip reports (it gets
// the lowercased word without surrounding punctuation). At most 16 terms
// are returned. Join them with " " for an AND query, " OR " for OR.
func FTSTerms(text string, skip func(word string) bool) []string {
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	letterOrDigit := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(text) {
		if !strings.ContainsFunc(f, letterOrDigit) {
			continue
		}
		key := strings.ToLower(strings.TrimFunc(f, func(r rune) bool { return !letterOrDigit(r) }))
		if seen[key] || skip != nil && skip(key) {
			continue
		}
		seen[key] = true
		out = append(out, `"`+strings.ReplaceAll(f, `"`, `""`)+`"`)
		if len(out) == maxFTSTerms {
			break
		}
	}
	return out
}
