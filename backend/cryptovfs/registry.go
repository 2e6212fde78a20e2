package cryptovfs

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrKeyConflict is returned by [Register] when the path is already
// registered (open) with a different key.
var ErrKeyConflict = errors.New("database is already open with a different key")

// registry maps a database's full pathname, exactly as SQLite will pass it
// to xOpen, to its cipher. It is package state because xOpen has no other
// way to reach Go values (see vfs.go).
var registry = struct {
	sync.Mutex
	m map[string]*entry
}{m: map[string]*entry{}}

type entry struct {
	cipher *sectorCipher
	// fingerprint identifies the key without keeping it: SHA-256 of the
	// derived XTS key, compared in constant time.
	fingerprint [32]byte
	refs        int
}

// Register makes key (the profile's 32-byte data key) the key of the
// database at path, its rollback journal and its WAL, for databases opened
// with vfs=[Name]. Call release after the database (every connection) is
// closed; it forgets the cipher once every registration of the path is
// released. Registering an open path again with the same key is allowed
// and reference counted; with a different key it fails with ErrKeyConflict.
func Register(path string, key []byte) (release func(), err error) {
	if err := register(); err != nil {
		return nil, err
	}
	xtsKey, err := deriveXTSKey(key)
	if err != nil {
		return nil, err
	}
	defer clear(xtsKey)
	full, err := fullPathname(path)
	if err != nil {
		return nil, err
	}
	fp := sha256.Sum256(xtsKey)

	registry.Lock()
	defer registry.Unlock()
	e := registry.m[full]
	if e != nil {
		if subtle.ConstantTimeCompare(e.fingerprint[:], fp[:]) != 1 {
			return nil, ErrKeyConflict
		}
	} else {
		c, err := newSectorCipher(xtsKey)
		if err != nil {
			return nil, err
		}
		e = &entry{cipher: c, fingerprint: fp}
		registry.m[full] = e
	}
	e.refs++
	var once sync.Once
	return func() { once.Do(func() { unregister(full, e) }) }, nil
}

func unregister(full string, e *entry) {
	registry.Lock()
	defer registry.Unlock()
	e.refs--
	if e.refs == 0 && registry.m[full] == e {
		delete(registry.m, full)
		// The AES key schedules inside the cipher cannot be wiped from Go;
		// dropping the last reference is the best this process can do.
		e.cipher = nil
		clear(e.fingerprint[:])
	}
}

func registered(full string) *sectorCipher {
	registry.Lock()
	defer registry.Unlock()
	if e := registry.m[full]; e != nil {
		return e.cipher
	}
	return nil
}

// fullPathname asks the unix VFS for the name SQLite will use for path, so
// registry lookups match byte for byte (symlinks, "..", relative paths).
func fullPathname(path string) (string, error) {
	tls := libc.NewTLS()
	defer tls.Close()
	zPath, err := libc.CString(path)
	if err != nil {
		return "", fmt.Errorf("full pathname: %w", err)
	}
	defer libc.Xfree(tls, zPath)
	inner := (*sqlite3.Tsqlite3_vfs)(cptr(unixVFS))
	n := inner.FmxPathname + 1
	zOut := sqlite3.Xsqlite3_malloc64(tls, uint64(n))
	if zOut == 0 {
		return "", errors.New("full pathname: out of memory")
	}
	defer sqlite3.Xsqlite3_free(tls, zOut)
	call := *(*func(*libc.TLS, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{inner.FxFullPathname}))
	if rc := call(tls, unixVFS, zPath, n, zOut); rc != sqlite3.SQLITE_OK && rc != sqlite3.SQLITE_OK_SYMLINK {
		return "", fmt.Errorf("full pathname of %s: sqlite error %d", path, rc)
	}
	return libc.GoString(zOut), nil
}
