package cryptovfs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Name is the VFS name to select with the vfs= DSN parameter.
const Name = "hearth-xts"

// SQLite's VFS and io-method tables are C structs that SQLite keeps
// pointers to for the life of the process, and its callbacks carry no Go
// context. That forces the package-level state below: the tables must have
// a fixed address outside any Go object that can move or die, and open
// files are found by their C address.
var (
	registerOnce sync.Once
	registerErr  error

	vfs       sqlite3.Tsqlite3_vfs        // our VFS: a copy of "unix" with xOpen replaced
	ioMethods sqlite3.Tsqlite3_io_methods // version 2, no xFetch
	unixVFS   uintptr                     // the wrapped unix VFS (C memory owned by SQLite)

	// files maps the C address of an open sqlite3_file to its Go state.
	// C memory must never hold Go pointers, so this map is the handle table.
	files sync.Map // uintptr -> *file
)

// innerOffset is where the unix file starts inside our sqlite3_file: right
// after the base struct (one pointer, so already 8-aligned).
const innerOffset = unsafe.Sizeof(sqlite3.Tsqlite3_file{})

var dbHeader = []byte("SQLite format 3\x00")

// register installs the VFS with SQLite once per process.
func register() error {
	registerOnce.Do(func() { registerErr = doRegister() })
	return registerErr
}

func doRegister() error {
	if err := checkLayout(); err != nil {
		return err
	}
	tls := libc.NewTLS()
	defer tls.Close()

	zUnix, err := libc.CString(baseVFS)
	if err != nil {
		return fmt.Errorf("register vfs: %w", err)
	}
	defer libc.Xfree(tls, zUnix)
	unixVFS = sqlite3.Xsqlite3_vfs_find(tls, zUnix)
	if unixVFS == 0 {
		return fmt.Errorf("register vfs: sqlite has no %s vfs", baseVFS)
	}
	// Unsafe: unixVFS is C memory owned by SQLite for the process lifetime;
	// go vet's "possible misuse of unsafe.Pointer" is unavoidable here.
	inner := (*sqlite3.Tsqlite3_vfs)(cptr(unixVFS))

	// zName lives in C memory and is never freed: SQLite keeps the pointer.
	zName, err := libc.CString(Name)
	if err != nil {
		return fmt.Errorf("register vfs: %w", err)
	}
	vfs = *inner
	vfs.FpNext = 0
	vfs.FzName = zName
	vfs.FszOsFile = int32(innerOffset) + (inner.FszOsFile+7)&^7
	*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&vfs.FxOpen)) = xOpen

	ioMethods.FiVersion = 2 // shm yes, xFetch/xUnfetch no: mmap must never expose ciphertext
	*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&ioMethods.FxClose)) = xClose
	*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&ioMethods.FxRead)) = xRead
	*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&ioMethods.FxWrite)) = xWrite
	*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&ioMethods.FxTruncate)) = xTruncate
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&ioMethods.FxSync)) = xSync
	*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&ioMethods.FxFileSize)) = xFileSize
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&ioMethods.FxLock)) = xLock
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&ioMethods.FxUnlock)) = xUnlock
	*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&ioMethods.FxCheckReservedLock)) = xCheckReservedLock
	*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&ioMethods.FxFileControl)) = xFileControl
	*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&ioMethods.FxSectorSize)) = xSectorSize
	*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&ioMethods.FxDeviceCharacteristics)) = xDeviceCharacteristics
	*(*func(*libc.TLS, uintptr, int32, int32, int32, uintptr) int32)(unsafe.Pointer(&ioMethods.FxShmMap)) = xShmMap
	*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&ioMethods.FxShmLock)) = xShmLock
	*(*func(*libc.TLS, uintptr))(unsafe.Pointer(&ioMethods.FxShmBarrier)) = xShmBarrier
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&ioMethods.FxShmUnmap)) = xShmUnmap

	if rc := sqlite3.Xsqlite3_vfs_register(tls, uintptr(unsafe.Pointer(&vfs)), 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("register vfs: sqlite error %d", rc)
	}
	return nil
}

