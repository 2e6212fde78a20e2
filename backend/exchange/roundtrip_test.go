package exchange_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hearth/backend/exchange"
	"hearth/backend/store"
)

const testPass = "correct horse battery staple"

// lowCost keeps scrypt cheap in tests; real exports use age's default.
func lowCost(o exchange.ExportOptions) exchange.ExportOptions {
	o.ScryptWorkFactor = 10
	return o
}

func TestExportImport_RoundTrip(t *testing.T) {
	for _, format := range []exchange.Format{exchange.FormatZip, exchange.FormatBundle} {
		t.Run(string(format), func(t *testing.T) {
			src := openDB(t)
			seedProfile(t, src)
			out := filepath.Join(t.TempDir(), "export."+string(format))
			var calls, lastDone, lastTotal int
			st, err := exchange.ExportFile(ctx, src, out, format, testPass, lowCost(exchange.ExportOptions{
				ProfileName: "Ada", Progress: func(d, n int) { calls++; lastDone, lastTotal = d, n }}))
			if err != nil {
				t.Fatal(err)
			}
			want := exchange.Stats{Modules: 2, Sessions: 3, Messages: 6, Memories: 3}
			if st.Bytes <= 0 {
				t.Errorf("bytes = %d", st.Bytes)
			}
			st.Bytes = 0
			if st != want {
				t.Errorf("export stats %+v, want %+v", st, want)
			}
			if calls == 0 || lastDone != lastTotal || lastTotal != 2+3+6+3 {
				t.Errorf("progress: %d calls, last %d/%d", calls, lastDone, lastTotal)
			}
			fi, err := os.Stat(out)
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("export file: %v %v", fi.Mode(), err)
			}
			raw, _ := os.ReadFile(out)
			if format == exchange.FormatBundle && bytes.Contains(raw, []byte("Zürich")) {
				t.Error("bundle holds plaintext")
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".hearth-export-*"))
			if len(leftovers) != 0 {
				t.Errorf("temp files left: %v", leftovers)
			}

			dst := openDB(t)
			ist, err := exchange.ImportFile(ctx, dst, out, testPass, exchange.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ist.Bytes = 0
			if ist != want {
				t.Errorf("import stats %+v, want %+v", ist, want)
			}
			if a, b := canon(t, src), canon(t, dst); !reflect.DeepEqual(a, b) {
				t.Errorf("round trip differs:\nsource %#v\nimported %#v", a, b)
			}
			// Search works on imported text (FTS triggers ran).
			if n := count(t, dst, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'miso'`); n != 1 {
				t.Errorf("fts hits %d", n)
			}
			// Ids are fresh, never the archive's.
			if n := count(t, dst, `SELECT count(*) FROM messages WHERE id LIKE 'm-%' OR session_id LIKE 's-%'`); n != 0 {
				t.Errorf("%d rows kept archive ids", n)
			}
			if d := auditDetail(t, src, "export"); d != "format="+string(format)+" scope=profile" {
				t.Errorf("export audit %q", d)
			}
			if d := auditDetail(t, dst, "import"); !strings.HasPrefix(d, "format="+string(format)+" modules=2 sessions=3") {
				t.Errorf("import audit %q", d)
			}
		})
	}
}

func auditDetail(t *testing.T, db *store.DB, event string) string {
	t.Helper()
	var d string
	if err := db.QueryRowContext(ctx, `SELECT detail FROM audit_log WHERE event = ? ORDER BY seq DESC LIMIT 1`, event).Scan(&d); err != nil {
		t.Fatalf("audit %s: %v", event, err)
	}
	return d
}

// readZip returns the entries of an archive file.
func readZip(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		out[f.Name] = b.String()
	}
	return out
}

func TestExport_ModuleOnly(t *testing.T) {
	src := openDB(t)
	seedProfile(t, src)
	out := filepath.Join(t.TempDir(), "kitchen.zip")
	st, err := exchange.ExportFile(ctx, src, out, exchange.FormatZip, "", exchange.ExportOptions{ModuleID: "kitchen"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Modules != 1 || st.Sessions != 2 || st.Messages != 4 || st.Memories != 1 {
		t.Errorf("stats %+v", st)
	}
	entries := readZip(t, out)
	for name, body := range entries {
		if strings.Contains(body, "homework") || strings.Contains(body, "Zürich") {
			t.Errorf("%s leaks another module", name)
		}
	}
	if !strings.Contains(entries["README.txt"], "NOT ENCRYPTED") {
		t.Error("README lacks the warning")
	}
	if !strings.Contains(entries["profile.json"], `"scope": "module"`) {
		t.Errorf("profile.json: %s", entries["profile.json"])
	}
	var md int
	for name, body := range entries {
		if strings.HasPrefix(name, "markdown/kitchen/") {
			md++
			if strings.Contains(name, "soup-ideas") && !strings.Contains(body, "**Assistant (gpt-x)**") {
				t.Errorf("markdown %s:\n%s", name, body)
			}
		}
	}
	if md != 2 {
		t.Errorf("%d markdown files", md)
	}
	if d := auditDetail(t, src, "export"); d != "format=zip scope=module:kitchen" {
		t.Errorf("audit %q", d)
	}

	dst := openDB(t)
	if _, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, dst, `SELECT count(*) FROM modules`); n != 1 {
		t.Errorf("%d modules", n)
	}
	if n := count(t, dst, `SELECT count(*) FROM messages WHERE module_id = 'kitchen'`); n != 4 {
		t.Errorf("%d messages", n)
	}

	t.Run("ErrModuleNotFound", func(t *testing.T) {
		_, err := exchange.ExportFile(ctx, src, filepath.Join(t.TempDir(), "x.zip"), exchange.FormatZip, "",
			exchange.ExportOptions{ModuleID: "nope"})
		if !errors.Is(err, exchange.ErrModuleNotFound) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrBadRequest", func(t *testing.T) {
		_, err := exchange.ExportFile(ctx, src, filepath.Join(t.TempDir(), "x.hearth"), exchange.FormatBundle, "", exchange.ExportOptions{})
		if !errors.Is(err, exchange.ErrBadRequest) {
			t.Fatalf("got %v", err)
		}
	})
}

// Importing twice never overwrites: the second copy gets new slugs and
// "(imported)" names, and the first copy is untouched.
func TestImport_IDCollision(t *testing.T) {
	src := openDB(t)
	seedProfile(t, src)
	out := filepath.Join(t.TempDir(), "e.zip")
	if _, err := exchange.ExportFile(ctx, src, out, exchange.FormatZip, "", exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	dst := openDB(t)
	seedProfile(t, dst) // same ids and names already present
	before := canon(t, dst)
	if _, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var name string
	var builtin bool
	if err := dst.QueryRowContext(ctx, `SELECT name, builtin FROM modules WHERE id = 'kitchen-2'`).Scan(&name, &builtin); err != nil {
		t.Fatal(err)
	}
	if name != "Kitchen (imported)" || builtin {
		t.Errorf("copy is %q builtin=%v", name, builtin)
	}
	if n := count(t, dst, `SELECT count(*) FROM messages WHERE module_id = 'homework-2'`); n != 2 {
		t.Errorf("homework-2 has %d messages", n)
	}
	if n := count(t, dst, `SELECT count(*) FROM memories WHERE scope = 'kitchen-2' AND origin_module = 'kitchen-2'`); n != 1 {
		t.Errorf("kitchen-2 has %d memories", n)
	}
	// The originals are unchanged.
	after := canon(t, dst)
	for _, m := range before.Modules {
		if !contains(after.Modules, m) {
			t.Errorf("module changed: %s", m)
		}
	}
	if _, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := dst.QueryRowContext(ctx, `SELECT name FROM modules WHERE id = 'kitchen-3'`).Scan(&name); err != nil || name != "Kitchen (imported 2)" {
		t.Errorf("third copy %q %v", name, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestImport_FreshProfile(t *testing.T) {
	src := openDB(t)
	seedProfile(t, src)
	out := filepath.Join(t.TempDir(), "e.zip")
	if _, err := exchange.ExportFile(ctx, src, out, exchange.FormatZip, "", exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		dst := openDB(t)
		addModule(t, dst, "kitchen", "Kitchen", true) // as a new profile's seed
		if _, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{FreshProfile: true}); err != nil {
			t.Fatal(err)
		}
		if a, b := canon(t, src), canon(t, dst); !reflect.DeepEqual(a, b) {
			t.Errorf("differs:\n%v\n%v", a, b)
		}
	})
	t.Run("NotFresh", func(t *testing.T) {
		dst := openDB(t)
		addModule(t, dst, "kitchen", "Kitchen", true)
		if _, err := exchange.ImportFile(ctx, dst, out, "", exchange.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, dst, `SELECT count(*) FROM modules WHERE id IN ('kitchen', 'kitchen-2')`); n != 2 {
			t.Errorf("%d kitchens", n)
		}
	})
}
