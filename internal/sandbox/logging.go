package sandbox

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// statusWriter records the status and size of an answer, for the request log, and
// gives every answer the rate-limit headers.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	// log and entry record the status in the request log, before it is sent.
	log   *requestLog
	entry *Request
	// server's limit is reported by an answer that was not counted against it
	// (401, 404, injected faults): WriteHeader peeks at it unless rated, set once a
	// request was counted and its headers set.
	server *Server
	rated  bool
}

// WriteHeader records status and passes it on.
func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
		w.log.setStatus(w.entry, status)
		if !w.rated {
			w.server.limiter.peek(w.server.clock()).setHeaders(w.Header())
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

// Write records the size of b and passes it on.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap returns the underlying ResponseWriter, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}

// allowHeader returns the value of the Allow header of a 405 answer.
func allowHeader(methods []string) string {
	return strings.Join(methods, ", ")
}

// logRequest logs the answer to r, which began at start, at level Info.
//
// It hands the record to the logger's handler itself, with no caller: the source is
// not logged, and the stack walk that Logger.LogAttrs does to find it was a sixth of
// the log line's cost, which runs on every request.
func (s *Server) logRequest(r *http.Request, sw *statusWriter, requestID string, start time.Time) {
	h := s.logger.Handler()
	if !h.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	msg := "request"
	if sw.status == 0 {
		msg = "request dropped without an answer: an injected fault, or the client went away during an injected delay"
	}
	now := time.Now()
	rec := slog.NewRecord(now, slog.LevelInfo, msg, 0)
	rec.AddAttrs(
		slog.String("request_id", requestID),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", sw.status),
		slog.Int64("bytes", sw.bytes),
		slog.Duration("duration", now.Sub(start)),
	)
	_ = h.Handle(r.Context(), rec) // a handler's error has nowhere to go but another log
}
