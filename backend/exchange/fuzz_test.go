package exchange

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"hearth/backend/apperr"
	"hearth/backend/internal/safezip"
)

// nopSink accepts everything; the parser's own checks are under test.
type nopSink struct{ n int }

func (s *nopSink) begin(*Manifest, []ModuleRecord, []MemoryRecord) error { return nil }
func (s *nopSink) session(*SessionRecord) error                          { s.n++; return nil }
func (s *nopSink) message(*MessageRecord) error                          { s.n++; return nil }
func (s *nopSink) end() error                                            { return nil }

// FuzzParseArchive feeds arbitrary bytes to the archive reader as a ZIP.
// It must never panic, never exceed its limits, and fail only with an
// *Error (a sentence for the user), never an unclassified error.
// Seeds: testdata/fuzz/FuzzParseArchive (a real export and broken ones).
func FuzzParseArchive(f *testing.F) {
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	lim := DefaultLimits()
	lim.MaxEntries = 64
	lim.MaxEntryBytes = 1 << 20
	lim.MaxTotalBytes = 4 << 20
	lim.MaxMessages = 1000
	lim.MaxSessions = 100
	lim.MaxMemories = 100
	lim.MaxModules = 20
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := safezip.Open(bytes.NewReader(data), int64(len(data)), lim.zip())
		if err != nil {
			if c := classify("archive", err); !isUserError(c) {
				t.Fatalf("unclassified open error: %v", err)
			}
			return
		}
		s := &nopSink{}
		err = parseArchive(context.Background(), zr, lim, s)
		if err != nil && !isUserError(err) {
			t.Fatalf("unclassified error: %v", err)
		}
		if s.n > lim.MaxSessions+lim.MaxMessages {
			t.Fatalf("limits exceeded: %d records", s.n)
		}
	})
}

func isUserError(err error) bool {
	var e *apperr.Error
	return errors.As(err, &e) && e.Message != "" && e.Code != apperr.Internal
}
