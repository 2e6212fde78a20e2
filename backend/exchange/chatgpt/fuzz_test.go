package chatgpt

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"hearth/backend/apperr"
)

// FuzzParseChatGPT feeds arbitrary bytes to Parse. It must never panic,
// fail only with an *Error, and yield only non-empty, valid UTF-8 user or
// assistant messages. Seeds: testdata/fuzz/FuzzParseChatGPT.
func FuzzParseChatGPT(f *testing.F) {
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"title":"t","current_node":"b","mapping":{"a":{"id":"a","parent":null,"children":["b"],"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]}}},"b":{"id":"b","parent":"a","children":[],"message":{"author":{"role":"assistant"},"content":{"content_type":"multimodal_text","parts":[{"content_type":"image_asset_pointer"},"yo"]}}}}}]`))
	lim := Limits{MaxBytes: 1 << 20, MaxConversationBytes: 256 << 10, MaxConversations: 50, MaxNodes: 500, MaxTextBytes: 64 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := Parse(bytes.NewReader(data), lim, func(c *Conversation) error {
			n++
			if len(c.Messages) == 0 {
				t.Fatal("empty conversation yielded")
			}
			for _, m := range c.Messages {
				if m.Role != "user" && m.Role != "assistant" || m.Content == "" || !utf8.ValidString(m.Content) || len(m.Content) > lim.MaxTextBytes {
					t.Fatalf("bad message %+v", m)
				}
			}
			return nil
		})
		var e *apperr.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("unclassified error: %v", err)
		}
		if n > lim.MaxConversations {
			t.Fatalf("%d conversations", n)
		}
	})
}