// checkLayout asserts the generated structs still have SQLite's C layout:
// SQLite's C-side code and this package must agree on every offset.
func checkLayout() error {
	p := unsafe.Sizeof(uintptr(0))
	var v sqlite3.Tsqlite3_vfs
	var m sqlite3.Tsqlite3_io_methods
	hdr := (3*4 + p - 1) &^ (p - 1) // iVersion, szOsFile, mxPathname, padding
	switch {
	case unsafe.Offsetof(v.FpNext) != hdr,
		unsafe.Offsetof(v.FxOpen) != hdr+3*p,
		unsafe.Sizeof(v) != hdr+3*p+16*p,
		unsafe.Offsetof(m.FxClose) != p,
		unsafe.Offsetof(m.FxShmUnmap) != 16*p,
		unsafe.Sizeof(m) != 19*p,
		unsafe.Sizeof(sqlite3.Tsqlite3_file{}) != p:
		return errors.New("register vfs: unexpected sqlite struct layout")
	}
	return nil
}

// file is the Go state of one open file.
type file struct {
	cipher  *sectorCipher
	scratch uintptr // C buffer for ciphertext, grown on demand
	scap    int
	tw      tweakScratch
	tail    tailCache
	// epoch is the lock epoch of the connection's main database file
	// (this file's own for a main or temporary database); see tailCache.
	epoch *lockEpoch
	locks lockEpoch // bumped by this file's lock calls

	addr uintptr // the sqlite3_file's C address

	// A main database: its WAL write lock, and its WAL's handle (see wal.go).
	tenure writeTenure
	wal    *file
	// A WAL: its main database's handle, the high-water mark of the current
	// write-lock tenure, and the write held back for the next one.
	mainDB *file
	hwm    int64
	hwmGen uint64
	held   heldBack
}

func innerFile(p uintptr) uintptr { return p + innerOffset }

// methods returns the io methods of a (unix) file.
// Unsafe: p is a C sqlite3_file; unavoidable go vet note.
func methods(p uintptr) *sqlite3.Tsqlite3_io_methods {
	return (*sqlite3.Tsqlite3_io_methods)(cptr((*sqlite3.Tsqlite3_file)(cptr(p)).FpMethods))
}

func setMethods(p, m uintptr) { (*sqlite3.Tsqlite3_file)(cptr(p)).FpMethods = m }

func lookup(p uintptr) *file {
	f, _ := files.Load(p)
	return f.(*file)
}

// buffer returns scratch space of at least n bytes (C memory, so the unix
// VFS may write into it).
func (f *file) buffer(tls *libc.TLS, n int) (uintptr, bool) {
	if n > f.scap {
		p := sqlite3.Xsqlite3_malloc64(tls, uint64(n))
		if p == 0 {
			return 0, false
		}
		if f.scratch != 0 {
			sqlite3.Xsqlite3_free(tls, f.scratch)
		}
		f.scratch, f.scap = p, n
	}
	return f.scratch, true
}

func (f *file) free(tls *libc.TLS) {
	if f.scratch != 0 {
		sqlite3.Xsqlite3_free(tls, f.scratch)
		f.scratch, f.scap = 0, 0
	}
}

// mem views n bytes of C memory at p as a slice.
// Unsafe: p is C memory that outlives the call; unavoidable go vet note.
func mem(p uintptr, n int) []byte { return unsafe.Slice((*byte)(cptr(p)), n) }

const (
	tempFlags = sqlite3.SQLITE_OPEN_TEMP_DB | sqlite3.SQLITE_OPEN_TEMP_JOURNAL |
		sqlite3.SQLITE_OPEN_TRANSIENT_DB | sqlite3.SQLITE_OPEN_SUBJOURNAL
	mainFlags = sqlite3.SQLITE_OPEN_MAIN_JOURNAL | sqlite3.SQLITE_OPEN_WAL
)

