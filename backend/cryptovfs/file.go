package cryptovfs

import (
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// The io methods below forward to the unix file that follows our header in
// the same sqlite3_file allocation. C function pointers are called by
// reinterpreting them as Go func values, as the generated SQLite code does;
// go vet's unsafe.Pointer notes on these conversions are unavoidable.

const sectorMask = SectorSize - 1

func roundUp(n int64) int64 { return (n + sectorMask) &^ sectorMask }

func xClose(tls *libc.TLS, pFile uintptr) int32 {
	f := lookup(pFile)
	rc := f.flushHeld(tls, innerFile(pFile))
	if f.mainDB != nil && f.mainDB.wal == f {
		f.mainDB.wal = nil
	}
	if rc2 := closeInner(tls, innerFile(pFile)); rc == sqlite3.SQLITE_OK {
		rc = rc2
	}
	f.forget()
	f.free(tls)
	files.Delete(pFile)
	return rc
}

func innerRead(tls *libc.TLS, inner, buf uintptr, n int32, off int64) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxRead})))(tls, inner, buf, n, off)
}

func innerWrite(tls *libc.TLS, inner, buf uintptr, n int32, off int64) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxWrite})))(tls, inner, buf, n, off)
}

// xRead reads the sectors covering the request and decrypts them. Aligned
// requests (pages) are decrypted in SQLite's own buffer; unaligned ones
// (headers, WAL frame headers) go through the scratch buffer.
func xRead(tls *libc.TLS, pFile, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	f := lookup(pFile)
	inner := innerFile(pFile)
	if rc := f.flushHeld(tls, inner); rc != sqlite3.SQLITE_OK {
		return rc
	}
	start, end := iOfst&^sectorMask, roundUp(iOfst+int64(iAmt))
	if start == iOfst && end == iOfst+int64(iAmt) {
		rc := innerRead(tls, inner, zBuf, iAmt, iOfst)
		if rc == sqlite3.SQLITE_OK || rc == sqlite3.SQLITE_IOERR_SHORT_READ {
			f.cipher.decrypt(mem(zBuf, int(iAmt)), uint64(start/SectorSize), &f.tw)
		}
		return rc
	}
	n := int(end - start)
	buf, ok := f.buffer(tls, n)
	if !ok {
		return sqlite3.SQLITE_IOERR_NOMEM
	}
	rc := innerRead(tls, inner, buf, int32(n), start)
	if rc != sqlite3.SQLITE_OK && rc != sqlite3.SQLITE_IOERR_SHORT_READ {
		return rc
	}
	b := mem(buf, n)
	f.cipher.decrypt(b, uint64(start/SectorSize), &f.tw)
	copy(mem(zBuf, int(iAmt)), b[iOfst-start:])
	if rc == sqlite3.SQLITE_IOERR_SHORT_READ {
		// Files are whole sectors, so the end of file is where the
		// trailing run of zero-filled sectors begins. The request is short
		// only if it reaches past that point.
		eof := n
		for eof > 0 && isZero(b[eof-SectorSize:eof]) {
			eof -= SectorSize
		}
		if start+int64(eof) >= iOfst+int64(iAmt) {
			return sqlite3.SQLITE_OK
		}
	}
	return rc
}

