package exchange

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Streaming the big tables: memories with their history through one
// ordered join, sessions in pages, messages per session.

const sessionPage = 256

func (e *exporter) writeMemories() error {
	out, err := e.create(entryMemories)
	if err != nil {
		return err
	}
	w, args := e.where("m.scope")
	rows, err := e.tx.QueryContext(e.ctx, `SELECT m.id, m.scope, m.origin_module, m.text, m.kind, m.sensitivity,
		m.source_session, m.source_message, m.created_at, m.updated_at,
		h.seq, coalesce(h.action, ''), coalesce(h.old_text, ''), coalesce(h.new_text, ''),
		coalesce(h.old_scope, ''), coalesce(h.new_scope, ''), coalesce(h.at, 0)
		FROM memories m LEFT JOIN memory_history h ON h.memory_id = m.id`+w+`
		ORDER BY m.seq, h.seq`, args...)
	if err != nil {
		return fmt.Errorf("export: memories: %w", err)
	}
	defer rows.Close()
	if _, err := io.WriteString(out, "{\"memories\": [\n"); err != nil {
		return fmt.Errorf("export: memories: %w", err)
	}
	var cur *MemoryRecord
	flush := func() error {
		if cur == nil {
			return nil
		}
		sep := ",\n"
		if e.stats.Memories == 0 {
			sep = ""
		}
		if err := writeLine(out, sep, cur); err != nil {
			return fmt.Errorf("export: memories: %w", err)
		}
		e.stats.Memories++
		e.done++
		e.progress(false)
		return nil
	}
	for rows.Next() {
		var m MemoryRecord
		var hseq sql.NullInt64
		var c ChangeRecord
		if err := rows.Scan(&m.ID, &m.Scope, &m.OriginModule, &m.Text, &m.Kind, &m.Sensitivity,
			&m.SourceSession, &m.SourceMessage, &m.CreatedAt, &m.UpdatedAt,
			&hseq, &c.Action, &c.OldText, &c.NewText, &c.OldScope, &c.NewScope, &c.At); err != nil {
			return fmt.Errorf("export: memories: %w", err)
		}
		if cur == nil || cur.ID != m.ID {
			if err := flush(); err != nil {
				return err
			}
			m.History = []ChangeRecord{}
			cur = &m
		}
		if hseq.Valid {
			cur.History = append(cur.History, c)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: memories: %w", err)
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := io.WriteString(out, "\n]}\n"); err != nil {
		return fmt.Errorf("export: memories: %w", err)
	}
	return nil
}

func writeLine(w io.Writer, sep string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, sep); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func (e *exporter) writeSessions() error {
	var err error
	e.msgs, err = e.tx.PrepareContext(e.ctx, `SELECT id, role, content, status, error, model, prompt_tokens,
		completion_tokens, used_memories, held_back, created_at FROM messages WHERE session_id = ? ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("export: messages: %w", err)
	}
	defer e.msgs.Close()
	// Keyset pagination over (module_id, created_at, id) keeps at most one
	// page of session heads in memory.
	var last *SessionRecord
	for {
		page, err := e.sessionPage(last)
		if err != nil {
			return err
		}
		for i := range page {
			if err := e.ctx.Err(); err != nil {
				return err
			}
			if err := e.writeSession(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < sessionPage {
			return nil
		}
		last = &page[len(page)-1]
	}
}

func (e *exporter) sessionPage(after *SessionRecord) ([]SessionRecord, error) {
	var conds []string
	var args []any
	if e.opts.ModuleID != "" {
		conds = append(conds, "module_id = ?")
		args = append(args, e.opts.ModuleID)
	}
	if after != nil {
		conds = append(conds, "(module_id, created_at, id) > (?, ?, ?)")
		args = append(args, after.ModuleID, after.CreatedAt, after.ID)
	}
	q := `SELECT id, module_id, title, created_at, updated_at FROM sessions`
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY module_id, created_at, id LIMIT %d", sessionPage)
	rows, err := e.tx.QueryContext(e.ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("export: sessions: %w", err)
	}
	defer rows.Close()
	page := make([]SessionRecord, 0, sessionPage)
	for rows.Next() {
		var s SessionRecord
		if err := rows.Scan(&s.ID, &s.ModuleID, &s.Title, &s.CreatedAt, &s.UpdatedAt); err != nil {
			return nil, fmt.Errorf("export: sessions: %w", err)
		}
		page = append(page, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export: sessions: %w", err)
	}
	return page, nil
}

// eachMessage streams one session's messages in order.
func (e *exporter) eachMessage(sessionID string, fn func(*MessageRecord) error) error {
	rows, err := e.msgs.QueryContext(e.ctx, sessionID)
	if err != nil {
		return fmt.Errorf("export: messages: %w", err)
	}
	defer rows.Close()
	var m MessageRecord
	var used string
	for rows.Next() {
		if err := rows.Scan(&m.ID, &m.Role, &m.Content, &m.Status, &m.Error, &m.Model, &m.PromptTokens,
			&m.CompletionTokens, &used, &m.HeldBack, &m.CreatedAt); err != nil {
			return fmt.Errorf("export: messages: %w", err)
		}
		m.UsedMemories = []string{}
		if used != "[]" && used != "" {
			// A corrupt list loses only the disclosure, not the export.
			_ = json.Unmarshal([]byte(used), &m.UsedMemories)
			if m.UsedMemories == nil {
				m.UsedMemories = []string{}
			}
		}
		if err := fn(&m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: messages: %w", err)
	}
	return nil
}

func (e *exporter) writeSession(s *SessionRecord) error {
	base := safeName(s.ModuleID, "module", e.stats.Sessions) + "/" + safeName(s.ID, "session", e.stats.Sessions)
	out, err := e.create(dirSessions + base + ".json")
	if err != nil {
		return err
	}
	head, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("export: session: %w", err)
	}
	// The head's fields, then "messages" last so readers can stream it.
	head = append(head[:len(head)-1], []byte(",\n\"messages\": [\n")...)
	if _, err := out.Write(head); err != nil {
		return fmt.Errorf("export: session: %w", err)
	}
	n := 0
	err = e.eachMessage(s.ID, func(m *MessageRecord) error {
		sep := ",\n"
		if n == 0 {
			sep = ""
		}
		n++
		e.done++
		e.progress(false)
		return writeLine(out, sep, m)
	})
	if err != nil {
		return fmt.Errorf("export: session: %w", err)
	}
	if _, err := io.WriteString(out, "\n]}\n"); err != nil {
		return fmt.Errorf("export: session: %w", err)
	}
	e.stats.Sessions++
	e.stats.Messages += n
	e.done++
	return e.writeMarkdown(s)
}

// safeName keeps an id usable as a path segment; anything else becomes a
// numbered name starting with "~" (which ids never contain).
func safeName(id, kind string, n int) string {
	ok := id != "" && len(id) <= 64
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	if ok {
		return id
	}
	return fmt.Sprintf("~%s-%d", kind, n)
}
