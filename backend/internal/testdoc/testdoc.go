// Package testdoc writes small, valid documents for tests: PDFs with a
// text layer (one page per string, lines split on \n), password-protected
// PDFs and DOCX files. It is imported only by tests.
package testdoc

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// PDF returns a PDF with one page per element of pages, each line of a
// page drawn in Helvetica with the standard encoding.
func PDF(pages ...string) []byte { return buildPDF(pages, false) }

// EncryptedPDF returns a PDF that needs a user password to open.
func EncryptedPDF(pages ...string) []byte { return buildPDF(pages, true) }

func buildPDF(pages []string, encrypted bool) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) int {
		offsets = append(offsets, b.Len())
		n := len(offsets)
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
		return n
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	// The page tree's kids are known only after the pages are written:
	// reserve object 2 and fill it in at the end.
	offsets = append(offsets, -1)
	font := obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var kids []string
	for _, p := range pages {
		var c strings.Builder
		c.WriteString("BT /F1 12 Tf 14 TL 72 760 Td\n")
		for i, line := range strings.Split(p, "\n") {
			if i > 0 {
				c.WriteString("T*\n")
			}
			fmt.Fprintf(&c, "(%s) Tj\n", escape(line))
		}
		c.WriteString("ET")
		content := obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.String()))
		page := obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", font, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	offsets[1] = b.Len()
	fmt.Fprintf(&b, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n", strings.Join(kids, " "), len(kids))
	trailerExtra := ""
	if encrypted {
		enc := obj("<< /Filter /Standard /V 1 /R 2 /O <" + strings.Repeat("5a", 32) + "> /U <" + strings.Repeat("c3", 32) + "> /P -4 >>")
		trailerExtra = fmt.Sprintf(" /Encrypt %d 0 R /ID [<%s> <%s>]", enc, strings.Repeat("ab", 16), strings.Repeat("ab", 16))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, trailerExtra, xref)
	return b.Bytes()
}

func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}

// Para is one DOCX paragraph; Style is "" for body text or a style id
// such as "Heading1".
type Para struct {
	Style string
	Text  string
}

// DOCX returns a Word file holding paras.
func DOCX(paras ...Para) []byte {
	var x strings.Builder
	x.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paras {
		x.WriteString("<w:p>")
		if p.Style != "" {
			fmt.Fprintf(&x, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, p.Style)
		}
		x.WriteString("<w:r><w:t xml:space=\"preserve\">")
		xmlEscape(&x, p.Text)
		x.WriteString("</w:t></w:r></w:p>")
	}
	x.WriteString("</w:body></w:document>")
	return Zip(map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		"word/document.xml":   []byte(x.String()),
	})
}

func xmlEscape(b *strings.Builder, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	b.WriteString(r.Replace(s))
}

// Zip returns a zip archive of files (deflated).
func Zip(files map[string][]byte) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	// Sorted so the archive is the same for the same input.
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			panic(err)
		}
		if _, err := f.Write(files[n]); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}
