package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a server's log.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs serve with args and the environment env until the test ends and
// returns its stdout lines up to "listening on ...", the URL, and the log; stop
// ends it and returns its exit code.
func startServe(t *testing.T, env map[string]string, args ...string) (lines []string, url string, log *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	log = &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		code := run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), pw, log, mapEnv(env))
		pw.Close()
		done <- code
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			url = u
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if url == "" {
		cancel()
		t.Fatalf("serve printed no address: %q; log: %s; exit code: %d", lines, log, <-done)
	}
	var once sync.Once
	var code int
	stop = func() int {
		once.Do(func() { cancel(); code = <-done })
		return code
	}
	t.Cleanup(func() { _ = stop() })
	return lines, url, log, stop
}

func TestServeWithCredentialsFromEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{"VOUCHERIFY_APP_ID": "app-id", "VOUCHERIFY_SECRET_KEY": "very-secret-key"}
	lines, url, log, stop := startServe(t, env, "--addr", "127.0.0.1:0")
	if len(lines) != 1 || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("stdout %q", lines)
	}

	for _, tt := range []struct {
		token string
		want  int
	}{{"very-secret-key", http.StatusNotFound}, {"wrong", http.StatusUnauthorized}} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/v1/segments/seg_x", nil)
		req.Header.Set("X-App-Id", "app-id")
		req.Header.Set("X-App-Token", tt.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.want {
			t.Errorf("token %q: %d, want %d", tt.token, res.StatusCode, tt.want)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("shutdown: exit code %d; log:\n%s", code, log)
	}
	if strings.Contains(log.String(), "very-secret-key") || strings.Count(log.String(), "msg=request") != 2 {
		t.Errorf("log:\n%s", log)
	}
}

func TestServeGeneratesCredentials(t *testing.T) {
	t.Parallel()
	lines, _, log, stop := startServe(t, nil, "--addr", "127.0.0.1:0")
	out := strings.Join(lines, "\n")
	if !strings.Contains(out, "VOUCHERIFY_APP_ID=") || !strings.Contains(out, "VOUCHERIFY_SECRET_KEY=") {
		t.Errorf("generated credentials not printed: %q", out)
	}
	if code := stop(); code != 0 {
		t.Errorf("shutdown: exit code %d; log:\n%s", code, log)
	}
}

func TestServeUsageErrors(t *testing.T) {
	t.Parallel()
	onlyID := map[string]string{"VOUCHERIFY_APP_ID": "only-the-id"}
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"serve", "-h"}, 0},
		{[]string{"serve", "--bogus"}, 2},
		{[]string{"serve", "extra"}, 2},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, 1}, // only one of the two variables
	}
	for _, tt := range tests {
		r := runWith(t, onlyID, "", tt.args...)
		if r.code != tt.want {
			t.Errorf("run(%q) = %d, want %d; stderr: %s", tt.args, r.code, tt.want, r.stderr)
		}
	}
}

// TestServeNumericFlagsAreChecked: every numeric flag refuses a negative, zero (where
// it makes no sense) or non-numeric value as a usage error, exit 2, before starting.
func TestServeNumericFlagsAreChecked(t *testing.T) {
	t.Parallel()
	bad := map[string][]string{
		"--rate-limit":          {"-5", "abc", "1.5"},
		"--rate-window":         {"-1s", "0", "abc"},
		"--max-body-bytes":      {"-1", "0", "abc"},
		"--max-segments":        {"-1", "0", "x"},
		"--max-customers":       {"-1", "0", "99999999999999999999"},
		"--max-connections":     {"-1", "0", "many"},
		"--max-header-bytes":    {"-1", "0", "1k"},
		"--read-header-timeout": {"-1s", "0", "5"},
		"--read-timeout":        {"-1s", "0", "x"},
		"--write-timeout":       {"-1s", "0", "x"},
		"--idle-timeout":        {"-1s", "0", "x"},
		"--shutdown-timeout":    {"-1s", "0", "x"},
	}
	for flagName, values := range bad {
		for _, v := range values {
			r := runWith(t, nil, "", "serve", "--addr", "127.0.0.1:0", flagName, v)
			if r.code != exitUsage || !strings.Contains(r.stderr, flagName[1:]) || strings.Contains(r.stdout, "listening") {
				t.Errorf("serve %s %s: exit code %d, want 2; stderr: %s", flagName, v, r.code, r.stderr)
			}
		}
	}
}

// TestServeShutsDownWhateverClientsDo: with a client stalled mid-headers, another
// mid-body and one idle, and timeouts of an hour, SIGTERM (here: the context ending)
// makes serve close them all after the grace period and exit 0.
func TestServeShutsDownWhateverClientsDo(t *testing.T) {
	t.Parallel()
	env := map[string]string{"VOUCHERIFY_APP_ID": "app-id", "VOUCHERIFY_SECRET_KEY": "very-secret-key"}
	_, url, log, stop := startServe(t, env, "--addr", "127.0.0.1:0", "--shutdown-timeout", "100ms",
		"--read-header-timeout", "1h", "--read-timeout", "1h", "--write-timeout", "1h", "--idle-timeout", "1h")
	addr := strings.TrimPrefix(url, "http://")
	var conns []net.Conn
	for _, first := range []string{
		"GET /v1/segments HTTP/1.1\r\nHost: x\r\n", // headers never end
		"POST /v1/segments HTTP/1.1\r\nHost: x\r\nX-App-Id: app-id\r\nX-App-Token: very-secret-key\r\n" +
			"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{", // body never ends
		"", // connected, idle
	} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprint(c, first)
		conns = append(conns, c)
	}
	// The sandbox accepts connections in order: once a request on a fourth one is
	// answered, the three above are in its hands.
	res, err := http.Get(url + "/v1/segments/seg_1")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	done := make(chan int, 1)
	go func() { done <- stop() }()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d, want 0; log:\n%s", code, log)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("serve still running 10 s after the signal, with a grace period of 100 ms; log:\n%s", log)
	}
	for i, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil {
			if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
				t.Errorf("connection %d still open after shutdown", i)
			}
		}
	}
	if !strings.Contains(log.String(), "grace period over") {
		t.Errorf("the log does not say connections were closed after the grace period:\n%s", log)
	}
}

// TestServeHelpListsEveryOperation: the help of serve names every operation that the
// sandbox serves.
func TestServeHelpListsEveryOperation(t *testing.T) {
	t.Parallel()
	r := runWith(t, nil, "", "help", "serve")
	for _, op := range []string{"GET /v1/segments\n", "POST /v1/segments\n", "GET /v1/segments/{segmentId}\n", "DELETE /v1/segments/{segmentId}\n"} {
		if r.code != 0 || !strings.Contains(r.stdout, "  "+op) {
			t.Errorf("segments help serve (exit %d) does not list %q:\n%s", r.code, op, r.stdout)
		}
	}
}
