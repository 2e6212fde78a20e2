package chat

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// PrivatePlaceholder replaces a <private>…</private> span in what is stored.
const PrivatePlaceholder = "[private]"

var (
	privateSpanRE = regexp.MustCompile(`(?is)<private>.*?</private>`)
	privateOpenRE = regexp.MustCompile(`(?is)<private>.*$`)
	privateInRE   = regexp.MustCompile(`(?is)<private>(.*?)(?:</private>|$)`)
)

// minEchoRunes is the shortest private span searched for in a reply:
// shorter ones ("5", "no") would blank out ordinary words.
const minEchoRunes = 3

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

// RedactEcho removes from a reply the private spans of the user message
// that prompted it, since models often repeat what they were told. Only
// literal repeats of spans of at least three characters can be caught.
func RedactEcho(reply, userText string) string {
	for _, m := range privateInRE.FindAllStringSubmatch(userText, -1) {
		span := strings.TrimSpace(m[1])
		if utf8.RuneCountInString(span) < minEchoRunes {
			continue
		}
		reply = strings.ReplaceAll(reply, "<private>"+span+"</private>", PrivatePlaceholder)
		reply = strings.ReplaceAll(reply, span, PrivatePlaceholder)
	}
	return reply
}
