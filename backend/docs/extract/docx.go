package extract

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"hearth/backend/internal/safezip"
)

// docxLimits bound a DOCX's zip before anything is inflated (the same
// checks the importers use): a zip bomb is refused from its directory, and
// an entry that lies about its size stops at the limit.
var docxLimits = safezip.Limits{
	MaxEntries:    5000,
	MaxEntryBytes: 64 << 20,
	MaxTotalBytes: 256 << 20,
	MaxRatio:      200,
}

// DOCX reads word/document.xml of a Word file (archive/zip + encoding/xml):
// one section per heading, a heading being a paragraph whose style is
// Title or HeadingN, or that has an outline level. Tables read row by row.
func DOCX(data []byte) (Document, error) {
	zr, err := safezip.Open(bytes.NewReader(data), int64(len(data)), docxLimits)
	if err != nil {
		return Document{}, docxError(err)
	}
	if zr.Has("EncryptedPackage") {
		return Document{}, ErrEncrypted
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		return Document{}, docxError(err)
	}
	defer f.Close()
	return docxBody(f)
}

func docxError(err error) error {
	switch {
	case errors.Is(err, safezip.ErrTooLarge), errors.Is(err, safezip.ErrBomb):
		return fmt.Errorf("%w: the DOCX expands to more than Hearth reads", ErrTooLarge)
	case errors.Is(err, safezip.ErrMissing):
		return fmt.Errorf("%w: it has no document body; is it a Word file?", ErrMalformed)
	}
	return fmt.Errorf("%w: the DOCX could not be read", ErrMalformed)
}

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func docxBody(r io.Reader) (Document, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	var out []Section
	var path []string
	var body, para strings.Builder
	level := 0 // heading level of the current paragraph, 0 = body text
	inText := false
	b := newBudget()
	flush := func() {
		if t := clean(body.String()); t != "" {
			out = append(out, Section{Heading: headingPath(path), Text: t})
		}
		body.Reset()
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, safezip.ErrTooLarge) || errors.Is(err, safezip.ErrBomb) {
				return Document{}, docxError(err)
			}
			return Document{}, fmt.Errorf("%w: the DOCX's text could not be read", ErrMalformed)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "p":
				para.Reset()
				level = 0
			case "pStyle":
				level = max(level, styleLevel(attr(t, "val")))
			case "outlineLvl":
				if n, err := strconv.Atoi(attr(t, "val")); err == nil && n >= 0 && n < 9 {
					level = max(level, n+1)
				}
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				para.WriteByte('\n')
			}
		case xml.EndElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if err := b.take(para.Len()); err != nil {
					return Document{}, err
				}
				if level > 0 && strings.TrimSpace(para.String()) != "" {
					flush()
					for len(path) < level {
						path = append(path, "")
					}
					path = append(path[:level-1], oneLine(para.String()))
				} else {
					body.WriteString(para.String())
					body.WriteByte('\n')
				}
				para.Reset()
			case "tc":
				para.WriteByte('\t')
			case "tr":
				body.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	flush()
	return Document{Kind: KindDOCX, Sections: sections(out...)}, nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// styleLevel maps Word's built-in style ids to heading levels.
func styleLevel(id string) int {
	id = strings.ToLower(strings.ReplaceAll(id, " ", ""))
	if id == "title" {
		return 1
	}
	if n, ok := strings.CutPrefix(id, "heading"); ok {
		if l, err := strconv.Atoi(n); err == nil && l >= 1 && l <= 9 {
			return l
		}
	}
	return 0
}
