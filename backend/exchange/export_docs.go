package exchange

import (
	"encoding/json"
	"fmt"
)

// writeDocuments writes one documents/<id>.json per document in scope,
// its chunks in order. One document's chunks are held at a time.
func (e *exporter) writeDocuments() error {
	w, args := e.where("scope")
	rows, err := e.tx.QueryContext(e.ctx, `SELECT id, scope, origin_module, name, kind, sensitivity, bytes, pages, created_at
		FROM documents`+w+` ORDER BY seq`, args...)
	if err != nil {
		return fmt.Errorf("export: documents: %w", err)
	}
	var docs []DocumentRecord
	for rows.Next() {
		var d DocumentRecord
		if err := rows.Scan(&d.ID, &d.Scope, &d.OriginModule, &d.Name, &d.Kind, &d.Sensitivity, &d.Bytes, &d.Pages, &d.CreatedAt); err != nil {
			rows.Close()
			return fmt.Errorf("export: documents: %w", err)
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: documents: %w", err)
	}
	for i := range docs {
		d := &docs[i]
		d.Chunks = []ChunkRecord{}
		crows, err := e.tx.QueryContext(e.ctx, `SELECT page, heading, text FROM chunks WHERE document_id = ? ORDER BY ord`, d.ID)
		if err != nil {
			return fmt.Errorf("export: document chunks: %w", err)
		}
		for crows.Next() {
			var c ChunkRecord
			if err := crows.Scan(&c.Page, &c.Heading, &c.Text); err != nil {
				crows.Close()
				return fmt.Errorf("export: document chunks: %w", err)
			}
			d.Chunks = append(d.Chunks, c)
		}
		crows.Close()
		if err := crows.Err(); err != nil {
			return fmt.Errorf("export: document chunks: %w", err)
		}
		out, err := e.create(dirDocuments + d.ID + ".json")
		if err != nil {
			return err
		}
		if err := json.NewEncoder(out).Encode(d); err != nil {
			return fmt.Errorf("export: document: %w", err)
		}
		d.Chunks = nil
		e.stats.Documents++
		e.done++
		e.progress(false)
	}
	return nil
}
