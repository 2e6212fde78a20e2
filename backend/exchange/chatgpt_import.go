package exchange

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"hearth/backend/apperr"
	"hearth/backend/exchange/chatgpt"
	"hearth/backend/internal/safezip"
	"hearth/backend/store"
)

// ChatGPTOptions tune a ChatGPT import.
type ChatGPTOptions struct {
	Limits   *chatgpt.Limits         // nil means chatgpt.DefaultLimits()
	Progress func(conversations int) // optional, called now and then
	now      func() time.Time
}

const conversationsJSON = "conversations.json"

// ImportChatGPTFile imports a ChatGPT data export into the module moduleID:
// either conversations.json itself or the ZIP ChatGPT sends (which holds
// it). See [ImportChatGPT].
func ImportChatGPTFile(ctx context.Context, db *store.DB, filePath, moduleID string, opts ChatGPTOptions) (Stats, error) {
	lim := chatgptLimits(opts)
	f, err := os.Open(filePath)
	if err != nil {
		return Stats{}, errf(ErrBadRequest, err, "The file could not be opened.")
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Stats{}, fmt.Errorf("import chatgpt: stat: %w", err)
	}
	head := make([]byte, 4)
	n, _ := f.ReadAt(head, 0)
	if !bytes.Equal(head[:n], zipMagic) {
		st, err := ImportChatGPT(ctx, db, f, moduleID, opts)
		st.Bytes = fi.Size()
		return st, err
	}
	zr, err := safezip.Open(f, fi.Size(), safezip.Limits{MaxEntries: 500_000, MaxEntryBytes: uint64(lim.MaxBytes),
		MaxTotalBytes: 1 << 40, MaxRatio: 200}) // only conversations.json is ever inflated
	if err != nil {
		return Stats{}, classify("ChatGPT export", err)
	}
	name := findConversations(zr)
	if name == "" {
		return Stats{}, errf(ErrInvalid, nil, "This ZIP holds no conversations.json, so it is not a ChatGPT data export.")
	}
	rc, err := zr.Open(name)
	if err != nil {
		return Stats{}, classify(name, err)
	}
	defer rc.Close()
	st, err := ImportChatGPT(ctx, db, rc, moduleID, opts)
	st.Bytes = fi.Size()
	return st, err
}

// findConversations returns the shallowest entry named conversations.json.
func findConversations(zr *safezip.Reader) string {
	best, depth := "", 1<<30
	for _, f := range zr.Files() {
		if path.Base(f.Name) == conversationsJSON && !strings.HasSuffix(f.Name, "/") {
			if d := strings.Count(f.Name, "/"); d < depth {
				best, depth = f.Name, d
			}
		}
	}
	return best
}

func hasChatGPT(zr *safezip.Reader) bool { return findConversations(zr) != "" }

func chatgptLimits(o ChatGPTOptions) chatgpt.Limits {
	if o.Limits != nil {
		return *o.Limits
	}
	return chatgpt.DefaultLimits()
}

// ImportChatGPT reads a conversations.json from r into the module
// moduleID: each conversation becomes a session holding its visible thread
// (see package chatgpt). One transaction: on any error nothing is written.
func ImportChatGPT(ctx context.Context, db *store.DB, r io.Reader, moduleID string, opts ChatGPTOptions) (Stats, error) {
	if opts.now == nil {
		opts.now = time.Now
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Stats{}, fmt.Errorf("import chatgpt: begin: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM modules WHERE id = ?`, moduleID).Scan(&n); err != nil {
		return Stats{}, fmt.Errorf("import chatgpt: find module: %w", err)
	}
	if n == 0 {
		return Stats{}, errf(ErrModuleNotFound, nil, "There is no module %q in this profile.", moduleID)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO messages (id, session_id, module_id, role, content, status,
		model, created_at) VALUES (?, ?, ?, ?, ?, 'complete', ?, ?)`)
	if err != nil {
		return Stats{}, fmt.Errorf("import chatgpt: prepare: %w", err)
	}
	defer ins.Close()
	var st Stats
	now := opts.now().UnixMilli()
	err = chatgpt.Parse(r, chatgptLimits(opts), func(c *chatgpt.Conversation) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := insertConversation(ctx, tx, ins, moduleID, c, now); err != nil {
			return err
		}
		st.Sessions++
		st.Messages += len(c.Messages)
		if opts.Progress != nil && st.Sessions%50 == 0 {
			opts.Progress(st.Sessions)
		}
		return nil
	})
	if err != nil {
		return Stats{}, chatgptError(err)
	}
	detail := fmt.Sprintf("format=chatgpt scope=module:%s sessions=%d messages=%d", moduleID, st.Sessions, st.Messages)
	if err := store.Audit(ctx, tx, "import", detail); err != nil {
		return Stats{}, err
	}
	if err := tx.Commit(); err != nil {
		return Stats{}, fmt.Errorf("import chatgpt: commit: %w", err)
	}
	if opts.Progress != nil {
		opts.Progress(st.Sessions)
	}
	return st, nil
}

func insertConversation(ctx context.Context, tx *sql.Tx, ins *sql.Stmt, moduleID string, c *chatgpt.Conversation, now int64) error {
	created, updated := c.CreatedAt, c.UpdatedAt
	if created == 0 {
		created = c.Messages[0].CreatedAt
	}
	if created == 0 {
		created = now
	}
	for _, m := range c.Messages {
		updated = max(updated, m.CreatedAt)
	}
	updated = max(updated, created)
	title := c.Title
	if title == "" {
		title = "ChatGPT conversation"
	}
	sid := store.NewID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, module_id, title, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)`, sid, moduleID, truncate(title, maxShortLen), created, updated); err != nil {
		return fmt.Errorf("import chatgpt: session: %w", err)
	}
	for _, m := range c.Messages {
		at := m.CreatedAt
		if at == 0 {
			at = created
		}
		if _, err := ins.ExecContext(ctx, store.NewID(), sid, moduleID, m.Role, m.Content,
			truncate(m.Model, maxShortLen), at); err != nil {
			return fmt.Errorf("import chatgpt: message: %w", err)
		}
	}
	return nil
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func chatgptError(err error) error {
	var e *apperr.Error
	if errors.As(err, &e) {
		kind := ErrInvalid
		if errors.Is(err, chatgpt.ErrTooLarge) {
			kind = ErrTooLarge
		}
		return errf(kind, err, "%s", e.Message)
	}
	return classify(conversationsJSON, err)
}
