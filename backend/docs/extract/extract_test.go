package extract_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"hearth/backend/docs/extract"
	"hearth/backend/internal/testdoc"
)

func TestExtract(t *testing.T) {
	t.Run("Text", func(t *testing.T) {
		doc, err := extract.Extract("notes.txt", []byte("\xef\xbb\xbfFirst line\r\n\r\n\r\nSecond line  \n"))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Kind != extract.KindText || len(doc.Sections) != 1 || doc.Sections[0].Text != "First line\n\nSecond line" {
			t.Fatalf("got %+v", doc)
		}
	})
	t.Run("Markdown", func(t *testing.T) {
		md := "Intro words\n\n# Soups\n\nAll soups.\n\n## Lentil soup\n\nRinse the lentils.\n\n```\n# not a heading\n```\n\nBreads\n======\n\nKnead.\n"
		doc, err := extract.Extract("book.md", []byte(md))
		if err != nil {
			t.Fatal(err)
		}
		want := []extract.Section{
			{Text: "Intro words"},
			{Heading: "Soups", Text: "All soups."},
			{Heading: "Soups > Lentil soup", Text: "Rinse the lentils.\n\n```\n# not a heading\n```"},
			{Heading: "Breads", Text: "Knead."},
		}
		if !equal(doc.Sections, want) {
			t.Fatalf("got %+v", doc.Sections)
		}
	})
	t.Run("HTML", func(t *testing.T) {
		h := `<html><head><title>T</title><style>p{}</style></head><body><h1>Manual</h1><p>Turn  the
		knob.</p><script>alert("x")</script><h2>Filters</h2><ul><li>Rinse monthly</li><li>Dry</li></ul></body></html>`
		doc, err := extract.Extract("manual.html", []byte(h))
		if err != nil {
			t.Fatal(err)
		}
		want := []extract.Section{
			{Heading: "Manual", Text: "Turn the knob."},
			{Heading: "Manual > Filters", Text: "Rinse monthly\nDry"},
		}
		if !equal(doc.Sections, want) {
			t.Fatalf("got %+v", doc.Sections)
		}
	})
	t.Run("PDF", func(t *testing.T) {
		doc, err := extract.Extract("book.pdf", testdoc.PDF("Page one words\nsecond line", "", "Page three (brackets)"))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Kind != extract.KindPDF || doc.Pages != 3 {
			t.Fatalf("kind %q pages %d", doc.Kind, doc.Pages)
		}
		want := []extract.Section{{Page: 1, Text: "Page one words\nsecond line"}, {Page: 3, Text: "Page three (brackets)"}}
		if !equal(doc.Sections, want) {
			t.Fatalf("got %+v", doc.Sections)
		}
	})
	t.Run("DOCX", func(t *testing.T) {
		data := testdoc.DOCX(testdoc.Para{Style: "Title", Text: "House manual"}, testdoc.Para{Text: "Boiler & pump"},
			testdoc.Para{Style: "Heading2", Text: "Bleeding radiators"}, testdoc.Para{Text: "Use the key."})
		doc, err := extract.Extract("manual.docx", data)
		if err != nil {
			t.Fatal(err)
		}
		want := []extract.Section{{Heading: "House manual", Text: "Boiler & pump"}, {Heading: "House manual > Bleeding radiators", Text: "Use the key."}}
		if !equal(doc.Sections, want) {
			t.Fatalf("got %+v", doc.Sections)
		}
	})
}

func TestExtract_BadFiles(t *testing.T) {
	bomb := testdoc.Zip(map[string][]byte{"word/document.xml": bytes.Repeat([]byte("<w:t>a</w:t>"), 70<<20/12)})
	pdf := testdoc.PDF("text")
	for _, tc := range []struct {
		name string
		file string
		data []byte
		want error
	}{
		{"EncryptedPDF", "secret.pdf", testdoc.EncryptedPDF("hidden words"), extract.ErrEncrypted},
		{"TruncatedPDF", "cut.pdf", pdf[:len(pdf)/2], extract.ErrMalformed},
		{"NotAPDF", "fake.pdf", []byte("hello, I am text"), extract.ErrMalformed},
		{"ScannedPDF", "scan.pdf", testdoc.PDF("", ""), extract.ErrEmpty},
		{"ZipBombDOCX", "bomb.docx", bomb, extract.ErrTooLarge},
		{"DOCXWithoutBody", "empty.docx", testdoc.Zip(map[string][]byte{"a.xml": []byte("<a/>")}), extract.ErrMalformed},
		{"ProtectedDOCX", "locked.docx", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), extract.ErrEncrypted},
		{"NotADOCX", "fake.docx", []byte("plain"), extract.ErrMalformed},
		{"Binary", "blob.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1}, extract.ErrBinary},
		{"Latin1", "old.txt", []byte("caf\xe9"), extract.ErrBinary},
		{"Huge", "huge.txt", bytes.Repeat([]byte("a"), extract.MaxFileBytes+1), extract.ErrTooLarge},
		{"HugeText", "huge.md", bytes.Repeat([]byte("word "), extract.MaxTextBytes/5+1), extract.ErrTooLarge},
		{"Empty", "empty.txt", []byte(" \n\n "), extract.ErrEmpty},
		{"Unknown", "photo.jpg", []byte("\xff\xd8\xff\xe0"), extract.ErrUnsupported},
		{"Spreadsheet", "sheet.xlsx", testdoc.Zip(map[string][]byte{"a": []byte("b")}), extract.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := extract.Extract(tc.file, tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), "hidden words") {
				t.Fatalf("error quotes the file: %v", err)
			}
		})
	}
}

func equal(a, b []extract.Section) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
