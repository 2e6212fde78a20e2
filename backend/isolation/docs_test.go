package isolation_test

import (
	"slices"
	"strings"

	"hearth/backend/docs"
)

// Document operations of the isolation property test: a document or
// passage is visible to a module exactly when the model says it is in
// that module's scope, or shared (and, for a turn's retrieval, the module
// reads shared documents).

func (w *world) docVisible(id, mod string) bool {
	r, ok := w.p().dcs[id]
	return ok && (r.scope == mod || r.scope == docs.SharedScope)
}

func (w *world) docTarget() string {
	if w.rng.IntN(3) > 0 {
		id, _ := pick(w.rng, w.p().docIDs)
		return id
	}
	id, _ := pick(w.rng, w.allDocs)
	return id
}

func (w *world) addDoc() {
	p := w.p()
	shared := w.rng.IntN(5) == 0
	words := w.words(3 + w.rng.IntN(4))
	d, err := p.docs.Add(w.ctx, w.mod, "notes.txt", []byte(strings.Join(words, " ")), docs.AddOptions{Shared: shared})
	if err != nil {
		w.fail("add document: %v", err)
	}
	rows, err := p.db.QueryContext(w.ctx, `SELECT id FROM chunks WHERE document_id = ? ORDER BY ord`, d.ID)
	if err != nil {
		w.fail("chunks: %v", err)
	}
	var chunks []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			w.fail("chunks: %v", err)
		}
		chunks = append(chunks, id)
	}
	rows.Close()
	p.dcs[d.ID] = docRec{scope: d.Scope, origin: w.mod, words: words, chunks: chunks}
	p.docIDs = append(p.docIDs, d.ID)
	w.allDocs = append(w.allDocs, d.ID)
	w.allChunks = append(w.allChunks, chunks...)
}

func (w *world) removeDoc() {
	id := w.docTarget()
	if id == "" {
		return
	}
	p := w.p()
	err := p.docs.Remove(w.ctx, w.mod, id)
	ok := w.docVisible(id, w.mod)
	expectErr(w, "remove document", ok, err, docs.ErrNotFound)
	if ok {
		delete(p.dcs, id)
		i := slices.Index(p.docIDs, id)
		p.docIDs = slices.Delete(p.docIDs, i, i+1)
	}
}

func (w *world) shareDoc() {
	id := w.docTarget()
	if id == "" {
		return
	}
	p := w.p()
	share := w.rng.IntN(2) == 0
	d, err := p.docs.SetShared(w.ctx, w.mod, id, share)
	ok := w.docVisible(id, w.mod)
	expectErr(w, "share document", ok, err, docs.ErrNotFound)
	if ok {
		r := p.dcs[id]
		r.scope = docs.SharedScope
		if !share {
			r.scope = r.origin
		}
		if d.Scope != r.scope {
			w.fail("share document %s (%v): scope %q, model %q", id, share, d.Scope, r.scope)
		}
		p.dcs[id] = r
	}
}

// retrieveDocs asks for one word's passages: every passage returned must
// be the module's or (if asked) shared, and every matching document must
// be found, up to the limit.
func (w *world) retrieveDocs() {
	p, word := w.p(), w.words(1)[0]
	shared := w.rng.IntN(2) == 0
	got, err := p.docs.Retrieve(w.ctx, w.mod, word, docs.RetrieveOptions{IncludeShared: shared, AllowSensitive: true})
	if err != nil {
		w.fail("retrieve passages: %v", err)
	}
	for _, ps := range got.Passages {
		r, ok := p.dcs[ps.DocumentID]
		if !ok || !(r.scope == w.mod || shared && r.scope == docs.SharedScope) || ps.Scope != r.scope {
			w.fail("passages for %q (shared %v) returned %s of %s (leak)", w.mod, shared, ps.ID, ps.DocumentID)
		}
	}
	want := 0
	for _, r := range p.dcs {
		if (r.scope == w.mod || shared && r.scope == docs.SharedScope) && slices.Contains(r.words, word) {
			want++
		}
	}
	if want > docs.DefaultLimit {
		want = docs.DefaultLimit
	}
	if len(got.Passages) != want {
		w.fail("passages for %q in %q (shared %v): %d, model says %d", word, w.mod, shared, len(got.Passages), want)
	}
}

// probeDoc looks up a random document and a random passage ever created.
func (w *world) probeDoc() {
	p := w.p()
	if id, ok := pick(w.rng, w.allDocs); ok {
		d, err := p.docs.Get(w.ctx, w.mod, id)
		expectErr(w, "get document", w.docVisible(id, w.mod), err, docs.ErrNotFound)
		if err == nil && d.Scope != p.dcs[id].scope {
			w.fail("document %s scope %q, model %q", id, d.Scope, p.dcs[id].scope)
		}
	}
	cid, ok := pick(w.rng, w.allChunks)
	if !ok {
		return
	}
	shared := w.rng.IntN(2) == 0
	visible := false
	for _, r := range p.dcs {
		if slices.Contains(r.chunks, cid) {
			visible = r.scope == w.mod || shared && r.scope == docs.SharedScope
		}
	}
	ps, err := p.docs.Passage(w.ctx, w.mod, cid, shared)
	expectErr(w, "get passage", visible, err, docs.ErrNotFound)
	if err == nil && !slices.Contains(p.dcs[ps.DocumentID].chunks, cid) {
		w.fail("passage %s returned for the wrong document", cid)
	}
}

// checkDocs compares a module's document list with the model.
func (w *world) checkDocs(pi int, p *profile, mod string) {
	list, err := p.docs.List(w.ctx, mod)
	if err != nil {
		w.fail("list documents: %v", err)
	}
	want := 0
	for _, r := range p.dcs {
		if r.scope == mod || r.scope == docs.SharedScope {
			want++
		}
	}
	for _, d := range list {
		if r, ok := p.dcs[d.ID]; !ok || r.scope != d.Scope || !(r.scope == mod || r.scope == docs.SharedScope) {
			w.fail("profile %d module %s lists document %s the model does not have there (leak)", pi, mod, d.ID)
		}
	}
	if len(list) != want {
		w.fail("profile %d module %s lists %d documents, model %d", pi, mod, len(list), want)
	}
}
