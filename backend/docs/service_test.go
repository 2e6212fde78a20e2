package docs_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hearth/backend/docs"
	"hearth/backend/docs/extract"
	"hearth/backend/internal/testdoc"
)

const recipes = `# Soups

## Lentil soup

Rinse 200 g of red lentils. Simmer with cumin for twenty minutes.

## Tomato soup

Roast the tomatoes first.

# Breads

Knead the dough for ten minutes.
`

func TestService_AddListGet(t *testing.T) {
	ctx := context.Background()
	p := newProfile(t, false)
	d := p.add(t, "kitchen", "../notes/recipes.md", recipes, docs.AddOptions{})
	if d.Name != "recipes.md" || d.Kind != extract.KindMarkdown || d.Scope != "kitchen" || d.Chunks != 3 || d.Sensitivity != docs.Normal {
		t.Fatalf("added %+v", d)
	}
	list, err := p.docs.List(ctx, "kitchen")
	if err != nil || len(list) != 1 || list[0] != d {
		t.Fatalf("list %+v, %v", list, err)
	}
	if list, _ := p.docs.List(ctx, "garden"); len(list) != 0 {
		t.Fatalf("another module lists %+v", list)
	}
	if _, err := p.docs.Get(ctx, "garden", d.ID); !errors.Is(err, docs.ErrNotFound) {
		t.Fatalf("another module's Get: %v", err)
	}
	var heading string
	if err := p.db.QueryRowContext(ctx, `SELECT heading FROM chunks WHERE document_id = ? AND ord = 0`, d.ID).Scan(&heading); err != nil || heading != "Soups > Lentil soup" {
		t.Fatalf("first chunk heading %q, %v", heading, err)
	}
	t.Run("ErrUnknownModule", func(t *testing.T) {
		if _, err := p.docs.Add(ctx, "nope", "a.txt", []byte("words"), docs.AddOptions{}); !errors.Is(err, docs.ErrInvalid) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("BadFileChangesNothing", func(t *testing.T) {
		before := p.count(t, `SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM chunks) + (SELECT count(*) FROM audit_log)`)
		for name, data := range map[string][]byte{
			"secret.pdf": testdoc.EncryptedPDF("x"),
			"cut.pdf":    testdoc.PDF("a page")[:100],
			"blob.txt":   {0, 1, 2, 3},
			"photo.png":  []byte("\x89PNG"),
		} {
			if _, err := p.docs.Add(ctx, "kitchen", name, data, docs.AddOptions{}); err == nil {
				t.Fatalf("%s was added", name)
			}
		}
		if after := p.count(t, `SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM chunks) + (SELECT count(*) FROM audit_log)`); after != before {
			t.Fatalf("rows %d -> %d", before, after)
		}
	})
}

func TestService_RetrieveScopes(t *testing.T) {
	ctx := context.Background()
	p := newProfile(t, false)
	own := p.add(t, "kitchen", "recipes.md", recipes, docs.AddOptions{})
	p.add(t, "garden", "garden.txt", "Sow lentils in spring; water the tomatoes daily.", docs.AddOptions{})
	shared := p.add(t, "garden", "house.txt", "The boiler needs lentils never; bleed radiators in October.", docs.AddOptions{Shared: true})

	got, err := p.docs.Retrieve(ctx, "kitchen", "How long do I simmer the lentils?", docs.RetrieveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Passages) != 1 || got.Passages[0].DocumentID != own.ID || got.Passages[0].Heading != "Soups > Lentil soup" {
		t.Fatalf("without shared: %+v", got.Passages)
	}
	got, err = p.docs.Retrieve(ctx, "kitchen", "lentils", docs.RetrieveOptions{IncludeShared: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, ps := range got.Passages {
		ids[ps.DocumentID] = true
	}
	if len(ids) != 2 || !ids[own.ID] || !ids[shared.ID] {
		t.Fatalf("with shared: %+v", got.Passages)
	}
	if _, err := p.docs.Passage(ctx, "kitchen", got.Passages[0].ID, false); err != nil && got.Passages[0].DocumentID == own.ID {
		t.Fatal(err)
	}
	for _, ps := range got.Passages {
		if _, err := p.docs.Passage(ctx, "general", ps.ID, false); !errors.Is(err, docs.ErrNotFound) {
			t.Fatalf("module general opens a passage of %s: %v", ps.Scope, err)
		}
	}
	t.Run("SharedAndUnshared", func(t *testing.T) {
		d, err := p.docs.SetShared(ctx, "garden", shared.ID, false)
		if err != nil || d.Scope != "garden" {
			t.Fatalf("unshare: %+v %v", d, err)
		}
		got, _ := p.docs.Retrieve(ctx, "kitchen", "radiators", docs.RetrieveOptions{IncludeShared: true})
		if len(got.Passages) != 0 {
			t.Fatalf("unshared passage still reaches kitchen: %+v", got.Passages)
		}
		if _, err := p.docs.SetShared(ctx, "kitchen", shared.ID, true); !errors.Is(err, docs.ErrNotFound) {
			t.Fatalf("kitchen shares garden's document: %v", err)
		}
	})
}

func TestService_SensitiveHeldBack(t *testing.T) {
	ctx := context.Background()
	p := newProfile(t, false)
	d := p.add(t, "planner", "meds.txt", "Take the inhaler twice daily.", docs.AddOptions{Sensitive: true})
	if d.Sensitivity != docs.Sensitive {
		t.Fatalf("%+v", d)
	}
	got, err := p.docs.Retrieve(ctx, "planner", "inhaler", docs.RetrieveOptions{})
	if err != nil || len(got.Passages) != 0 || got.HeldBack != 1 {
		t.Fatalf("remote endpoint: %+v %v", got, err)
	}
	got, err = p.docs.Retrieve(ctx, "planner", "inhaler", docs.RetrieveOptions{AllowSensitive: true})
	if err != nil || len(got.Passages) != 1 || !got.Passages[0].Sensitive {
		t.Fatalf("local endpoint: %+v %v", got, err)
	}
	if _, err := p.docs.SetSensitive(ctx, "planner", d.ID, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.docs.Retrieve(ctx, "planner", "inhaler", docs.RetrieveOptions{}); len(got.Passages) != 1 {
		t.Fatalf("unmarked: %+v", got)
	}
}

func TestService_RetrieveByMeaning(t *testing.T) {
	ctx := context.Background()
	p := newProfile(t, false)
	d := p.add(t, "kitchen", "book.md", "# Mains\n\nA hearty stew of beans and barley.\n\n# Puddings\n\nCustard with nutmeg.", docs.AddOptions{})
	other := p.add(t, "garden", "g.md", "Beans grow up poles.", docs.AddOptions{})
	src := docs.NewVectorSource(p.docs, nil)
	items, err := src.Pending(ctx, "m", 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("pending %+v %v", items, err)
	}
	// A toy embedding: the stew chunk points one way, everything else another.
	for _, it := range items {
		v := []float32{0, 1}
		if strings.Contains(it.Text, "stew") || strings.Contains(it.Text, "poles") {
			v = []float32{1, 0}
		}
		if ok, err := src.Current(ctx, p.db, it); err != nil || !ok {
			t.Fatalf("current %v %v", ok, err)
		}
		if err := p.index.Put(ctx, src.Owner(), it.ID, it.Scope, "m", v); err != nil {
			t.Fatal(err)
		}
	}
	if items, _ := src.Pending(ctx, "m", 10); len(items) != 0 {
		t.Fatalf("still pending: %+v", items)
	}
	// "vegetarian dinner" shares no word with the stew chunk.
	got, err := p.docs.Retrieve(ctx, "kitchen", "a vegetarian dinner", docs.RetrieveOptions{QueryVector: []float32{1, 0}, Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if !got.ByMeaning || len(got.Passages) != 1 || got.Passages[0].DocumentID != d.ID || !strings.Contains(got.Passages[0].Text, "stew") {
		t.Fatalf("by meaning: %+v", got)
	}
	_ = other
	if n := p.count(t, `SELECT count(*) FROM vectors WHERE owner = 'chunk'`); n != 3 {
		t.Fatalf("vectors %d", n)
	}
	if err := p.docs.Remove(ctx, "kitchen", d.ID); err != nil {
		t.Fatal(err)
	}
	if n := p.count(t, `SELECT count(*) FROM vectors WHERE owner = 'chunk'`); n != 1 {
		t.Fatalf("vectors after remove %d, want 1 (garden's)", n)
	}
}

func TestChunks_KeepPlaceAndSize(t *testing.T) {
	ctx := context.Background()
	p := newProfile(t, false)
	long := strings.Repeat("Word after word makes a long paragraph. ", 200) // ~8 KB, no blank line
	pdf := testdoc.PDF("Page one.", long, "Page three.")
	d, err := p.docs.Add(ctx, "kitchen", "book.pdf", pdf, docs.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages != 3 || d.Chunks < 7 {
		t.Fatalf("%+v", d)
	}
	rows, err := p.db.QueryContext(ctx, `SELECT page, length(text), text FROM chunks WHERE document_id = ? ORDER BY ord`, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var pages []int
	for rows.Next() {
		var page, n int
		var text string
		if err := rows.Scan(&page, &n, &text); err != nil {
			t.Fatal(err)
		}
		if n > 1400 {
			t.Fatalf("chunk of %d bytes", n)
		}
		if page == 2 && (strings.HasPrefix(text, "ord") || strings.HasSuffix(text, "Wor")) {
			t.Fatalf("chunk cut mid-word: %q", text)
		}
		pages = append(pages, page)
	}
	if pages[0] != 1 || pages[len(pages)-1] != 3 {
		t.Fatalf("pages %v", pages)
	}
}
