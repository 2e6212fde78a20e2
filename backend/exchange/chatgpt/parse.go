package chatgpt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"

	"hearth/backend/apperr"
	"hearth/backend/exchange/internal/utf8check"
)

type rawConversation struct {
	Title          string             `json:"title"`
	CreateTime     *float64           `json:"create_time"`
	UpdateTime     *float64           `json:"update_time"`
	Mapping        map[string]rawNode `json:"mapping"`
	CurrentNode    string             `json:"current_node"`
	ConversationID string             `json:"conversation_id"`
	ID             string             `json:"id"`
}

type rawNode struct {
	ID       string      `json:"id"`
	Message  *rawMessage `json:"message"`
	Parent   *string     `json:"parent"`
	Children []string    `json:"children"`
}

type rawMessage struct {
	Author struct {
		Role string `json:"role"`
	} `json:"author"`
	Content struct {
		ContentType string            `json:"content_type"`
		Parts       []json.RawMessage `json:"parts"`
	} `json:"content"`
	CreateTime *float64 `json:"create_time"`
	Recipient  string   `json:"recipient"`
	Metadata   struct {
		ModelSlug string `json:"model_slug"`
		Hidden    bool   `json:"is_visually_hidden_from_conversation"`
	} `json:"metadata"`
}

// Parse reads conversations.json from r and calls fn with each
// conversation, flattened to its visible thread, in file order.
// Conversations with no visible message are skipped.
func Parse(r io.Reader, lim Limits, fn func(*Conversation) error) error {
	total := &window{r: r, max: lim.MaxBytes, what: "The ChatGPT export is larger than Hearth imports at once"}
	conv := &window{r: utf8check.NewReader(total), max: lim.MaxConversationBytes, what: "A ChatGPT conversation is larger than Hearth imports"}
	dec := json.NewDecoder(conv)
	tok, err := dec.Token()
	if err != nil {
		return wrap(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return invalid(nil, "it is not a list of conversations")
	}
	seen := map[string]bool{}
	for i := 1; dec.More(); i++ {
		if i > lim.MaxConversations {
			return tooLarge("The ChatGPT export holds more than %d conversations, more than Hearth imports at once.", lim.MaxConversations)
		}
		conv.n = 0
		var rc rawConversation
		if err := dec.Decode(&rc); err != nil {
			return wrapAt(err, i)
		}
		id := rc.ConversationID
		if id == "" {
			id = rc.ID
		}
		if id != "" {
			if seen[id] {
				return invalid(nil, "conversation %d repeats the id of an earlier one", i)
			}
			seen[id] = true
		}
		c, err := flatten(&rc, i, lim)
		if err != nil {
			return err
		}
		c.ID = id
		if len(c.Messages) == 0 {
			continue
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return wrap(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return invalid(nil, "there is data after the list")
		}
		return wrap(err)
	}
	return nil
}

func flatten(rc *rawConversation, i int, lim Limits) (*Conversation, error) {
	if rc.Mapping == nil {
		return nil, invalid(nil, "conversation %d has no mapping", i)
	}
	if len(rc.Mapping) > lim.MaxNodes {
		return nil, tooLarge("ChatGPT conversation %d has more than %d messages, more than Hearth imports.", i, lim.MaxNodes)
	}
	for key, n := range rc.Mapping {
		if n.ID != "" && n.ID != key {
			return nil, invalid(nil, "conversation %d has a node whose id differs from its key", i)
		}
	}
	c := &Conversation{Title: strings.TrimSpace(rc.Title), CreatedAt: millis(rc.CreateTime), UpdatedAt: millis(rc.UpdateTime)}
	leaf := rc.CurrentNode
	if leaf == "" {
		leaf = lastLeaf(rc.Mapping)
	} else if _, ok := rc.Mapping[leaf]; !ok {
		return nil, invalid(nil, "conversation %d has a current_node that is not in its mapping", i)
	}
	// Walk from the leaf to the root; the thread is that path reversed.
	var path []*rawNode
	visited := map[string]bool{}
	for id := leaf; id != ""; {
		n, ok := rc.Mapping[id]
		if !ok {
			break // a parent outside the mapping ends the thread
		}
		if visited[id] {
			return nil, invalid(nil, "conversation %d has a loop in its parent links", i)
		}
		visited[id] = true
		path = append(path, &n)
		if n.Parent == nil {
			break
		}
		id = *n.Parent
	}
	for j := len(path) - 1; j >= 0; j-- {
		m, err := visible(path[j].Message, i, lim)
		if err != nil {
			return nil, err
		}
		if m != nil {
			if m.CreatedAt == 0 {
				m.CreatedAt = c.CreatedAt
			}
			c.Messages = append(c.Messages, *m)
		}
	}
	return c, nil
}

// lastLeaf picks a thread when current_node is absent (very old exports):
// from the root, always the last child.
func lastLeaf(mapping map[string]rawNode) string {
	var root string
	for id, n := range mapping {
		if n.Parent == nil || *n.Parent == "" {
			if root == "" || id < root { // deterministic if several
				root = id
			}
		}
	}
	id := root
	for steps := 0; steps <= len(mapping); steps++ {
		n, ok := mapping[id]
		if !ok || len(n.Children) == 0 {
			return id
		}
		next := n.Children[len(n.Children)-1]
		if _, ok := mapping[next]; !ok {
			return id
		}
		id = next
	}
	return id
}

// visible returns the message as a person saw it, or nil if they did not.
func visible(m *rawMessage, i int, lim Limits) (*Message, error) {
	if m == nil || m.Metadata.Hidden {
		return nil, nil
	}
	role := m.Author.Role
	if role != "user" && role != "assistant" {
		return nil, nil // system, tool, critic, …
	}
	if m.Recipient != "" && m.Recipient != "all" {
		return nil, nil // a call addressed to a tool (browser, python, dalle)
	}
	switch m.Content.ContentType {
	case "text", "multimodal_text":
	default:
		return nil, nil // code, execution_output, thoughts, user_editable_context, …
	}
	var parts []string
	for _, raw := range m.Content.Parts {
		s, err := partText(raw)
		if err != nil {
			return nil, invalid(err, "conversation %d has a message part of the wrong type", i)
		}
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	text := strings.TrimSpace(strings.Join(parts, "\n\n"))
	if text == "" {
		return nil, nil
	}
	if len(text) > lim.MaxTextBytes {
		return nil, tooLarge("A message in ChatGPT conversation %d is longer than %d bytes, more than Hearth imports.", i, lim.MaxTextBytes)
	}
	out := &Message{Role: role, Content: text, CreatedAt: millis(m.CreateTime)}
	if role == "assistant" {
		out.Model = m.Metadata.ModelSlug
	}
	return out, nil
}

// partText renders one element of content.parts: strings as they are,
// voice transcripts as their text, images as "[image]", other attachments
// as "[attachment]".
func partText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '{':
		var obj struct {
			ContentType string `json:"content_type"`
			Text        string `json:"text"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil {
			return "", err
		}
		switch {
		case obj.ContentType == "audio_transcription":
			return obj.Text, nil
		case obj.ContentType == "image_asset_pointer":
			return "[image]", nil
		case strings.Contains(obj.ContentType, "audio"):
			return "", nil // the transcript, if any, is its own part
		}
		return "[attachment]", nil
	}
	return "", errors.New("a part is neither text nor an object")
}

// millis converts ChatGPT's fractional unix seconds; impossible values are 0.
func millis(sec *float64) int64 {
	if sec == nil || math.IsNaN(*sec) || *sec <= 0 || *sec > 253402300799 {
		return 0
	}
	return int64(math.Round(*sec * 1000))
}

func wrapAt(err error, i int) error {
	var e *apperr.Error
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &e):
		return err
	case errors.As(err, &typ):
		return invalid(err, "conversation %d has a field %q of the wrong type", i, typ.Field)
	}
	return wrap(err)
}

func wrap(err error) error {
	var e *apperr.Error
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &e):
		return err
	case errors.As(err, &typ):
		// Found by FuzzParseChatGPT: a number too large for float64 at the top.
		return invalid(err, "it holds a %s where a list of conversations was expected", typ.Value)
	case errors.Is(err, utf8check.ErrInvalid):
		return invalid(err, "the text is not valid UTF-8")
	case errors.As(err, &syn):
		return invalid(err, "it is not valid JSON (near byte %d)", syn.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid(err, "it ends too early")
	}
	return err
}

// window fails once more than max bytes were read since n was last reset.
type window struct {
	r    io.Reader
	n    int64
	max  int64
	what string
}

func (w *window) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	w.n += int64(n)
	if w.n > w.max {
		return 0, tooLarge("%s (more than %d bytes).", w.what, w.max)
	}
	return n, err
}
