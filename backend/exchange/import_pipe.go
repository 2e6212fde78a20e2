package exchange

import "sync"

// pipeSink runs a sink's session and message steps on a goroutine of
// their own, so that inflating and decoding the archive overlaps with
// SQLite inserting the rows (about a fifth of an import's CPU time is
// decoding). Items travel in batches bounded in count and bytes, with at
// most pipeDepth batches queued, so memory stays bounded.
type pipeSink struct {
	next  sink
	ch    chan []pipeItem
	done  chan struct{}
	err   error // the writer's error; read only after done is closed
	batch []pipeItem
	bytes int
	once  sync.Once
}

type pipeItem struct {
	sess *SessionRecord // nil for a message or document
	msg  *MessageRecord
	doc  *DocumentRecord
}

// The queue holds more than the writer's 2,500-row insert batch
// (import_db.go), so decoding goes on while SQLite runs one: with 2 queued
// batches the decoder stalled during every insert and the writer then
// waited for it, ~0.6 s of a 100k-message import. At most ~12 MiB queued.
const (
	pipeBatch      = 256
	pipeBatchBytes = 1 << 20
	pipeDepth      = 12
)

func newPipeSink(next sink) *pipeSink {
	return &pipeSink{next: next}
}

// begin runs on the caller's goroutine, then starts the writer.
func (p *pipeSink) begin(m *Manifest, mods []ModuleRecord, mems []MemoryRecord) error {
	if err := p.next.begin(m, mods, mems); err != nil {
		return err
	}
	p.ch, p.done = make(chan []pipeItem, pipeDepth), make(chan struct{})
	go p.write()
	return nil
}

func (p *pipeSink) write() {
	defer close(p.done)
	for batch := range p.ch {
		if p.err != nil {
			continue // drain until the reader notices
		}
		for _, it := range batch {
			if it.doc != nil {
				p.err = p.next.(docSink).document(it.doc)
			} else if it.sess != nil {
				p.err = p.next.session(it.sess)
			} else {
				p.err = p.next.message(it.msg)
			}
			if p.err != nil {
				break
			}
		}
	}
}

func (p *pipeSink) session(s *SessionRecord) error {
	c := *s // the reader keeps using its copy
	return p.add(pipeItem{sess: &c}, 0)
}

func (p *pipeSink) message(m *MessageRecord) error {
	return p.add(pipeItem{msg: m}, len(m.Content))
}

func (p *pipeSink) add(it pipeItem, n int) error {
	p.batch = append(p.batch, it)
	p.bytes += n
	if len(p.batch) < pipeBatch && p.bytes < pipeBatchBytes {
		return nil
	}
	return p.send()
}

func (p *pipeSink) send() error {
	select {
	case p.ch <- p.batch:
	case <-p.done: // the writer failed and stopped
		return p.err
	}
	p.batch, p.bytes = make([]pipeItem, 0, pipeBatch), 0
	return nil
}

// end hands over the last batch, waits for the writer and runs the
// sink's end on the caller's goroutine.
func (p *pipeSink) end() error {
	if len(p.batch) > 0 {
		if err := p.send(); err != nil {
			return err
		}
	}
	if err := p.stop(); err != nil {
		return err
	}
	return p.next.end()
}

// stop closes the queue and waits for the writer; after it returns no
// goroutine touches the transaction. Safe to call more than once and
// before begin.
func (p *pipeSink) stop() error {
	if p.ch == nil {
		return nil
	}
	p.once.Do(func() { close(p.ch) })
	<-p.done
	return p.err
}
