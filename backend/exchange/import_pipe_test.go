package exchange

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

// failSink fails at its failAt-th session or message and counts calls.
type failSink struct {
	failAt int
	calls  atomic.Int64
	ended  bool
}

var errSinkFailed = errors.New("sink failed")

func (s *failSink) begin(*Manifest, []ModuleRecord, []MemoryRecord) error { return nil }
func (s *failSink) session(*SessionRecord) error                          { return s.step() }
func (s *failSink) message(*MessageRecord) error                          { return s.step() }
func (s *failSink) end() error                                            { s.ended = true; return nil }

func (s *failSink) step() error {
	if n := s.calls.Add(1); s.failAt > 0 && int(n) == s.failAt {
		return errSinkFailed
	}
	return nil
}

func feed(p *pipeSink, sessions, perSession int) error {
	if err := p.begin(&Manifest{}, nil, nil); err != nil {
		return err
	}
	for range sessions {
		if err := p.session(&SessionRecord{ID: "s"}); err != nil {
			return err
		}
		for range perSession {
			if err := p.message(&MessageRecord{Content: strings.Repeat("x", 100)}); err != nil {
				return err
			}
		}
	}
	return p.end()
}

func TestPipeSink(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s := &failSink{}
		p := newPipeSink(s)
		if err := feed(p, 10, 300); err != nil {
			t.Fatal(err)
		}
		if got := s.calls.Load(); got != 10*301 || !s.ended {
			t.Fatalf("calls = %d, ended = %v", got, s.ended)
		}
	})
	t.Run("ErrWriter", func(t *testing.T) {
		// The writer's error reaches the reader, and nothing more is
		// written after it.
		s := &failSink{failAt: 700}
		p := newPipeSink(s)
		err := feed(p, 100, 300)
		if !errors.Is(err, errSinkFailed) {
			t.Fatalf("err = %v", err)
		}
		p.stop()
		if got := s.calls.Load(); got != 700 || s.ended {
			t.Fatalf("calls = %d, ended = %v", got, s.ended)
		}
	})
	t.Run("StopMidway", func(t *testing.T) {
		// The reader fails (bad input): stop waits for the writer, after
		// which no call happens.
		s := &failSink{}
		p := newPipeSink(s)
		if err := p.begin(&Manifest{}, nil, nil); err != nil {
			t.Fatal(err)
		}
		for range 1000 {
			p.message(&MessageRecord{})
		}
		p.stop()
		n := s.calls.Load()
		p.stop() // twice is fine
		if n != 768 || s.calls.Load() != n || s.ended {
			t.Fatalf("calls = %d then %d, ended = %v", n, s.calls.Load(), s.ended)
		}
	})
}
