package names_test

import (
	"testing"

	"hearth/backend/names"
)

func TestConfusable(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Ann", "ann", true},
		{"Ann", "An\u200bn", true},       // zero-width space
		{"Ann", "\u200eAnn\u200f", true}, // bidi marks
		{"Ann", "\u0410nn", true},        // Cyrillic capital A
		{"Mama", "\u041c\u0430\u043c\u0430", true},
		{"Leo", "L\u0435\u043e", true}, // Cyrillic e, o
		{"Leo", "Le\u03bf", true},      // Greek omicron
		{"Leo", "Le0", true},
		{"Zoë", "Zoe\u0308", true}, // NFD
		{"Ann", "Ａｎｎ", true},       // fullwidth
		{"Ann Lee", "Ann  Lee", true},
		{"Ann", "Anna", false},
		{"Zoë", "Zoe", false},
		{"Ann", "Ben", false},
		{"Анна", "Анка", false},
	} {
		if got := names.Confusable(c.a, c.b); got != c.same {
			t.Errorf("Confusable(%q, %q) = %v (skeletons %q, %q)", c.a, c.b, got, names.Skeleton(c.a), names.Skeleton(c.b))
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := names.Normalize("  Zoe\u0308 "); got != "Zo\u00eb" {
		t.Fatalf("Normalize: %q", got)
	}
}
