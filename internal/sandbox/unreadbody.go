package sandbox

import (
	"net/http"
	"time"
)

// answerWithoutBody prepares an answer given without reading r's body (a 401, 413,
// 415, 429 or an injected fault), and returns what to call once it is written.
//
// Left alone, net/http would read up to 256 KiB of the unread body before sending the
// answer, and again when the handler returns, so that the connection can be reused: a
// client that stalls its body would get no answer and hold the connection until the
// read timeout. Instead the answer says Connection: close, and once it is written the
// connection's read deadline is set to now, so that net/http gives up on the body at
// once and closes the connection.
func answerWithoutBody(w http.ResponseWriter, r *http.Request) (written func()) {
	if r.Body == nil || r.Body == http.NoBody {
		return func() {}
	}
	w.Header().Set("Connection", "close")
	return func() {
		// Not supported by a ResponseRecorder in tests: nothing to cut short there.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now())
	}
}

// refuse answers e without reading r's body: see answerWithoutBody.
func refuse(w http.ResponseWriter, r *http.Request, e *apiError, requestID string) {
	done := answerWithoutBody(w, r)
	writeError(w, e, requestID)
	done()
}
