package memory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"hearth/backend/erase"
	"hearth/backend/private"
	"hearth/backend/store"
)

// Completer is the one call extraction needs from a model: a non-streamed
// completion of a system and a user message.
type Completer interface {
	Complete(ctx context.Context, system, user string) (string, error)
}

// Extraction bounds.
const (
	maxExtractContext = 50 // existing memories shown to the model
	maxExtractOps     = 20 // operations accepted in one reply
	maxExtractReply   = 64 << 10
	maxExchangeChars  = 8000 // per side of the exchange sent to the model
)

const extractSystem = `You maintain a short list of durable memories about the user for one assistant.
Given the existing memories and the latest exchange, decide what to change.
Remember only lasting, useful facts, preferences and instructions stated or confirmed by the user; never guesses,
one-off tasks, or anything the user marked [private].
Reply with JSON only, exactly this shape:
{"operations":[{"op":"ADD|UPDATE|DELETE|NONE","id":"","text":"","kind":"fact|preference|instruction"}]}
- ADD: a new memory; "text" is one short sentence; no "id".
- UPDATE: "id" of an existing memory and its corrected "text".
- DELETE: "id" of an existing memory the user contradicted or asked to forget.
- NONE: nothing to change.
Use only ids from the existing list. At most 20 operations.`

// extractOp is one validated operation; ID is a memory id.
type extractOp struct {
	Op, ID, Text, Kind string
}

func rejected(why string) error { return fmt.Errorf("%w: %s", ErrBadExtraction, why) }

// Extract asks the model c which memories of moduleID's scope to add,
// update or delete after an exchange, validates the reply strictly and
// applies it in one transaction. Any invalid reply changes nothing and
// returns ErrBadExtraction with a reason that never quotes the reply.
// Sensitive memories are never shown to the model (its endpoint may not be
// local), so it cannot change them. Text in <private> tags is replaced by
// "[private]" (private.Redact) before it leaves this function. Every outcome that says
// something about the model (a usable reply, a bad one, a server error or
// timeout) is recorded in the module's extraction health.
func (s *Service) Extract(ctx context.Context, moduleID string, c Completer, userText, assistantText, sessionID, messageID string) (applied int, err error) {
	if moduleID == "" || moduleID == SharedScope {
		return 0, fmt.Errorf("%w: extraction needs a module", ErrInvalid)
	}
	ops, fromModel, err := s.proposeOps(ctx, moduleID, c, userText, assistantText)
	if err != nil {
		if kind, ok := failureKind(ctx, err, fromModel); ok {
			if herr := s.recordExtraction(ctx, moduleID, kind); herr != nil {
				err = errors.Join(err, herr)
			}
		}
		return 0, err
	}
	applied, err = s.applyOps(ctx, moduleID, ops, sessionID, messageID)
	// Recorded once the memories are saved, so a panel that sees the
	// success also sees them. A failed health write never undoes a usable
	// reply; operations the content rules refuse count as a bad reply.
	if kind, ok := failureKind(ctx, err, false); ok {
		_ = s.recordExtraction(ctx, moduleID, kind)
	}
	return applied, err
}

// proposeOps asks the model and reads its reply. fromModel reports that
// err came from the model call itself.
func (s *Service) proposeOps(ctx context.Context, moduleID string, c Completer, userText, assistantText string) (ops []extractOp, fromModel bool, err error) {
	existing, err := s.extractContext(ctx, moduleID, userText+" "+assistantText)
	if err != nil {
		return nil, false, err
	}
	ids := map[string]string{} // short id shown to the model -> memory id
	type shown struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		Kind string `json:"kind"`
	}
	list := []shown{}
	for i, m := range existing {
		short := strconv.Itoa(i + 1) // short ids: models copy them more reliably than hex
		ids[short] = m.ID
		list = append(list, shown{short, m.Text, m.Kind})
	}
	prompt, err := json.Marshal(struct {
		Existing  []shown `json:"existing_memories"`
		User      string  `json:"user_message"`
		Assistant string  `json:"assistant_reply"`
	}{list, clip(private.Redact(userText)), clip(assistantText)})
	if err != nil {
		return nil, false, fmt.Errorf("build extraction prompt: %w", err)
	}
	reply, err := c.Complete(ctx, extractSystem, string(prompt))
	if err != nil {
		return nil, true, fmt.Errorf("extract memories: %w", err)
	}
	ops, err = parseOps(reply, ids)
	return ops, false, err
}

