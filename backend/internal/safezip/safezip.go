// Package safezip reads ZIP archives from untrusted sources with hard bounds.
//
// Open checks the central directory before anything is decompressed: entry
// count, names (no "..", absolute paths, backslashes, drive letters, NUL or
// invalid UTF-8, no duplicates), declared sizes per entry and in total, and
// the compression ratio. Entry readers then count the bytes they actually
// inflate, so an archive that lies about its sizes is stopped at the limit
// instead of filling memory or disk (zip bombs).
package safezip

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// Errors, checked with errors.Is.
var (
	ErrNotZip   = errors.New("not a zip archive")
	ErrUnsafe   = errors.New("unsafe entry name")
	ErrTooLarge = errors.New("archive too large")
	ErrBomb     = errors.New("suspicious compression ratio")
)

// Limits bound what an archive may hold. Zero fields are not allowed; use
// the caller's defaults.
type Limits struct {
	MaxEntries    int    // entries in the central directory
	MaxEntryBytes uint64 // uncompressed bytes of one entry
	MaxTotalBytes uint64 // uncompressed bytes of all entries
	MaxRatio      uint64 // uncompressed/compressed, checked for entries above RatioFloor
}

// RatioFloor is the size below which the ratio is not checked: tiny entries
// of repeated bytes compress absurdly well and are harmless.
const RatioFloor = 1 << 20

// Reader is a validated archive.
type Reader struct {
	zr     *zip.Reader
	lim    Limits
	byName map[string]*zip.File
}

// Open validates the archive in r (size bytes) against lim.
func Open(r io.ReaderAt, size int64, lim Limits) (*Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, fmt.Errorf("%w: %d entries, at most %d allowed", ErrTooLarge, len(zr.File), lim.MaxEntries)
	}
	sr := &Reader{zr: zr, lim: lim, byName: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		if err := CheckName(f.Name); err != nil {
			return nil, err
		}
		if _, dup := sr.byName[f.Name]; dup {
			return nil, fmt.Errorf("%w: %q appears twice", ErrUnsafe, f.Name)
		}
		sr.byName[f.Name] = f
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, fmt.Errorf("%w: %q uses an unsupported compression method", ErrNotZip, f.Name)
		}
		if f.UncompressedSize64 > lim.MaxEntryBytes {
			return nil, fmt.Errorf("%w: %q is %d bytes, at most %d allowed", ErrTooLarge, f.Name, f.UncompressedSize64, lim.MaxEntryBytes)
		}
		total += f.UncompressedSize64
		if total > lim.MaxTotalBytes {
			return nil, fmt.Errorf("%w: more than %d bytes uncompressed", ErrTooLarge, lim.MaxTotalBytes)
		}
		if err := checkRatio(f.Name, f.UncompressedSize64, f.CompressedSize64, lim.MaxRatio); err != nil {
			return nil, err
		}
	}
	return sr, nil
}

func checkRatio(name string, unc, comp, max uint64) error {
	if unc <= RatioFloor {
		return nil
	}
	if comp == 0 || unc/comp > max {
		return fmt.Errorf("%w: %q expands more than %d times", ErrBomb, name, max)
	}
	return nil
}

// CheckName rejects names that could escape a destination folder or confuse
// a reader: empty, absolute, "..", ".", backslashes, drive letters, control
// characters and invalid UTF-8.
func CheckName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w: %q %s", ErrUnsafe, name, why) }
	switch {
	case name == "":
		return bad("is empty")
	case !utf8.ValidString(name):
		return bad("is not valid UTF-8")
	case len(name) > 512:
		return bad("is too long")
	case strings.ContainsAny(name, "\\:"):
		return bad("contains a backslash or colon")
	case strings.HasPrefix(name, "/"):
		return bad("is an absolute path")
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return bad("contains a control character")
		}
	}
	for _, part := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if part == ".." || part == "." || part == "" {
			return bad("is not a clean relative path")
		}
	}
	if path.Clean(name) != strings.TrimSuffix(name, "/") {
		return bad("is not a clean relative path")
	}
	return nil
}

// Files lists the entries in archive order.
func (r *Reader) Files() []*zip.File { return r.zr.File }

// Has reports whether the archive holds an entry named name.
func (r *Reader) Has(name string) bool { _, ok := r.byName[name]; return ok }

// Open opens the entry named name for reading, bounded by the limits.
func (r *Reader) Open(name string) (io.ReadCloser, error) {
	f, ok := r.byName[name]
	if !ok {
		return nil, fmt.Errorf("%q: %w", name, ErrMissing)
	}
	return r.OpenFile(f)
}

// OpenFile opens f (an entry of this archive) for reading. Reading more
// than the entry's declared size, more than MaxEntryBytes, or with a ratio
// above MaxRatio fails.
func (r *Reader) OpenFile(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrNotZip, f.Name, err)
	}
	limit := f.UncompressedSize64
	if limit > r.lim.MaxEntryBytes {
		limit = r.lim.MaxEntryBytes
	}
	return &boundedReader{rc: rc, name: f.Name, left: limit, comp: f.CompressedSize64, max: r.lim.MaxRatio}, nil
}

// ErrMissing is returned by Open for a name the archive does not hold.
var ErrMissing = errors.New("no such entry")

type boundedReader struct {
	rc   io.ReadCloser
	name string
	left uint64 // bytes still allowed
	read uint64
	comp uint64
	max  uint64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left == 0 {
		// One more byte would exceed the bound: probe for it.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: %q holds more data than it declares", ErrTooLarge, b.name)
		}
		if err == nil {
			err = io.EOF
		}
		return 0, translate(b.name, err)
	}
	if uint64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= uint64(n)
	b.read += uint64(n)
	if rerr := checkRatio(b.name, b.read, b.comp, b.max); rerr != nil {
		return n, rerr
	}
	return n, translate(b.name, err)
}

func translate(name string, err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %q is damaged: %v", ErrNotZip, name, err)
	}
	return err
}

func (b *boundedReader) Close() error { return b.rc.Close() }
