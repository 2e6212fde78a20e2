package exchange_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/exchange"
)

type entry struct{ name, body string }

// validArchive exports the seeded profile to memory and returns its entries.
func validArchive(t *testing.T) []entry {
	t.Helper()
	src := openDB(t)
	seedProfile(t, src)
	var buf bytes.Buffer
	if _, err := exchange.Export(ctx, src, &buf, exchange.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		out = append(out, entry{f.Name, b.String()})
	}
	return out
}

func buildZip(t *testing.T, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
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

// edit returns a copy of entries with fn applied to the entry named name.
func edit(entries []entry, name string, fn func(string) string) []entry {
	out := make([]entry, 0, len(entries))
	for _, e := range entries {
		if e.name == name {
			e.body = fn(e.body)
		}
		out = append(out, e)
	}
	return out
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// lyingZip holds an entry that declares 10 bytes but inflates to n.
func lyingZip(t *testing.T, n int) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write([]byte(`{"format": "`))
	fw.Write(bytes.Repeat([]byte("A"), n))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "profile.json", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestImport_Malformed(t *testing.T) {
	good := validArchive(t)
	goodZip := buildZip(t, good)
	k1 := "sessions/kitchen/s-k1.json"
	h1 := "sessions/homework/s-h1.json"
	small := exchange.DefaultLimits()
	small.MaxEntryBytes = 4 << 20
	small.MaxTotalBytes = 8 << 20

	// An encrypted bundle for the passphrase cases.
	src := openDB(t)
	seedProfile(t, src)
	bundle := filepath.Join(t.TempDir(), "b.hearth")
	if _, err := exchange.ExportFile(ctx, src, bundle, exchange.FormatBundle, testPass, lowCost(exchange.ExportOptions{})); err != nil {
		t.Fatal(err)
	}
	bundleBytes, _ := os.ReadFile(bundle)

	cases := []struct {
		name       string
		data       []byte
		passphrase string
		kind       error
	}{
		{"Truncated", goodZip[:len(goodZip)/2], "", exchange.ErrInvalid},
		{"TruncatedTail", goodZip[:len(goodZip)-10], "", exchange.ErrInvalid},
		{"ZipSlip", buildZip(t, append(good, entry{"../../evil.json", "{}"})), "", exchange.ErrUnsafe},
		{"AbsolutePath", buildZip(t, append(good, entry{"/etc/cron.d/x", "x"})), "", exchange.ErrUnsafe},
		{"Backslash", buildZip(t, append(good, entry{`sessions\..\..\x.json`, "x"})), "", exchange.ErrUnsafe},
		{"DuplicateEntry", buildZip(t, append(good, entry{"profile.json", "{}"})), "", exchange.ErrUnsafe},
		{"Bomb", buildZip(t, append(good, entry{"markdown/bomb.md", strings.Repeat("\x00", 3<<20)})), "", exchange.ErrUnsafe},
		// Inflating past the declared size is stopped at the declared size.
		{"LyingSize", lyingZip(t, 2<<20), "", exchange.ErrInvalid},
		{"EntryTooLarge", buildZip(t, append(good, entry{"markdown/big.md", randomText(5 << 20)})), "", exchange.ErrTooLarge},
		{"NewerFormat", buildZip(t, edit(good, "profile.json", replace(`"formatVersion": 1`, `"formatVersion": 2`))), "", exchange.ErrNewerVersion},
		{"NewerSchema", buildZip(t, edit(good, "profile.json", replace(`"schemaVersion": `, `"schemaVersion": 99`))), "", exchange.ErrNewerVersion},
		{"NotHearth", buildZip(t, edit(good, "profile.json", replace(`"hearth-export"`, `"other"`))), "", exchange.ErrInvalid},
		{"BadUTF8", buildZip(t, edit(good, h1, replace("5/6", "5/\xff6"))), "", exchange.ErrInvalid},
		{"WrongType", buildZip(t, edit(good, h1, replace(`"createdAt":1700000003200`, `"createdAt":"later"`))), "", exchange.ErrInvalid},
		{"WrongTypeModules", buildZip(t, edit(good, "modules.json", replace(`"temperature": 0.4`, `"temperature": "warm"`))), "", exchange.ErrInvalid},
		{"MissingRole", buildZip(t, edit(good, h1, replace(`"role":"assistant",`, ``))), "", exchange.ErrInvalid},
		{"UnknownRole", buildZip(t, edit(good, h1, replace(`"role":"assistant"`, `"role":"tool"`))), "", exchange.ErrInvalid},
		{"UnknownField", buildZip(t, edit(good, h1, replace(`"role":"assistant"`, `"role":"assistant","x":1`))), "", exchange.ErrInvalid},
		{"MissingMessages", buildZip(t, edit(good, h1, func(s string) string { return s[:strings.Index(s, ",\n\"messages\"")] + "}" })), "", exchange.ErrInvalid},
		{"MissingProfileJSON", buildZip(t, without(good, "profile.json")), "", exchange.ErrInvalid},
		{"MissingSessionFile", buildZip(t, without(good, k1)), "", exchange.ErrInvalid},
		{"DuplicateMessageID", buildZip(t, edit(good, h1, replace(`"id":"m-h1-2"`, `"id":"m-k1-1"`))), "", exchange.ErrInvalid},
		{"DuplicateSessionID", buildZip(t, edit(good, h1, replace(`"id":"s-h1"`, `"id":"s-k1"`))), "", exchange.ErrInvalid},
		{"DuplicateModuleID", buildZip(t, edit(good, "modules.json", replace(`"id": "homework"`, `"id": "kitchen"`))), "", exchange.ErrInvalid},
		{"DuplicateMemoryID", buildZip(t, edit(good, "memories.json", replace(`"id":"mem-2"`, `"id":"mem-1"`))), "", exchange.ErrInvalid},
		{"DuplicateKey", buildZip(t, edit(good, h1, replace(`"title"`, `"id":"x","title"`))), "", exchange.ErrInvalid},
		{"UnknownModule", buildZip(t, edit(good, h1, replace(`"moduleId":"homework"`, `"moduleId":"ghost"`))), "", exchange.ErrInvalid},
		{"BadModuleSlug", buildZip(t, edit(edit(good, "modules.json", replace(`"id": "homework"`, `"id": "../Home"`)), h1, replace(`"moduleId":"homework"`, `"moduleId":"../Home"`))), "", exchange.ErrInvalid},
		{"HugeCounts", buildZip(t, edit(good, "profile.json", replace(`"messages": 6`, `"messages": 1000000000000`))), "", exchange.ErrTooLarge},
		{"NegativeCounts", buildZip(t, edit(good, "profile.json", replace(`"messages": 6`, `"messages": -6`))), "", exchange.ErrInvalid},
		{"TrailingData", buildZip(t, edit(good, "modules.json", func(s string) string { return s + "{}" })), "", exchange.ErrInvalid},
		{"NotJSON", buildZip(t, edit(good, "memories.json", replace(`{`, `{{`))), "", exchange.ErrInvalid},
		{"NotAnArchive", []byte("just some notes\n"), "", exchange.ErrUnknownFormat},
		{"ChatGPTZip", buildZip(t, []entry{{"conversations.json", "[]"}}), "", exchange.ErrUnknownFormat},
		{"WrongPassphrase", bundleBytes, "not the passphrase", exchange.ErrWrongPassphrase},
		{"NoPassphrase", bundleBytes, "", exchange.ErrWrongPassphrase},
		{"TruncatedBundle", bundleBytes[:len(bundleBytes)-20], testPass, exchange.ErrInvalid},
	}
	dst := openDB(t)
	seedProfile(t, dst)
	before := dump(t, dst)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "in.bin", tc.data)
			_, err := exchange.ImportFile(ctx, dst, p, tc.passphrase, exchange.ImportOptions{Limits: &small})
			if !errors.Is(err, tc.kind) {
				t.Fatalf("want %v, got %v", tc.kind, err)
			}
			msg := apperr.Message(err)
			if !strings.HasSuffix(msg, ".") || apperr.Code(err) == apperr.Internal || strings.Contains(msg, "Something went wrong") || strings.Count(msg, "\n") > 0 {
				t.Errorf("not a clear sentence: %q", msg)
			}
			if after := dump(t, dst); after != before {
				t.Errorf("profile changed by a failed import")
			}
		})
	}
	// The valid archive itself imports, so the cases fail for their own reason.
	if _, err := exchange.ImportFile(ctx, dst, writeTemp(t, "ok.zip", goodZip), "", exchange.ImportOptions{Limits: &small}); err != nil {
		t.Fatalf("valid archive: %v", err)
	}
}

func without(entries []entry, name string) []entry {
	var out []entry
	for _, e := range entries {
		if e.name != name {
			out = append(out, e)
		}
	}
	return out
}

// randomText is incompressible ASCII.
func randomText(n int) string {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = 'a' + byte(x%26)
	}
	return string(b)
}
