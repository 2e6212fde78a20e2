package chat

import (
	"context"
	"fmt"
	"strings"

	"hearth/backend/docs"
	"hearth/backend/llm"
)

// Documents is what a turn needs from the module's documents
// (*docs.Service). Optional: without it no passages are retrieved.
type Documents interface {
	Retrieve(ctx context.Context, moduleID, query string, opt docs.RetrieveOptions) (docs.Retrieved, error)
}

const passagePreamble = "Passages from documents the user gave you. Answer from them when they are relevant, " +
	"and say which document and page or section you used, as in (recipes.pdf, page 3). " +
	"Do not invent passages that are not here:"

// passages retrieves the document passages for a turn: the module's own
// documents and, if its policy reads shared memory, shared ones; sensitive
// passages only for a local endpoint (the held-back count grows for the
// others). Their ids go to g.passages.
func (e *Engine) passages(ctx context.Context, t *turn, ep llm.Endpoint, g *generation) []docs.Passage {
	if e.d.Documents == nil || t.query == "" {
		return nil
	}
	if !t.mod.Policy.UseMemory && t.queryVec == nil {
		// Memories did not embed the query: embed it for the passages.
		g.keywordsOnly = e.embedQuery(ctx, t) || g.keywordsOnly
	}
	got, err := e.d.Documents.Retrieve(ctx, t.mod.ID, t.query, docs.RetrieveOptions{
		IncludeShared:  t.mod.Policy.ReadShared,
		AllowSensitive: ep.Local, // decided by the URL's host, never by where it resolves
		TokenBudget:    e.cfg.PassageTokens,
		QueryVector:    t.queryVec,
		Model:          t.queryModel,
	})
	if err != nil {
		e.d.Logger.Warn("passage retrieval failed; replying without documents", "module", t.mod.ID, "err", err)
		return nil
	}
	g.heldBack += got.HeldBack
	for _, p := range got.Passages {
		g.passages = append(g.passages, p.ID)
	}
	return got.Passages
}

// withPassages appends the passages to a system prompt, each with an id
// and its citation (document, page or heading).
func withPassages(system string, ps []docs.Passage) string {
	if len(ps) == 0 {
		return system
	}
	var b strings.Builder
	b.WriteString(system)
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(passagePreamble)
	for i, p := range ps {
		fmt.Fprintf(&b, "\n\n[P%d] %s", i+1, p.DocumentName)
		if w := p.Where(); w != "" {
			b.WriteString(", " + w)
		}
		b.WriteString("\n")
		b.WriteString(strings.TrimSpace(p.Text))
	}
	return b.String()
}
