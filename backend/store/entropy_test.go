//go:build linux

package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"hearth/backend/store"
)

// The canary tests look for known text. These look at the files
// themselves: every byte SQLite writes for an encrypted profile (database,
// rollback journal, WAL, temporary files) must be indistinguishable from
// random, sector by sector, so a page without readable text (a b-tree
// interior page, a header, a pointer map) or a temp file that escaped the
// cipher is caught too. Linux only: temp files are found through
// /proc/self/fd.

// sectorChi2Max is the byte-frequency chi-square (255 degrees of freedom)
// above which a 512-byte sector is not random. Uniform random bytes exceed
// it with probability about 1e-12 (Wilson-Hilferty), so a run over
// ~100,000 sectors has a false alarm chance near 1e-7. Plaintext of any
// kind (text, zeros, varints, pointers) scores in the thousands.
const sectorChi2Max = 450

// fileChi2Max is the same test over all of a file's bytes together.
const fileChi2Max = 450

// magics are SQLite structures that must never appear in the clear: the
// database header, a WAL header (magic and format 3007000) and a rollback
// journal header.
var magics = map[string][]byte{
	"database header": []byte("SQLite format 3\x00"),
	"WAL header (BE)": {0x37, 0x7f, 0x06, 0x82, 0x00, 0x2d, 0xe2, 0x18},
	"WAL header (LE)": {0x37, 0x7f, 0x06, 0x83, 0x00, 0x2d, 0xe2, 0x18},
	"journal header":  {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7},
}

func chi2(b []byte) float64 {
	var n [256]int
	for _, c := range b {
		n[c]++
	}
	exp := float64(len(b)) / 256
	var x float64
	for _, o := range n {
		d := float64(o) - exp
		x += d * d / exp
	}
	return x
}

// randomness is what analyze found in one file.
type randomness struct {
	sectors, zero int
	bad           []string // sector findings, first few only
	nbad          int
	fileChi2      float64
	magic         []string
}

// analyze checks b, the bytes of one file, sector by sector. All-zero
// sectors are counted apart: the VFS leaves them as holes (see cryptovfs's
// doc) and they carry no information.
func analyze(b []byte) randomness {
	var r randomness
	if len(b)%512 != 0 {
		r.bad = append(r.bad, fmt.Sprintf("size %d is not whole sectors", len(b)))
		r.nbad++
	}
	var nonzero []byte
	for off := 0; off+512 <= len(b); off += 512 {
		sec := b[off : off+512]
		r.sectors++
		if bytes.Count(sec, []byte{0}) == 512 {
			r.zero++
			continue
		}
		nonzero = append(nonzero, sec...)
		if x := chi2(sec); x > sectorChi2Max {
			r.nbad++
			if len(r.bad) < 5 {
				r.bad = append(r.bad, fmt.Sprintf("sector %d chi2 %.0f", off/512, x))
			}
		}
	}
	if len(nonzero) > 0 {
		r.fileChi2 = chi2(nonzero)
	}
	for name, m := range magics {
		if bytes.Contains(b, m) {
			r.magic = append(r.magic, name)
		}
	}
	sort.Strings(r.magic)
	return r
}

func (r randomness) ok() bool {
	return r.nbad == 0 && len(r.magic) == 0 && r.fileChi2 <= fileChi2Max
}

func (r randomness) String() string {
	return fmt.Sprintf("%d sectors (%d zero), %d not random %v, file chi2 %.0f, magic %v",
		r.sectors, r.zero, r.nbad, r.bad, r.fileChi2, r.magic)
}

// snapshots collects the bytes of every file of the profile folder (but
// the -shm index, which holds no page content and is documented as plain)
// and of every SQLite temporary file this process has open, at each stage
// of a workload.
type snapshots struct {
	dir   string
	files map[string][]byte // "stage: name" -> bytes
	temps int
}

func (s *snapshots) take(t *testing.T, stage string) {
	t.Helper()
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), "-shm") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s.files[stage+": "+e.Name()] = b
	}
	for name, b := range openTempFiles(t) {
		s.files[stage+": temp "+name] = b
		s.temps++
	}
}

// openTempFiles reads SQLite's temporary files through this process's
// open descriptors: SQLite unlinks a temp file right after opening it, so
// they are the regular files open here with no link left. (Their names
// differ: etilqs_* on Linux, #<inode> under gVisor.)
func openTempFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("list open files: %v", err)
	}
	for _, fd := range fds {
		p := filepath.Join("/proc/self/fd", fd.Name())
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); !ok || st.Nlink != 0 {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			continue // closed meanwhile
		}
		out["fd"+fd.Name()] = b
	}
	return out
}

