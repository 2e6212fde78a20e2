package chat

import (
	"context"
	"sync"
	"time"

	"hearth/backend/store"
)

// transcript is where a turn reads history and writes messages: the
// profile database, or engine memory for a temporary session.
type transcript interface {
	session() Session
	add(ctx context.Context, m Message) (Message, error)
	update(ctx context.Context, m Message) error
	remove(ctx context.Context, id string) error
	history(ctx context.Context, lastN int) ([]Message, error)
	rename(ctx context.Context, title string) error
	// autoTitle sets the automatic title unless the session has one by now.
	autoTitle(ctx context.Context, title string) error
}

// storedTranscript is a session in the profile database.
type storedTranscript struct {
	st   MessageStore
	sess Session
}

func (s *storedTranscript) session() Session { return s.sess }

func (s *storedTranscript) add(ctx context.Context, m Message) (Message, error) {
	m.SessionID, m.ModuleID = s.sess.ID, s.sess.ModuleID
	return s.st.AddMessage(ctx, s.sess.ModuleID, m)
}

func (s *storedTranscript) update(ctx context.Context, m Message) error {
	return s.st.UpdateMessage(ctx, s.sess.ModuleID, m)
}

func (s *storedTranscript) remove(ctx context.Context, id string) error {
	return s.st.DeleteMessage(ctx, s.sess.ModuleID, id)
}

func (s *storedTranscript) history(ctx context.Context, lastN int) ([]Message, error) {
	return s.st.Messages(ctx, s.sess.ModuleID, s.sess.ID, lastN)
}

func (s *storedTranscript) autoTitle(ctx context.Context, title string) error {
	got, err := s.st.TitleUntitled(ctx, s.sess.ModuleID, s.sess.ID, title)
	if err != nil {
		return err
	}
	s.sess.Title = got
	return nil
}

func (s *storedTranscript) rename(ctx context.Context, title string) error {
	if err := s.st.RenameSession(ctx, s.sess.ModuleID, s.sess.ID, title); err != nil {
		return err
	}
	s.sess.Title = title
	return nil
}

// tempSession is a temporary conversation: it lives only in the engine's
// memory and disappears with EndTemporary or the process.
type tempSession struct {
	mu   sync.Mutex
	sess Session
	msgs []Message
	now  func() time.Time
	used time.Time // last activity, for eviction
}

func (t *tempSession) session() Session {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sess
}

func (t *tempSession) add(_ context.Context, m Message) (Message, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m.ID, m.SessionID, m.ModuleID = store.NewID(), t.sess.ID, t.sess.ModuleID
	m.CreatedAt = t.now().UnixMilli()
	if m.Status == "" {
		m.Status = StatusComplete
	}
	if m.UsedMemories == nil {
		m.UsedMemories = []string{}
	}
	if m.UsedPassages == nil {
		m.UsedPassages = []string{}
	}
	t.msgs = append(t.msgs, m)
	t.sess.UpdatedAt, t.used = m.CreatedAt, t.now()
	return m, nil
}

func (t *tempSession) update(_ context.Context, m Message) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.msgs {
		if t.msgs[i].ID == m.ID {
			m.SessionID, m.ModuleID, m.CreatedAt = t.msgs[i].SessionID, t.msgs[i].ModuleID, t.msgs[i].CreatedAt
			t.msgs[i] = m
			return nil
		}
	}
	return ErrNotFound
}

func (t *tempSession) remove(_ context.Context, id string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.msgs {
		if t.msgs[i].ID == id {
			t.msgs = append(t.msgs[:i], t.msgs[i+1:]...)
			return nil
		}
	}
	return ErrNotFound
}

func (t *tempSession) history(_ context.Context, lastN int) ([]Message, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	msgs := t.msgs
	if lastN > 0 && len(msgs) > lastN {
		msgs = msgs[len(msgs)-lastN:]
	}
	return append([]Message(nil), msgs...), nil
}

func (t *tempSession) autoTitle(_ context.Context, title string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sess.Title == "" {
		t.sess.Title = title
	}
	return nil
}

func (t *tempSession) rename(_ context.Context, title string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sess.Title = title
	return nil
}
