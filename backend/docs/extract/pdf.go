package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// PDF reads a PDF's text layer, one section per page. The parser is
// github.com/ledongthuc/pdf (pure Go, no dependencies, still maintained; a
// fork of rsc.io/pdf that adds text extraction with glyph positions and
// the standard security handler). Lines are rebuilt from glyph positions,
// so text placed with Td/Tm moves reads as words and lines rather than one
// run-on string.
//
// A PDF that needs a password is ErrEncrypted; one protected only by an
// owner password (no user password) opens, as every reader opens it. A
// parser panic on a damaged file is ErrMalformed.
func PDF(data []byte) (doc Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = Document{}, fmt.Errorf("%w: the PDF could not be read", ErrMalformed)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return Document{}, ErrEncrypted
		}
		return Document{}, fmt.Errorf("%w: the PDF could not be read", ErrMalformed)
	}
	n := r.NumPage()
	if n > MaxPages {
		return Document{}, fmt.Errorf("%w: %d pages, at most %d", ErrTooLarge, n, MaxPages)
	}
	b := newBudget()
	doc = Document{Kind: KindPDF, Pages: n}
	for i := 1; i <= n; i++ {
		text, err := pageText(r.Page(i))
		if err != nil {
			return Document{}, err
		}
		if err := b.take(len(text)); err != nil {
			return Document{}, err
		}
		if text != "" {
			doc.Sections = append(doc.Sections, Section{Page: i, Text: text})
		}
	}
	return doc, nil
}

// pageText rebuilds a page's lines from its glyphs: a glyph well below or
// above the last one starts a line; a gap wider than a fifth of the font
// size is a space.
func pageText(p pdf.Page) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: a page of the PDF could not be read", ErrMalformed)
		}
	}()
	if p.V.IsNull() {
		return "", nil
	}
	var b strings.Builder
	var lastX, lastY, lastEnd, lastSize float64
	started := false
	for _, g := range p.Content().Text {
		if g.S == "" {
			continue
		}
		if strings.TrimSpace(g.S) == "" {
			if started && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
			continue
		}
		size := math.Max(g.FontSize, 1)
		switch {
		case !started:
		case math.Abs(g.Y-lastY) > math.Max(size, lastSize)*0.5:
			b.WriteByte('\n')
		case g.X-lastEnd > size*0.2 || g.X < lastX-size:
			if !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.S)
		started = true
		lastX, lastY, lastEnd, lastSize = g.X, g.Y, g.X+g.W, size
		if b.Len() > MaxTextBytes {
			return "", fmt.Errorf("%w: more than %d MB of text", ErrTooLarge, MaxTextBytes>>20)
		}
	}
	return clean(b.String()), nil
}
