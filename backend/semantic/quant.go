package semantic

import (
	"encoding/binary"
	"errors"
	"math"
)

// ErrBadVector is returned for an empty vector, one with NaN or infinite
// components, one of all zeros, or a stored blob that is not a vector.
var ErrBadVector = errors.New("bad vector")

// quantised is a unit vector as int8 components times scale.
type quantised struct {
	scale float32
	q     []int8
}

// quantise normalises v to unit length and maps it to int8: each component
// is rounded to the nearest of 255 steps between -max|v| and +max|v|.
func quantise(v []float32) (quantised, error) {
	if len(v) == 0 {
		return quantised{}, ErrBadVector
	}
	var norm float64
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return quantised{}, ErrBadVector
		}
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		return quantised{}, ErrBadVector
	}
	inv := 1 / math.Sqrt(norm)
	maxAbs := 0.0
	for _, x := range v {
		maxAbs = math.Max(maxAbs, math.Abs(float64(x)*inv))
	}
	scale := maxAbs / 127
	q := make([]int8, len(v))
	for i, x := range v {
		q[i] = int8(math.Round(float64(x) * inv / scale))
	}
	return quantised{scale: float32(scale), q: q}, nil
}

// Encode is the stored form of v: a little-endian float32 scale followed by
// one int8 per dimension of v normalised to unit length.
func Encode(v []float32) ([]byte, error) {
	qv, err := quantise(v)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 4+len(qv.q))
	binary.LittleEndian.PutUint32(b, math.Float32bits(qv.scale))
	for i, x := range qv.q {
		b[4+i] = byte(x)
	}
	return b, nil
}

// decode reads what Encode wrote.
func decode(b []byte) (quantised, error) {
	if len(b) < 5 {
		return quantised{}, ErrBadVector
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(b))
	if !(scale > 0) || math.IsInf(float64(scale), 0) {
		return quantised{}, ErrBadVector
	}
	q := make([]int8, len(b)-4)
	for i := range q {
		q[i] = int8(b[4+i])
	}
	return quantised{scale: scale, q: q}, nil
}

// Decode returns the unit vector a stored blob holds (to quantisation).
func Decode(b []byte) ([]float32, error) {
	qv, err := decode(b)
	if err != nil {
		return nil, err
	}
	out := make([]float32, len(qv.q))
	for i, x := range qv.q {
		out[i] = float32(x) * qv.scale
	}
	return out, nil
}

// dot8 is the integer dot product of two equal-length int8 vectors,
// unrolled by four (Go does not vectorise it for us).
func dot8(a, b []int8) int32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 int32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += int32(a[i]) * int32(b[i])
		s1 += int32(a[i+1]) * int32(b[i+1])
		s2 += int32(a[i+2]) * int32(b[i+2])
		s3 += int32(a[i+3]) * int32(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += int32(a[i]) * int32(b[i])
	}
	return s0 + s1 + s2 + s3
}
