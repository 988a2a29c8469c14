package sandbox

import (
	"net/http"
	"testing"
)

// TestRequestsAreRecorded: method, path, query, headers with the secret redacted, the
// body as read and the status; a refused request without its unread body.
func TestRequestsAreRecorded(t *testing.T) {
	ts := newTestServer(t, Config{RequestLog: 3})
	body := []byte(`{"name":"n","type":"static","customers":["c"]}`)
	ts.create(body)
	ts.do(request(http.MethodGet, "/v1/segments?limit=5&filters%5Bname%5D%5Bconditions%5D%5B%24is%5D=n", nil))
	unauth := request(http.MethodPost, "/v1/segments", body)
	unauth.Header.Set("X-App-Token", "wrong-secret")
	unauth.Header.Set("Authorization", "Bearer also-secret")
	ts.do(unauth)

	got := ts.Requests()
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3", len(got))
	}
	if r := got[0]; r.Method != "POST" || r.Path != "/v1/segments" || string(r.Body) != string(body) || r.Status != 200 ||
		r.Header.Get("X-App-Token") != "[redacted]" || r.Header.Get("X-App-Id") != testAppID {
		t.Errorf("create recorded as %+v", r)
	}
	if r := got[1]; r.Method != "GET" || r.Query != "limit=5&filters%5Bname%5D%5Bconditions%5D%5B%24is%5D=n" || r.Body != nil || r.Status != 200 {
		t.Errorf("list recorded as %+v", r)
	}
	if r := got[2]; r.Status != 401 || r.Body != nil || r.Header.Get("X-App-Token") != "[redacted]" || r.Header.Get("Authorization") != "[redacted]" {
		t.Errorf("refused create recorded as %+v", r)
	}
	got[0].Body[0] = 'X' // a copy
	if ts.Requests()[0].Body[0] != '{' {
		t.Error("Requests shares its bodies")
	}

	ts.do(request(http.MethodGet, "/v1/segments", nil))
	if got := ts.Requests(); len(got) != 3 || got[2].Path != "/v1/segments" || got[0].Method != "GET" {
		t.Errorf("the log keeps %d, the oldest %s: want the last 3", len(got), got[0].Method)
	}
	ts.Reset()
	if n := len(ts.Requests()); n != 0 {
		t.Errorf("%d requests after Reset", n)
	}
	off := newTestServer(t, Config{})
	off.do(request(http.MethodGet, "/v1/segments", nil))
	if n := len(off.Requests()); n != 0 {
		t.Errorf("RequestLog 0 recorded %d", n)
	}
}

// TestRequestLogBodiesAreBounded: past RequestLogBytes, the oldest bodies are dropped
// and the newest kept.
func TestRequestLogBodiesAreBounded(t *testing.T) {
	ts := newTestServer(t, Config{RequestLog: 100, RequestLogBytes: 100})
	body := []byte(`{"name":"n","type":"static","customers":["c"]}`) // 47 bytes: two fit
	for range 5 {
		ts.create(body)
	}
	got := ts.Requests()
	if len(got) != 5 {
		t.Fatalf("%d requests, want 5", len(got))
	}
	for i, r := range got {
		if kept := r.Body != nil; kept != (i >= 3) {
			t.Errorf("request %d: body kept %v; want only the last two", i, kept)
		}
	}
}
