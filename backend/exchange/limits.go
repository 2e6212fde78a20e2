package exchange

import "hearth/backend/internal/safezip"

// Limits bound what an import accepts. The defaults fit a heavy user's
// lifetime of chats with room to spare, and stop absurd inputs early.
type Limits struct {
	MaxFileBytes  int64  // size of the file on disk (compressed/encrypted)
	MaxEntries    int    // files inside an archive
	MaxEntryBytes uint64 // uncompressed bytes of one archive entry
	MaxTotalBytes uint64 // uncompressed bytes of a whole archive
	MaxRatio      uint64 // uncompressed/compressed for entries above 1 MiB
	MaxModules    int
	MaxSessions   int
	MaxMessages   int // in total
	MaxMemories   int
	MaxHistory    int // changes per memory
	MaxTextBytes  int // one message content, memory text or system prompt
	MaxScryptLogN int // highest scrypt work factor a bundle may demand
}

// DefaultLimits are the limits used when ImportOptions.Limits is nil.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:  8 << 30,
		MaxEntries:    500_000,
		MaxEntryBytes: 512 << 20,
		MaxTotalBytes: 16 << 30,
		MaxRatio:      200,
		MaxModules:    1_000,
		MaxSessions:   250_000,
		MaxMessages:   5_000_000,
		MaxMemories:   1_000_000,
		MaxHistory:    10_000,
		MaxTextBytes:  4 << 20,
		MaxScryptLogN: 20, // 1 GiB of scrypt memory; age writes 18
	}
}

func (l Limits) zip() safezip.Limits {
	return safezip.Limits{MaxEntries: l.MaxEntries, MaxEntryBytes: l.MaxEntryBytes, MaxTotalBytes: l.MaxTotalBytes, MaxRatio: l.MaxRatio}
}
