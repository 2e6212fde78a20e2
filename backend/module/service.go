package module

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hearth/backend/erase"
	"hearth/backend/llm"
	"hearth/backend/store"
)

// Limits on user-supplied fields.
const (
	MaxNameLen   = 80    // runes
	MaxDescLen   = 500   // runes
	MaxPromptLen = 20000 // runes
	MaxIconLen   = 16    // runes (an emoji can be several)
)

// reservedIDs may not name a module: "shared" is the scope of profile-wide
// memories, so a module with that id would read them as its own.
var reservedIDs = map[string]bool{"shared": true}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidID reports whether id can name a module: 1-40 lowercase letters,
// digits or dashes, starting with a letter or digit, and not a reserved
// word. The archive reader checks imported modules with it too.
func ValidID(id string) bool { return slugRE.MatchString(id) && !reservedIDs[id] }

// Service reads and writes a profile's modules.
type Service struct {
	db    *store.DB
	now   func() time.Time
	allow func(id string) bool // nil = every module (see Restrict)
}

// Restrict limits the modules a supervised profile has (family rules):
// List leaves out those allow rejects, Get and Resolve do not find them,
// and no module can be created. Call it before the Service is shared.
func (s *Service) Restrict(allow func(id string) bool) { s.allow = allow }

func (s *Service) allowed(id string) bool { return s.allow == nil || s.allow(id) }

// NewService returns a Service over db; now is the clock (time.Now in the app).
func NewService(db *store.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// New returns a module named name with the defaults a new custom module gets.
func New(name string) Module {
	return Module{Name: name, Icon: "✨", Temperature: 0.7,
		Policy: Policy{UseMemory: true, WriteMemory: true, ReadShared: true}}
}

// Seed inserts the built-in catalog. It is idempotent and never overwrites
// a module that already exists.
func (s *Service) Seed(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("seed modules: %w", err)
	}
	defer tx.Rollback()
	now := s.now().UnixMilli()
	for i, m := range builtins() {
		m.Builtin, m.SortOrder, m.CreatedAt, m.UpdatedAt = true, i, now, now
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO modules
			(id, name, icon, description, system_prompt, endpoint_id, model, temperature,
			 use_memory, write_memory, read_shared, builtin, archived, sort_order, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, NULL, '', ?, ?, ?, ?, 1, 0, ?, ?, ?)`,
			m.ID, m.Name, m.Icon, m.Description, m.SystemPrompt, m.Temperature,
			m.Policy.UseMemory, m.Policy.WriteMemory, m.Policy.ReadShared, m.SortOrder, now, now); err != nil {
			return fmt.Errorf("seed module %s: %w", m.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("seed modules: %w", err)
	}
	return nil
}

const cols = `id, name, icon, description, system_prompt, coalesce(endpoint_id, ''), model, temperature,
	use_memory, write_memory, read_shared, builtin, archived, sort_order, created_at, updated_at, reasoning_effort`

type scanner interface{ Scan(...any) error }

func scanModule(r scanner) (Module, error) {
	var m Module
	err := r.Scan(&m.ID, &m.Name, &m.Icon, &m.Description, &m.SystemPrompt, &m.EndpointID, &m.Model,
		&m.Temperature, &m.Policy.UseMemory, &m.Policy.WriteMemory, &m.Policy.ReadShared,
		&m.Builtin, &m.Archived, &m.SortOrder, &m.CreatedAt, &m.UpdatedAt, &m.ReasoningEffort)
	return m, err
}

// List returns the modules in display order; archived ones only when asked.
func (s *Service) List(ctx context.Context, includeArchived bool) ([]Module, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+` FROM modules
		WHERE archived = 0 OR ? ORDER BY sort_order, created_at, id`, includeArchived)
	if err != nil {
		return nil, fmt.Errorf("list modules: %w", err)
	}
	defer rows.Close()
	var out []Module
	for rows.Next() {
		m, err := scanModule(rows)
		if err != nil {
			return nil, fmt.Errorf("list modules: %w", err)
		}
		if !s.allowed(m.ID) {
			continue
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list modules: %w", err)
	}
	return out, nil
}

// Get returns the module with this id (archived or not).
func (s *Service) Get(ctx context.Context, id string) (Module, error) {
	if !s.allowed(id) {
		return Module{}, ErrNotFound
	}
	return getModule(ctx, s.db, id)
}

type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

func getModule(ctx context.Context, q querier, id string) (Module, error) {
	m, err := scanModule(q.QueryRowContext(ctx, `SELECT `+cols+` FROM modules WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Module{}, ErrNotFound
	}
	if err != nil {
		return Module{}, fmt.Errorf("get module: %w", err)
	}
	return m, nil
}

