package store_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth/backend/store"
)

// The crash and hot-journal tests re-run this test binary as a child
// process that writes to a database until the parent SIGKILLs it.
const (
	envChild  = "HEARTH_STORE_TEST_CHILD" // "turns" or "hold"
	envPath   = "HEARTH_STORE_TEST_PATH"
	envKey    = "HEARTH_STORE_TEST_KEY" // hex; a throwaway test key
	envMode   = "HEARTH_STORE_TEST_JOURNAL"
	envTag    = "HEARTH_STORE_TEST_TAG"
	envCanary = "HEARTH_STORE_TEST_CANARY"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		if err := runChild(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func testKey(b byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = b + byte(i)
	}
	return k
}

const (
	moduleID  = "mod-test"
	sessionID = "ses-test"
)

// seed creates the module and session every turn hangs off (idempotent).
func seed(ctx context.Context, db *store.DB) error {
	now := time.Now().UnixMilli()
	if _, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO modules(id, name, created_at, updated_at) VALUES (?, 'Test', ?, ?)`, moduleID, now, now); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO sessions(id, module_id, created_at, updated_at) VALUES (?, ?, ?, ?)`, sessionID, moduleID, now, now)
	return err
}

// insertTurn writes one chat turn the way the chat service does: a user and
// an assistant message (their FTS rows via the schema's triggers) and the
// session's updated_at, in one transaction.
func insertTurn(ctx context.Context, db *store.DB, id, user, assistant string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now().UnixMilli()
	const q = `INSERT INTO messages(id, session_id, module_id, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, q, id+"-u", sessionID, moduleID, "user", user, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, id+"-a", sessionID, moduleID, "assistant", assistant, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET updated_at = ? WHERE id = ?`, now, sessionID); err != nil {
		return err
	}
	return tx.Commit()
}

// checkIntegrity runs both FTS5 indexes' integrity checks and SQLite's.
//
// All run on one connection, FTS5 first: PRAGMA integrity_check also calls
// FTS5's xIntegrity, which (SQLite 3.54.1) trusts the connection's cached
// FTS5 structure record without checking whether another connection has
// written since. On a pooled connection that last read the index before
// the writer's final merges, it then reports "corruption found reading
// blob" for a segment that is really there (the same check passes after a
// reopen). The FTS5 'integrity-check' command is a write, and its xBegin
// re-reads the structure when the data version changed, so running it first
// makes the pragma see the current index.
func checkIntegrity(ctx context.Context, db *store.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer conn.Close()
	for _, t := range []string{"messages_fts", "memories_fts"} {
		if _, err := conn.ExecContext(ctx, `INSERT INTO `+t+`(`+t+`) VALUES ('integrity-check')`); err != nil {
			return fmt.Errorf("%s integrity-check: %w", t, err)
		}
	}
	var s string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&s); err != nil {
		return fmt.Errorf("integrity_check: %w", err)
	}
	if s != "ok" {
		return fmt.Errorf("integrity_check: %s", s)
	}
	return nil
}

func runChild(mode string) error {
	ctx := context.Background()
	key, err := hex.DecodeString(os.Getenv(envKey))
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, os.Getenv(envPath), key, store.Options{MaxOpenConns: 1, JournalMode: os.Getenv(envMode)})
	if err != nil {
		return err
	}
	if err := seed(ctx, db); err != nil {
		return err
	}
	tag := os.Getenv(envTag)
	out := bufio.NewWriter(os.Stdout)
	switch mode {
	case "turns":
		// Write turns forever; "ack N" is printed only after turn N commits.
		for n := 0; ; n++ {
			id := fmt.Sprintf("%s-%d", tag, n)
			if err := insertTurn(ctx, db, id, "question "+id+" about the garden", "answer "+id+" "+strings.Repeat("compost and seedlings ", n%40)); err != nil {
				return err
			}
			if n%4 == 3 {
				if err := bulkWrite(ctx, db, n); err != nil {
					return err
				}
			}
			if n%5 == 0 {
				now := time.Now().UnixMilli()
				if _, err := db.ExecContext(ctx, `INSERT INTO memories(id, scope, origin_module, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
					id+"-m", moduleID, moduleID, "remembers "+id+" tomatoes", now, now); err != nil {
					return err
				}
			}
			fmt.Fprintf(out, "ack %d\n", n)
			out.Flush()
		}
	case "hold":
		// Commit canaries, then stop in the middle of a transaction that
		// has spilled to the database file (hot journal or WAL frames).
		if err := writeCanaries(ctx, db, tag+"committed"); err != nil {
			return err
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = 2`); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			return err
		}
		if err := writeCanariesOn(ctx, conn, tag+"pending"); err != nil {
			return err
		}
		fmt.Fprintln(out, "mid")
		out.Flush()
		time.Sleep(time.Hour)
	}
	return fmt.Errorf("unknown child mode %q", mode)
}

