package exchange

import (
	"bufio"
	"fmt"
	"strings"
	"time"
)

const readmeText = `Hearth export
=============

THIS ARCHIVE IS NOT ENCRYPTED. Anyone who gets this file can read every
conversation and memory in it. Keep it somewhere private, or export an
encrypted .hearth bundle instead.

What is inside:
  profile.json    what was exported, when, and the format version
  modules.json    the modules (personas) and their settings
  memories.json   what the modules remembered, with each memory's history
  sessions/       one JSON file per conversation, with its messages
  markdown/       the same conversations, readable in any text editor

API keys and endpoint settings are never exported.
The format is described in docs/export-format.md in Hearth's source.
`

// writeMarkdown renders a session for people. It reads the messages a
// second time rather than buffering them: a session can be very long.
func (e *exporter) writeMarkdown(s *SessionRecord) error {
	// The full session id keeps names unique; date and title make them readable.
	name := dirMarkdown + safeName(s.ModuleID, "module", e.stats.Sessions) + "/" +
		time.UnixMilli(s.CreatedAt).UTC().Format("2006-01-02") + "-" + titleSlug(s.Title) + "-" +
		safeName(s.ID, "session", e.stats.Sessions) + ".md"
	out, err := e.create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 32<<10)
	title := s.Title
	if strings.TrimSpace(title) == "" {
		title = "Untitled conversation"
	}
	module := e.modules[s.ModuleID]
	if module == "" {
		module = s.ModuleID
	}
	fmt.Fprintf(bw, "# %s\n\n*%s · started %s*\n", oneLine(title), oneLine(module), stamp(s.CreatedAt))
	err = e.eachMessage(s.ID, func(m *MessageRecord) error {
		who := map[string]string{"user": "You", "assistant": "Assistant", "system": "System"}[m.Role]
		if m.Model != "" && m.Role == "assistant" {
			who += " (" + oneLine(m.Model) + ")"
		}
		fmt.Fprintf(bw, "\n---\n\n**%s** · %s\n\n%s\n", who, stamp(m.CreatedAt), m.Content)
		switch m.Status {
		case "interrupted":
			bw.WriteString("\n*(reply interrupted)*\n")
		case "error":
			fmt.Fprintf(bw, "\n*(error: %s)*\n", oneLine(m.Error))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: markdown: %w", err)
	}
	return nil
}

func stamp(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04 UTC") }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// titleSlug makes a short, portable file-name part from a title.
func titleSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() == 0 {
		return "conversation"
	}
	return b.String()
}
