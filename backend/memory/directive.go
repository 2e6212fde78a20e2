package memory

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"hearth/backend/erase"
)

// Directive operations.
const (
	OpRemember = "remember"
	OpForget   = "forget"
)

var (
	rememberRE = regexp.MustCompile(`(?is)^\s*(?:please\s*,?\s*)?remember(?:\s+that\b|\s*:)\s*(.+?)\s*$`)
	forgetRE   = regexp.MustCompile(`(?is)^\s*(?:please\s*,?\s*)?forget(?:\s+that\b|\s+about\b|\s*:|\s)\s*(.+?)\s*$`)
)

// Directive recognises an explicit instruction from the user: "Remember
// that …" / "remember: …" (op OpRemember) and "Forget …" / "forget that …"
// (op OpForget). arg is the rest of the message without a final period.
func Directive(text string) (op string, arg string, ok bool) {
	for _, d := range []struct {
		op string
		re *regexp.Regexp
	}{{OpRemember, rememberRE}, {OpForget, forgetRE}} {
		if m := d.re.FindStringSubmatch(text); m != nil {
			arg = strings.TrimSpace(strings.TrimRight(m[1], ".!"))
			if arg != "" {
				return d.op, arg, true
			}
		}
	}
	return "", "", false
}

// maxForgetMatches bounds how many memories one "forget …" may remove.
const maxForgetMatches = 5

// ApplyDirective carries out a Directive in moduleID's scope and returns
// the memories added or forgotten (possibly none). OpRemember adds arg as a
// memory with the message as its source. OpForget removes the memories
// containing every significant word of arg, or else the single best BM25
// match of any of them.
func (s *Service) ApplyDirective(ctx context.Context, moduleID, op, arg, sessionID, messageID string) ([]Memory, error) {
	if moduleID == "" || moduleID == SharedScope {
		return nil, fmt.Errorf("%w: a directive needs a module", ErrInvalid)
	}
	switch op {
	case OpRemember:
		m, err := s.Add(ctx, moduleID, Memory{Text: arg, SourceSession: sessionID, SourceMessage: messageID})
		if err != nil {
			return nil, err
		}
		return []Memory{m}, nil
	case OpForget:
		return s.forgetMatching(ctx, moduleID, arg)
	}
	return nil, fmt.Errorf("%w: unknown directive %q", ErrInvalid, op)
}

func (s *Service) forgetMatching(ctx context.Context, moduleID, arg string) ([]Memory, error) {
	words := terms(arg, true)
	if len(words) == 0 {
		return []Memory{}, nil
	}
	var found []Memory
	err := erase.Run(ctx, s.db, erase.Job{
		What:  "forget memories",
		Event: "memory.forget",
		FTS:   []string{erase.MemoriesFTS},
		Delete: func(tx *sql.Tx) (string, error) {
			find := func(q string, limit int) ([]Memory, error) {
				return collect(tx.QueryContext(ctx, `SELECT `+prefixed+` FROM memories_fts
					JOIN memories m ON m.seq = memories_fts.rowid
					WHERE memories_fts MATCH ? AND m.scope = ?
					ORDER BY bm25(memories_fts) LIMIT ?`, q, moduleID, limit))
			}
			var err error
			found, err = find(strings.Join(words, " "), maxForgetMatches)
			if err == nil && len(found) == 0 {
				found, err = find(strings.Join(words, " OR "), 1)
			}
			if err != nil {
				return "", fmt.Errorf("find memories to forget: %w", err)
			}
			for _, m := range found {
				if _, err := forgetWhere(ctx, tx, `id = ? AND scope = ?`, m.ID, moduleID); err != nil {
					return "", err
				}
			}
			if len(found) == 0 {
				return "", nil // nothing forgotten: nothing to audit
			}
			return fmt.Sprintf("scope=%s count=%d directive", moduleID, len(found)), nil
		},
	})
	if err != nil {
		return nil, err
	}
	s.wrote(ctx)
	return found, nil
}
