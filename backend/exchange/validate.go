package exchange

import (
	"fmt"
	"math"
	"unicode/utf8"

	"hearth/backend/llm"
	"hearth/backend/module"
)

// Field checks shared by the archive reader. Each returns a short reason
// ("has no id") or "" when the record is acceptable.

const (
	maxIDLen    = 128
	maxNameLen  = 200
	maxShortLen = 4096 // titles, icons, descriptions, models, error sentences
	// Timestamps are unix ms; anything outside 1970..9999 is corrupt.
	maxTime = 253402300799999
)

func checkID(id string) string {
	switch {
	case id == "":
		return "has no id"
	case len(id) > maxIDLen:
		return "has an id longer than 128 bytes"
	case !utf8.ValidString(id):
		return "has an id that is not valid UTF-8"
	}
	return ""
}

func checkTime(name string, t int64) string {
	if t <= 0 || t > maxTime {
		return fmt.Sprintf("has a missing or impossible %s", name)
	}
	return ""
}

func checkLen(name, s string, max int) string {
	if len(s) > max {
		return fmt.Sprintf("has a %s longer than %d bytes", name, max)
	}
	return ""
}

func firstProblem(reasons ...string) string {
	for _, r := range reasons {
		if r != "" {
			return r
		}
	}
	return ""
}

func (m *ModuleRecord) problem(lim Limits) string {
	r := firstProblem(
		checkTime("createdAt", m.CreatedAt), checkTime("updatedAt", m.UpdatedAt),
		checkLen("name", m.Name, maxNameLen), checkLen("icon", m.Icon, maxShortLen),
		checkLen("description", m.Description, maxShortLen), checkLen("model", m.Model, maxShortLen),
		checkLen("system prompt", m.SystemPrompt, lim.MaxTextBytes))
	switch {
	case r != "":
		return r
	case !module.ValidID(m.ID): // "shared" is reserved
		return "has an id that is not 1-40 lowercase letters, digits or dashes"
	case m.Name == "":
		return "has no name"
	case math.IsNaN(m.Temperature) || m.Temperature < 0 || m.Temperature > 2:
		return "has a temperature outside 0-2"
	case !llm.ValidReasoningEffort(m.ReasoningEffort):
		return "has an unknown reasoning effort"
	case m.SortOrder < -1_000_000 || m.SortOrder > 1_000_000:
		return "has an impossible sort order"
	}
	return ""
}

func (s *SessionRecord) problem() string {
	return firstProblem(checkID(s.ID), checkTime("createdAt", s.CreatedAt), checkTime("updatedAt", s.UpdatedAt),
		checkLen("title", s.Title, maxShortLen))
}

var (
	roles     = map[string]bool{"system": true, "user": true, "assistant": true}
	statuses  = map[string]bool{"complete": true, "interrupted": true, "error": true}
	kinds     = map[string]bool{"fact": true, "preference": true, "instruction": true}
	sensitive = map[string]bool{"normal": true, "private": true, "sensitive": true}
	actions   = map[string]bool{"add": true, "update": true, "share": true, "unshare": true}
)

func (m *MessageRecord) problem(lim Limits) string {
	r := firstProblem(checkID(m.ID), checkTime("createdAt", m.CreatedAt),
		checkLen("content", m.Content, lim.MaxTextBytes), checkLen("error", m.Error, maxShortLen),
		checkLen("model", m.Model, maxShortLen))
	switch {
	case r != "":
		return r
	case !roles[m.Role]:
		return "has a missing or unknown role"
	case !statuses[m.Status]:
		return "has a missing or unknown status"
	case m.PromptTokens < 0 || m.CompletionTokens < 0 || m.HeldBack < 0 ||
		m.PromptTokens > math.MaxInt32 || m.CompletionTokens > math.MaxInt32 || m.HeldBack > math.MaxInt32:
		return "has an impossible token count"
	case len(m.UsedMemories) > 10_000:
		return "lists too many used memories"
	}
	for _, id := range m.UsedMemories {
		if p := checkID(id); p != "" {
			return "lists a used memory that " + p
		}
	}
	return ""
}

func (m *MemoryRecord) problem(lim Limits) string {
	r := firstProblem(checkID(m.ID), checkTime("createdAt", m.CreatedAt), checkTime("updatedAt", m.UpdatedAt),
		checkLen("text", m.Text, lim.MaxTextBytes), checkLen("originModule", m.OriginModule, maxIDLen),
		checkLen("sourceSession", m.SourceSession, maxIDLen), checkLen("sourceMessage", m.SourceMessage, maxIDLen))
	switch {
	case r != "":
		return r
	case m.Scope == "":
		return "has no scope"
	case !kinds[m.Kind]:
		return "has a missing or unknown kind"
	case !sensitive[m.Sensitivity]:
		return "has a missing or unknown sensitivity"
	case len(m.History) > lim.MaxHistory:
		return fmt.Sprintf("has more than %d history entries", lim.MaxHistory)
	}
	for i := range m.History {
		c := &m.History[i]
		r := firstProblem(checkTime("history time", c.At), checkLen("history text", c.OldText, lim.MaxTextBytes),
			checkLen("history text", c.NewText, lim.MaxTextBytes), checkLen("history scope", c.OldScope, maxIDLen),
			checkLen("history scope", c.NewScope, maxIDLen))
		if r != "" {
			return r
		}
		if !actions[c.Action] {
			return "has a history entry with a missing or unknown action"
		}
	}
	return ""
}
