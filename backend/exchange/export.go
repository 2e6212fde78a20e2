package exchange

import (
	"archive/zip"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"hearth/backend/store"
)

// ExportOptions choose what an export holds.
type ExportOptions struct {
	ModuleID    string                // "" exports the whole profile; otherwise one module
	ProfileName string                // written to profile.json for the reader's benefit
	Progress    func(done, total int) // optional; called from the exporting goroutine
	// ScryptWorkFactor is the log2 scrypt cost of a .hearth bundle; 0 means
	// age's default (18). Tests lower it; nothing else should.
	ScryptWorkFactor int
	// Force exports even when the database fails its integrity check
	// (store.DB.CheckIntegrity), saving what can still be read; without it
	// such an export is refused with ErrDamaged and nothing is written.
	Force bool
	now   func() time.Time
}

// Export writes the readable ZIP archive of the open profile (or of one
// module) to w, streaming rows from one read transaction, and records the
// export in the audit log. w receives unencrypted personal data: the caller
// decides where it goes.
func Export(ctx context.Context, db *store.DB, w io.Writer, opts ExportOptions) (Stats, error) {
	cw := &countingWriter{w: w}
	st, err := export(ctx, db, cw, opts)
	if err != nil {
		return st, err
	}
	st.Bytes = cw.n
	return st, auditExport(ctx, db, FormatZip, opts.ModuleID)
}

func auditExport(ctx context.Context, db *store.DB, f Format, moduleID string) error {
	if db.ReadOnly() {
		return nil // a read-only copy: nothing can be recorded in it
	}
	return store.Audit(ctx, db, "export", "format="+string(f)+" scope="+scopeDetail(moduleID))
}

func scopeDetail(moduleID string) string {
	if moduleID == "" {
		return ScopeProfile
	}
	return ScopeModule + ":" + moduleID
}

type exporter struct {
	ctx      context.Context
	tx       *sql.Tx
	zw       *zip.Writer
	opts     ExportOptions
	modules  map[string]string // id -> name, for Markdown headings
	msgs     *sql.Stmt
	stats    Stats
	done     int
	total    int
	reported int
}

// recentCheck is how old an integrity check of the open database may be
// for an export to rely on it instead of checking again.
const recentCheck = time.Hour

func export(ctx context.Context, db *store.DB, w io.Writer, opts ExportOptions) (Stats, error) {
	if opts.now == nil {
		opts.now = time.Now
	}
	// An export of a damaged database may not import again: check it, on
	// another connection while the rows are written (the check reads the
	// whole file once more), and refuse at the end unless forced.
	type checked struct {
		res store.Integrity
		err error
	}
	check := make(chan checked, 1)
	if res, at, ok := db.LastIntegrity(); ok && time.Since(at) < recentCheck {
		check <- checked{res: res} // checked since it was opened (after unlock)
	} else if !opts.Force {
		go func() {
			res, err := db.CheckIntegrity(ctx)
			check <- checked{res, err}
		}()
	}
	refuse := func() error {
		if opts.Force {
			return nil
		}
		c := <-check
		if c.err != nil {
			return fmt.Errorf("export: %w", c.err)
		}
		if !c.res.OK() {
			return errf(ErrDamaged, c.res.Err(), "The profile's database is damaged (%s), so nothing was exported. Export what can still be read with --force (or \"Export anyway\"), then import that file as a new profile.", strings.Join(c.res.Problems, "; "))
		}
		return nil
	}
	// A deferred (read) transaction: one consistent snapshot, no write lock.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Stats{}, fmt.Errorf("export: begin: %w", err)
	}
	defer tx.Rollback()
	e := &exporter{ctx: ctx, tx: tx, opts: opts, modules: map[string]string{}}
	zw := zip.NewWriter(w)
	// BestSpeed: the archive is mostly JSON and Markdown text; level 1 still
	// shrinks it several times and keeps a 100k-message export well under 2 s.
	// A flate.Writer costs ~1 MB; one per entry (two per session) would
	// allocate gigabytes on a big profile, so writers are reused.
	pool := &flatePool{}
	zw.RegisterCompressor(zip.Deflate, pool.get)
	e.zw = zw
	if err := e.run(); err != nil {
		tx.Rollback() // free the connection for the check (a pool may have one)
		if rerr := refuse(); rerr != nil {
			return Stats{}, rerr // the reason the rows could not be read
		}
		return Stats{}, err
	}
	if err := zw.Close(); err != nil {
		return Stats{}, fmt.Errorf("export: finish zip: %w", err)
	}
	tx.Rollback()
	if err := refuse(); err != nil {
		return Stats{}, err
	}
	e.progress(true)
	return e.stats, nil
}

// flatePool hands out reusable BestSpeed flate writers; the zip writer
// closes each entry's writer before opening the next.
type flatePool struct{ free []*flate.Writer }

type pooledFlate struct {
	*flate.Writer
	pool *flatePool
}

func (p *flatePool) get(out io.Writer) (io.WriteCloser, error) {
	if n := len(p.free); n > 0 {
		w := p.free[n-1]
		p.free = p.free[:n-1]
		w.Reset(out)
		return pooledFlate{w, p}, nil
	}
	w, err := flate.NewWriter(out, flate.BestSpeed)
	return pooledFlate{w, p}, err
}

