package docs_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"hearth/backend/docs"
	"hearth/backend/exchange"
	"hearth/backend/internal/testdoc"
)

// TestExchange_DocumentsTravel: documents go out with a profile export and
// come back with the same names, kinds, flags, pages and passages, scoped
// to the imported modules and searchable; a module export carries only
// that module's documents; an export without documents says nothing of
// them (as archives made before documents existed).
func TestExchange_DocumentsTravel(t *testing.T) {
	ctx := context.Background()
	src := newProfile(t, false)
	book := src.add(t, "kitchen", "book.pdf", string(testdoc.PDF("Contents", "Simmer the lentils for twenty-two minutes.")), docs.AddOptions{})
	house := src.add(t, "garden", "house.md", "# Heating\n\nBleed the radiators in October.", docs.AddOptions{Shared: true, Sensitive: true})

	var buf bytes.Buffer
	st, err := exchange.Export(ctx, src.db, &buf, exchange.ExportOptions{ProfileName: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 {
		t.Fatalf("export stats %+v", st)
	}
	names := entries(t, buf.Bytes())
	if !names["documents/"+book.ID+".json"] || !names["documents/"+house.ID+".json"] {
		t.Fatalf("archive entries %v", names)
	}

	dst := newProfile(t, false)
	ist, err := exchange.ImportArchive(ctx, dst.db, bytes.NewReader(buf.Bytes()), int64(buf.Len()), exchange.ImportOptions{FreshProfile: true})
	if err != nil {
		t.Fatal(err)
	}
	if ist.Documents != 2 {
		t.Fatalf("import stats %+v", ist)
	}
	list, err := dst.docs.List(ctx, "kitchen")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]docs.Document{}
	for _, d := range list {
		byName[d.Name] = d
	}
	b, h := byName["book.pdf"], byName["house.md"]
	if b.Scope != "kitchen" || b.Kind != "pdf" || b.Pages != 2 || b.Chunks != book.Chunks || b.Bytes != book.Bytes || b.CreatedAt != book.CreatedAt {
		t.Fatalf("imported book %+v, was %+v", b, book)
	}
	if h.Scope != docs.SharedScope || h.Sensitivity != docs.Sensitive || h.OriginModule == "" {
		t.Fatalf("imported house notes %+v", h)
	}
	got, err := dst.docs.Retrieve(ctx, "kitchen", "lentils", docs.RetrieveOptions{})
	if err != nil || len(got.Passages) != 1 || got.Passages[0].Page != 2 || !strings.Contains(got.Passages[0].Text, "twenty-two") {
		t.Fatalf("imported passage %+v %v", got, err)
	}
	if got, _ := dst.docs.Retrieve(ctx, "tutor", "lentils", docs.RetrieveOptions{IncludeShared: true}); len(got.Passages) != 0 {
		t.Fatalf("imported kitchen passage reaches tutor: %+v", got)
	}

	t.Run("ModuleExport", func(t *testing.T) {
		var mb bytes.Buffer
		st, err := exchange.Export(ctx, src.db, &mb, exchange.ExportOptions{ModuleID: "kitchen"})
		if err != nil || st.Documents != 1 {
			t.Fatalf("module export %+v %v", st, err)
		}
		if n := entries(t, mb.Bytes()); !n["documents/"+book.ID+".json"] || n["documents/"+house.ID+".json"] {
			t.Fatalf("module export entries %v", n)
		}
	})
	t.Run("NoDocuments", func(t *testing.T) {
		empty := newProfile(t, false)
		var eb bytes.Buffer
		if _, err := exchange.Export(ctx, empty.db, &eb, exchange.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		if man := entry(t, eb.Bytes(), "profile.json"); strings.Contains(man, "documents") {
			t.Fatalf("a profile without documents writes a documents count: %s", man)
		}
		if _, err := exchange.ImportArchive(ctx, dst.db, bytes.NewReader(eb.Bytes()), int64(eb.Len()), exchange.ImportOptions{}); err != nil {
			t.Fatalf("import without documents: %v", err)
		}
	})
	t.Run("DamagedDocumentRefused", func(t *testing.T) {
		bad := rewrite(t, buf.Bytes(), "documents/"+book.ID+".json", func(s string) string {
			return strings.Replace(s, `"kind":"pdf"`, `"kind":"exe"`, 1)
		})
		before := dst.count(t, `SELECT count(*) FROM documents`)
		if _, err := exchange.ImportArchive(ctx, dst.db, bytes.NewReader(bad), int64(len(bad)), exchange.ImportOptions{}); err == nil {
			t.Fatal("an unknown document kind was imported")
		}
		if after := dst.count(t, `SELECT count(*) FROM documents`); after != before {
			t.Fatalf("a refused import left documents: %d -> %d", before, after)
		}
	})
}

func entries(t *testing.T, archive []byte) map[string]bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range zr.File {
		out[f.Name] = true
	}
	return out
}

func entry(t *testing.T, archive []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rewrite returns archive with one entry's text changed by f.
func rewrite(t *testing.T, archive []byte, name string, f func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		body := entry(t, archive, e.Name)
		if e.Name == name {
			changed := f(body)
			if changed == body {
				t.Fatalf("rewrite of %s changed nothing", name)
			}
			body = changed
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
