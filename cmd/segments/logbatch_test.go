package main

import (
	"strings"
	"sync"
	"testing"
)

// countingWriter records the writes it receives.
type countingWriter struct {
	mu     sync.Mutex
	writes int
	data   strings.Builder
	done   chan struct{}
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	c.data.Write(p)
	if c.done != nil {
		close(c.done)
		c.done = nil
	}
	return len(p), nil
}

// TestBatchWriterBatches checks that many lines reach the writer in one write, in
// order, once the interval has passed, and that Close writes the rest.
func TestBatchWriterBatches(t *testing.T) {
	written := make(chan struct{})
	w := &countingWriter{done: written}
	b := newBatchWriter(w)
	var want strings.Builder
	for i := range 100 {
		line := strings.Repeat("x", i%7) + "\n"
		want.WriteString(line)
		if _, err := b.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	<-written // the timer wrote the batch
	w.mu.Lock()
	if w.writes != 1 || w.data.String() != want.String() {
		t.Errorf("%d writes of %q, want 1 of %q", w.writes, w.data.String(), want.String())
	}
	w.mu.Unlock()
	_, _ = b.Write([]byte("last\n"))
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.writes != 2 || !strings.HasSuffix(w.data.String(), "last\n") {
		t.Errorf("after Close: %d writes, %q", w.writes, w.data.String())
	}
}

// TestBatchWriterBounded checks that a batch never grows past logBatchMax.
func TestBatchWriterBounded(t *testing.T) {
	w := &countingWriter{}
	b := newBatchWriter(w)
	line := []byte(strings.Repeat("y", 1000) + "\n")
	for range 3 * logBatchMax / len(line) {
		_, _ = b.Write(line)
	}
	b.mu.Lock()
	if b.buf.Len() >= logBatchMax || w.writes < 2 {
		t.Errorf("buffered %d bytes after %d writes", b.buf.Len(), w.writes)
	}
	b.mu.Unlock()
	_ = b.Close()
}
