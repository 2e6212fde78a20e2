// Package private handles the <private>…</private> markup a user puts
// around words that must never be stored: the chat store keeps
// [Placeholder] in their place ([Redact]), a reply that repeats them is
// redacted too ([RedactEcho]), and memory extraction never sends them to a
// model.
package private

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Placeholder replaces a <private>…</private> span in what is stored.
const Placeholder = "[private]"

var (
	privateSpanRE = regexp.MustCompile(`(?is)<private>.*?</private>`)
	privateOpenRE = regexp.MustCompile(`(?is)<private>.*$`)
	privateInRE   = regexp.MustCompile(`(?is)<private>(.*?)(?:</private>|$)`)
)

// minEchoRunes is the shortest private span searched for in a reply:
// shorter ones ("5", "no") would blank out ordinary words.
const minEchoRunes = 3

// Redact returns text with every <private>…</private> span replaced
// by "[private]". An unclosed <private> hides everything after it: when in
// doubt, keep it off the disk.
func Redact(text string) string {
	if !strings.Contains(strings.ToLower(text), "<private>") {
		return text
	}
	text = privateSpanRE.ReplaceAllString(text, Placeholder)
	return privateOpenRE.ReplaceAllString(text, Placeholder)
}

// RedactEcho removes from a reply the private spans of the user message
// that prompted it, since models often repeat what they were told. Only
// literal repeats of spans of at least three characters can be caught.
func RedactEcho(reply, userText string) string {
	for _, m := range privateInRE.FindAllStringSubmatch(userText, -1) {
		span := strings.TrimSpace(m[1])
		if utf8.RuneCountInString(span) < minEchoRunes {
			continue
		}
		reply = strings.ReplaceAll(reply, "<private>"+span+"</private>", Placeholder)
		reply = strings.ReplaceAll(reply, span, Placeholder)
	}
	return reply
}
