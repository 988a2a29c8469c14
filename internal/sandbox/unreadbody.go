package sandbox

import (
	"net/http"
	"time"
)

// drainGrace is how long the sandbox still reads a body it refused, once the answer is
// written, before it closes the connection. Closing with unread bytes makes the kernel
// reset the connection, and a reset can destroy the answer before the client reads
// it; a client that sent its whole body is drained within this time, and then sees a
// clean close.
const drainGrace = 100 * time.Millisecond

// answerWithoutBody prepares an answer given without reading r's body (a 401, 413,
// 415, 429 or an injected fault), and returns what to call once it is written.
//
// Left alone, net/http would read up to 256 KiB of the unread body before sending the
// answer, and again when the handler returns, so that the connection can be reused: a
// client that stalls its body would get no answer and hold the connection until the
// read timeout. Instead the answer says Connection: close, and once it is written the
// connection's read deadline is set to drainGrace from now: net/http then reads what the
// client has sent of its body for at most that long, and closes the connection.
func answerWithoutBody(w http.ResponseWriter, r *http.Request) (written func()) {
	if r.Body == nil || r.Body == http.NoBody {
		return func() {}
	}
	w.Header().Set("Connection", "close")
	return func() {
		// Not supported by a ResponseRecorder in tests: nothing to cut short there.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(drainGrace))
	}
}

// refuse answers e without reading r's body: see answerWithoutBody.
func refuse(w http.ResponseWriter, r *http.Request, e *apiError, requestID string) {
	done := answerWithoutBody(w, r)
	writeError(w, e, requestID)
	done()
}