// bulkRows is how many rows a bulk transaction rewrites.
const bulkRows = 60

// bulkWrite rewrites every row of a side table with version n in one
// transaction that is far larger than its connection's 4-page cache: it
// spills to the WAL (or journal) mid-transaction, rewrites spilled pages,
// and rolls a savepoint back. After any crash every row must carry the
// same version (checkBulk). The child's pool has one connection, so the
// cache size applies to the transaction.
func bulkWrite(ctx context.Context, db *store.DB, n int) error {
	if _, err := db.ExecContext(ctx, `PRAGMA cache_size = 4`); err != nil {
		return err
	}
	defer db.ExecContext(ctx, `PRAGMA cache_size = -32768`)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bulk (i INTEGER PRIMARY KEY, ver INTEGER NOT NULL, pad BLOB)`); err != nil {
		return err
	}
	for i := range bulkRows {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO bulk VALUES (?, ?, randomblob(1500))`, i, n); err != nil {
			return err
		}
	}
	for _, q := range []string{`SAVEPOINT s`, `UPDATE bulk SET ver = -1, pad = randomblob(2000)`, `ROLLBACK TO s`, `RELEASE s`,
		`UPDATE bulk SET pad = randomblob(1200) WHERE i % 3 = 0`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// checkBulk verifies the bulk table is all one committed version.
func checkBulk(ctx context.Context, db *store.DB) error {
	var exists int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'bulk'`).Scan(&exists); err != nil || exists == 0 {
		return err
	}
	var rows, versions, lowest int
	if err := db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT ver), coalesce(min(ver), 0) FROM bulk`).Scan(&rows, &versions, &lowest); err != nil {
		return err
	}
	if rows != bulkRows || versions != 1 || lowest < 0 {
		return fmt.Errorf("bulk table torn: %d rows, %d versions, lowest %d", rows, versions, lowest)
	}
	return nil
}

// child is a running child process and the acknowledgements it printed.
type child struct {
	cmd  *exec.Cmd
	acks chan int    // each "ack N"
	mid  chan string // "mid" and any other line
	done chan struct{}
}

func startChild(t testing.TB, mode, path string, key []byte, journal, tag string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envPath+"="+path, envKey+"="+hex.EncodeToString(key), envMode+"="+journal, envTag+"="+tag, envCanary+"="+canaryRun)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, acks: make(chan int, 1<<16), mid: make(chan string, 16), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			line = strings.TrimSpace(line)
			if n, ok := strings.CutPrefix(line, "ack "); ok {
				v, _ := strconv.Atoi(n)
				c.acks <- v
			} else if line != "" {
				c.mid <- line
			}
			if err == io.EOF || err != nil {
				return
			}
		}
	}()
	return c
}

// kill SIGKILLs the child and returns every turn it acknowledged.
func (c *child) kill(t testing.TB) []int {
	t.Helper()
	_ = c.cmd.Process.Kill() // SIGKILL on Unix
	_ = c.cmd.Wait()
	if st := c.cmd.ProcessState; st != nil && st.Exited() {
		t.Fatalf("child exited by itself (status %d) instead of being killed", st.ExitCode())
	}
	<-c.done
	close(c.acks)
	var acks []int
	for a := range c.acks {
		acks = append(acks, a)
	}
	return acks
}

// countRows is used to tell an in-flight transaction's rows from committed ones.
func countRows(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}
