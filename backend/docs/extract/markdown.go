package extract

import (
	"strings"
)

// Markdown reads a Markdown file as one section per heading, each carrying
// its heading path ("Soups > Lentil soup"). ATX headings (# …) and setext
// headings (a line underlined with === or ---) count; lines inside fenced
// code blocks never do. The Markdown itself is kept: models read it well.
func Markdown(data []byte) (Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return Document{}, err
	}
	var out []Section
	var path []string // heading text by level-1
	var body strings.Builder
	flush := func() {
		if t := clean(body.String()); t != "" {
			out = append(out, Section{Heading: headingPath(path), Text: t})
		}
		body.Reset()
	}
	setHeading := func(level int, text string) {
		flush()
		for len(path) < level {
			path = append(path, "")
		}
		path = append(path[:level-1], text)
	}
	lines := strings.Split(s, "\n")
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			body.WriteString(l + "\n")
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			body.WriteString(l + "\n")
			continue
		}
		if level, text, ok := atxHeading(l); ok {
			setHeading(level, text)
			continue
		}
		if t != "" && i+1 < len(lines) && !strings.HasPrefix(t, "-") {
			u := strings.TrimSpace(lines[i+1])
			level := 0
			switch {
			case len(u) >= 2 && strings.Trim(u, "=") == "":
				level = 1
			case len(u) >= 2 && strings.Trim(u, "-") == "":
				level = 2
			}
			if level > 0 {
				setHeading(level, oneLine(t))
				i++
				continue
			}
		}
		body.WriteString(l + "\n")
	}
	flush()
	return Document{Kind: KindMarkdown, Sections: sections(out...)}, nil
}

// atxHeading parses "## Title ##" (up to three leading spaces, one to six #).
func atxHeading(l string) (int, string, bool) {
	trimmed := strings.TrimLeft(l, " ")
	if len(l)-len(trimmed) > 3 {
		return 0, "", false
	}
	level := 0
	for level < len(trimmed) && trimmed[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level < len(trimmed) && trimmed[level] != ' ' && trimmed[level] != '\t' {
		return 0, "", false
	}
	text := strings.TrimSpace(trimmed[level:])
	text = strings.TrimSpace(strings.TrimRight(text, "#"))
	return level, oneLine(text), true
}

// headingPath joins the non-empty headings of path with " > ".
func headingPath(path []string) string {
	var parts []string
	for _, p := range path {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " > ")
}

// oneLine collapses whitespace and bounds a heading's length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	const max = 200
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
