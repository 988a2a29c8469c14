package sandbox

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// fault is one injected failure: the status of the answer and whether its body is an
// HTML page, as a proxy in front of the API would send, instead of the error object.
type fault struct {
	status int
	html   bool
}

// faults holds the injected failures and delays, each consumed by one request. It is
// safe for concurrent use.
type faults struct {
	mu     sync.Mutex
	queue  []fault
	delay  time.Duration
	delays int // requests left to delay
	// acts are the act-then-fail faults, each consumed by a request that acted.
	acts []actFault
}

// pop removes and returns the first element of *q, if there is one.
func pop[T any](q *[]T) (T, bool) {
	var first T
	if len(*q) == 0 {
		return first, false
	}
	first, *q = (*q)[0], (*q)[1:]
	return first, true
}

// addAct queues n act-then-fail faults ft.
func (f *faults) addAct(ft actFault, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.acts = append(f.acts, ft)
	}
}

// actPending reports whether an act-then-fail fault is queued.
func (f *faults) actPending() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.acts) > 0
}

// nextAct returns and removes the next act-then-fail fault, if one is queued.
func (f *faults) nextAct() (actFault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return pop(&f.acts)
}

// checkFaultStatus panics unless status is an error that the contract allows on every
// operation: 429 or a 5xx.
func checkFaultStatus(status int) {
	if status != http.StatusTooManyRequests && (status < 500 || status > 599) {
		panic(fmt.Sprintf("sandbox: cannot inject status %d: only 429 and 5xx are declared for every operation", status))
	}
}

// add queues n faults f.
func (f *faults) add(ft fault, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.queue = append(f.queue, ft)
	}
}

// setDelay delays the next n requests by d, replacing any earlier delay.
func (f *faults) setDelay(d time.Duration, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d <= 0 || n <= 0 {
		f.delay, f.delays = 0, 0
		return
	}
	f.delay, f.delays = d, n
}

// nextDelay returns the delay of the current request, counting it; 0 for none.
func (f *faults) nextDelay() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.delays == 0 {
		return 0
	}
	f.delays--
	return f.delay
}

// next returns and removes the fault of the current request, if one is queued.
func (f *faults) next() (fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return pop(&f.queue)
}

// pending returns the number of queued faults (act-then-fail ones included) and of
// requests left to delay.
func (f *faults) pending() (failures, delays int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue) + len(f.acts), f.delays
}

// clear drops every queued fault and delay.
func (f *faults) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue, f.delay, f.delays, f.acts = nil, 0, 0, nil
}

// proxyErrorPage is the body of an injected HTML fault, shaped like a proxy's error page.
const proxyErrorPage = `<html>
<head><title>%[1]d %[2]s</title></head>
<body>
<center><h1>%[1]d %[2]s</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// writeFault answers with the injected fault ft.
func writeFault(w http.ResponseWriter, ft fault, requestID string, now time.Time) {
	if ft.html {
		body := fmt.Sprintf(proxyErrorPage, ft.status, http.StatusText(ft.status))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(ft.status)
		_, _ = w.Write([]byte(body)) // the client may be gone; nothing to do about it
		return
	}
	const details = "Injected by the sandbox (fault injection)"
	if ft.status == http.StatusTooManyRequests {
		setRetryHeaders(w.Header(), now, now.Add(time.Second))
		w.Header().Set("X-Rate-Limit-Remaining", "0")
		writeError(w, errTooManyRequests(details), requestID)
		return
	}
	writeError(w, errServer(ft.status, details), requestID)
}
