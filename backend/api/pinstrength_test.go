package api_test

import (
	"strings"
	"testing"
)

func TestProfiles_PINStrength(t *testing.T) {
	b, _ := newBackend(t)
	short := b.Profiles.PINStrength("4711")
	if !short.TooShort || short.MinLength != 6 {
		t.Fatalf("4711: %+v", short)
	}
	digits := b.Profiles.PINStrength("271828")
	if digits.TooShort || digits.Alphabet != 10 || !strings.Contains(digits.Text, "about 6 days") || !strings.Contains(digits.Text, "letters") {
		t.Fatalf("271828: %+v", digits)
	}
	letters := b.Profiles.PINStrength("hearth7")
	if letters.Alphabet != 36 || letters.AverageSeconds < 1000*digits.AverageSeconds || strings.Contains(letters.Text, "271828") {
		t.Fatalf("hearth7: %+v", letters)
	}
}