func (w pooledFlate) Close() error {
	err := w.Writer.Close()
	w.pool.free = append(w.pool.free, w.Writer)
	return err
}

func (e *exporter) run() error {
	m, err := e.manifest()
	if err != nil {
		return err
	}
	if err := e.writeFile(entryReadme, []byte(readmeText)); err != nil {
		return err
	}
	if err := e.writeJSON(entryProfile, m); err != nil {
		return err
	}
	if err := e.writeModules(); err != nil {
		return err
	}
	if err := e.writeMemories(); err != nil {
		return err
	}
	if err := e.writeDocuments(); err != nil {
		return err
	}
	if err := e.writeFamily(); err != nil {
		return err
	}
	return e.writeSessions()
}

// where returns the module filter for a query on table alias t.
func (e *exporter) where(col string) (string, []any) {
	if e.opts.ModuleID == "" {
		return "", nil
	}
	return " WHERE " + col + " = ?", []any{e.opts.ModuleID}
}

func (e *exporter) manifest() (*Manifest, error) {
	ctx := e.ctx
	m := &Manifest{Format: FormatName, FormatVersion: FormatVersion, ProfileName: e.opts.ProfileName,
		Scope: ScopeProfile, ModuleID: e.opts.ModuleID, ExportedAt: e.opts.now().UnixMilli()}
	if e.opts.ModuleID != "" {
		m.Scope = ScopeModule
		var n int
		if err := e.tx.QueryRowContext(ctx, `SELECT count(*) FROM modules WHERE id = ?`, e.opts.ModuleID).Scan(&n); err != nil {
			return nil, fmt.Errorf("export: find module: %w", err)
		}
		if n == 0 {
			return nil, errf(ErrModuleNotFound, nil, "There is no module %q in this profile.", e.opts.ModuleID)
		}
	}
	if err := e.tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&m.SchemaVersion); err != nil {
		return nil, fmt.Errorf("export: schema version: %w", err)
	}
	count := func(q, col string, dst *int) error {
		w, args := e.where(col)
		if err := e.tx.QueryRowContext(ctx, q+w, args...).Scan(dst); err != nil {
			return fmt.Errorf("export: count: %w", err)
		}
		return nil
	}
	for _, c := range []struct {
		q, col string
		dst    *int
	}{
		{`SELECT count(*) FROM modules`, "id", &m.Counts.Modules},
		{`SELECT count(*) FROM sessions`, "module_id", &m.Counts.Sessions},
		{`SELECT count(*) FROM messages m JOIN sessions s ON s.id = m.session_id`, "s.module_id", &m.Counts.Messages},
		{`SELECT count(*) FROM memories`, "scope", &m.Counts.Memories},
		{`SELECT count(*) FROM documents`, "scope", &m.Counts.Documents},
	} {
		if err := count(c.q, c.col, c.dst); err != nil {
			return nil, err
		}
	}
	e.total = m.Counts.Modules + m.Counts.Sessions + m.Counts.Messages + m.Counts.Memories + m.Counts.Documents
	return m, nil
}

func (e *exporter) progress(final bool) {
	if e.opts.Progress == nil {
		return
	}
	// Report about every 1% (and at the end) so a UI is not flooded.
	step := e.total / 100
	if step < 100 {
		step = 100
	}
	if final || e.done-e.reported >= step {
		e.reported = e.done
		e.opts.Progress(e.done, e.total)
	}
}

func (e *exporter) create(name string) (io.Writer, error) {
	w, err := e.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: e.opts.now()})
	if err != nil {
		return nil, fmt.Errorf("export: add %s: %w", name, err)
	}
	return w, nil
}

func (e *exporter) writeFile(name string, body []byte) error {
	w, err := e.create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("export: write %s: %w", name, err)
	}
	return nil
}

func (e *exporter) writeJSON(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("export: encode %s: %w", name, err)
	}
	return e.writeFile(name, append(b, '\n'))
}

func (e *exporter) writeModules() error {
	w, args := e.where("id")
	rows, err := e.tx.QueryContext(e.ctx, `SELECT id, name, icon, description, system_prompt, model, temperature,
		use_memory, write_memory, read_shared, builtin, archived, sort_order, created_at, updated_at, reasoning_effort
		FROM modules`+w+` ORDER BY sort_order, id`, args...)
	if err != nil {
		return fmt.Errorf("export: modules: %w", err)
	}
	defer rows.Close()
	var f modulesFile
	for rows.Next() {
		var m ModuleRecord
		if err := rows.Scan(&m.ID, &m.Name, &m.Icon, &m.Description, &m.SystemPrompt, &m.Model, &m.Temperature,
			&m.Policy.UseMemory, &m.Policy.WriteMemory, &m.Policy.ReadShared, &m.Builtin, &m.Archived,
			&m.SortOrder, &m.CreatedAt, &m.UpdatedAt, &m.ReasoningEffort); err != nil {
			return fmt.Errorf("export: modules: %w", err)
		}
		e.modules[m.ID] = m.Name
		f.Modules = append(f.Modules, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: modules: %w", err)
	}
	if f.Modules == nil {
		f.Modules = []ModuleRecord{}
	}
	e.stats.Modules = len(f.Modules)
	e.done += len(f.Modules)
	return e.writeJSON(entryModules, f)
}
