package cryptovfs

import (
	"fmt"
	"os"
)

// DecryptFile returns the plaintext of the file at path (a database, its
// rollback journal or its WAL) under the profile's 32-byte data key, for
// inspecting a file no connection has open (the store's check of a WAL
// left behind by a crash). Whole sectors are decrypted; a trailing partial
// sector, which this VFS never writes, is dropped. size is the file's
// length on disk.
func DecryptFile(path string, dataKey []byte) (plain []byte, size int64, err error) {
	xtsKey, err := deriveXTSKey(dataKey)
	if err != nil {
		return nil, 0, err
	}
	defer clear(xtsKey)
	c, err := newSectorCipher(xtsKey)
	if err != nil {
		return nil, 0, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	size = int64(len(b))
	b = b[:len(b)&^sectorMask]
	var tw tweakScratch
	c.decrypt(b, 0, &tw)
	return b, size, nil
}

// InUse reports whether this process has the database at path open
// through the VFS (its key is registered).
func InUse(path string) bool {
	full, err := fullPathname(path)
	if err != nil {
		return false
	}
	return registered(full) != nil
}