func clip(s string) string {
	if len(s) <= maxExchangeChars {
		return s
	}
	s = s[:maxExchangeChars]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// extractContext picks the scope's memories the model gets to see: the
// most relevant to the exchange, then the most recent. Never sensitive ones.
func (s *Service) extractContext(ctx context.Context, moduleID, exchange string) ([]Memory, error) {
	var out []Memory
	seen := map[string]bool{}
	add := func(ms []Memory) {
		for _, m := range ms {
			if !seen[m.ID] && m.Sensitivity != Sensitive && len(out) < maxExtractContext {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
	}
	q, err := rareQuery(ctx, s.stmts, exchange)
	if err != nil {
		return nil, err
	}
	if q != "" {
		ms, err := collect(s.db.QueryContext(ctx, `SELECT `+prefixed+` FROM memories_fts
			JOIN memories m ON m.seq = memories_fts.rowid
			WHERE memories_fts MATCH ? AND m.scope = ?
			ORDER BY bm25(memories_fts) LIMIT ?`, q, moduleID, maxExtractContext*3/4))
		if err != nil {
			return nil, fmt.Errorf("extraction context: %w", err)
		}
		add(ms)
	}
	recent, err := collect(s.db.QueryContext(ctx, `SELECT `+memCols+` FROM memories WHERE scope = ?
		ORDER BY updated_at DESC LIMIT ?`, moduleID, maxExtractContext))
	if err != nil {
		return nil, fmt.Errorf("extraction context: %w", err)
	}
	add(recent)
	return out, nil
}

// parseOps reads a reply (see decodeReply for the shapes accepted) and
// validates every operation, mapping short ids to memory ids. It rejects
// the whole reply on the first problem.
func parseOps(reply string, ids map[string]string) ([]extractOp, error) {
	raw, err := decodeReply(reply)
	if err != nil {
		return nil, err
	}
	if len(raw) > maxExtractOps {
		return nil, rejected("too many operations")
	}
	touched := map[string]bool{}
	var out []extractOp
	for i, r := range raw {
		bad := func(why string) error { return rejected(fmt.Sprintf("operation %d: %s", i+1, why)) }
		op := extractOp{
			Op:   strings.ToUpper(strings.TrimSpace(string(r.Op))),
			ID:   strings.TrimSpace(string(r.ID)),
			Text: string(r.Text),
			Kind: strings.ToLower(strings.TrimSpace(string(r.Kind))),
		}
		if op.Kind != "" && checkKind(op.Kind) != nil {
			return nil, bad("unknown kind")
		}
		switch op.Op {
		case "NONE":
			continue
		case "ADD":
			if op.ID != "" {
				return nil, bad("ADD with an id")
			}
		case "UPDATE", "DELETE":
			id, ok := ids[op.ID]
			if !ok {
				return nil, bad("unknown id")
			}
			if touched[id] {
				return nil, bad("id used twice")
			}
			touched[id], op.ID = true, id
		default:
			return nil, bad("unknown op")
		}
		if op.Op != "DELETE" {
			text, err := cleanText(op.Text)
			if err != nil {
				return nil, bad("text is empty or too long")
			}
			op.Text = text
		}
		out = append(out, op)
	}
	return out, nil
}

func (s *Service) applyOps(ctx context.Context, moduleID string, ops []extractOp, sessionID, messageID string) (int, error) {
	if len(ops) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("apply extraction: %w", err)
	}
	defer tx.Rollback()
	deleted := 0
	for _, op := range ops {
		switch op.Op {
		case "ADD":
			_, err = s.add(ctx, tx, moduleID, Memory{Text: op.Text, Kind: op.Kind, SourceSession: sessionID, SourceMessage: messageID})
		case "UPDATE":
			_, err = s.update(ctx, tx, moduleID, op.ID, op.Text, op.Kind, "")
		case "DELETE":
			var n int64
			if err = erase.SecureDelete(ctx, tx, erase.MemoriesFTS); err != nil {
				break
			}
			if n, err = forgetWhere(ctx, tx, `id = ? AND scope = ?`, op.ID, moduleID); err == nil && n == 0 {
				err = ErrNotFound // moved or forgotten since the prompt was built
			}
			deleted++
		}
		if err != nil {
			return 0, fmt.Errorf("apply extraction: %w", err)
		}
	}
	if deleted > 0 {
		if err := store.Audit(ctx, tx, "memory.forget", fmt.Sprintf("scope=%s count=%d extraction", moduleID, deleted)); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("apply extraction: %w", err)
	}
	s.wrote(ctx)
	if deleted > 0 {
		s.scrub(ctx)
	}
	return len(ops), nil
}