// xWrite encrypts whole sectors. A partly covered first or last sector is
// read, decrypted and patched first (read-modify-write), so the file stays a
// whole number of sectors and bytes next to the write keep their values.
// The sector a write leaves partly covered is remembered in plaintext (see
// tailCache), so the next write of a WAL frame or journal record does not
// read and decrypt it again. WAL appends skip more (see wal.go).
func xWrite(tls *libc.TLS, pFile, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	f := lookup(pFile)
	inner := innerFile(pFile)
	data := mem(zBuf, int(iAmt))
	if h := &f.held; h.ok {
		if h.end() == iOfst {
			rc := f.write(tls, inner, h.off, h.data[:h.n], data)
			h.drop()
			return rc
		}
		if rc := f.flushHeld(tls, inner); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	if f.holdBack(iOfst, data) {
		return sqlite3.SQLITE_OK
	}
	return f.write(tls, inner, iOfst, nil, data)
}

// write writes head followed by body at off.
func (f *file) write(tls *libc.TLS, inner uintptr, off int64, head, body []byte) int32 {
	size := int64(len(head) + len(body))
	start, end := off&^sectorMask, roundUp(off+size)
	n := int(end - start)
	buf, ok := f.buffer(tls, n)
	if !ok {
		return sqlite3.SQLITE_IOERR_NOMEM
	}
	b := mem(buf, n)
	first := uint64(start / SectorSize)
	last := end - SectorSize
	if start != off {
		if rc := f.patchBase(tls, inner, buf, start); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	partialEnd := end != off+size
	if partialEnd && (last != start || start == off) {
		if f.deadAfter(off, off+size) {
			clear(b[n-SectorSize:])
		} else if rc := f.patchBase(tls, inner, buf+uintptr(n-SectorSize), last); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	copy(b[off-start:], head)
	copy(b[off-start+int64(len(head)):], body)
	// The old cache is stale if this write touches its sector; the new
	// one is this write's partly covered last sector, taken before
	// encryption.
	f.forget()
	if partialEnd {
		f.remember(last/SectorSize, b[n-SectorSize:])
	}
	f.cipher.encrypt(b, first, &f.tw)
	rc := innerWrite(tls, inner, buf, int32(n), start)
	if rc != sqlite3.SQLITE_OK {
		f.forget() // the file may hold anything now
		return rc
	}
	f.wrote(off, off+size)
	return rc
}

// patchBase fills the sector buffer at buf with the current plaintext of
// the sector at off: from the tail cache if it holds that sector, else read
// and decrypted.
func (f *file) patchBase(tls *libc.TLS, inner, buf uintptr, off int64) int32 {
	if p, ok := f.cached(off / SectorSize); ok {
		copy(mem(buf, SectorSize), p)
		return sqlite3.SQLITE_OK
	}
	return f.readSector(tls, inner, buf, off)
}

// readSector reads and decrypts the sector at off into buf; past the end of
// the file it reads zeros.
func (f *file) readSector(tls *libc.TLS, inner, buf uintptr, off int64) int32 {
	rc := innerRead(tls, inner, buf, SectorSize, off)
	if rc != sqlite3.SQLITE_OK && rc != sqlite3.SQLITE_IOERR_SHORT_READ {
		return rc
	}
	f.cipher.decrypt(mem(buf, SectorSize), uint64(off/SectorSize), &f.tw)
	return sqlite3.SQLITE_OK
}

func xTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	f := lookup(pFile)
	inner := innerFile(pFile)
	if rc := f.flushHeld(tls, inner); rc != sqlite3.SQLITE_OK {
		return rc
	}
	f.forget()
	f.hwm = min(f.hwm, size) // nothing lives past the new end
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxTruncate})))(tls, inner, roundUp(size))
}

func xSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	inner := innerFile(pFile)
	if rc := lookup(pFile).flushHeld(tls, inner); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxSync})))(tls, inner, flags)
}

func xFileSize(tls *libc.TLS, pFile, pSize uintptr) int32 {
	inner := innerFile(pFile)
	if rc := lookup(pFile).flushHeld(tls, inner); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxFileSize})))(tls, inner, pSize)
}

// Lock calls bump the file's lock epoch, which invalidates the tail caches
// of its journal and WAL (see tailCache), and write out a write its WAL
// holds back (see wal.go).

func xLock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	f := lookup(pFile)
	if rc := f.flushWAL(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	f.locks.bump()
	inner := innerFile(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxLock})))(tls, inner, lock)
}

func xUnlock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	f := lookup(pFile)
	if rc := f.flushWAL(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	f.locks.bump()
	inner := innerFile(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxUnlock})))(tls, inner, lock)
}

func xCheckReservedLock(tls *libc.TLS, pFile, pResOut uintptr) int32 {
	inner := innerFile(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxCheckReservedLock})))(tls, inner, pResOut)
}

