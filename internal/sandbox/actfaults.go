package sandbox

import (
	"bytes"
	"fmt"
	"net/http"
	"time"
)

// actFault is an injected failure of the answer to a request that the sandbox has
// acted on: it stored the create or deleted the segment, and then the answer fails, so
// that a client cannot tell whether its request took effect.
type actFault struct {
	kind   actFaultKind
	status int           // actFail: the status answered instead
	delay  time.Duration // actDelay: how long the answer is held
}

// actFaultKind is how an actFault fails the answer.
type actFaultKind int

const (
	actFail  actFaultKind = iota // answer a 5xx instead
	actDrop                      // close the connection without an answer
	actDelay                     // hold the answer
)

// InjectActThenFail makes the next n requests that the sandbox acts on (a create
// stored, a segment deleted, found or listed: any answer 2xx) take effect as usual and
// then be answered status, a 5xx, with the error object, instead of their success.
// They queue up with those of InjectActThenDrop and InjectActThenDelay, apart from the
// faults of InjectFaults, which come before acting. InjectActThenFail panics unless
// status is a 5xx; n <= 0 does nothing.
func (s *Server) InjectActThenFail(status, n int) {
	if status < 500 || status > 599 {
		panic(fmt.Sprintf("sandbox: cannot inject status %d after acting: only 5xx", status))
	}
	s.faults.addAct(actFault{kind: actFail, status: status}, n)
}

// InjectActThenDrop makes the next n requests that the sandbox acts on take effect and
// then closes their connection without an answer. n <= 0 does nothing.
func (s *Server) InjectActThenDrop(n int) {
	s.faults.addAct(actFault{kind: actDrop}, n)
}

// InjectActThenDelay makes the next n requests that the sandbox acts on take effect
// and then holds their answer for d, or until the client gives up (then there is no
// answer). A d longer than the client's timeout makes the client fail on a request
// that succeeded. d <= 0 or n <= 0 does nothing.
func (s *Server) InjectActThenDelay(d time.Duration, n int) {
	if d <= 0 {
		return
	}
	s.faults.addAct(actFault{kind: actDelay, delay: d}, n)
}

// bufferedAnswer holds an operation's answer until the sandbox decides whether an
// act-then-fail fault replaces it.
type bufferedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedAnswer() *bufferedAnswer { return &bufferedAnswer{header: http.Header{}} }

// Header returns the answer's headers.
func (b *bufferedAnswer) Header() http.Header { return b.header }

// WriteHeader records the status.
func (b *bufferedAnswer) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// Write buffers p.
func (b *bufferedAnswer) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

// acted reports whether the operation succeeded, so that a fault may fail its answer.
func (b *bufferedAnswer) acted() bool { return b.status >= 200 && b.status < 300 }

// sendTo writes the buffered answer to w.
func (b *bufferedAnswer) sendTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes()) // the client may be gone; nothing to do about it
}

// serveActing serves r with op, an operation, and fails its answer with the next
// act-then-fail fault when op succeeded and one is queued.
func (s *Server) serveActing(w http.ResponseWriter, r *http.Request, requestID string, op http.Handler) {
	if !s.faults.actPending() {
		op.ServeHTTP(w, r)
		return
	}
	answer := newBufferedAnswer()
	op.ServeHTTP(answer, r)
	ft, ok := actFault{}, false
	if answer.acted() {
		ft, ok = s.faults.nextAct()
	}
	if !ok {
		answer.sendTo(w)
		return
	}
	switch ft.kind {
	case actFail:
		writeError(w, errServer(ft.status, "Injected by the sandbox after acting on the request (act-then-fail)"), requestID)
	case actDrop:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			// No connection to take over (HTTP/2, a recorder): abort the answer.
			panic(http.ErrAbortHandler)
		}
		_ = conn.Close() // the point is that the client gets no answer
	case actDelay:
		t := time.NewTimer(ft.delay)
		defer t.Stop()
		select {
		case <-t.C:
			answer.sendTo(w)
		case <-r.Context().Done():
			// The client gave up: nobody to answer.
		}
	}
}
