package cryptovfs

import "sync/atomic"

// Journals and WALs are written in pieces that do not line up with sectors:
// a WAL frame is a 24-byte header followed by a page, a journal record a
// 4-byte page number, a page and a 4-byte checksum. Every such write
// read-modify-writes the sector it shares with the previous write, which
// costs a pread and a decryption of a sector this handle has just written.
//
// tailCache keeps the plaintext of the last sector a write left partly
// covered, so the next write that starts in that sector patches the cached
// plaintext instead. Every write still goes to the file at once and whole:
// nothing is deferred, so crash safety is the unix VFS's, unchanged.
//
// The cache is only as good as the assumption that nobody else wrote that
// sector since. Within one connection that holds the database's write lock
// nobody can: other connections and processes write a journal or WAL only
// under a lock this connection does not hold. Every lock change on the
// connection's main database file (xLock, xUnlock, xShmLock) therefore bumps
// an epoch, and a cached sector is used only while the epoch it was cached
// under is current, that is, only within the same lock tenure.
type tailCache struct {
	ok    bool
	sec   int64 // sector index
	epoch uint64
	plain [SectorSize]byte
}

// lockEpoch counts lock changes on a main database file (see tailCache).
type lockEpoch struct{ n atomic.Uint64 }

func (e *lockEpoch) bump()        { e.n.Add(1) }
func (e *lockEpoch) load() uint64 { return e.n.Load() }

// cached returns the cached plaintext of sector sec, if still valid.
func (f *file) cached(sec int64) ([]byte, bool) {
	t := &f.tail
	if !t.ok || t.sec != sec || t.epoch != f.epoch.load() {
		return nil, false
	}
	return t.plain[:], true
}

// remember caches plain as the plaintext of sector sec.
func (f *file) remember(sec int64, plain []byte) {
	f.tail.ok, f.tail.sec, f.tail.epoch = true, sec, f.epoch.load()
	copy(f.tail.plain[:], plain)
}

// forget drops the cache and wipes the plaintext it held.
func (f *file) forget() {
	f.tail.ok = false
	clear(f.tail.plain[:])
}
