package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/internal/testdoc"
	"hearth/backend/llm/llmtest"
)

// TestRun_Doc adds, lists and removes documents through the command line
// against a real data folder and the fake model server: a module given a
// document gets its passage in the prompt; another module and another
// profile never do; a bad file changes nothing.
func TestRun_Doc(t *testing.T) {
	h := newHearth(t)
	srv := llmtest.NewServer(t, "fake-model")
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lastPrompt := func() string {
		reqs := srv.ChatRequests()
		for i := len(reqs) - 1; i >= 0; i-- {
			if b := string(reqs[i].Body); !strings.Contains(b, "Write a short title") && !strings.Contains(b, "durable memories") {
				return b
			}
		}
		t.Fatal("no chat request")
		return ""
	}
	for _, who := range []string{"Dee", "Eve"} {
		h.ok(nil, "profile", "create", "--name", who)
		h.ok(nil, "endpoint", "add", "--profile", who, "--name", "test", "--url", srv.URL+"/v1", "--model", "fake-model")
	}
	book := write("book.pdf", testdoc.PDF("Contents", "Simmer the red lentils for twenty-two minutes."))
	out := h.ok(nil, "doc", "add", "--profile", "Dee", "--module", "Kitchen", book)
	id := lastLine(out)
	if len(id) != 32 || !strings.Contains(out, "Added book.pdf to module kitchen (2 passages)") {
		t.Fatalf("doc add: %q", out)
	}
	if out := h.ok(nil, "doc", "list", "--profile", "Dee", "--module", "kitchen"); !strings.Contains(out, id) || !strings.Contains(out, "book.pdf") {
		t.Fatalf("doc list: %q", out)
	}
	for _, args := range [][]string{
		{"doc", "list", "--profile", "Dee", "--module", "tutor"},
		{"doc", "list", "--profile", "Eve", "--module", "kitchen"},
	} {
		if out := h.ok(nil, args...); strings.Contains(out, id) {
			t.Fatalf("%v lists Dee's kitchen document: %q", args, out)
		}
	}

	if code, _, errs := h.run(nil, "chat", "--profile", "Dee", "--module", "kitchen", "how long do the lentils simmer?"); code != 0 || !strings.Contains(errs, "(source [P1]: book.pdf, page 2)") {
		t.Fatalf("chat does not cite the passage: exit %d, %q", code, errs)
	}
	if p := lastPrompt(); !strings.Contains(p, "twenty-two minutes") || !strings.Contains(p, "book.pdf, page 2") {
		t.Fatalf("kitchen's prompt lacks the cited passage: %s", p)
	}
	if code, _, errs := h.run(nil, "chat", "--profile", "Dee", "--module", "tutor", "how long do the lentils simmer?"); code != 0 || strings.Contains(errs, "(source") {
		t.Fatalf("tutor's chat: exit %d, %q", code, errs)
	}
	if p := lastPrompt(); strings.Contains(p, "twenty-two") {
		t.Fatalf("another module got the passage: %s", p)
	}
	h.ok(nil, "chat", "--profile", "Eve", "--module", "kitchen", "how long do the lentils simmer?")
	if p := lastPrompt(); strings.Contains(p, "twenty-two") {
		t.Fatalf("another profile got the passage: %s", p)
	}

	t.Run("BadFiles", func(t *testing.T) {
		before := h.ok(nil, "doc", "list", "--profile", "Dee", "--module", "kitchen")
		for _, tc := range []struct {
			path string
			code int
			want string
		}{
			{write("locked.pdf", testdoc.EncryptedPDF("secret words")), 1, "password"},
			{write("blob.txt", []byte{0, 1, 2, 3, 0xff}), 1, "not text"},
			{write("bomb.docx", testdoc.Zip(map[string][]byte{"word/document.xml": []byte(strings.Repeat("<w:t>a</w:t>", 6<<20))})), 1, "too large"},
			{filepath.Join(dir, "missing.md"), 2, "cannot read"},
		} {
			code, _, errs := h.run(nil, "doc", "add", "--profile", "Dee", "--module", "kitchen", tc.path)
			if code != tc.code || !strings.Contains(errs, tc.want) || strings.Contains(errs, "secret words") {
				t.Errorf("%s: exit %d, %q", filepath.Base(tc.path), code, errs)
			}
		}
		if after := h.ok(nil, "doc", "list", "--profile", "Dee", "--module", "kitchen"); after != before {
			t.Fatalf("a refused file changed the list:\n%s\n%s", before, after)
		}
	})

	t.Run("SharedAndRemove", func(t *testing.T) {
		notes := write("house.md", []byte("# Heating\n\nBleed the radiators every October."))
		sid := lastLine(h.ok(nil, "doc", "add", "--profile", "Dee", "--module", "kitchen", "--shared", "--sensitive", notes))
		if out := h.ok(nil, "doc", "list", "--profile", "Dee", "--module", "tutor"); !strings.Contains(out, sid) || !strings.Contains(out, "shared,sensitive") {
			t.Fatalf("shared document not listed for tutor: %q", out)
		}
		h.ok(nil, "doc", "remove", "--profile", "Dee", "--module", "kitchen", id)
		if code, _, errs := h.run(nil, "doc", "remove", "--profile", "Dee", "--module", "tutor", id); code != 1 || !strings.Contains(errs, "not in this module") {
			t.Fatalf("removing it again: %d %q", code, errs)
		}
		h.ok(nil, "chat", "--profile", "Dee", "--module", "kitchen", "how long do the lentils simmer?")
		if p := lastPrompt(); strings.Contains(p, "twenty-two") {
			t.Fatalf("a removed document's passage reached the prompt: %s", p)
		}
		if out := h.ok(nil, "doc", "list", "--profile", "Dee", "--module", "kitchen"); strings.Contains(out, id) || !strings.Contains(out, sid) {
			t.Fatalf("after remove: %q", out)
		}
	})
	if code, _, _ := h.run(nil, "doc", "frobnicate", "--profile", "Dee"); code != 2 {
		t.Fatalf("unknown subcommand exit %d", code)
	}
}
