package llm

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// sseEvent is one dispatched server-sent event. Field is the name of the
// field that carried the payload: "data" for every standard event, "error"
// for llama.cpp's non-standard `error: {…}` line (builds through 2025).
type sseEvent struct {
	Field string
	Data  []byte
}

// errLineTooLong is returned when one line exceeds the reader's limit.
var errLineTooLong = errors.New("event stream line too long")

// sseReader decodes text/event-stream as the WHATWG spec defines it, which
// is wider than what go-openai's reader accepts: lines may end in CRLF, LF
// or a lone CR; comment lines (": ping", ": OPENROUTER PROCESSING") may
// come in any number, since they only keep a slow connection alive; a
// field's value loses one leading space; multi-line data is joined with
// "\n". Unknown fields (event, id, retry) are ignored, except "error",
// which llama.cpp used for mid-stream failures.
type sseReader struct {
	r       *bufio.Reader
	maxLine int
	pendCR  bool // the last line ended in CR: a following LF belongs to it
}

func newSSEReader(r io.Reader, maxLine int) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 32<<10), maxLine: maxLine}
}

// next returns the next event with a payload. It returns io.EOF at a clean
// end of stream; an event cut off by the end of the stream is still
// dispatched (servers that close without the final blank line).
func (s *sseReader) next() (sseEvent, error) {
	var (
		ev      sseEvent
		data    bytes.Buffer
		hasData bool
	)
	for {
		line, err := s.line()
		if err != nil {
			if errors.Is(err, io.EOF) && hasData {
				ev.Data = data.Bytes()
				return ev, nil
			}
			return sseEvent{}, err
		}
		if len(line) == 0 { // blank line: dispatch
			if hasData {
				ev.Data = data.Bytes()
				return ev, nil
			}
			continue
		}
		if line[0] == ':' {
			continue // comment (keep-alive)
		}
		name, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			name, value = line[:i], line[i+1:]
			value = bytes.TrimPrefix(value, []byte(" "))
		}
		switch string(name) {
		case "data", "error":
			if hasData {
				data.WriteByte('\n') // multi-line data joins with LF
			}
			ev.Field = string(name)
			data.Write(value)
			hasData = true
		}
	}
}

// line reads one line without its terminator (CRLF, LF or CR).
func (s *sseReader) line() ([]byte, error) {
	var buf []byte
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) && len(buf) > 0 {
				return buf, nil
			}
			return nil, err
		}
		if s.pendCR {
			s.pendCR = false
			if b == '\n' {
				continue // the LF of a CRLF
			}
		}
		switch b {
		case '\n':
			return buf, nil
		case '\r':
			s.pendCR = true
			return buf, nil
		}
		buf = append(buf, b)
		if len(buf) > s.maxLine {
			return nil, errLineTooLong
		}
	}
}
