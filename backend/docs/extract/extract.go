// Package extract turns a document a person adds to a module into plain
// text sections: plain text, Markdown, HTML, PDF (its text layer) and
// DOCX. Nothing here needs cgo.
//
// # Untrusted input
//
// Every parser treats its input as hostile. The file is bounded before
// parsing ([MaxFileBytes]); the extracted text is bounded too
// ([MaxTextBytes]), so a small file that expands (a zip bomb inside a DOCX,
// a PDF stream that inflates without end) stops at the limit. A parser that
// panics on a malformed file is caught and reported as [ErrMalformed]. An
// error never quotes the file's contents.
//
// # Sections
//
// A [Section] is a run of text with where it came from: the page of a PDF,
// the nearest heading of a Markdown, HTML or DOCX file. The chunker keeps
// both, so an answer can cite "page 12" or "Soups > Lentil soup".
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Errors, checked with errors.Is. Each says what is wrong in words a
// person can act on.
var (
	ErrUnsupported = errors.New("this kind of file is not supported; add plain text, Markdown, HTML, PDF or DOCX")
	ErrTooLarge    = errors.New("the file is too large")
	ErrBinary      = errors.New("the file is not text")
	ErrMalformed   = errors.New("the file is damaged or not what its name says")
	ErrEncrypted   = errors.New("the file is protected by a password; save an unprotected copy and add that")
	ErrEmpty       = errors.New("the file has no text to read (a scanned PDF has only pictures of text)")
)

// Limits on what one document may be.
const (
	MaxFileBytes = 64 << 20 // the file as added
	MaxTextBytes = 16 << 20 // the text extracted from it
	MaxPages     = 5000     // PDF pages
)

// Kinds of document.
const (
	KindText     = "text"
	KindMarkdown = "markdown"
	KindHTML     = "html"
	KindPDF      = "pdf"
	KindDOCX     = "docx"
)

// Section is a run of a document's text and where it came from.
type Section struct {
	Page    int    // 1-based PDF page; 0 when the format has no pages
	Heading string // nearest heading path ("Soups > Lentil soup"); may be empty
	Text    string
}

// Document is what a file holds.
type Document struct {
	Kind     string
	Pages    int // PDF page count; 0 otherwise
	Sections []Section
}

// Bytes is the length of all sections' text.
func (d Document) Bytes() int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Text)
	}
	return n
}

// Extract reads data, a file named name, choosing the parser from the
// name's extension and the content's first bytes.
func Extract(name string, data []byte) (Document, error) {
	if len(data) > MaxFileBytes {
		return Document{}, fmt.Errorf("%w: %d MB at most", ErrTooLarge, MaxFileBytes>>20)
	}
	kind, err := Detect(name, data)
	if err != nil {
		return Document{}, err
	}
	var doc Document
	switch kind {
	case KindText:
		doc, err = Text(data)
	case KindMarkdown:
		doc, err = Markdown(data)
	case KindHTML:
		doc, err = HTML(data)
	case KindPDF:
		doc, err = PDF(data)
	case KindDOCX:
		doc, err = DOCX(data)
	}
	if err != nil {
		return Document{}, err
	}
	doc.Kind = kind
	if doc.Bytes() == 0 {
		return Document{}, ErrEmpty
	}
	return doc, nil
}

// Detect names the kind of a file from its extension, checked against its
// first bytes: a ".pdf" that does not start like a PDF is malformed, and a
// file of an unknown extension that starts like a PDF is read as one.
func Detect(name string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(name))
	isPDF := bytes.HasPrefix(data, []byte("%PDF-"))
	isZip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	switch ext {
	case ".pdf":
		if !isPDF {
			return "", fmt.Errorf("%w: it does not start like a PDF", ErrMalformed)
		}
		return KindPDF, nil
	case ".docx":
		if bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")) {
			// A password-protected Word file is an OLE container, not a zip.
			return "", ErrEncrypted
		}
		if !isZip {
			return "", fmt.Errorf("%w: it does not start like a DOCX", ErrMalformed)
		}
		return KindDOCX, nil
	case ".md", ".markdown":
		return KindMarkdown, nil
	case ".html", ".htm", ".xhtml":
		return KindHTML, nil
	case ".txt", ".text", "":
	default:
		switch {
		case isPDF:
			return KindPDF, nil
		case isZip:
			return "", ErrUnsupported
		}
		if ext != ".csv" && ext != ".log" && ext != ".rst" && ext != ".org" {
			return "", ErrUnsupported
		}
	}
	if isPDF {
		return KindPDF, nil
	}
	return KindText, nil
}

// decodeText checks that data is text: valid UTF-8 (a leading BOM is
// dropped), no NUL bytes and few control characters. Line ends become \n.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 {
		return "", ErrBinary
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%w: it is not UTF-8 text", ErrBinary)
	}
	if len(data) > MaxTextBytes {
		return "", fmt.Errorf("%w: more than %d MB of text", ErrTooLarge, MaxTextBytes>>20)
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	ctrl := 0
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\f' {
			ctrl++
		}
	}
	if ctrl > len(s)/100+8 {
		return "", ErrBinary
	}
	return s, nil
}

// Text reads a plain text file as one section.
func Text(data []byte) (Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return Document{}, err
	}
	return Document{Kind: KindText, Sections: sections(Section{Text: clean(s)})}, nil
}

// sections drops empty sections.
func sections(in ...Section) []Section {
	out := in[:0]
	for _, s := range in {
		if strings.TrimSpace(s.Text) != "" {
			out = append(out, s)
		}
	}
	return out
}

// clean drops control characters other than newlines and tabs, trims
// trailing spaces from lines and collapses runs of blank lines to one.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\f' || r == '\v' || r == 0x85 || r == 0x2028 || r == 0x2029:
			return '\n'
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	var b strings.Builder
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(l)
	}
	return b.String()
}

// budget counts extracted text against MaxTextBytes.
type budget struct{ left int }

func newBudget() *budget { return &budget{left: MaxTextBytes} }

func (b *budget) take(n int) error {
	b.left -= n
	if b.left < 0 {
		return fmt.Errorf("%w: more than %d MB of text", ErrTooLarge, MaxTextBytes>>20)
	}
	return nil
}
