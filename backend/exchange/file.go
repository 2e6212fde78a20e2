package exchange

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"

	"hearth/backend/internal/safezip"
	"hearth/backend/store"
)

// Format is the kind of file an export writes.
type Format string

// Formats.
const (
	FormatZip    Format = "zip"    // readable archive, NOT encrypted
	FormatBundle Format = "hearth" // the archive encrypted with age to a passphrase
)

var (
	ageMagic    = []byte("age-encryption.org/v1\n")
	armorMagic  = []byte("-----BEGIN AGE ENCRYPTED FILE-----")
	zipMagic    = []byte("PK\x03\x04")
	emptyZipMag = []byte("PK\x05\x06")
)

// LooksEncrypted reports whether head, a file's first bytes, starts like an
// age file, binary (a .hearth bundle) or ASCII-armored, so a caller knows
// to ask for a passphrase before importing it.
func LooksEncrypted(head []byte) bool {
	return bytes.HasPrefix(head, ageMagic) || bytes.HasPrefix(head, armorMagic)
}

// ExportFile writes an export to path: the archive is streamed to a
// temporary file (mode 0600) in the same folder, synced, and renamed over
// path, so a crash or error never leaves a half-written export under the
// chosen name; the temporary files of exports that were killed are removed
// from that folder first. FormatBundle needs a passphrase.
func ExportFile(ctx context.Context, db *store.DB, path string, format Format, passphrase string, opts ExportOptions) (st Stats, err error) {
	if format != FormatZip && format != FormatBundle {
		return Stats{}, errf(ErrBadRequest, nil, "The export format must be \"zip\" or \"hearth\".")
	}
	if format == FormatBundle && passphrase == "" {
		return Stats{}, errf(ErrBadRequest, nil, "An encrypted bundle needs a passphrase.")
	}
	removeStaleTemps(filepath.Dir(path)) // left by exports that were killed
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hearth-export-*.tmp")
	if err != nil {
		return Stats{}, errf(ErrBadRequest, err, "The export could not be written to that folder.")
	}
	defer holdTemp(tmp.Name())()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return Stats{}, fmt.Errorf("export: chmod: %w", err)
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	var w io.Writer = bw
	var enc io.WriteCloser
	if format == FormatBundle {
		r, err := age.NewScryptRecipient(passphrase)
		if err != nil {
			return Stats{}, fmt.Errorf("export: passphrase: %w", err)
		}
		if opts.ScryptWorkFactor > 0 {
			r.SetWorkFactor(opts.ScryptWorkFactor)
		}
		if enc, err = age.Encrypt(bw, r); err != nil {
			return Stats{}, fmt.Errorf("export: encrypt: %w", err)
		}
		w = enc
	}
	if st, err = export(ctx, db, w, opts); err != nil {
		return Stats{}, err
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return Stats{}, fmt.Errorf("export: encrypt: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return Stats{}, fmt.Errorf("export: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return Stats{}, fmt.Errorf("export: sync: %w", err)
	}
	fi, err := tmp.Stat()
	if err != nil {
		return Stats{}, fmt.Errorf("export: stat: %w", err)
	}
	st.Bytes = fi.Size()
	if err := tmp.Close(); err != nil {
		return Stats{}, fmt.Errorf("export: close: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Stats{}, fmt.Errorf("export: rename: %w", err)
	}
	syncDir(filepath.Dir(path))
	return st, auditExport(ctx, db, format, opts.ModuleID)
}

// syncDir makes the rename durable where the OS allows (not on Windows).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// ImportFile imports a .hearth bundle (passphrase needed) or a readable
// .zip archive into the open profile. See [ImportArchive].
func ImportFile(ctx context.Context, db *store.DB, path, passphrase string, opts ImportOptions) (Stats, error) {
	lim := opts.limits()
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, errf(ErrBadRequest, err, "The file could not be opened.")
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Stats{}, fmt.Errorf("import: stat: %w", err)
	}
	if fi.Size() > lim.MaxFileBytes {
		return Stats{}, errf(ErrTooLarge, nil, "The file is %d bytes, more than the %d Hearth imports.", fi.Size(), lim.MaxFileBytes)
	}
	head := make([]byte, 64)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	var ra io.ReaderAt = f
	size, format := fi.Size(), FormatZip
	switch {
	case bytes.HasPrefix(head, ageMagic):
		format = FormatBundle
		if ra, size, err = openBundle(f, size, passphrase, lim); err != nil {
			return Stats{}, err
		}
	case bytes.HasPrefix(head, armorMagic):
		return Stats{}, errf(ErrUnknownFormat, nil, "This is an ASCII-armored age file; Hearth bundles are binary.")
	case bytes.HasPrefix(head, zipMagic), bytes.HasPrefix(head, emptyZipMag):
	default:
		return Stats{}, errf(ErrUnknownFormat, nil, "This file is neither a Hearth bundle (.hearth) nor a Hearth export (.zip).")
	}
	st, err := importArchive(ctx, db, ra, size, format, opts)
	if err != nil {
		return Stats{}, err
	}
	st.Bytes = fi.Size()
	return st, nil
}

func openBundle(f io.ReaderAt, size int64, passphrase string, lim Limits) (io.ReaderAt, int64, error) {
	if passphrase == "" {
		return nil, 0, errf(ErrWrongPassphrase, nil, "This bundle is encrypted; enter its passphrase.")
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, 0, fmt.Errorf("import: passphrase: %w", err)
	}
	// A hostile bundle could demand an enormous scrypt cost (memory).
	id.SetMaxWorkFactor(lim.MaxScryptLogN)
	ra, n, err := age.DecryptReaderAt(f, size, id)
	var noMatch *age.NoIdentityMatchError
	switch {
	case err == nil:
		return ra, n, nil
	case errors.As(err, &noMatch), errors.Is(err, age.ErrIncorrectIdentity):
		return nil, 0, errf(ErrWrongPassphrase, err, "The passphrase is not right for this bundle.")
	}
	return nil, 0, errf(ErrInvalid, err, "The bundle is damaged, truncated, or asks for too much work to open.")
}

// ImportArchive imports the readable archive in r (size bytes) into the
// open profile in one transaction: new modules (renamed where an id is
// taken), sessions, messages and memories with fresh ids. On any error
// nothing is written. The import is recorded in the audit log.
func ImportArchive(ctx context.Context, db *store.DB, r io.ReaderAt, size int64, opts ImportOptions) (Stats, error) {
	st, err := importArchive(ctx, db, r, size, FormatZip, opts)
	if err == nil {
		st.Bytes = size
	}
	return st, err
}

func importArchive(ctx context.Context, db *store.DB, r io.ReaderAt, size int64, format Format, opts ImportOptions) (Stats, error) {
	lim := opts.limits()
	zr, err := safezip.Open(r, size, lim.zip())
	if err != nil {
		return Stats{}, classify("archive", err)
	}
	if !zr.Has(entryProfile) && hasChatGPT(zr) {
		return Stats{}, errf(ErrUnknownFormat, nil, "This is a ChatGPT export; import it with the ChatGPT importer into a module.")
	}
	conn, release, err := importConn(ctx, db)
	if err != nil {
		return Stats{}, err
	}
	defer release()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return Stats{}, fmt.Errorf("import: begin: %w", err)
	}
	defer tx.Rollback()
	d := &dbSink{ctx: ctx, tx: tx, opts: opts}
	pipe := newPipeSink(d)
	defer pipe.stop() // before the deferred Rollback: no writes after it
	if err := parseArchive(ctx, zr, lim, pipe); err != nil {
		return Stats{}, err
	}
	if opts.FreshProfile {
		if err := importFamily(ctx, zr, tx); err != nil {
			return Stats{}, err
		}
	}
	detail := fmt.Sprintf("format=%s modules=%d sessions=%d messages=%d memories=%d",
		format, d.stats.Modules, d.stats.Sessions, d.stats.Messages, d.stats.Memories)
	if err := store.Audit(ctx, tx, "import", detail); err != nil {
		return Stats{}, err
	}
	if err := tx.Commit(); err != nil {
		return Stats{}, fmt.Errorf("import: commit: %w", err)
	}
	db.CheckpointLater()
	return d.stats, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
