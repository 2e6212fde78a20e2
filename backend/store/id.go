package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

// Ids are 128 bits written as 32 hex characters: a 48-bit millisecond
// timestamp followed by 80 random bits, the layout of a UUIDv7. Ids made
// later sort later, so inserting rows appends to the right edge of the
// unique id indexes instead of landing on a random leaf page: a chat turn
// dirties one index page instead of two, and a 100k-message import fills
// pages densely instead of splitting them all over the tree.
//
// The timestamp reveals nothing new: every row carries created_at. The 80
// random bits keep ids unguessable and collision-free across processes.
var idGen struct {
	sync.Mutex
	last [16]byte
}

// NewID returns a new opaque id. Within a process ids strictly increase,
// even within one millisecond or if the clock steps back (the previous id
// plus one is used then).
func NewID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on supported OSes
	}
	idGen.Lock()
	if bytes.Compare(b[:], idGen.last[:]) <= 0 {
		b = idGen.last
		increment(&b)
	}
	idGen.last = b
	idGen.Unlock()
	return hex.EncodeToString(b[:])
}

// increment adds one to b as a big-endian number.
func increment(b *[16]byte) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return
		}
	}
}
