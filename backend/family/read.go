package family

import (
	"context"
	"fmt"
	"path/filepath"

	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// ChatLine is one message of a child's chat as the guardian reads it.
type ChatLine struct {
	Module  string `json:"module"`
	Session string `json:"session"`
	Title   string `json:"title"`
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ReadChats returns child's saved chats, oldest first, if and only if the
// child's policy lets the guardian read them (Policy.GuardianReads, chosen
// at set-up and shown to both). Otherwise the error matches ErrNotAllowed
// and the child's database is not opened. A read is recorded in the
// child's audit log. The guardian key slot is what makes this possible at
// all (see THREAT-MODEL.md): the limit is the app's, not the cipher's.
func (s *Service) ReadChats(ctx context.Context, g Guardian, child string) ([]ChatLine, error) {
	r, err := s.child(ctx, g, child)
	if err != nil {
		return nil, err
	}
	if !r.Policy.GuardianReads {
		return nil, refuse(ErrNotAllowed, fmt.Sprintf("%s's chats are private: reading them was not chosen when the family rules were set.", r.Name))
	}
	keys, ok, err := loadKeys(ctx, g.DB)
	if err != nil || !ok {
		if err == nil {
			err = notChild(r.Name)
		}
		return nil, err
	}
	dir := s.profiles.Dir(r.ID)
	key, err := openGuardianSlot(dir, keys.id)
	if err != nil {
		return nil, fmt.Errorf("read chats: %w", err)
	}
	defer vault.Zero(key)
	db, err := store.Open(ctx, filepath.Join(dir, profile.DBFileName), key, store.Options{MustExist: true})
	if err != nil {
		return nil, fmt.Errorf("read chats: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT s.module_id, s.id, s.title, m.role, m.content FROM messages m
		JOIN sessions s ON s.id = m.session_id ORDER BY s.created_at, s.id, m.seq`)
	if err != nil {
		return nil, fmt.Errorf("read chats: %w", err)
	}
	defer rows.Close()
	out := []ChatLine{}
	for rows.Next() {
		var l ChatLine
		if err := rows.Scan(&l.Module, &l.Session, &l.Title, &l.Role, &l.Content); err != nil {
			return nil, fmt.Errorf("read chats: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read chats: %w", err)
	}
	if err := store.Audit(ctx, db, "family_guardian_read", "guardian="+g.Profile.ID); err != nil {
		return nil, err
	}
	return out, nil
}
