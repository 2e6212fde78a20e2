package cryptovfs

import (
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// A WAL frame is a 24-byte header followed by a page, written as two
// unaligned writes. Done naively, each frame costs two read-modify-writes:
// the header's sector (which the tail cache already serves) and the sector
// the page ends in, which holds stale bytes of an older frame that had to
// be read and decrypted only to be written back, and each frame costs two
// sector-rewriting pwrites where one would do. While its connection holds
// the WAL write lock, a WAL handle avoids both, using two facts of SQLite's
// WAL protocol:
//
//   - Only the holder of the WAL write lock writes the WAL, and its first
//     write in a lock tenure is at the end of the committed log (or at the
//     start, when the log restarts). Everything at or past that offset is
//     dead: frames of an older log generation or of a rolled-back
//     transaction, which no reader reads and recovery rejects by their
//     salts and checksums. So the part of a sector past the highest byte
//     written in this tenure (the high-water mark) is zero-filled instead
//     of read back.
//   - A write that appends at the high-water mark and ends inside a sector
//     is a frame header (or the WAL header), and SQLite follows it at once
//     with the contiguous page write. Such a write is held back and sent
//     with that page write as one pwrite. Any other call on the WAL, and
//     any lock, barrier or unmap call on its database, writes a held-back
//     write out first, where an error can still be returned: a commit is
//     published by the database's xShmBarrier, after the frames are out.
//
// Rewrites below the high-water mark (savepoint rollbacks, checksum
// rewrites) take the ordinary read-modify-write path. Outside a write-lock
// tenure (EXCLUSIVE locking mode takes no shm locks) nothing is skipped.

// writeTenure is the state of a main database file's WAL write lock, as
// taken and released through this connection's xShmLock.
type writeTenure struct {
	held bool
	gen  uint64 // bumped on every acquire and release
}

// walSlot is SQLite's WAL_WRITE_LOCK, the first shm lock slot.
const walSlot = 0

// noteShmLock records acquiring or releasing the WAL write lock.
func (t *writeTenure) noteShmLock(offset int32, flags int32, ok bool) {
	if offset != walSlot || flags&sqlite3.SQLITE_SHM_EXCLUSIVE == 0 {
		return
	}
	switch {
	case flags&sqlite3.SQLITE_SHM_UNLOCK != 0:
		t.held = false
		t.gen++
	case ok:
		t.held = true
		t.gen++
	}
}

// heldBack is a short write appended at the high-water mark, waiting for
// the contiguous write that follows it.
type heldBack struct {
	ok   bool
	off  int64
	n    int
	data [SectorSize]byte
}

func (h *heldBack) end() int64 { return h.off + int64(h.n) }

func (h *heldBack) drop() {
	h.ok = false
	clear(h.data[:h.n])
}

// walTenure returns whether this WAL handle's connection holds the write
// lock, starting the high-water mark at off on the tenure's first write.
func (f *file) walTenure(off int64) bool {
	m := f.mainDB
	if m == nil || !m.tenure.held {
		return false
	}
	if f.hwmGen != m.tenure.gen {
		f.hwmGen, f.hwm = m.tenure.gen, off
	}
	return true
}

// deadAfter reports whether the bytes from end on are dead (see above).
func (f *file) deadAfter(off, end int64) bool {
	return f.walTenure(off) && end >= f.hwm
}

// wrote moves the high-water mark past a successful write ending at end.
func (f *file) wrote(off, end int64) {
	if f.walTenure(off) && end > f.hwm {
		f.hwm = end
	}
}

// holdBack keeps a short append at the high-water mark for the next write,
// reporting whether it did.
func (f *file) holdBack(off int64, data []byte) bool {
	end := off + int64(len(data))
	if f.mainDB == nil || len(data) >= SectorSize || end&sectorMask == 0 || !f.walTenure(off) || off < f.hwm {
		return false
	}
	h := &f.held
	h.ok, h.off, h.n = true, off, len(data)
	copy(h.data[:], data)
	return true
}

// flushHeld writes out a held-back write, if any.
func (f *file) flushHeld(tls *libc.TLS, inner uintptr) int32 {
	h := &f.held
	if !h.ok {
		return sqlite3.SQLITE_OK
	}
	rc := f.write(tls, inner, h.off, nil, h.data[:h.n])
	h.drop()
	return rc
}

// flushWAL writes out the held-back write of a main database's WAL.
func (f *file) flushWAL(tls *libc.TLS) int32 {
	w := f.wal
	if w == nil || !w.held.ok {
		return sqlite3.SQLITE_OK
	}
	return w.flushHeld(tls, innerFile(w.addr))
}
