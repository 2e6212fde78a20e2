package chat_test

import (
	"context"
	"testing"
	"time"

	"hearth/backend/chat"
	"hearth/backend/module"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// clock returns a fake clock that advances 1 ms per call, so ordering by
// time is deterministic.
func clock() func() time.Time {
	t := time.UnixMilli(1_700_000_000_000)
	return func() time.Time { t = t.Add(time.Millisecond); return t }
}

func newStore(t *testing.T) (*chat.Store, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	if err := module.NewService(db, time.Now).Seed(ctx); err != nil {
		t.Fatal(err)
	}
	return chat.NewStore(db, clock()), db
}

func mustSession(t *testing.T, s *chat.Store, moduleID, title string) chat.Session {
	t.Helper()
	x, err := s.CreateSession(context.Background(), moduleID, title)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func mustMessage(t *testing.T, s *chat.Store, moduleID, sessionID, role, content string) chat.Message {
	t.Helper()
	m, err := s.AddMessage(context.Background(), moduleID, chat.Message{SessionID: sessionID, Role: role, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
