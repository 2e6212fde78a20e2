// Package utf8check refuses invalid UTF-8 in a byte stream.
//
// encoding/json silently replaces invalid UTF-8 with U+FFFD; importers of
// untrusted files must refuse such input instead of storing altered text.
package utf8check

import (
	"errors"
	"io"
	"unicode/utf8"
)

// ErrInvalid is returned by Read at the first invalid UTF-8 sequence.
var ErrInvalid = errors.New("invalid UTF-8")

// Reader passes bytes through and fails on invalid UTF-8, carrying a rune
// split across reads over to the next read.
type Reader struct {
	r    io.Reader
	pend [utf8.UTFMax]byte
	np   int
}

// NewReader checks the bytes read from r.
func NewReader(r io.Reader) *Reader { return &Reader{r: r} }

func (u *Reader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	b := p[:n]
	// Finish a rune left over from the previous read.
	for u.np > 0 && len(b) > 0 {
		u.pend[u.np] = b[0]
		u.np++
		b = b[1:]
		if utf8.FullRune(u.pend[:u.np]) {
			if !utf8.Valid(u.pend[:u.np]) {
				return 0, ErrInvalid
			}
			u.np = 0
		}
	}
	// Hold back an incomplete rune at the end.
	cut := len(b)
	for k := len(b) - 1; k >= 0 && k >= len(b)-utf8.UTFMax; k-- {
		if utf8.RuneStart(b[k]) {
			if !utf8.FullRune(b[k:]) {
				cut = k
			}
			break
		}
	}
	if !utf8.Valid(b[:cut]) {
		return 0, ErrInvalid
	}
	u.np += copy(u.pend[u.np:], b[cut:])
	if err == io.EOF && u.np > 0 {
		return 0, ErrInvalid
	}
	return n, err
}
