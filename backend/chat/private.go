package chat

import (
	"regexp"
	"strings"
)

// PrivatePlaceholder replaces a <private>…</private> span in what is stored.
const PrivatePlaceholder = "[private]"

var (
	privateSpanRE = regexp.MustCompile(`(?is)<private>.*?</private>`)
	privateOpenRE = regexp.MustCompile(`(?is)<private>.*$`)
)

// RedactPrivate returns text with every <private>…</private> span replaced
// by "[private]". An unclosed <private> hides everything after it: when in
// doubt, keep it off the disk.
func RedactPrivate(text string) string {
	if !strings.Contains(strings.ToLower(text), "<private>") {
		return text
	}
	text = privateSpanRE.ReplaceAllString(text, PrivatePlaceholder)
	return privateOpenRE.ReplaceAllString(text, PrivatePlaceholder)
}