// Resolve finds a module by id, or else by display name (case-insensitive),
// preferring a module that is not archived.
func (s *Service) Resolve(ctx context.Context, idOrName string) (Module, error) {
	key := strings.TrimSpace(idOrName)
	if m, err := s.Get(ctx, key); err == nil || !errors.Is(err, ErrNotFound) {
		return m, err
	}
	all, err := s.List(ctx, true)
	if err != nil {
		return Module{}, err
	}
	var found *Module
	for i := range all {
		if strings.EqualFold(all[i].Name, key) && (found == nil || found.Archived && !all[i].Archived) {
			found = &all[i]
		}
	}
	if found == nil {
		return Module{}, ErrNotFound
	}
	return *found, nil
}

// Create adds a custom module. An empty ID is derived from the name.
func (s *Service) Create(ctx context.Context, m Module) (Module, error) {
	if s.allow != nil {
		return Module{}, fmt.Errorf("%w: the family rules of this profile decide which modules it has", ErrInvalid)
	}
	m.Name = strings.TrimSpace(m.Name)
	if err := validate(m, m.ID == ""); err != nil {
		return Module{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Module{}, fmt.Errorf("create module: %w", err)
	}
	defer tx.Rollback()
	if err := checkName(ctx, tx, m.Name, ""); err != nil {
		return Module{}, err
	}
	if err := checkEndpoint(ctx, tx, m.EndpointID); err != nil {
		return Module{}, err
	}
	if m.ID == "" {
		if m.ID, err = freeSlug(ctx, tx, Slug(m.Name)); err != nil {
			return Module{}, err
		}
	} else if _, err := getModule(ctx, tx, m.ID); err == nil {
		return Module{}, ErrExists
	} else if !errors.Is(err, ErrNotFound) {
		return Module{}, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(sort_order), -1) + 1 FROM modules`).Scan(&m.SortOrder); err != nil {
		return Module{}, fmt.Errorf("create module: %w", err)
	}
	now := s.now().UnixMilli()
	m.Builtin, m.Archived, m.CreatedAt, m.UpdatedAt = false, false, now, now
	if _, err := tx.ExecContext(ctx, `INSERT INTO modules
		(id, name, icon, description, system_prompt, endpoint_id, model, temperature,
		 use_memory, write_memory, read_shared, builtin, archived, sort_order, created_at, updated_at, reasoning_effort)
		VALUES (?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)`,
		m.ID, m.Name, m.Icon, m.Description, m.SystemPrompt, m.EndpointID, m.Model, m.Temperature,
		m.Policy.UseMemory, m.Policy.WriteMemory, m.Policy.ReadShared, m.SortOrder, now, now, m.ReasoningEffort); err != nil {
		return Module{}, fmt.Errorf("create module: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Module{}, fmt.Errorf("create module: %w", err)
	}
	return m, nil
}

// Update saves the editable fields of an existing module (built-in or
// custom). Builtin, Archived, SortOrder and CreatedAt are kept as stored.
func (s *Service) Update(ctx context.Context, m Module) (Module, error) {
	m.Name = strings.TrimSpace(m.Name)
	if err := validate(m, false); err != nil {
		return Module{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Module{}, fmt.Errorf("update module: %w", err)
	}
	defer tx.Rollback()
	old, err := getModule(ctx, tx, m.ID)
	if err != nil {
		return Module{}, err
	}
	if err := checkName(ctx, tx, m.Name, m.ID); err != nil {
		return Module{}, err
	}
	if err := checkEndpoint(ctx, tx, m.EndpointID); err != nil {
		return Module{}, err
	}
	m.Builtin, m.Archived, m.SortOrder, m.CreatedAt = old.Builtin, old.Archived, old.SortOrder, old.CreatedAt
	m.UpdatedAt = s.now().UnixMilli()
	if _, err := tx.ExecContext(ctx, `UPDATE modules SET name = ?, icon = ?, description = ?, system_prompt = ?,
		endpoint_id = nullif(?, ''), model = ?, temperature = ?, use_memory = ?, write_memory = ?, read_shared = ?,
		reasoning_effort = ?, updated_at = ? WHERE id = ?`,
		m.Name, m.Icon, m.Description, m.SystemPrompt, m.EndpointID, m.Model, m.Temperature,
		m.Policy.UseMemory, m.Policy.WriteMemory, m.Policy.ReadShared, m.ReasoningEffort, m.UpdatedAt, m.ID); err != nil {
		return Module{}, fmt.Errorf("update module: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Module{}, fmt.Errorf("update module: %w", err)
	}
	return m, nil
}

// Archive hides (or with archived=false, restores) a module. Its sessions
// and memories are kept.
func (s *Service) Archive(ctx context.Context, id string, archived bool) error {
	res, err := s.db.ExecContext(ctx, `UPDATE modules SET archived = ?, updated_at = ? WHERE id = ?`,
		archived, s.now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("archive module: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Delete removes a custom module with its sessions, messages and the
// memories of its scope. Memories it shared stay shared: the user shared
// them on purpose. Built-in modules can only be archived.
func (s *Service) Delete(ctx context.Context, id string) error {
	return erase.Run(ctx, s.db, erase.Job{
		What:  "delete module",
		Event: "module.delete",
		FTS:   []string{erase.MessagesFTS, erase.MemoriesFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			m, err := getModule(ctx, tx, id)
			if err != nil {
				return "", err
			}
			if m.Builtin {
				return "", ErrBuiltin
			}
			for _, q := range []string{
				`DELETE FROM memories WHERE scope = ?`,
				`DELETE FROM messages WHERE module_id = ?`,
				`DELETE FROM sessions WHERE module_id = ?`,
				`DELETE FROM modules WHERE id = ?`,
			} {
				if _, err := tx.ExecContext(ctx, q, id); err != nil {
					return "", fmt.Errorf("delete module: %w", err)
				}
			}
			return "module=" + id, nil
		},
	})
}

func validate(m Module, idFromName bool) error {
	bad := func(why string) error { return fmt.Errorf("%w: %s", ErrInvalid, why) }
	if !idFromName && !ValidID(m.ID) {
		return bad("id must be 1-40 lowercase letters, digits or dashes, and not a reserved word")
	}
	switch {
	case m.Name == "":
		return bad("name is required")
	case utf8.RuneCountInString(m.Name) > MaxNameLen:
		return bad("name is too long")
	case utf8.RuneCountInString(m.Icon) > MaxIconLen:
		return bad("icon is too long")
	case utf8.RuneCountInString(m.Description) > MaxDescLen:
		return bad("description is too long")
	case utf8.RuneCountInString(m.SystemPrompt) > MaxPromptLen:
		return bad("system prompt is too long")
	case !(m.Temperature >= 0 && m.Temperature <= 2):
		return bad("temperature must be between 0 and 2")
	case !llm.ValidReasoningEffort(m.ReasoningEffort):
		return bad("reasoning effort must be minimal, low, medium, high or empty")
	}
	return nil
}

// Slug derives a module id from a display name: lowercase ASCII letters and
// digits, other runs become one dash; "module" when nothing is left.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" || reservedIDs[s] {
		s = "module"
	}
	return s
}

// freeSlug appends -2, -3, … until the id is unused.
func freeSlug(ctx context.Context, q querier, base string) (string, error) {
	for i := 1; i < 1000; i++ {
		id := base
		if i > 1 {
			id = base + "-" + strconv.Itoa(i)
		}
		_, err := getModule(ctx, q, id)
		if errors.Is(err, ErrNotFound) {
			return id, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", ErrExists
}

// checkName keeps display names unique (case-insensitively) so Resolve is
// unambiguous. SQLite's NOCASE folds ASCII only, so compare in Go.
func checkName(ctx context.Context, q querier, name, selfID string) error {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM modules`)
	if err != nil {
		return fmt.Errorf("check module name: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n string
		if err := rows.Scan(&id, &n); err != nil {
			return fmt.Errorf("check module name: %w", err)
		}
		if id != selfID && strings.EqualFold(n, name) {
			return ErrExists
		}
	}
	return rows.Err()
}

func checkEndpoint(ctx context.Context, q querier, id string) error {
	if id == "" {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM endpoints WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("check endpoint: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w: unknown endpoint", ErrInvalid)
	}
	return nil
}
