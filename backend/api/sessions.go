package api

import (
	"context"
	"errors"

	"hearth/backend/chat"
)

// Sessions are a module's conversations.
type Sessions struct{ b *Backend }

// List returns a module's sessions, newest first.
func (s *Sessions) List(moduleID string, limit, offset int) ([]chat.Session, error) {
	ws, err := s.b.workspace()
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	out, err := ws.Chats.ListSessions(context.Background(), moduleID, limit, max(offset, 0))
	if out == nil {
		out = []chat.Session{}
	}
	return out, s.b.fail("sessions.list", err)
}

// Create starts an empty session in a module.
func (s *Sessions) Create(moduleID string) (chat.Session, error) {
	ws, err := s.b.workspace()
	if err != nil {
		return chat.Session{}, err
	}
	out, err := ws.Chats.CreateSession(context.Background(), moduleID, "")
	return out, s.b.fail("sessions.create", err)
}

// Rename sets a session's title.
func (s *Sessions) Rename(moduleID, sessionID, title string) error {
	ws, err := s.b.workspace()
	if err != nil {
		return err
	}
	return s.b.fail("sessions.rename", ws.Chats.RenameSession(context.Background(), moduleID, sessionID, title))
}

// Delete removes a session and its messages for good.
func (s *Sessions) Delete(moduleID, sessionID string) error {
	ws, err := s.b.workspace()
	if err != nil {
		return err
	}
	if ws.Engine.EndTemporary(moduleID, sessionID) {
		return nil
	}
	return s.b.fail("sessions.delete", ws.Chats.DeleteSession(context.Background(), moduleID, sessionID))
}

// Messages returns a session's messages, oldest first (temporary ones too).
func (s *Sessions) Messages(moduleID, sessionID string) ([]chat.Message, error) {
	ws, err := s.b.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Chats.Messages(context.Background(), moduleID, sessionID, 0)
	if errors.Is(err, chat.ErrNotFound) {
		if tmp, terr := ws.Engine.TemporaryMessages(moduleID, sessionID); terr == nil {
			return tmp, nil
		}
	}
	if out == nil {
		out = []chat.Message{}
	}
	return out, s.b.fail("sessions.messages", err)
}

// Search finds messages across the open profile (moduleID "" = all modules).
func (s *Sessions) Search(query, moduleID string) ([]chat.Hit, error) {
	ws, err := s.b.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Chats.Search(context.Background(), query, moduleID, 50)
	if out == nil {
		out = []chat.Hit{}
	}
	return out, s.b.fail("sessions.search", err)
}
