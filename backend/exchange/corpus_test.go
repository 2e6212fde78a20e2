package exchange_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hearth/backend/exchange"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWriteFuzzCorpus regenerates the committed seed corpus of
// FuzzParseArchive from a real export when HEARTH_WRITE_FUZZ_CORPUS=1.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("HEARTH_WRITE_FUZZ_CORPUS") != "1" {
		t.Skip("set HEARTH_WRITE_FUZZ_CORPUS=1 to rewrite testdata/fuzz")
	}
	// Small seeds, stored uncompressed so mutations reach the JSON, keep
	// the fuzzer's minimization fast.
	good := minimalArchive(t)
	h1 := "sessions/homework/s-h1.json"
	seeds := map[string][]byte{
		"valid":         buildStoredZip(t, good),
		"deflated":      buildZip(t, good),
		"zipslip":       buildStoredZip(t, append(good, entry{"../x", "x"})),
		"newer":         buildStoredZip(t, edit(good, "profile.json", replace(`"formatVersion": 1`, `"formatVersion": 2`))),
		"dup-message":   buildStoredZip(t, edit(good, h1, replace(`"id":"m-h1-2"`, `"id":"m-h1-1"`))),
		"wrong-type":    buildStoredZip(t, edit(good, h1, replace(`"createdAt":1700000003200`, `"createdAt":"x"`))),
		"missing-files": buildStoredZip(t, without(good, "memories.json")),
	}
	write := func(target, name string, data []byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		os.MkdirAll(dir, 0o755)
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range seeds {
		write("FuzzParseArchive", name, data)
	}
	sample, err := os.ReadFile("testdata/chatgpt/conversations.json")
	if err != nil {
		t.Fatal(err)
	}
	write("../../chatgpt/testdata/fuzz/FuzzParseChatGPT", "sample", sample)
}

// minimalArchive is one module, one session of two messages and one
// memory, without the README and Markdown entries (import ignores them).
func minimalArchive(t *testing.T) []entry {
	db := openDB(t)
	addModule(t, db, "homework", "Homework", false)
	addSession(t, db, "homework", "s-h1", "Fractions", 1700000003000)
	addMemory(t, db, "mem-3", "homework", "homework", "Year 5", "s-h1", "m-h1-1", 1700000003600)
	addMessage(t, db, "homework", "s-h1", "m-h1-1", "user", "½ + ⅓?", 1700000003100)
	addMessage(t, db, "homework", "s-h1", "m-h1-2", "assistant", "5/6", 1700000003200, "mem-3")
	var buf bytes.Buffer
	if _, err := exchange.Export(ctx, db, &buf, exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range zr.File {
		if f.Name == "README.txt" || strings.HasPrefix(f.Name, "markdown/") {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, entry{f.Name, string(b)})
	}
	return out
}

func buildStoredZip(t *testing.T, entries []entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
