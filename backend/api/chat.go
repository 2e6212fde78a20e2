package api

import (
	"context"
	"errors"

	"hearth/backend/apperr"
	"hearth/backend/chat"
	"hearth/backend/household"
	"hearth/backend/memory"
	"hearth/backend/store"
)

// Chat runs turns. Replies stream as chat:* events; the calls return as
// soon as the user's message is stored.
type Chat struct{ b *Backend }

// turnStart is what a waiting call learns when its turn has begun.
type turnStart struct {
	turnID    string
	sessionID string
	msg       chat.Message
}

// SendRequest is one message from the composer.
type SendRequest struct {
	ModuleID  string `json:"moduleId"`
	SessionID string `json:"sessionId"` // "" = new session
	Temporary bool   `json:"temporary"`
	Text      string `json:"text"`
}

// SendResult identifies the running turn.
type SendResult struct {
	TurnID      string       `json:"turnId"`
	SessionID   string       `json:"sessionId"`
	UserMessage chat.Message `json:"userMessage"`
}

// TurnRef identifies a running Regenerate or Continue.
type TurnRef struct {
	TurnID    string `json:"turnId"`
	SessionID string `json:"sessionId"`
}

// Send stores the user's message and starts the reply.
func (c *Chat) Send(req SendRequest) (SendResult, error) {
	ws, err := c.b.workspace()
	if err != nil {
		return SendResult{}, err
	}
	turnID := store.NewID()
	st, err := c.b.startTurn(turnID, func(ctx context.Context) (chat.TurnResult, error) {
		return ws.Engine.Send(ctx, chat.SendRequest{ModuleID: req.ModuleID, SessionID: req.SessionID,
			Temporary: req.Temporary, Text: req.Text, TurnID: turnID})
	})
	if err != nil {
		return SendResult{}, c.b.fail("chat.send", err)
	}
	return SendResult{TurnID: st.turnID, SessionID: st.sessionID, UserMessage: st.msg}, nil
}

// Stop cancels a running turn; the partial reply is kept as interrupted.
func (c *Chat) Stop(turnID string) error {
	ws, err := c.b.workspace()
	if err != nil {
		return err
	}
	ws.Engine.Stop(turnID)
	return nil
}

// Regenerate replaces the last reply of a session.
func (c *Chat) Regenerate(moduleID, sessionID string) (TurnRef, error) {
	ws, err := c.b.workspace()
	if err != nil {
		return TurnRef{}, err
	}
	st, err := c.b.startTurn("s:"+sessionID, func(ctx context.Context) (chat.TurnResult, error) {
		return ws.Engine.Regenerate(ctx, moduleID, sessionID)
	})
	if err != nil {
		return TurnRef{}, c.b.fail("chat.regenerate", err)
	}
	return TurnRef{TurnID: st.turnID, SessionID: st.sessionID}, nil
}

// Continue extends an interrupted reply.
func (c *Chat) Continue(moduleID, sessionID string) (TurnRef, error) {
	ws, err := c.b.workspace()
	if err != nil {
		return TurnRef{}, err
	}
	st, err := c.b.startTurn("s:"+sessionID, func(ctx context.Context) (chat.TurnResult, error) {
		return ws.Engine.Continue(ctx, moduleID, sessionID)
	})
	if err != nil {
		return TurnRef{}, c.b.fail("chat.continue", err)
	}
	return TurnRef{TurnID: st.turnID, SessionID: st.sessionID}, nil
}

// UsedMemories returns the memories a reply was given (those still kept).
func (c *Chat) UsedMemories(moduleID, messageID string) ([]memory.Memory, error) {
	ws, err := c.b.workspace()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	m, err := ws.Chats.GetMessage(ctx, moduleID, messageID)
	if err != nil {
		return nil, c.b.fail("chat.used", err)
	}
	out := []memory.Memory{}
	for _, id := range m.UsedMemories {
		mem, err := ws.Memory.Get(ctx, moduleID, id)
		if errors.Is(err, memory.ErrNotFound) {
			mem, err = ws.Memory.Get(ctx, memory.SharedScope, id)
		}
		if err == nil {
			out = append(out, mem)
		}
	}
	return out, nil
}

// startTurn runs fn in the background and waits until its turn has begun
// (the user's message is stored) or fn failed before that.
func (b *Backend) startTurn(key string, fn func(ctx context.Context) (chat.TurnResult, error)) (turnStart, error) {
	w := make(chan turnStart, 1)
	b.mu.Lock()
	if _, busy := b.waiters[key]; busy {
		b.mu.Unlock()
		return turnStart{}, chat.ErrBusy
	}
	b.waiters[key] = w
	b.mu.Unlock()
	errc := make(chan error, 1)
	go func() {
		_, err := fn(b.ctx)
		if err != nil {
			b.log.Info("turn ended with a fault", "code", household.Describe(err).Code, "err", err)
		}
		errc <- err
	}()
	select {
	case st := <-w:
		return st, nil
	case err := <-errc:
		b.mu.Lock()
		delete(b.waiters, key)
		b.mu.Unlock()
		select { // the start may have raced the failure
		case st := <-w:
			return st, nil
		default:
		}
		if err == nil {
			err = apperr.New(apperr.Internal, "The reply could not be started.")
		}
		return turnStart{}, err
	}
}
