package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"hearth/backend/store"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// Limits bound the input; nil means DefaultLimits().
	Limits *Limits
	// FreshProfile says the target profile was created for this import. A
	// seeded built-in module with no sessions and no memories is then
	// replaced by the archive's version of it instead of getting a copy
	// ("kitchen-2"), so a profile imported as new looks like the exported one.
	FreshProfile bool
	// Progress is called now and then with rows done and rows declared,
	// from the import's writer goroutine (never concurrently with itself).
	Progress func(done, total int)
}

func (o ImportOptions) limits() Limits {
	if o.Limits != nil {
		return *o.Limits
	}
	return DefaultLimits()
}

type existingModule struct {
	name    string
	builtin bool
	empty   bool // no sessions, no memories
}

// dbSink writes a validated archive into the open profile inside tx, with
// fresh ids for everything. Archive ids are only used to connect records.
type dbSink struct {
	ctx      context.Context
	tx       *sql.Tx
	opts     ImportOptions
	existing map[string]existingModule
	names    []string          // module display names in use
	modMap   map[string]string // archive module id -> profile module id
	memMap   map[string]string // archive memory id -> new id
	refSess  map[string]string // archive session ids memories point to -> new id
	refMsg   map[string]string // archive message ids memories point to -> new id
	mems     []MemoryRecord
	batch    []any     // pending message rows, msgCols values each
	insFull  *sql.Stmt // the batchRows-row INSERT, prepared once
	batchN   int
	batchLen int    // content bytes pending
	curSess  string // new id of the session being read
	curMod   string // its module's new id
	stats    Stats
	total    int
	done     int
	// oldAutomerge is messages_fts's setting before the import (import_fts.go).
	oldAutomerge int
}

func (d *dbSink) begin(man *Manifest, mods []ModuleRecord, mems []MemoryRecord) error {
	var schema int
	if err := d.tx.QueryRowContext(d.ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&schema); err != nil {
		return fmt.Errorf("import: schema version: %w", err)
	}
	if man.SchemaVersion > schema {
		return errf(ErrNewerVersion, nil, "This export was made by a newer version of Hearth (schema %d, this app has %d); update Hearth to import it.", man.SchemaVersion, schema)
	}
	d.total = man.Counts.Modules + man.Counts.Sessions + man.Counts.Messages + man.Counts.Memories + man.Counts.Documents
	old, err := d.automerge()
	if err != nil {
		return err
	}
	d.oldAutomerge = old
	if err := d.setAutomerge(importAutomerge); err != nil {
		return err
	}
	if err := d.loadModules(); err != nil {
		return err
	}
	for i := range mods {
		if err := d.insertModule(&mods[i]); err != nil {
			return err
		}
	}
	d.mems = mems
	d.memMap = make(map[string]string, len(mems))
	d.refSess, d.refMsg = map[string]string{}, map[string]string{}
	for _, m := range mems {
		d.memMap[m.ID] = store.NewID()
		if m.SourceSession != "" {
			d.refSess[m.SourceSession] = ""
		}
		if m.SourceMessage != "" {
			d.refMsg[m.SourceMessage] = ""
		}
	}
	return nil
}

func (d *dbSink) loadModules() error {
	rows, err := d.tx.QueryContext(d.ctx, `SELECT id, name, builtin,
		NOT EXISTS (SELECT 1 FROM sessions s WHERE s.module_id = modules.id)
		AND NOT EXISTS (SELECT 1 FROM memories m WHERE m.scope = modules.id)
		FROM modules`)
	if err != nil {
		return fmt.Errorf("import: modules: %w", err)
	}
	defer rows.Close()
	d.existing = map[string]existingModule{}
	d.modMap = map[string]string{}
	for rows.Next() {
		var id string
		var m existingModule
		if err := rows.Scan(&id, &m.name, &m.builtin, &m.empty); err != nil {
			return fmt.Errorf("import: modules: %w", err)
		}
		d.existing[id] = m
		d.names = append(d.names, m.name)
	}
	return rows.Err()
}

