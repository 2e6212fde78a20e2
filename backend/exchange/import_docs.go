package exchange

import (
	"fmt"

	"hearth/backend/store"
)

// document writes one archived document with fresh ids for it and its
// chunks; its scope and origin follow the imported modules. The chunks'
// index rows are made by the table's triggers.
func (d *dbSink) document(r *DocumentRecord) error {
	scope := d.mapScope(r.Scope)
	if scope == "" {
		return fmt.Errorf("import: document of an unknown module")
	}
	origin := d.mapScope(r.OriginModule)
	if origin == "" || origin == sharedScope {
		origin = scope
	}
	id := store.NewID()
	if _, err := d.tx.ExecContext(d.ctx, `INSERT INTO documents (id, scope, origin_module, name, kind, sensitivity,
		bytes, pages, chunks, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, scope, origin, r.Name, r.Kind, r.Sensitivity, r.Bytes, r.Pages, len(r.Chunks), r.CreatedAt); err != nil {
		return fmt.Errorf("import: document: %w", err)
	}
	ins, err := d.tx.PrepareContext(d.ctx, `INSERT INTO chunks (id, document_id, scope, ord, page, heading, text) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("import: prepare: %w", err)
	}
	defer ins.Close()
	for i, c := range r.Chunks {
		if _, err := ins.ExecContext(d.ctx, store.NewID(), id, scope, i, c.Page, c.Heading, c.Text); err != nil {
			return fmt.Errorf("import: document passage: %w", err)
		}
	}
	d.stats.Documents++
	d.tick()
	return nil
}

// document hands a document to the writer in order with the sessions.
func (p *pipeSink) document(r *DocumentRecord) error {
	c := *r
	n := 0
	for _, ch := range c.Chunks {
		n += len(ch.Text)
	}
	return p.add(pipeItem{doc: &c}, n)
}
