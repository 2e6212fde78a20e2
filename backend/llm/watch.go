package llm

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// watchDoer is the go-openai HTTPDoer for one call. It arms a timer for the
// response headers (request timeout), then re-arms it on every body read
// (stall watchdog): when it fires it cancels the call's context with a
// cause, which unblocks the read. It also bounds body size and remembers
// Retry-After, which go-openai drops.
type watchDoer struct {
	http    *http.Client
	cancel  context.CancelCauseFunc
	request time.Duration
	stall   time.Duration
	maxBody int64 // total body bytes
	maxLine int64 // bytes without a newline

	mu         sync.Mutex
	timer      *time.Timer
	retryAfter string
	gotHeaders atomic.Bool
	connected  atomic.Bool // a connection to the server was made
}

func newWatchDoer(hc *http.Client, cancel context.CancelCauseFunc, request, stall time.Duration, maxBody, maxLine int64) *watchDoer {
	w := &watchDoer{http: hc, cancel: cancel, request: request, stall: stall, maxBody: maxBody, maxLine: maxLine}
	w.timer = time.AfterFunc(request, func() {
		if w.gotHeaders.Load() {
			w.cancel(errStalled)
		} else {
			w.cancel(errRequestTimeout)
		}
	})
	return w
}

// stop disarms the watchdog; call when the call ends.
func (w *watchDoer) stop() { w.timer.Stop() }

// poke re-arms the stall timer after progress.
func (w *watchDoer) poke() { w.timer.Reset(w.stall) }

func (w *watchDoer) Do(req *http.Request) (*http.Response, error) {
	// Each Do (a retry) starts with the request timeout again.
	w.gotHeaders.Store(false)
	w.timer.Reset(w.request)
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { w.connected.Store(true) }}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	resp, err := w.http.Do(req)
	if err != nil {
		return nil, err
	}
	w.gotHeaders.Store(true)
	w.poke()
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		w.mu.Lock()
		w.retryAfter = resp.Header.Get("Retry-After")
		w.mu.Unlock()
	}
	resp.Body = &watchBody{rc: resp.Body, w: w}
	return resp, nil
}

// wasConnected reports whether any request of this call reached the server.
func (w *watchDoer) wasConnected() bool { return w.connected.Load() }

func (w *watchDoer) lastRetryAfter() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.retryAfter
}

type watchBody struct {
	rc    io.ReadCloser
	w     *watchDoer
	total int64
	line  int64
}

func (b *watchBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.poke()
		b.total += int64(n)
		if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
			b.line = int64(n - i - 1)
		} else {
			b.line += int64(n)
		}
		if b.total > b.w.maxBody || b.line > b.w.maxLine {
			return n, errTooLarge
		}
	}
	return n, err
}

func (b *watchBody) Close() error { return b.rc.Close() }
