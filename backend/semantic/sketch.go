package semantic

import "math/bits"

// Above exactLimit matching vectors, a search first narrows the field with
// sign-bit sketches (one bit per dimension, compared by Hamming distance),
// then ranks prefilter × k candidates by the int8 dot product. Below it,
// every vector is compared exactly. BENCHMARKS.md has the measurements
// that chose this: exact brute force over 100k int8 vectors misses the
// 20 ms target at 768 dimensions on two cores; the sketch keeps recall@20
// around 0.97 at a fraction of the time.
const (
	exactLimit = 2_000
	prefilter  = 20
	minCands   = 400
)

// sketchOf sets bit j of dst when component j of q is positive.
func sketchOf(q []int8) []uint64 {
	dst := make([]uint64, (len(q)+63)/64)
	for j, x := range q {
		if x > 0 {
			dst[j/64] |= 1 << (j % 64)
		}
	}
	return dst
}

// hamming is the number of differing bits.
func hamming(a, b []uint64) int {
	d := 0
	for i := range a {
		d += bits.OnesCount64(a[i] ^ b[i])
	}
	return d
}

// search returns the k best matches of q among the entries at match (of
// the scopes and model asked for): exactly when few match, through the
// sketch prefilter otherwise. Vectors of another length (a model that
// changed its dimensions) never match.
func search(entries []entry, match []int32, q quantised, k int) []Hit {
	kept := match[:0:0]
	for _, i := range match {
		if len(entries[i].v.q) == len(q.q) {
			kept = append(kept, i)
		}
	}
	match = kept
	if len(match) <= exactLimit {
		return rank(entries, match, q, k)
	}
	// Distances are small integers: a histogram finds the cut-off that
	// keeps at least n candidates without sorting them all.
	n := max(prefilter*k, minCands)
	qs := sketchOf(q.q)
	dist := make([]uint16, len(match))
	hist := make([]int, len(q.q)+1)
	for j, i := range match {
		d := hamming(qs, entries[i].sk)
		dist[j] = uint16(d)
		hist[d]++
	}
	cut, below := 0, 0
	for cut < len(hist) && below+hist[cut] < n {
		below += hist[cut]
		cut++
	}
	cands := make([]int32, 0, n+hist[min(cut, len(hist)-1)])
	for j, i := range match {
		if int(dist[j]) <= cut {
			cands = append(cands, i)
		}
	}
	return rank(entries, cands, q, k)
}
