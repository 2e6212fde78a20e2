package household_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth/backend/applog"
	"hearth/backend/chat"
	"hearth/backend/household"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/profile"
	"hearth/backend/vault"
)

// env is a real Household over a temporary data folder: encrypted profiles with
// cheap key derivation, a fake keychain, a fake LLM server, an injected
// clock, and a record of the log, the chat events and the locks.
type env struct {
	t      *testing.T
	dir    string
	kc     *keychaintest.Fake
	clock  *clock
	log    string // hearth.log of the Cores made
	srv    *llmtest.Server
	events *eventLog
	locks  chan string
	c      *household.Household
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), kc: keychaintest.New(), clock: newClock(),
		log: filepath.Join(t.TempDir(), "hearth.log"), srv: llmtest.NewServer(t, "fake-model"), events: &eventLog{}, locks: make(chan string, 64)}
	e.c = e.newCore()
	t.Cleanup(func() { e.c.Close(context.Background()) })
	return e
}

// newCore builds a Household over e's folder, keychain, clock and records (a
// second one after the first was closed).
func (e *env) newCore() *household.Household {
	f, err := applog.OpenFile(e.log, 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { f.Close() })
	return household.New(household.Config{
		DataDir:  e.dir,
		Keychain: e.kc,
		KDF:      vault.LowSecurityKDFParams(),
		Logger:   applog.New(f, slog.LevelDebug),
		Now:      e.clock.Now,
		Emit:     e.events.add,
		OnLock:   func(reason string) { e.locks <- reason },
	})
}

// create makes a keychain profile.
func (e *env) create(name string) string {
	e.t.Helper()
	p, _, err := e.c.CreateProfile(context.Background(), profile.CreateRequest{Name: name, Protection: vault.ModeKeychain})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.ID
}

// unlock opens profile id.
func (e *env) unlock(id string) *household.Workspace {
	e.t.Helper()
	ws, _, err := e.c.Unlock(context.Background(), id, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return ws
}

// open creates and opens a profile whose default endpoint is the fake server.
func (e *env) open(name string) (string, *household.Workspace) {
	e.t.Helper()
	id := e.create(name)
	ws := e.unlock(id)
	if _, err := ws.Endpoints.Add(context.Background(), llm.EndpointInput{Name: "Test", BaseURL: e.srv.URL, DefaultModel: "fake-model"}); err != nil {
		e.t.Fatal(err)
	}
	return id, ws
}

// waitLock returns the reason of the next lock.
func (e *env) waitLock() string {
	e.t.Helper()
	select {
	case r := <-e.locks:
		return r
	case <-time.After(30 * time.Second):
		e.t.Fatal("the profile was not locked")
		return ""
	}
}

// noClosedDB fails if anything was written to (or read from) a database
// that was already closed.
func (e *env) noClosedDB() {
	e.t.Helper()
	b, err := os.ReadFile(e.log)
	if err != nil {
		e.t.Fatal(err)
	}
	if strings.Contains(string(b), "database is closed") {
		e.t.Fatalf("a turn used the closed database:\n%s", b)
	}
}

// turn is a Send running in the background.
type turn struct {
	id   string
	done chan struct{}
	res  chat.TurnResult
	err  error
}

// startTurn sends text to the writer module on ws and waits until the
// reply's first chunk (want) was shown. It may run on any goroutine.
func (e *env) startTurn(ws *household.Workspace, text, want string) *turn {
	tr := &turn{id: text, done: make(chan struct{})}
	go func() {
		defer close(tr.done)
		tr.res, tr.err = ws.Engine.Send(context.Background(), chat.SendRequest{ModuleID: "writer", Text: text, TurnID: tr.id})
	}()
	deadline := time.Now().Add(30 * time.Second)
	for e.events.deltas(tr.id) != want {
		select {
		case <-tr.done:
			e.t.Errorf("turn ended before streaming %q: %v", want, tr.err)
			return tr
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			e.t.Errorf("deltas so far %q", e.events.deltas(tr.id))
			return tr
		}
	}
	return tr
}

func (tr *turn) wait(t *testing.T) {
	t.Helper()
	select {
	case <-tr.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the turn did not end")
	}
}

// kept checks that the turn's reply was stored as interrupted with the
// text shown so far and its session titled, as Send reported it.
func (tr *turn) kept(t *testing.T, want string) {
	t.Helper()
	tr.wait(t)
	if tr.err != nil {
		t.Fatalf("Send: %v", tr.err)
	}
	if r := tr.res.Reply; r.Status != chat.StatusInterrupted || r.Content != want {
		t.Fatalf("reply %q (%s), want %q interrupted", r.Content, r.Status, want)
	}
	if tr.res.Session.Title == "" {
		t.Fatal("the session has no title")
	}
}

// stored checks what ws's database holds for tr's session: the interrupted
// reply and the title.
func (tr *turn) stored(t *testing.T, ws *household.Workspace, want string) {
	t.Helper()
	ctx := context.Background()
	sess, err := ws.Chats.GetSession(ctx, "writer", tr.res.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := ws.Chats.Messages(ctx, "writer", sess.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[1].Status != chat.StatusInterrupted || msgs[1].Content != want {
		t.Fatalf("stored messages %+v", msgs)
	}
	if sess.Title == "" {
		t.Fatal("stored session has no title")
	}
}

// clock is an injected clock that can run a hook on its next reading.
type clock struct {
	mu   sync.Mutex
	now  time.Time
	hook func()
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	h := c.hook
	c.hook = nil
	c.mu.Unlock()
	if h != nil {
		h()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// AdvanceThen moves the clock by d and runs h at the next reading, before
// that reading returns.
func (c *clock) AdvanceThen(d time.Duration, h func()) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.hook = h
	c.mu.Unlock()
}

// eventLog records chat events.
type eventLog struct {
	mu  sync.Mutex
	all []chat.Event
}

func (l *eventLog) add(ev chat.Event) {
	l.mu.Lock()
	l.all = append(l.all, ev)
	l.mu.Unlock()
}

// deltas is the reply text streamed so far by turn id.
func (l *eventLog) deltas(id string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, ev := range l.all {
		if ev.TurnID == id && ev.Type == chat.EventDelta {
			b.WriteString(ev.Text)
		}
	}
	return b.String()
}
