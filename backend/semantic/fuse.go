package semantic

import "sort"

// FuseK is the usual reciprocal-rank-fusion constant: a larger k flattens
// the difference between the first and the tenth place.
const FuseK = 60

// Fuse ranks ids by reciprocal rank fusion of several ranked lists (best
// first): an id scores the sum over lists of 1/(k+rank). An id at the top
// of the BM25 list (an exact name) stays near the top even when the vector
// list ranks it low, and one found by meaning only still gets in. k <= 0
// means FuseK. Ties keep the order of first appearance.
func Fuse(k int, lists ...[]string) []string {
	score, first := fuse(k, lists)
	out := make([]string, 0, len(score))
	for id := range score {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool {
		if score[out[i]] != score[out[j]] {
			return score[out[i]] > score[out[j]]
		}
		return first[out[i]] < first[out[j]]
	})
	return out
}

// FuseScores is Fuse's score of every id, for callers that blend it with
// something else (recency).
func FuseScores(k int, lists ...[]string) map[string]float64 {
	score, _ := fuse(k, lists)
	return score
}

func fuse(k int, lists [][]string) (score map[string]float64, first map[string]int) {
	if k <= 0 {
		k = FuseK
	}
	score = map[string]float64{}
	first = map[string]int{}
	n := 0
	for _, l := range lists {
		seen := map[string]bool{}
		for r, id := range l {
			if seen[id] {
				continue
			}
			seen[id] = true
			score[id] += 1 / float64(k+r+1)
			if _, ok := first[id]; !ok {
				first[id] = n
				n++
			}
		}
	}
	return score, first
}
