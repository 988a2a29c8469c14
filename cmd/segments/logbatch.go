package main

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// logFlushInterval is how long a line of serve's request log may wait before it is
// written: short for a person reading it, long enough that a busy sandbox writes its
// log in a few system calls a second instead of one per request, each serialised by the
// log handler's lock.
const logFlushInterval = 50 * time.Millisecond

// logBatchMax is the most a batch holds: a larger one is written at once.
const logBatchMax = 64 << 10

// batchWriter collects what is written to it and writes it to w in batches, at most
// logFlushInterval after the first unwritten byte. Close writes what is left. It is
// safe for concurrent use.
type batchWriter struct {
	mu      sync.Mutex
	w       io.Writer
	buf     bytes.Buffer
	pending *time.Timer // armed while buf holds unwritten bytes
	err     error       // the first error of w, returned by later writes
}

func newBatchWriter(w io.Writer) *batchWriter {
	return &batchWriter{w: w}
}

// Write adds p to the batch.
func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return 0, b.err
	}
	b.buf.Write(p)
	switch {
	case b.buf.Len() >= logBatchMax:
		b.flushLocked()
	case b.pending == nil:
		b.pending = time.AfterFunc(logFlushInterval, b.flush)
	}
	return len(p), nil
}

// Close writes what is left.
func (b *batchWriter) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
	return b.err
}

func (b *batchWriter) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

func (b *batchWriter) flushLocked() {
	if b.pending != nil {
		b.pending.Stop()
		b.pending = nil
	}
	if b.buf.Len() == 0 {
		return
	}
	if _, err := b.w.Write(b.buf.Bytes()); err != nil && b.err == nil {
		b.err = err
	}
	b.buf.Reset()
}
