package cli

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSanitize: whatever the input and however it is cut into writes, the
// output holds no character a terminal would interpret (other than \n and
// \t), is valid UTF-8, matches the one-shot result, and is unchanged by a
// second pass.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b]52;c;eA==\x07b", "\x1b[31mred\x1b[0m", "\u202eevil", "x\x1bPq\x1b\\y", "\xff\xfe", "é\u009b1m"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, in string, cut uint8) {
		once := Sanitize(in)
		for _, r := range once {
			if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) ||
				(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("Sanitize(%q) kept %U", in, r)
			}
		}
		if !utf8.ValidString(once) {
			t.Fatalf("Sanitize(%q) is not valid UTF-8", in)
		}
		if again := Sanitize(once); again != once {
			t.Fatalf("second pass changed %q to %q", once, again)
		}
		n := int(cut%7) + 1
		var out bytes.Buffer
		w := newSafeWriter(&out)
		for b := []byte(in); len(b) > 0; {
			k := min(n, len(b))
			w.Write(b[:k])
			b = b[k:]
		}
		w.Write(nil)
		// A UTF-8 sequence cut off at the very end is held back by the
		// writer, where the one-shot pass shows U+FFFD for it.
		got := out.String()
		if got != once && !strings.HasPrefix(once, got) {
			t.Fatalf("in writes of %d bytes %q gave %q, one pass %q", n, in, got, once)
		}
	})
}
