// Package names normalises the display names people give profiles and
// endpoints, and tells when two names would look the same on screen.
//
// A household member could make a profile called "Ann" with a Cyrillic
// "А", or with a zero-width space inside, that the picker shows exactly
// like the real Ann's. [Normalize] stores every name in one Unicode form
// (NFC), and [Confusable] compares skeletons: the name with invisible
// characters removed, compatibility forms folded (NFKC), case folded and
// common look-alike letters from Cyrillic and Greek mapped to the Latin
// letter they imitate — a small, hand-picked subset of Unicode TR39's
// confusables, aimed at names, not a complete implementation.
package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize trims name and puts it in Unicode NFC, so the same visible
// name is always stored as the same bytes.
func Normalize(name string) string { return norm.NFC.String(strings.TrimSpace(name)) }

// Confusable reports whether a and b would look alike on screen (same
// skeleton), including when they are equal apart from case.
func Confusable(a, b string) bool { return Skeleton(a) == Skeleton(b) }

// Skeleton is the form two look-alike names share.
func Skeleton(name string) string {
	s := norm.NFKC.String(name)
	var b strings.Builder
	space := false
	for _, r := range s {
		if invisible(r) {
			continue
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		r = unicode.ToLower(r)
		if l, ok := lookalike[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}

// invisible reports characters that show nothing by themselves: format
// controls (zero-width space and joiners, bidi marks and overrides, soft
// hyphen, BOM), variation selectors, the combining grapheme joiner and
// other default-ignorable code points, and control characters.
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r), unicode.IsControl(r):
		return true
	case r == 0x034f, r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0, // CGJ, Hangul fillers
		r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef, // variation selectors
		r >= 0x180b && r <= 0x180f, r >= 0x2060 && r <= 0x206f:
		return true
	}
	return false
}

// lookalike maps lower-case letters that imitate a Latin letter to it.
var lookalike = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'ë', 'һ': 'h', 'н': 'h', 'і': 'i', 'ї': 'ï', 'ј': 'j', 'к': 'k',
	'ӏ': 'l', 'м': 'm', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'с': 'c', 'ѕ': 's', 'т': 't', 'у': 'y', 'ԝ': 'w',
	'х': 'x', 'ԁ': 'd', 'ɡ': 'g', 'ү': 'y', 'з': '3',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'ζ': 'z', 'η': 'n', 'ι': 'i', 'κ': 'k', 'μ': 'm', 'ν': 'v', 'ο': 'o',
	'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ϲ': 'c', 'ϳ': 'j',
	// Latin and digits that pass for other Latin letters
	'ı': 'i', 'ℓ': 'l', '0': 'o',
}
