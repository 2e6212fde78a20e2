package extract_test

import (
	"testing"

	"hearth/backend/docs/extract"
	"hearth/backend/internal/testdoc"
)

// Each parser is fuzzed on its own (the Makefile's fuzz target runs every
// Fuzz* briefly): no input may panic, hang, or return text beyond the
// limits.

func check(t *testing.T, doc extract.Document, err error) {
	if err == nil && doc.Bytes() > extract.MaxTextBytes {
		t.Fatalf("%d bytes of text, limit %d", doc.Bytes(), extract.MaxTextBytes)
	}
}

func FuzzDocText(f *testing.F) {
	f.Add([]byte("hello\r\nworld"))
	f.Add([]byte("\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := extract.Text(data)
		check(t, doc, err)
	})
}

func FuzzDocMarkdown(f *testing.F) {
	f.Add([]byte("# A\ntext\n## B\n```\n# c\n```\nD\n===\n"))
	f.Add([]byte("####### seven\n  # x #\n-\n--\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := extract.Markdown(data)
		check(t, doc, err)
	})
}

func FuzzDocHTML(f *testing.F) {
	f.Add([]byte("<h1>a</h1><p>b<br>c</p><script>d</script>"))
	f.Add([]byte("<head><h3>x<body>y</h3>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := extract.HTML(data)
		check(t, doc, err)
	})
}

func FuzzDocPDF(f *testing.F) {
	f.Add(testdoc.PDF("one\ntwo", "three"))
	f.Add(testdoc.EncryptedPDF("x"))
	f.Add([]byte("%PDF-1.4\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := extract.PDF(data)
		check(t, doc, err)
	})
}

func FuzzDocDOCX(f *testing.F) {
	f.Add(testdoc.DOCX(testdoc.Para{Style: "Heading1", Text: "h"}, testdoc.Para{Text: "b"}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := extract.DOCX(data)
		check(t, doc, err)
	})
}
