package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"hearth/backend/cryptovfs"
	"hearth/backend/vault/atomicfile"
)

// A WAL left behind by a crash is replayed by SQLite when the database is
// next opened: frame by frame, as long as each frame's checksum chains
// from the one before, up to the last commit frame. A damaged frame (a bad
// sector, a sync tool, a half-copied file) ends the replay there, and every
// transaction committed after it is silently dropped; SQLite then reuses
// and finally deletes the file. checkWAL reads the WAL the way the replay
// will, before SQLite does, and if a committed transaction lies beyond the
// point where the replay stops, it keeps a copy of the WAL as
// <db>-wal.damaged-<unix time> and says so. SQLite still replays what it
// can; nothing is thrown away without a trace.

const (
	walMagicLE     = 0x377f0682 // checksums over little-endian words
	walMagicBE     = 0x377f0683 // checksums over big-endian words
	walVersion     = 3007000
	walHeaderSize  = 32
	walFrameHeader = 24
	sectorSize     = 512
)

// WALDamage says what the WAL check found and where the damaged log was
// kept. The zero value means nothing was wrong.
type WALDamage struct {
	Reason string // one sentence, no secrets
	KeptAs string // path of the kept copy
}

// String is the sentence for the user.
func (d WALDamage) String() string {
	if d.Reason == "" {
		return ""
	}
	return fmt.Sprintf("the database's write-ahead log was damaged (%s): changes saved after the damage could not be recovered; the damaged log was kept as %s", d.Reason, filepath.Base(d.KeptAs))
}

// checkWAL inspects path's WAL before it is opened. It does nothing if
// there is no WAL or another connection (in this process or another) has
// the database open, because then the WAL is live and not replayed.
func checkWAL(path string, key []byte, plain bool, now time.Time) (WALDamage, error) {
	wal := path + "-wal"
	fi, err := os.Stat(wal)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return WALDamage{}, nil
	}
	if err != nil {
		return WALDamage{}, fmt.Errorf("check wal: %w", err)
	}
	if (!plain && cryptovfs.InUse(path)) || shmHeld(path+"-shm") {
		return WALDamage{}, nil
	}
	var b []byte
	size := fi.Size()
	if plain {
		b, err = os.ReadFile(wal)
	} else {
		b, size, err = cryptovfs.DecryptFile(wal, key)
	}
	if err != nil {
		return WALDamage{}, fmt.Errorf("check wal: %w", err)
	}
	reason := walLoss(b)
	if reason != "" && !plain && size%sectorSize != 0 {
		reason += "; the file was cut short"
	}
	if reason == "" {
		return WALDamage{}, nil
	}
	kept := wal + ".damaged-" + strconv.FormatInt(now.Unix(), 10)
	raw, err := os.ReadFile(wal)
	if err != nil {
		return WALDamage{}, fmt.Errorf("keep damaged wal: %w", err)
	}
	if err := atomicfile.Write(kept, raw, 0o600); err != nil {
		return WALDamage{}, fmt.Errorf("keep damaged wal: %w", err)
	}
	return WALDamage{Reason: reason, KeptAs: kept}, nil
}

// walLoss returns why SQLite's replay of the plaintext WAL b would drop a
// committed transaction, or "" if it would not.
func walLoss(b []byte) string {
	if len(b) < walHeaderSize {
		return ""
	}
	magic := binary.BigEndian.Uint32(b[0:])
	pgsz := int(binary.BigEndian.Uint32(b[8:]))
	if pgsz == 1 {
		pgsz = 65536
	}
	headerOK := (magic == walMagicLE || magic == walMagicBE) &&
		binary.BigEndian.Uint32(b[4:]) == walVersion &&
		pgsz >= 512 && pgsz <= 65536 && pgsz&(pgsz-1) == 0
	if headerOK {
		s1, s2 := walChecksum(magic == walMagicBE, b[:24], 0, 0)
		headerOK = s1 == binary.BigEndian.Uint32(b[24:]) && s2 == binary.BigEndian.Uint32(b[28:])
	}
	if !headerOK {
		// SQLite ignores the whole log. Frames that commit would be lost;
		// their size is unknown, so look for any plausible page size.
		for _, ps := range []int{4096, 8192, 16384, 32768, 65536, 1024, 2048, 512} {
			if commitFrameAt(b, ps) {
				return "its header is unreadable"
			}
		}
		return ""
	}
	bigEnd := magic == walMagicBE
	salt := b[16:24]
	s1, s2 := binary.BigEndian.Uint32(b[24:]), binary.BigEndian.Uint32(b[28:])
	frame := walFrameHeader + pgsz
	i := 0
	for ; walHeaderSize+(i+1)*frame <= len(b); i++ {
		f := b[walHeaderSize+i*frame : walHeaderSize+(i+1)*frame]
		if !bytes.Equal(f[8:16], salt) || binary.BigEndian.Uint32(f[0:]) == 0 {
			break
		}
		c1, c2 := walChecksum(bigEnd, f[:8], s1, s2)
		c1, c2 = walChecksum(bigEnd, f[walFrameHeader:], c1, c2)
		if c1 != binary.BigEndian.Uint32(f[16:]) || c2 != binary.BigEndian.Uint32(f[20:]) {
			break
		}
		s1, s2 = c1, c2
	}
	// The replay stops at frame i. A frame of this log (same salt) that
	// commits, at or after i, is a transaction it drops; its header is
	// enough to tell, even if the rest of the frame was cut off.
	for j := i; walHeaderSize+j*frame+walFrameHeader <= len(b); j++ {
		f := b[walHeaderSize+j*frame:]
		if bytes.Equal(f[8:16], salt) && binary.BigEndian.Uint32(f[4:]) != 0 {
			return fmt.Sprintf("frame %d of %d does not check out", i+1, (len(b)-walHeaderSize+frame-1)/frame)
		}
	}
	return ""
}

// commitFrameAt reports whether b holds, after a WAL header, a complete
// frame of page size ps whose header marks a commit and whose salts are
// those of the frame after it or before it (so it is not noise).
func commitFrameAt(b []byte, ps int) bool {
	frame := walFrameHeader + ps
	n := (len(b) - walHeaderSize) / frame
	for j := 0; j < n; j++ {
		f := b[walHeaderSize+j*frame:]
		if binary.BigEndian.Uint32(f[4:]) == 0 || binary.BigEndian.Uint32(f[0:]) == 0 {
			continue
		}
		for _, k := range []int{j - 1, j + 1} {
			if k >= 0 && k < n && bytes.Equal(b[walHeaderSize+k*frame+8:walHeaderSize+k*frame+16], f[8:16]) {
				return true
			}
		}
	}
	return false
}

// walChecksum is SQLite's WAL checksum (walChecksumBytes) over b, a
// multiple of 8 bytes, continuing from s1, s2.
func walChecksum(bigEnd bool, b []byte, s1, s2 uint32) (uint32, uint32) {
	order := binary.ByteOrder(binary.LittleEndian)
	if bigEnd {
		order = binary.BigEndian
	}
	for i := 0; i+8 <= len(b); i += 8 {
		s1 += order.Uint32(b[i:]) + s2
		s2 += order.Uint32(b[i+4:]) + s1
	}
	return s1, s2
}
