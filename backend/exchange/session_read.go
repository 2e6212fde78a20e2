package exchange

import (
	"encoding/json"
	"fmt"
	"io"

	"hearth/backend/exchange/internal/utf8check"
)

// readSession streams one sessions/*.json entry: the head fields, then the
// "messages" array one element at a time, so a session's size never has
// to fit in memory at once.
func readSession(r io.Reader, name string, lim Limits, mods map[string]struct{}, sessions map[string]struct{},
	seen *idSet, got *Counts, s sink) error {
	dec := json.NewDecoder(utf8check.NewReader(r))
	dec.DisallowUnknownFields()
	if err := expectDelim(dec, name, '{'); err != nil {
		return err
	}
	var head SessionRecord
	keys := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if keys[key] {
			return invalid(nil, name, "the key %q appears twice", key)
		}
		keys[key] = true
		var dst any
		switch key {
		case "id":
			dst = &head.ID
		case "moduleId":
			dst = &head.ModuleID
		case "title":
			dst = &head.Title
		case "createdAt":
			dst = &head.CreatedAt
		case "updatedAt":
			dst = &head.UpdatedAt
		case "messages":
			if err := startSession(&head, name, mods, sessions, got, s); err != nil {
				return err
			}
			if err := readMessages(dec, name, lim, seen, got, s); err != nil {
				return err
			}
			continue
		default:
			return invalid(nil, name, "it has an unknown field %q", key)
		}
		if keys["messages"] {
			return invalid(nil, name, "the field %q comes after \"messages\"", key)
		}
		if err := dec.Decode(dst); err != nil {
			return err
		}
	}
	if !keys["messages"] {
		return invalid(nil, name, "it has no messages list")
	}
	if err := expectDelim(dec, name, '}'); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return invalid(nil, name, "there is data after the JSON value")
		}
		return err
	}
	return nil
}

func startSession(h *SessionRecord, name string, mods, sessions map[string]struct{}, got *Counts, s sink) error {
	if p := h.problem(); p != "" {
		return invalid(nil, name, "the session %s", p)
	}
	if _, ok := mods[h.ModuleID]; !ok {
		return invalid(nil, name, "its module is not in modules.json")
	}
	if _, dup := sessions[h.ID]; dup {
		return invalid(nil, name, "the session id %q appears twice", h.ID)
	}
	sessions[h.ID] = struct{}{}
	got.Sessions++
	return s.session(h)
}

func readMessages(dec *json.Decoder, name string, lim Limits, seen *idSet, got *Counts, s sink) error {
	if err := expectDelim(dec, name, '['); err != nil {
		return err
	}
	for i := 1; dec.More(); i++ {
		if got.Messages >= lim.MaxMessages {
			return errf(ErrTooLarge, nil, "The archive holds more than %d messages, more than Hearth imports at once.", lim.MaxMessages)
		}
		var m MessageRecord
		if err := dec.Decode(&m); err != nil {
			return err
		}
		where := fmt.Sprintf("%s: message %d", name, i)
		if p := m.problem(lim); p != "" {
			return invalid(nil, where, "%s", p)
		}
		if !seen.add(m.ID) {
			return invalid(nil, where, "the message id %q appears twice", m.ID)
		}
		got.Messages++
		if err := s.message(&m); err != nil {
			return err
		}
	}
	return expectDelim(dec, name, ']')
}

func expectDelim(dec *json.Decoder, name string, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return invalid(nil, name, "expected %q", string(want))
	}
	return nil
}