func (d *dbSink) nameTaken(name string) bool {
	for _, n := range d.names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// freeName returns name, or name with " (imported)", " (imported 2)", …
func (d *dbSink) freeName(name string, forceSuffix bool) string {
	if !forceSuffix && !d.nameTaken(name) {
		return name
	}
	for i := 1; ; i++ {
		n := name + " (imported)"
		if i > 1 {
			n = name + " (imported " + strconv.Itoa(i) + ")"
		}
		if !d.nameTaken(n) {
			return n
		}
	}
}

// freeSlug returns base-2, base-3, … (trimmed to stay within 40 bytes).
func (d *dbSink) freeSlug(base string) string {
	for i := 2; ; i++ {
		suffix := "-" + strconv.Itoa(i)
		b := base
		if len(b)+len(suffix) > 40 {
			b = strings.TrimRight(b[:40-len(suffix)], "-")
		}
		if _, taken := d.existing[b+suffix]; !taken {
			return b + suffix
		}
	}
}

func (d *dbSink) insertModule(m *ModuleRecord) error {
	id, name, builtin := m.ID, m.Name, m.Builtin
	old, taken := d.existing[m.ID]
	replace := taken && d.opts.FreshProfile && old.builtin && old.empty
	switch {
	case replace:
		// The seeded row goes; the archive's row (same id) takes its place.
		if _, err := d.tx.ExecContext(d.ctx, `DELETE FROM modules WHERE id = ?`, id); err != nil {
			return fmt.Errorf("import: replace module: %w", err)
		}
		d.names = removeName(d.names, old.name)
		name = d.freeName(name, false)
	case taken:
		id, name, builtin = d.freeSlug(m.ID), d.freeName(m.Name, true), false
	default:
		name = d.freeName(name, false)
	}
	_, err := d.tx.ExecContext(d.ctx, `INSERT INTO modules (id, name, icon, description, system_prompt,
		endpoint_id, model, temperature, use_memory, write_memory, read_shared, builtin, archived, sort_order,
		created_at, updated_at, reasoning_effort) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, name, m.Icon, m.Description, m.SystemPrompt, m.Model, m.Temperature, m.Policy.UseMemory,
		m.Policy.WriteMemory, m.Policy.ReadShared, builtin, m.Archived, m.SortOrder, m.CreatedAt, m.UpdatedAt,
		m.ReasoningEffort)
	if err != nil {
		return fmt.Errorf("import: module: %w", err)
	}
	d.existing[id] = existingModule{name: name, builtin: builtin}
	d.names = append(d.names, name)
	d.modMap[m.ID] = id
	d.stats.Modules++
	d.tick()
	return nil
}

func removeName(names []string, name string) []string {
	for i, n := range names {
		if n == name {
			return append(names[:i], names[i+1:]...)
		}
	}
	return names
}

func (d *dbSink) tick() {
	d.done++
	if d.opts.Progress != nil && (d.done%1000 == 0 || d.done == d.total) {
		d.opts.Progress(d.done, d.total)
	}
}

func (d *dbSink) session(s *SessionRecord) error {
	d.curSess, d.curMod = store.NewID(), d.modMap[s.ModuleID]
	if _, ok := d.refSess[s.ID]; ok {
		d.refSess[s.ID] = d.curSess
	}
	_, err := d.tx.ExecContext(d.ctx, `INSERT INTO sessions (id, module_id, title, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)`, d.curSess, d.curMod, s.Title, s.CreatedAt, s.UpdatedAt)
	if err != nil {
		return fmt.Errorf("import: session: %w", err)
	}
	d.stats.Sessions++
	d.tick()
	return nil
}

func (d *dbSink) message(m *MessageRecord) error {
	id := store.NewID()
	if _, ok := d.refMsg[m.ID]; ok {
		d.refMsg[m.ID] = id
	}
	used := "[]"
	if len(m.UsedMemories) > 0 {
		// Ids of memories not in the archive (forgotten since) are dropped.
		ids := make([]string, 0, len(m.UsedMemories))
		for _, old := range m.UsedMemories {
			if n, ok := d.memMap[old]; ok {
				ids = append(ids, n)
			}
		}
		if len(ids) > 0 {
			b, _ := json.Marshal(ids)
			used = string(b)
		}
	}
	d.batch = append(d.batch, id, d.curSess, d.curMod, m.Role, m.Content, m.Status, m.Error, m.Model,
		m.PromptTokens, m.CompletionTokens, used, m.HeldBack, m.CreatedAt)
	d.batchN++
	d.batchLen += len(m.Content)
	d.stats.Messages++
	d.tick()
	if d.batchN >= batchRows || d.batchLen >= batchBytes {
		return d.flush()
	}
	return nil
}

// Messages are inserted in multi-row statements. Each statement that fires
// the FTS trigger makes FTS5 flush its pending terms into a new segment;
// one row per statement would mean 100k tiny segments and constant merging
// (20 s for 100k messages instead of about 2). The batch is bounded in rows
// and in bytes, so memory stays bounded whatever the archive holds.
const (
	msgCols    = 13
	batchRows  = 2500 // 32,500 parameters, just under SQLite's 32,766
	batchBytes = 8 << 20
)

func (d *dbSink) flush() error {
	if d.batchN == 0 {
		return nil
	}
	var err error
	if d.batchN == batchRows {
		// Parsing a 500-row statement costs about as much as a tenth of
		// running it; full batches reuse one prepared statement.
		if d.insFull == nil {
			if d.insFull, err = d.tx.PrepareContext(d.ctx, insertMessages(batchRows)); err != nil {
				return fmt.Errorf("import: prepare messages: %w", err)
			}
		}
		_, err = d.insFull.ExecContext(d.ctx, d.batch...)
	} else {
		_, err = d.tx.ExecContext(d.ctx, insertMessages(d.batchN), d.batch...)
	}
	if err != nil {
		return fmt.Errorf("import: messages: %w", err)
	}
	clear(d.batch)
	d.batch, d.batchN, d.batchLen = d.batch[:0], 0, 0
	return nil
}

// insertMessages is an INSERT of n message rows.
func insertMessages(n int) string {
	var q strings.Builder
	q.WriteString(`INSERT INTO messages (id, session_id, module_id, role, content, status, error, model,
		prompt_tokens, completion_tokens, used_memories, held_back, created_at) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return q.String()
}

// mapScope maps a scope seen in the archive to the profile: "shared" stays,
// archive modules are remapped, anything else (a module that was not
// exported) becomes "".
func (d *dbSink) mapScope(s string) string {
	if s == sharedScope || s == "" {
		return s
	}
	return d.modMap[s]
}

func (d *dbSink) end() error {
	if err := d.flush(); err != nil {
		return err
	}
	if d.insFull != nil {
		d.insFull.Close()
	}
	if err := d.setAutomerge(d.oldAutomerge); err != nil {
		return err
	}
	insMem, err := d.tx.PrepareContext(d.ctx, `INSERT INTO memories (id, scope, origin_module, text, kind,
		sensitivity, source_session, source_message, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("import: prepare: %w", err)
	}
	defer insMem.Close()
	insHist, err := d.tx.PrepareContext(d.ctx, `INSERT INTO memory_history (memory_id, action, old_text, new_text,
		old_scope, new_scope, at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("import: prepare: %w", err)
	}
	defer insHist.Close()
	for i := range d.mems {
		m := &d.mems[i]
		id, scope := d.memMap[m.ID], d.mapScope(m.Scope)
		origin := d.mapScope(m.OriginModule)
		if origin == sharedScope || origin == "" && scope != sharedScope {
			origin = scope
		}
		if _, err := insMem.ExecContext(d.ctx, id, scope, origin, m.Text, m.Kind, m.Sensitivity,
			d.refSess[m.SourceSession], d.refMsg[m.SourceMessage], m.CreatedAt, m.UpdatedAt); err != nil {
			return fmt.Errorf("import: memory: %w", err)
		}
		for _, c := range m.History {
			if _, err := insHist.ExecContext(d.ctx, id, c.Action, c.OldText, c.NewText,
				d.mapScope(c.OldScope), d.mapScope(c.NewScope), c.At); err != nil {
				return fmt.Errorf("import: memory history: %w", err)
			}
		}
		d.stats.Memories++
		d.tick()
	}
	// One statement per memory left one index segment each (FTS5 merges
	// them only partly); retrieval looks every term up in every segment,
	// so merge them as memory.Service.Compact does. A few ms per 1,000.
	if len(d.mems) > 0 {
		if _, err := d.tx.ExecContext(d.ctx, `INSERT INTO memories_fts(memories_fts) VALUES ('optimize')`); err != nil {
			return fmt.Errorf("import: compact memory index: %w", err)
		}
	}
	return nil
}
