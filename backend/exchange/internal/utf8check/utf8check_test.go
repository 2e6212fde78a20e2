package utf8check_test

import (
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"hearth/backend/exchange/internal/utf8check"
)

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"ASCII", "hello", true},
		{"Multibyte", "héllo wörld 日本語 🎉", true},
		{"Empty", "", true},
		{"BadByte", "ab\xffcd", false},
		{"Truncated", "ab\xe6\x97", false},
		{"Overlong", "\xc0\xaf", false},
		{"Surrogate", "\xed\xa0\x80", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One byte at a time splits every rune across reads.
			r := utf8check.NewReader(iotest.OneByteReader(stringsReader(tc.in)))
			got, err := io.ReadAll(r)
			if tc.ok && (err != nil || string(got) != tc.in) {
				t.Fatalf("got %q, %v", got, err)
			}
			if !tc.ok && !errors.Is(err, utf8check.ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
		})
	}
}

type sr struct {
	s string
	i int
}

func stringsReader(s string) io.Reader { return &sr{s: s} }

func (r *sr) Read(p []byte) (int, error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	n := copy(p, r.s[r.i:])
	r.i += n
	return n, nil
}