// xOpen picks the file's cipher, opens the unix file behind it and, for a
// main database, checks that the key is right before SQLite reads anything.
func xOpen(tls *libc.TLS, pVfs, zName, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	setMethods(pFile, 0) // SQLite calls xClose only if pMethods is set
	var c *sectorCipher
	var epoch *lockEpoch
	var mainDB *file
	switch {
	case flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0:
		if zName == 0 {
			return sqlite3.SQLITE_CANTOPEN
		}
		c = registered(libc.GoString(zName))
	case flags&mainFlags != 0:
		if zName == 0 {
			return sqlite3.SQLITE_CANTOPEN
		}
		// A journal or WAL shares the cipher of its main database.
		if db, ok := files.Load(sqlite3.Xsqlite3_database_file_object(tls, zName)); ok {
			c = db.(*file).cipher
			epoch = &db.(*file).locks
			if flags&sqlite3.SQLITE_OPEN_WAL != 0 {
				mainDB = db.(*file)
			}
		}
	case flags&tempFlags != 0:
		var err error
		if c, err = randomCipher(); err != nil {
			return sqlite3.SQLITE_IOERR
		}
	}
	// No key, or a super-journal (only written for multi-database
	// transactions, which Hearth never runs): fail closed, never plaintext.
	if c == nil {
		return sqlite3.SQLITE_CANTOPEN
	}

	if zName != 0 && flags&(sqlite3.SQLITE_OPEN_MAIN_DB|mainFlags) != 0 {
		tightenFile(libc.GoString(zName), flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0, flags&sqlite3.SQLITE_OPEN_CREATE != 0)
	}
	inner := innerFile(pFile)
	open := *(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{(*sqlite3.Tsqlite3_vfs)(cptr(unixVFS)).FxOpen}))
	if rc := open(tls, unixVFS, zName, inner, flags, pOutFlags); rc != sqlite3.SQLITE_OK {
		return rc
	}
	f := &file{cipher: c, epoch: epoch, addr: pFile, mainDB: mainDB}
	if f.epoch == nil {
		f.epoch = &f.locks
	}
	if flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0 {
		if rc := f.checkKey(tls, inner, libc.GoString(zName)); rc != sqlite3.SQLITE_OK {
			closeInner(tls, inner)
			f.free(tls)
			return rc
		}
	}
	files.Store(pFile, f)
	if mainDB != nil {
		mainDB.wal = f
	}
	setMethods(pFile, uintptr(unsafe.Pointer(&ioMethods)))
	return sqlite3.SQLITE_OK
}

func closeInner(tls *libc.TLS, inner uintptr) int32 {
	m := methods(inner)
	if m == nil {
		return sqlite3.SQLITE_OK
	}
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{m.FxClose})))(tls, inner)
}

// checkKey returns SQLITE_NOTADB unless the database's first block decrypts
// to SQLite's header. An empty database is checked against its journal or
// WAL instead, if one exists, so a wrong key can never lead SQLite to judge a
// hot journal or WAL invalid and delete it.
func (f *file) checkKey(tls *libc.TLS, inner uintptr, path string) int32 {
	buf, ok := f.buffer(tls, SectorSize)
	if !ok {
		return sqlite3.SQLITE_NOMEM
	}
	rc := (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{methods(inner).FxRead})))(tls, inner, buf, SectorSize, 0)
	if rc != sqlite3.SQLITE_OK && rc != sqlite3.SQLITE_IOERR_SHORT_READ {
		return rc
	}
	sec := mem(buf, SectorSize)
	var plain [16]byte
	if !isZero(sec) {
		f.cipher.decryptPrefix(plain[:], sec, 0, &f.tw)
		if !bytes.Equal(plain[:], dbHeader) {
			return sqlite3.SQLITE_NOTADB
		}
		return sqlite3.SQLITE_OK
	}
	for _, s := range []struct {
		suffix string
		ok     func(p []byte) bool
	}{
		{"-wal", func(p []byte) bool { m := binary.BigEndian.Uint32(p); return m&^1 == 0x377f0682 }},
		// A journal's magic is zero until SQLite has synced its content,
		// which also makes it "not hot"; a wrong key yields neither value.
		{"-journal", func(p []byte) bool { m := binary.BigEndian.Uint64(p); return m == 0xd9d505f920a163d7 || m == 0 }},
	} {
		sec, err := readSector0(path + s.suffix)
		if err != nil || isZero(sec) {
			continue // absent, unreadable (SQLite will say so) or empty
		}
		f.cipher.decryptPrefix(plain[:], sec, 0, &f.tw)
		if !s.ok(plain[:]) {
			return sqlite3.SQLITE_NOTADB
		}
	}
	return sqlite3.SQLITE_OK
}

func readSector0(path string) ([]byte, error) {
	fd, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	sec := make([]byte, SectorSize)
	if _, err := fd.ReadAt(sec, 0); err != nil {
		return nil, err // shorter than a sector: not ours to judge
	}
	return sec, nil
}

// cptr turns the address of C memory (SQLite's or libc's heap, never Go
// memory) into a pointer. That memory does not move and the Go GC does not
// manage it, so the conversion is sound; it is the one line of this package
// go vet reports as a "possible misuse of unsafe.Pointer", unavoidably.
func cptr(p uintptr) unsafe.Pointer { return unsafe.Pointer(p) }
