package docs

import (
	"strings"
	"unicode/utf8"

	"hearth/backend/docs/extract"
)

// Chunk sizes, in bytes of text. A chunk is about 200 tokens: small enough
// that several fit in a turn's passage budget, large enough to hold a
// recipe step or a rule with its context.
const (
	chunkTarget = 900
	chunkMax    = 1400
)

// chunk is one piece of a section, keeping its page and heading.
type chunk struct {
	Page    int
	Heading string
	Text    string
}

// split cuts sections into chunks along paragraphs, then lines, then
// sentences, then words; a chunk never spans two sections, so its page
// and heading are exact.
func split(sections []extract.Section) []chunk {
	var out []chunk
	for _, s := range sections {
		var cur strings.Builder
		emit := func() {
			if t := strings.TrimSpace(cur.String()); t != "" {
				out = append(out, chunk{Page: s.Page, Heading: s.Heading, Text: t})
			}
			cur.Reset()
		}
		for _, para := range pieces(s.Text) {
			if cur.Len() > 0 && cur.Len()+2+len(para) > chunkTarget {
				emit()
			}
			if cur.Len() > 0 {
				cur.WriteString("\n\n")
			}
			cur.WriteString(para)
		}
		emit()
	}
	return out
}

// pieces returns text's paragraphs, each at most chunkMax bytes (longer
// ones are cut at line, sentence or word boundaries, or mid-word as a last
// resort, never inside a UTF-8 sequence).
func pieces(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		p = strings.TrimSpace(p)
		for len(p) > chunkMax {
			cut := boundary(p)
			out = append(out, strings.TrimSpace(p[:cut]))
			p = strings.TrimSpace(p[cut:])
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// boundary picks where to cut p (longer than chunkMax): the last line
// end, sentence end or space in the second half of its first chunkMax
// bytes, else the last rune start at or before chunkMax.
func boundary(p string) int {
	s := p[:chunkMax]
	for _, sep := range []string{"\n", ". ", "? ", "! ", "; ", " "} {
		if i := strings.LastIndex(s, sep); i >= chunkMax/2 {
			return i + len(sep)
		}
	}
	i := chunkMax
	for i > 0 && !utf8.RuneStart(p[i]) {
		i--
	}
	if i == 0 {
		return chunkMax
	}
	return i
}
