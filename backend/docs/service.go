package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"hearth/backend/docs/extract"
	"hearth/backend/erase"
	"hearth/backend/semantic"
	"hearth/backend/store"
)

// Service adds, lists, shares and removes a profile's documents and
// retrieves their passages for a turn.
type Service struct {
	db    *store.DB
	now   func() time.Time
	index *semantic.Index // nil: keyword retrieval only
	added func()          // told after a document is stored (the embedding worker's Kick); may be nil
}

// Options are a Service's optional collaborators.
type Options struct {
	// Index searches the chunks' vectors; nil retrieves by keywords only.
	Index *semantic.Index
	// OnAdd is called after a document is stored, so background embedding
	// can start at once.
	OnAdd func()
}

// NewService returns a Service over db; now is the clock (time.Now in the app).
func NewService(db *store.DB, now func() time.Time, opt Options) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now, index: opt.Index, added: opt.OnAdd}
}

const docCols = `id, scope, origin_module, name, kind, sensitivity, bytes, pages, chunks, created_at`

type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func scanDoc(sc interface{ Scan(...any) error }) (Document, error) {
	var d Document
	err := sc.Scan(&d.ID, &d.Scope, &d.OriginModule, &d.Name, &d.Kind, &d.Sensitivity, &d.Bytes, &d.Pages, &d.Chunks, &d.CreatedAt)
	return d, err
}

// CleanName is the name a file is kept under: its base name, control
// characters dropped, at most MaxNameLen bytes.
func CleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > MaxNameLen {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// Add parses data (a file called name) and stores it as a document of
// moduleID, or of the shared scope with opt.Shared. A file that cannot be
// read (see package extract's errors) changes nothing.
func (s *Service) Add(ctx context.Context, moduleID, name string, data []byte, opt AddOptions) (Document, error) {
	name = CleanName(name)
	if name == "" {
		return Document{}, invalid("The file has no name.")
	}
	if moduleID == "" || moduleID == SharedScope {
		return Document{}, invalid("A document is added to a module.")
	}
	parsed, err := extract.Extract(name, data)
	if err != nil {
		return Document{}, unreadable(name, err)
	}
	chunks := split(parsed.Sections)
	d := Document{ID: store.NewID(), Scope: moduleID, OriginModule: moduleID, Name: name, Kind: parsed.Kind,
		Sensitivity: Normal, Bytes: int64(len(data)), Pages: parsed.Pages, Chunks: len(chunks), CreatedAt: s.now().UnixMilli()}
	if opt.Shared {
		d.Scope = SharedScope
	}
	if opt.Sensitive {
		d.Sensitivity = Sensitive
	}
	if err := s.insert(ctx, d, chunks); err != nil {
		return Document{}, err
	}
	if s.added != nil {
		s.added()
	}
	return d, nil
}

func (s *Service) insert(ctx context.Context, d Document, chunks []chunk) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add document: %w", err)
	}
	defer tx.Rollback()
	if err := checkModule(ctx, tx, d.OriginModule); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO documents (`+docCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Scope, d.OriginModule, d.Name, d.Kind, d.Sensitivity, d.Bytes, d.Pages, d.Chunks, d.CreatedAt); err != nil {
		return fmt.Errorf("add document: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO chunks (id, document_id, scope, ord, page, heading, text) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("add document: %w", err)
	}
	defer stmt.Close()
	for i, c := range chunks {
		if _, err := stmt.ExecContext(ctx, store.NewID(), d.ID, d.Scope, i, c.Page, c.Heading, c.Text); err != nil {
			return fmt.Errorf("add document chunk: %w", err)
		}
	}
	if err := store.Audit(ctx, tx, "document.add", fmt.Sprintf("document=%s scope=%s chunks=%d", d.ID, d.Scope, len(chunks))); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add document: %w", err)
	}
	return nil
}

func checkModule(ctx context.Context, q queryer, moduleID string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM modules WHERE id = ?`, moduleID).Scan(&n); err != nil {
		return fmt.Errorf("check module: %w", err)
	}
	if n == 0 {
		return invalid(fmt.Sprintf("There is no module %q in this profile.", moduleID))
	}
	return nil
}

// List returns moduleID's documents and the shared ones, newest first.
// A shared document is listed whatever the module's policy (the list is
// for managing them); whether a turn reads it is the policy's choice.
func (s *Service) List(ctx context.Context, moduleID string) ([]Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+docCols+` FROM documents WHERE scope IN (?, ?)
		ORDER BY created_at DESC, seq DESC`, moduleID, SharedScope)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	out := []Document{}
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return out, nil
}

// Get returns a document of moduleID or a shared one.
func (s *Service) Get(ctx context.Context, moduleID, id string) (Document, error) {
	return get(ctx, s.db, moduleID, id)
}

