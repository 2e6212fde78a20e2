package exchange_test

import (
	"path/filepath"
	"testing"

	"hearth/backend/exchange"
)

// An import raises messages_fts's automerge while it runs and puts the
// profile's own setting back in the same transaction, whatever it was.
func TestImport_RestoresAutomerge(t *testing.T) {
	src := openDB(t)
	seedProfile(t, src)
	out := filepath.Join(t.TempDir(), "e.zip")
	if _, err := exchange.ExportFile(ctx, src, out, exchange.FormatZip, "", exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, set, want string
	}{
		{"default", "", "4"},
		{"custom", "7", "7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := openDB(t)
			if tc.set != "" {
				mustExec(t, dst, `INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', `+tc.set+`)`)
			}
			if _, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := dst.QueryRowContext(ctx, `SELECT v FROM messages_fts_config WHERE k = 'automerge'`).Scan(&got); err != nil || got != tc.want {
				t.Fatalf("automerge after import = %q (%v), want %s", got, err, tc.want)
			}
			mustExec(t, dst, `INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')`)
		})
	}
}
