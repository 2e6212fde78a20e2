package private_test

import (
	"testing"

	"hearth/backend/private"
)

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                         "plain",
		"a <private>secret</private> b": "a [private] b",
		"<PRIVATE>x\ny</Private> and <private>z</private>": "[private] and [private]",
		"open <private>never closed":                       "open [private]",
	} {
		if got := private.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactEcho(t *testing.T) {
	user := "my code is <private>7319-Q</private>, pin <private>12</private>"
	if got := private.RedactEcho("You said 7319-Q and 12.", user); got != "You said [private] and 12." {
		t.Fatalf("RedactEcho = %q", got)
	}
}
