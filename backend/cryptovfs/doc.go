// Package cryptovfs is Hearth's encrypting VFS for modernc.org/sqlite: the
// only code that touches a profile database's page bytes.
//
// # Construction
//
// The VFS wraps SQLite's default "unix" VFS the way SQLite's own cksumvfs
// shim does: it forwards every call to the unix file and transforms the
// bytes of xRead and xWrite. Every file SQLite writes for a profile is
// divided into 512-byte sectors and each sector is encrypted with
// AES-256-XTS (IEEE 1619) using the sector index as the tweak. The mode is
// implemented in xts.go over crypto/aes, byte-for-byte equal to
// golang.org/x/crypto/xts (tested against it) but about three times faster,
// because x/crypto/xts works a byte at a time. XTS is length preserving, so SQLite's page layout, its journal and WAL
// checksums and its crash recovery work unchanged on top of it.
//
//   - The main database, its rollback journal and its WAL share one cipher
//     whose 64-byte XTS key is derived from the profile's 32-byte data key
//     with HKDF-SHA256. Journals and WALs find their database through
//     sqlite3_database_file_object, so they never need a key of their own.
//   - Temporary databases, temporary journals and statement sub-journals get
//     a fresh random key per file: nobody ever needs to read them after the
//     file is closed.
//   - Keys never travel in the DSN. [Register] puts the cipher for a database
//     path into a process-wide registry before the database is opened; the
//     release function it returns removes it again when the database closes.
//
// # What it protects, and what it does not
//
// It protects the confidentiality of a database file at rest: a copied or
// stolen file, a backup, or the file read by another OS user or a household
// member who does not have the key reveals nothing but its size. XTS is not
// authenticated: whoever can write the file can roll sectors back or corrupt
// them undetected (SQLite may notice the damage, or may not), and the -shm
// index (which holds only page numbers and checksums, never page contents) is
// left in plaintext. A compromised running process sees everything. See
// THREAT-MODEL.md at the repository root.
//
// # Rules that keep SQLite correct on top of XTS
//
//   - Files are always a whole number of sectors: unaligned writes are
//     read-modify-write of the covering sectors, and xTruncate,
//     SQLITE_FCNTL_SIZE_HINT and SQLITE_FCNTL_CHUNK_SIZE are rounded up. A
//     handle remembers the plaintext of the sector its last write left
//     partly covered, for the next WAL frame or journal record, but only
//     while the connection's locks are unchanged (tail.go).
//   - While a connection holds the WAL write lock, its WAL appends skip
//     reading back the dead bytes past the log's end, and a frame header is
//     sent together with its page in one write (wal.go). The header is held
//     back only until that page write, and never past a sync, read, lock or
//     barrier call, so a commit is on disk before SQLite publishes it.
//   - A ciphertext sector of all zero bytes reads as zeros. It is either the
//     zero fill of a short read past the end of the file or a hole left by a
//     size hint; a real encrypted sector is all zeros with probability 2⁻⁴⁰⁹⁶.
//   - The io methods are version 2: shared memory is kept, xFetch is dropped
//     so memory mapping can never hand ciphertext to the pager.
//   - The sector size reported is max(unix, 512), and the device is never
//     claimed to be power-safe-overwrite, safe-append or atomic, because a
//     write now rewrites whole 512-byte sectors.
//   - Opening a non-empty database whose first sector does not decrypt to
//     "SQLite format 3\0" fails with SQLITE_NOTADB before SQLite looks at any
//     journal or WAL. Without the check a wrong key would make a hot journal
//     look invalid, and SQLite would delete it.
package cryptovfs
