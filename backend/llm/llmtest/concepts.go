package llmtest

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// EmbedDims is the length of the fake's embeddings.
const EmbedDims = 128

// conceptDims is how many of the dimensions belong to concepts; words the
// lexicon does not know are hashed into the rest.
const conceptDims = 48

// unknownWeight is how much a word outside the lexicon counts against a
// concept word: exact word overlap still pulls texts together a little,
// but less than shared meaning does.
const unknownWeight = 0.3

// concepts is a small lexicon of household topics: every word or phrase
// of one line lands on the same dimension, so "vegetarian" and "meat-free"
// or "bedtime" and "sleep" are close, and unrelated words are not. Phrases
// are written with spaces; a hyphen in the text counts as a space.
var concepts = [][]string{
	{"vegetarian", "vegan", "meat free", "meatless", "plant based", "veggie", "no meat", "without meat"},
	{"dinner", "supper", "lunch", "breakfast", "meal", "recipe", "cook", "cooking", "dish", "menu", "food", "eat"},
	{"sleep", "bedtime", "asleep", "nap", "bed", "tired", "insomnia", "lights out"},
	{"allergy", "allergic", "peanut", "nut", "gluten", "intolerant", "intolerance", "epipen"},
	{"school", "homework", "teacher", "class", "exam", "lesson", "study", "tutor", "syllabus"},
	{"math", "maths", "mathematics", "algebra", "fraction", "arithmetic", "geometry", "equation"},
	{"music", "piano", "guitar", "violin", "song", "sing", "band"},
	{"football", "soccer", "tennis", "swim", "swimming", "sport", "basketball", "training"},
	{"dog", "cat", "pet", "puppy", "kitten", "vet"},
	{"birthday", "party", "anniversary", "celebrate", "celebration", "cake"},
	{"travel", "trip", "holiday", "vacation", "flight", "hotel", "journey"},
	{"doctor", "medicine", "medication", "health", "sick", "ill", "dentist", "prescription"},
	{"money", "budget", "cost", "price", "saving", "savings", "expensive", "cheap", "spend"},
	{"garden", "flower", "lawn", "seed", "weeding"},
	{"weather", "rain", "sunny", "snow", "forecast"},
	{"spicy", "chili", "chilli", "hot sauce", "pepper"},
	{"book", "read", "reading", "novel", "story", "library"},
	{"french", "spanish", "german", "language", "vocabulary", "grammar"},
	{"work", "job", "office", "meeting", "boss", "colleague"},
	{"car", "drive", "driving", "parking"},
	{"clean", "cleaning", "chore", "chores", "laundry", "tidy", "vacuum"},
	{"kid", "kids", "child", "children", "son", "daughter", "toddler"},
	{"coffee", "tea", "espresso", "latte"},
	{"meat", "beef", "chicken", "pork", "steak", "bacon", "ham"},
	{"fish", "salmon", "tuna", "seafood", "prawn"},
	{"wifi", "router", "internet", "password", "network"},
	{"boiler", "heating", "radiator", "thermostat"},
	{"bike", "bicycle", "cycling"},
}

// stopwords carry no meaning of their own.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the i i'm im me my mine we our you your he she it they them
		is am are was were be been being do does did have has had to for of and or in on at by with
		from as that this these those what which who how when where please can could would should will
		plan make give tell some any about like likes really very just so but not`) {
		stopwords[w] = true
	}
}

// lexicon maps each word or phrase to its concept's dimension.
var lexicon = func() map[string]int {
	m := map[string]int{}
	for i, words := range concepts {
		for _, w := range words {
			m[w] = i
		}
	}
	return m
}()

// words splits text into lowercase words; a hyphen or apostrophe inside a
// word splits it too, except for "i'm"-style contractions kept whole.
func words(text string) []string {
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, "'")
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// lookup finds w in the lexicon, trying a few English endings.
func lookup(w string) (int, bool) {
	if i, ok := lexicon[w]; ok {
		return i, true
	}
	for _, suf := range []string{"s", "es", "ing", "ed"} {
		if s, ok := strings.CutSuffix(w, suf); ok && len(s) > 2 {
			if i, ok := lexicon[s]; ok {
				return i, true
			}
		}
	}
	return 0, false
}

// Embedding is the fake's deterministic, meaning-aware embedding of text:
// a unit vector of EmbedDims with one dimension per concept of a small
// household lexicon (two-word phrases first) and the remaining words
// hashed, at a lower weight, into the other dimensions.
func Embedding(text string) []float32 {
	v := make([]float64, EmbedDims)
	ws := words(text)
	for i := 0; i < len(ws); i++ {
		if i+1 < len(ws) {
			if c, ok := lexicon[ws[i]+" "+ws[i+1]]; ok {
				v[c]++
				i++
				continue
			}
		}
		if c, ok := lookup(ws[i]); ok {
			v[c]++
			continue
		}
		if stopwords[ws[i]] {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(ws[i]))
		v[conceptDims+int(h.Sum32()%(EmbedDims-conceptDims))] += unknownWeight
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, EmbedDims)
	if norm == 0 {
		out[EmbedDims-1] = 1 // no words at all: one fixed direction
		return out
	}
	inv := 1 / math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x * inv)
	}
	return out
}

// Cosine is the cosine similarity of two equal-length vectors.
func Cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
