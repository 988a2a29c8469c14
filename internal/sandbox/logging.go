package sandbox

import (
	"net/http"
	"strings"
)

// statusWriter records the status and size of an answer, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	// log and entry record the status in the request log, before it is sent.
	log   *requestLog
	entry *Request
}

// WriteHeader records status and passes it on.
func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
		w.log.setStatus(w.entry, status)
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