// xFileControl rounds size hints and chunk sizes up to whole sectors (the
// unix VFS extends files to them) and forwards everything else. The rounded
// argument is copied into TLS memory: the unix VFS must not see Go memory.
func xFileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	inner := innerFile(pFile)
	if rc := lookup(pFile).flushHeld(tls, inner); rc != sqlite3.SQLITE_OK {
		return rc
	}
	call := *(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxFileControl}))
	switch op {
	case sqlite3.SQLITE_FCNTL_SIZE_HINT:
		p := tls.Alloc(8)
		defer tls.Free(8)
		*(*int64)(cptr(p)) = roundUp(*(*int64)(cptr(pArg)))
		return call(tls, inner, op, p)
	case sqlite3.SQLITE_FCNTL_CHUNK_SIZE:
		p := tls.Alloc(8)
		defer tls.Free(8)
		*(*int32)(cptr(p)) = int32(roundUp(int64(*(*int32)(cptr(pArg)))))
		return call(tls, inner, op, p)
	}
	return call(tls, inner, op, pArg)
}

func xSectorSize(tls *libc.TLS, pFile uintptr) int32 {
	inner := innerFile(pFile)
	m := methods(inner)
	n := int32(0)
	if m.FxSectorSize != 0 {
		n = (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{m.FxSectorSize})))(tls, inner)
	}
	return max(n, SectorSize)
}

// droppedCaps are device promises that no longer hold once every write
// rewrites whole 512-byte sectors: neighbouring bytes are rewritten too
// (no power-safe overwrite, no safe append) and no multi-sector write is
// atomic.
const droppedCaps = sqlite3.SQLITE_IOCAP_POWERSAFE_OVERWRITE | sqlite3.SQLITE_IOCAP_SAFE_APPEND |
	sqlite3.SQLITE_IOCAP_ATOMIC | sqlite3.SQLITE_IOCAP_ATOMIC512 | sqlite3.SQLITE_IOCAP_ATOMIC1K |
	sqlite3.SQLITE_IOCAP_ATOMIC2K | sqlite3.SQLITE_IOCAP_ATOMIC4K | sqlite3.SQLITE_IOCAP_ATOMIC8K |
	sqlite3.SQLITE_IOCAP_ATOMIC16K | sqlite3.SQLITE_IOCAP_ATOMIC32K | sqlite3.SQLITE_IOCAP_ATOMIC64K |
	sqlite3.SQLITE_IOCAP_BATCH_ATOMIC

func xDeviceCharacteristics(tls *libc.TLS, pFile uintptr) int32 {
	inner := innerFile(pFile)
	m := methods(inner)
	if m.FxDeviceCharacteristics == 0 {
		return 0
	}
	n := (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{m.FxDeviceCharacteristics})))(tls, inner)
	return n &^ droppedCaps
}

// Shared memory (the -shm WAL index) is passed through unencrypted: it holds
// page numbers, frame counts and checksums, never page contents, and SQLite
// maps it directly into memory.

func xShmMap(tls *libc.TLS, pFile uintptr, iPg, pgsz, bExtend int32, pp uintptr) int32 {
	inner := innerFile(pFile)
	return (*(*func(*libc.TLS, uintptr, int32, int32, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxShmMap})))(tls, inner, iPg, pgsz, bExtend, pp)
}

func xShmLock(tls *libc.TLS, pFile uintptr, offset, n, flags int32) int32 {
	f := lookup(pFile)
	if rc := f.flushWAL(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	f.locks.bump()
	inner := innerFile(pFile)
	rc := (*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxShmLock})))(tls, inner, offset, n, flags)
	f.tenure.noteShmLock(offset, flags, rc == sqlite3.SQLITE_OK)
	return rc
}

// xShmBarrier is where SQLite publishes a commit to other connections, so
// a held-back WAL write must be out before it. It cannot report an error:
// a held-back write is only ever a frame header whose page write comes
// next, which always writes it out first (see wal.go), so this flush is a
// safety net that never has anything to do.
func xShmBarrier(tls *libc.TLS, pFile uintptr) {
	f := lookup(pFile)
	f.flushWAL(tls)
	inner := innerFile(pFile)
	(*(*func(*libc.TLS, uintptr))(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxShmBarrier})))(tls, inner)
}

func xShmUnmap(tls *libc.TLS, pFile uintptr, deleteFlag int32) int32 {
	if rc := lookup(pFile).flushWAL(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	inner := innerFile(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxShmUnmap})))(tls, inner, deleteFlag)
}
