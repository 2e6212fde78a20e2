package chat_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth/backend/applog/applogtest"
	"hearth/backend/chat"
	"hearth/backend/llm"
	"hearth/backend/llm/llmtest"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// harness is a real profile (encrypted SQLite in a temp dir, seeded
// modules), the real services, an llmtest server and an engine recording
// its events and logs.
type harness struct {
	db     *store.DB
	st     *chat.Store
	mods   *module.Service
	mem    *memory.Service
	eps    *llm.Endpoints
	srv    *llmtest.Server
	ep     llm.Endpoint
	eng    *chat.Engine
	events *eventLog
	logs   *applogtest.Buffer
}

type harnessOpts struct {
	url        string       // endpoint base URL (default: the test server)
	apiKey     string       // stored key
	httpClient *http.Client // client transport
	client     llm.ClientOptions
	onEvent    func(*harness, chat.Event)
}

func newHarness(t testing.TB, o harnessOpts) *harness {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	h := &harness{db: db, st: chat.NewStore(db, time.Now), mods: module.NewService(db, time.Now),
		mem: memory.NewService(db, time.Now), eps: llm.NewEndpoints(db, time.Now), events: &eventLog{}, logs: &applogtest.Buffer{}}
	if err := h.mods.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	h.srv = llmtest.NewServer(t)
	url := o.url
	if url == "" {
		url = h.srv.URL
	}
	var err error
	h.ep, err = h.eps.Add(ctx, llm.EndpointInput{Name: "Test", BaseURL: url, DefaultModel: "fake-model", APIKey: o.apiKey})
	if err != nil {
		t.Fatal(err)
	}
	copts := o.client
	copts.HTTPClient = o.httpClient
	h.eng = chat.NewEngine(chat.EngineDeps{
		Store: h.st, Modules: h.mods, Memory: h.mem, Endpoints: h.eps, Client: llm.NewClient(copts),
		Logger: slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Emit: func(ev chat.Event) {
			h.events.add(ev)
			if o.onEvent != nil {
				o.onEvent(h, ev)
			}
		},
	})
	return h
}

// setPolicy changes a module's memory policy.
func (h *harness) setPolicy(t testing.TB, moduleID string, p module.Policy) {
	t.Helper()
	m, err := h.mods.Get(context.Background(), moduleID)
	if err != nil {
		t.Fatal(err)
	}
	m.Policy = p
	if _, err := h.mods.Update(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) remember(t testing.TB, moduleID, text, sensitivity string) memory.Memory {
	t.Helper()
	m, err := h.mem.Add(context.Background(), moduleID, memory.Memory{Text: text, Sensitivity: sensitivity})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (h *harness) messages(t testing.TB, moduleID, sessionID string) []chat.Message {
	t.Helper()
	msgs, err := h.st.Messages(context.Background(), moduleID, sessionID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// turnBodies are the raw bodies of the chat requests that carried the
// user's turn (not title or extraction requests).
func (h *harness) turnBodies() []string {
	var out []string
	for _, r := range h.srv.ChatRequests() {
		if len(r.Chat.Messages) > 0 && !isHousekeeping(r) {
			out = append(out, string(r.Body))
		}
	}
	return out
}

func isHousekeeping(r llmtest.Request) bool {
	sys := r.Chat.Messages[0].Content
	return strings.HasPrefix(sys, "Write a short title") || strings.HasPrefix(sys, "You maintain a short list of durable memories")
}

func (h *harness) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := h.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type eventLog struct {
	mu  sync.Mutex
	evs []chat.Event
}

func (l *eventLog) add(ev chat.Event) { l.mu.Lock(); l.evs = append(l.evs, ev); l.mu.Unlock() }

func (l *eventLog) all() []chat.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]chat.Event(nil), l.evs...)
}

func (l *eventLog) deltas(turnID string) string {
	var b strings.Builder
	for _, ev := range l.all() {
		if ev.Type == chat.EventDelta && ev.TurnID == turnID {
			b.WriteString(ev.Text)
		}
	}
	return b.String()
}

// last is the turn's last event before the session title and the
// extraction notice (which follow the reply).
func (l *eventLog) last(turnID string) chat.Event {
	evs := l.all()
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].TurnID == turnID && evs[i].Type != chat.EventTitle && evs[i].Type != chat.EventExtracted {
			return evs[i]
		}
	}
	return chat.Event{}
}
