package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML reads an HTML file's visible text as one section per heading (h1 to
// h6). Scripts, styles and other invisible parts are skipped; block
// elements end lines. The tokenizer (golang.org/x/net/html) never builds a
// tree, so a deeply nested file costs no more than a flat one.
func HTML(data []byte) (Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return Document{}, err
	}
	z := html.NewTokenizer(strings.NewReader(s))
	z.SetMaxBuf(1 << 20) // one token (a huge attribute, comment) at most 1 MB
	var out []Section
	var path []string
	var body, heading bytes.Buffer
	headingLevel := 0
	skip := 0 // depth inside script/style/…
	flush := func() {
		if t := clean(body.String()); t != "" {
			out = append(out, Section{Heading: headingPath(path), Text: t})
		}
		body.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if headingLevel > 0 {
				body.Write(heading.Bytes())
			}
			flush()
			if z.Err() != nil && z.Err().Error() != "EOF" {
				return Document{}, ErrMalformed
			}
			return Document{Kind: KindHTML, Sections: sections(out...)}, nil
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Body && tt == html.StartTagToken {
				skip = 0 // a <head> left open ends where the body starts
			}
			if invisible(a) {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if lvl := headingLevelOf(a); lvl > 0 {
				if tt == html.StartTagToken {
					headingLevel = lvl
					heading.Reset()
				} else if tt == html.EndTagToken && headingLevel > 0 {
					flush()
					for len(path) < headingLevel {
						path = append(path, "")
					}
					path = append(path[:headingLevel-1], oneLine(heading.String()))
					headingLevel = 0
				}
				continue
			}
			if block(a) || a == atom.Br {
				if w := target(&body, &heading, headingLevel); a == atom.Br || w.Len() > 0 && w.Bytes()[w.Len()-1] != '\n' {
					w.WriteByte('\n')
				}
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			w := target(&body, &heading, headingLevel)
			w.Write(collapseSpace(z.Text()))
			if body.Len()+heading.Len() > MaxTextBytes {
				return Document{}, newBudget().take(MaxTextBytes + 1)
			}
		}
	}
}

func target(body, heading *bytes.Buffer, level int) *bytes.Buffer {
	if level > 0 {
		return heading
	}
	return body
}

// collapseSpace turns runs of HTML whitespace into one space, as a browser
// renders them.
func collapseSpace(t []byte) []byte {
	out := make([]byte, 0, len(t))
	space := false
	for _, c := range t {
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			if !space {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		out = append(out, c)
	}
	return out
}

func headingLevelOf(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

func invisible(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Svg, atom.Math, atom.Iframe, atom.Object:
		return true
	}
	return false
}

func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Table, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Blockquote, atom.Pre, atom.Hr, atom.Dd, atom.Dt,
		atom.Dl, atom.Figure, atom.Figcaption, atom.Main, atom.Body, atom.Td, atom.Th, atom.Caption, atom.Address:
		return true
	}
	return false
}