func get(ctx context.Context, q queryer, moduleID, id string) (Document, error) {
	d, err := scanDoc(q.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents WHERE id = ? AND scope IN (?, ?)`,
		id, moduleID, SharedScope))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, notFound()
	}
	if err != nil {
		return Document{}, fmt.Errorf("get document: %w", err)
	}
	return d, nil
}

// Remove erases a document of moduleID (or a shared one) with its chunks,
// their index rows and vectors, through package erase.
func (s *Service) Remove(ctx context.Context, moduleID, id string) error {
	return erase.Run(ctx, s.db, erase.Job{
		What:  "remove document",
		Event: "document.remove",
		FTS:   []string{erase.ChunksFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			d, err := get(ctx, tx, moduleID, id)
			if err != nil {
				return "", err
			}
			// Chunks go by the foreign key's cascade; their triggers
			// remove index rows and vectors.
			if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, d.ID); err != nil {
				return "", fmt.Errorf("remove document: %w", err)
			}
			return fmt.Sprintf("document=%s chunks=%d", d.ID, d.Chunks), nil
		},
	})
}

// SetShared moves a document of moduleID into the shared scope, or a
// shared one back to the module it was added to.
func (s *Service) SetShared(ctx context.Context, moduleID, id string, shared bool) (Document, error) {
	return s.update(ctx, moduleID, id, "share", func(tx *sql.Tx, d *Document) error {
		dest := d.OriginModule
		if shared {
			dest = SharedScope
		} else if d.Scope == SharedScope {
			if err := checkModule(ctx, tx, dest); err != nil {
				return invalid("The module this document was added to is gone; remove the document or keep it shared.")
			}
		}
		if dest == d.Scope {
			return nil
		}
		for _, q := range []string{`UPDATE documents SET scope = ? WHERE id = ?`, `UPDATE chunks SET scope = ? WHERE document_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, dest, d.ID); err != nil {
				return fmt.Errorf("share document: %w", err)
			}
		}
		d.Scope = dest
		return nil
	})
}

// SetSensitive marks a document sensitive (never sent to a non-local
// endpoint) or normal. Its chunks' vectors are dropped when it becomes
// sensitive; only a local embedding endpoint embeds them again.
func (s *Service) SetSensitive(ctx context.Context, moduleID, id string, sensitive bool) (Document, error) {
	return s.update(ctx, moduleID, id, "sensitivity", func(tx *sql.Tx, d *Document) error {
		level := Normal
		if sensitive {
			level = Sensitive
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET sensitivity = ? WHERE id = ?`, level, d.ID); err != nil {
			return fmt.Errorf("mark document: %w", err)
		}
		if sensitive && d.Sensitivity != Sensitive {
			if _, err := tx.ExecContext(ctx, `DELETE FROM vectors WHERE owner = 'chunk'
				AND owner_id IN (SELECT id FROM chunks WHERE document_id = ?)`, d.ID); err != nil {
				return fmt.Errorf("mark document: %w", err)
			}
		}
		d.Sensitivity = level
		return nil
	})
}

func (s *Service) update(ctx context.Context, moduleID, id, what string, f func(*sql.Tx, *Document) error) (Document, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Document{}, fmt.Errorf("%s document: %w", what, err)
	}
	defer tx.Rollback()
	d, err := get(ctx, tx, moduleID, id)
	if err != nil {
		return Document{}, err
	}
	if err := f(tx, &d); err != nil {
		return Document{}, err
	}
	if err := store.Audit(ctx, tx, "document."+what, fmt.Sprintf("document=%s scope=%s sensitivity=%s", d.ID, d.Scope, d.Sensitivity)); err != nil {
		return Document{}, err
	}
	if err := tx.Commit(); err != nil {
		return Document{}, fmt.Errorf("%s document: %w", what, err)
	}
	return d, nil
}

// Passage returns one passage of a document moduleID may read: its own,
// or a shared one when includeShared (the module's policy). It is what
// the window shows when a citation is opened.
func (s *Service) Passage(ctx context.Context, moduleID, chunkID string, includeShared bool) (Passage, error) {
	other := moduleID
	if includeShared {
		other = SharedScope
	}
	var p Passage
	var sens string
	err := s.db.QueryRowContext(ctx, `SELECT c.id, c.document_id, d.name, c.scope, c.page, c.heading, c.text, d.sensitivity
		FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE c.id = ? AND c.scope IN (?, ?) AND d.scope = c.scope`, chunkID, moduleID, other).
		Scan(&p.ID, &p.DocumentID, &p.DocumentName, &p.Scope, &p.Page, &p.Heading, &p.Text, &sens)
	if errors.Is(err, sql.ErrNoRows) {
		return Passage{}, notFound()
	}
	if err != nil {
		return Passage{}, fmt.Errorf("get passage: %w", err)
	}
	p.Sensitive = sens == Sensitive
	return p, nil
}
