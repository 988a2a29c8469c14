package sandbox

import (
	"log/slog"
	"net/http"
	"time"
)

// statusWriter records the status and size of an answer, for the request log, and gives
// every answer the X-Rate-Limit-* headers that it does not set itself.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	x      *exchange
	s      *Server
}

// WriteHeader records status and passes it on.
func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
		w.s.requests.setStatus(w.x.entry, status)
		rate := w.x.rate
		if !w.x.rated {
			rate = w.s.limiter.decide(w.s.clock(), false)
		}
		rate.setHeaders(w.Header())
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

// logRequest logs the answer to r, which began at start, at level Info.
func (s *Server) logRequest(r *http.Request, sw *statusWriter, requestID string, start time.Time) {
	msg := "request"
	if sw.status == 0 {
		msg = "request dropped without an answer: an injected fault, or the client went away during an injected delay"
	}
	s.logger.LogAttrs(r.Context(), slog.LevelInfo, msg, slog.String("request_id", requestID),
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
		slog.Int64("bytes", sw.bytes), slog.Duration("duration", time.Since(start)))
}
