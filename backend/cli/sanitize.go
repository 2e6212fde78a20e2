package cli

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Terminal output safety. Titles, messages, memories, endpoint names,
// model replies and error text can come from an imported file or a
// remote server; written raw, an escape sequence in them could retitle
// the terminal, write the clipboard (OSC 52), hide or rewrite lines, or a
// bidi override could make text read differently from what it is. Every
// byte the command line writes goes through [Sanitize]'s state machine
// (Run wraps stdout and stderr in a [safeWriter]), so no command can
// forget it.
//
// Removed: C0 controls except \n and \t (so \r, BEL, backspace go), DEL,
// C1 controls (U+0080–U+009F), whole escape sequences (ESC + final byte,
// CSI … final, and OSC/DCS/SOS/PM/APC strings up to BEL, ST, ESC \ or the
// end of the line), and the bidi embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069). Invalid UTF-8 becomes U+FFFD.

// Sanitize returns s with terminal control sequences and bidi overrides
// removed (see the rules above). It is the one function the command line
// uses for text it did not write itself.
func Sanitize(s string) string {
	var b strings.Builder
	var st sanitizer
	for _, r := range s {
		st.feed(r, &b)
	}
	return b.String()
}

// scanState is where the sanitizer is inside an escape sequence.
type scanState uint8

const (
	ground    scanState = iota
	afterESC            // ESC seen; intermediates or a final byte follow
	inCSI               // control sequence: parameters, intermediates, final
	inString            // OSC/DCS/SOS/PM/APC body, up to its terminator
	stringESC           // ESC inside a string: '\' ends it (ST)
)

// sanitizer is the state machine behind Sanitize and safeWriter; it keeps
// its state between calls so a sequence split across writes (a model's
// streamed reply arrives a few characters at a time) is still removed.
type sanitizer struct{ state scanState }

func (s *sanitizer) feed(r rune, out *strings.Builder) {
	switch s.state {
	case afterESC:
		switch {
		case r == '[':
			s.state = inCSI
		case r == ']' || r == 'P' || r == 'X' || r == '^' || r == '_':
			s.state = inString
		case r >= 0x20 && r <= 0x2f: // intermediate: stay
		case r >= 0x30 && r <= 0x7e: // final byte ends a two-character sequence
			s.state = ground
		default: // not a sequence after all: drop the ESC, read r afresh
			s.state = ground
			s.feed(r, out)
		}
		return
	case inCSI:
		switch {
		case r >= 0x20 && r <= 0x3f: // parameters and intermediates
		case r >= 0x40 && r <= 0x7e:
			s.state = ground
		default: // a broken sequence: abandon it, read r afresh
			s.state = ground
			s.feed(r, out)
		}
		return
	case inString:
		switch r {
		case 0x07, 0x9c:
			s.state = ground
		case 0x1b:
			s.state = stringESC
		case '\n': // never swallow the rest of a reply: a line ends a string
			s.state = ground
			out.WriteRune(r)
		}
		return
	case stringESC:
		if r == '\\' {
			s.state = ground
			return
		}
		s.state = afterESC
		s.feed(r, out)
		return
	}
	switch {
	case r == 0x1b:
		s.state = afterESC
	case r == 0x9b:
		s.state = inCSI
	case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f:
		s.state = inString
	case r == '\n' || r == '\t':
		out.WriteRune(r)
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
	default:
		out.WriteRune(r)
	}
}

// safeWriter sanitises everything written through it. A UTF-8 sequence
// cut between two writes is held until its remaining bytes arrive.
type safeWriter struct {
	w       io.Writer
	st      sanitizer
	pending []byte
}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

// Write sanitises p and writes the result. It reports len(p) on success:
// the removed bytes count as written.
func (w *safeWriter) Write(p []byte) (int, error) {
	buf := append(w.pending, p...)
	w.pending = nil
	var b strings.Builder
	for len(buf) > 0 {
		if !utf8.FullRune(buf) {
			w.pending = append([]byte(nil), buf...)
			break
		}
		r, size := utf8.DecodeRune(buf)
		w.st.feed(r, &b)
		buf = buf[size:]
	}
	if b.Len() > 0 {
		if _, err := io.WriteString(w.w, b.String()); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}