// entropyWorkload writes every table (writeCanaries), then in one
// transaction with a tiny page cache writes megabytes (which spill to the
// WAL or journal before commit), then with temp storage switched to files
// builds a temp table, sorts it and runs a statement that needs a
// statement journal. It snapshots the files mid-transaction, after commit,
// while the temp files are open, and after close.
func entropyWorkload(t *testing.T, dir string, opts store.Options) *snapshots {
	ctx := context.Background()
	snap := &snapshots{dir: dir, files: map[string][]byte{}}
	key := make([]byte, 32)
	rand.Read(key)
	db, err := store.Open(ctx, filepath.Join(dir, "hearth.db"), key, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := writeCanaries(ctx, db, "e"); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	exec(`PRAGMA cache_size = 32`)
	exec(`BEGIN IMMEDIATE`)
	ins, err := conn.PrepareContext(ctx, `INSERT INTO messages(id, session_id, module_id, role, content, created_at)
		VALUES (?, 'ses-e', 'mod-e', 'assistant', ?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("the a soup leek onion garden violin fraction lesson quiet river map bread jam kettle")
	for i := range 1000 {
		var b strings.Builder
		for j := 0; b.Len() < 1100; j++ {
			b.WriteString(words[(i*7+j*j)%len(words)])
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "row %d", i)
		if _, err := ins.ExecContext(ctx, fmt.Sprintf("big-%05d", i), b.String(), i); err != nil {
			t.Fatal(err)
		}
	}
	ins.Close()
	snap.take(t, "mid-transaction")
	exec(`COMMIT`)
	snap.take(t, "committed")

	// Temp storage in files (the app keeps it in memory, but the VFS must
	// not depend on that): a temp table larger than its cache, a sort
	// bigger than the sorter's memory (its runs go to temp files), and an
	// UPDATE with FTS triggers inside a transaction, whose statement
	// journal spills to a temp file past 64 KiB.
	exec(`PRAGMA temp_store = FILE`)
	exec(`PRAGMA temp.cache_size = 16`)
	exec(`CREATE TEMP TABLE scratch AS SELECT id, content FROM messages`)
	exec(`BEGIN IMMEDIATE`)
	exec(`UPDATE messages SET content = content || ' edited' WHERE id LIKE 'big-%'`)
	rows, err := conn.QueryContext(ctx, `SELECT id FROM scratch ORDER BY content || content, id`)
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("sort returned nothing: %v", rows.Err())
	}
	snap.take(t, "temp table, sort, statement journal")
	rows.Close()
	exec(`COMMIT`)
	exec(`PRAGMA temp_store = MEMORY`)
	conn.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	snap.take(t, "closed")
	return snap
}

// TestEncryptedFilesLookRandom: every sector of every file an encrypted
// profile writes passes a byte-frequency test, and no SQLite header magic
// appears anywhere, in rollback-journal and WAL mode.
func TestEncryptedFilesLookRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("writes ~10 MB")
	}
	for _, mode := range []string{"WAL", "DELETE"} {
		t.Run(mode, func(t *testing.T) {
			snap := entropyWorkload(t, t.TempDir(), store.Options{JournalMode: mode, MaxOpenConns: 1})
			if snap.temps == 0 {
				t.Fatal("the workload made no temp file to check")
			}
			var names []string
			for n := range snap.files {
				names = append(names, n)
			}
			sort.Strings(names)
			var journals int
			for _, n := range names {
				if strings.HasSuffix(n, "-wal") || strings.HasSuffix(n, "-journal") {
					journals++
				}
				r := analyze(snap.files[n])
				t.Logf("%s: %s", n, r)
				if !r.ok() {
					t.Errorf("%s does not look random: %s", n, r)
				}
			}
			if journals == 0 {
				t.Fatalf("no WAL or journal was caught mid-transaction: %v", names)
			}
		})
	}
}

// TestEncryptedFilesLookRandom_PlainControl runs the same workload without
// encryption: the check must flag the database, its WAL or journal, and the
// temp files, or it could not catch anything.
func TestEncryptedFilesLookRandom_PlainControl(t *testing.T) {
	if testing.Short() {
		t.Skip("writes ~10 MB")
	}
	snap := entropyWorkload(t, t.TempDir(), store.Options{Plain: true, MaxOpenConns: 1})
	flagged := map[string]bool{}
	for n, b := range snap.files {
		if analyze(b).ok() {
			continue
		}
		switch {
		case strings.Contains(n, "temp "):
			flagged["temp"] = true
		case strings.HasSuffix(n, "-wal"):
			flagged["wal"] = true
		case strings.HasSuffix(n, ".db"):
			flagged["db"] = true
		}
	}
	for _, k := range []string{"db", "wal", "temp"} {
		if !flagged[k] {
			t.Errorf("plaintext %s files passed the randomness check", k)
		}
	}
}
