package exchange_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/exchange"
)

func TestImportChatGPT(t *testing.T) {
	sample, err := os.ReadFile("testdata/chatgpt/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"JSON", sample},
		// The ZIP ChatGPT mails holds conversations.json next to chat.html and files.
		{"ZIP", buildZip(t, []entry{{"chat.html", "<html></html>"}, {"file-abc.png", "\x89PNG"},
			{"conversations.json", string(sample)}, {"user.json", "{}"}})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			addModule(t, db, "kitchen", "Kitchen", true)
			st, err := exchange.ImportChatGPTFile(ctx, db, writeTemp(t, "in", tc.data), "kitchen", exchange.ChatGPTOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if st.Sessions != 4 || st.Messages != 10 {
				t.Errorf("stats %+v", st)
			}
			if n := count(t, db, `SELECT count(*) FROM sessions WHERE module_id = 'kitchen'`); n != 4 {
				t.Errorf("%d sessions", n)
			}
			var title string
			db.QueryRowContext(ctx, `SELECT title FROM sessions WHERE created_at = 1712004000000`).Scan(&title)
			if title != "ChatGPT conversation" {
				t.Errorf("untitled session is %q", title)
			}
			var thread []string
			rows, _ := db.QueryContext(ctx, `SELECT m.role || ': ' || m.content FROM messages m JOIN sessions s ON s.id = m.session_id
				WHERE s.title = 'Sourdough starter help' ORDER BY m.seq`)
			for rows.Next() {
				var s string
				rows.Scan(&s)
				thread = append(thread, s)
			}
			rows.Close()
			want := "user: My starter smells like acetone after 5 days. Is it dead?|assistant: No — acetone means it is hungry. Feed it 1:1:1 twice a day.|user: Thanks! 🍞|assistant: You're welcome.\n\nHappy baking."
			if got := strings.Join(thread, "|"); got != want {
				t.Errorf("thread:\n%s\nwant\n%s", got, want)
			}
			if n := count(t, db, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'acetone'`); n != 2 {
				t.Errorf("fts hits %d", n)
			}
			if d := auditDetail(t, db, "import"); d != "format=chatgpt scope=module:kitchen sessions=4 messages=10" {
				t.Errorf("audit %q", d)
			}
		})
	}
	t.Run("Errors", func(t *testing.T) {
		db := openDB(t)
		addModule(t, db, "kitchen", "Kitchen", true)
		before := dump(t, db)
		bad := strings.Replace(string(sample), `"Say hi"`, `42`, 1)
		for _, tc := range []struct {
			name, module string
			data         []byte
			kind         error
		}{
			{"ErrModuleNotFound", "nope", sample, exchange.ErrModuleNotFound},
			// The bad part is in the last conversation, after four were inserted.
			{"WrongTypeLate", "kitchen", []byte(bad), exchange.ErrInvalid},
			{"Truncated", "kitchen", sample[:len(sample)-40], exchange.ErrInvalid},
			{"BadUTF8", "kitchen", []byte(strings.Replace(string(sample), "Lyon", "Ly\xc3on", 1)), exchange.ErrInvalid},
			{"ZipWithoutConversations", "kitchen", buildZip(t, []entry{{"chat.html", "x"}}), exchange.ErrInvalid},
			{"ZipSlip", "kitchen", buildZip(t, []entry{{"../conversations.json", "[]"}}), exchange.ErrUnsafe},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := exchange.ImportChatGPTFile(ctx, db, writeTemp(t, "in", tc.data), tc.module, exchange.ChatGPTOptions{})
				if !errors.Is(err, tc.kind) {
					t.Fatalf("want %v, got %v", tc.kind, err)
				}
				if !strings.HasSuffix(apperr.Message(err), ".") || apperr.Code(err) != apperr.Invalid {
					t.Errorf("message %q (%s)", apperr.Message(err), apperr.Code(err))
				}
				if dump(t, db) != before {
					t.Error("profile changed by a failed import")
				}
			})
		}
	})
}
