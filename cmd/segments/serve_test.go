package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
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

// startServe runs serve with args until the test ends and returns its stdout lines up
// to "listening on ...", the URL, and the log.
func startServe(t *testing.T, args ...string) (lines []string, url string, log *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	log = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := runServe(ctx, args, pw, log)
		pw.Close()
		done <- err
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
		t.Fatalf("serve printed no address: %q; log: %s; err: %v", lines, log, <-done)
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return lines, url, log, stop
}

func TestServeWithCredentialsFromEnvironment(t *testing.T) {
	t.Setenv("VOUCHERIFY_APP_ID", "app-id")
	t.Setenv("VOUCHERIFY_SECRET_KEY", "very-secret-key")
	lines, url, log, stop := startServe(t, "--addr", "127.0.0.1:0")
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
	if err := stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if strings.Contains(log.String(), "very-secret-key") || strings.Count(log.String(), "msg=request") != 2 {
		t.Errorf("log:\n%s", log)
	}
}

func TestServeGeneratesCredentials(t *testing.T) {
	t.Setenv("VOUCHERIFY_APP_ID", "")
	t.Setenv("VOUCHERIFY_SECRET_KEY", "")
	lines, _, _, stop := startServe(t, "--addr", "127.0.0.1:0")
	out := strings.Join(lines, "\n")
	if !strings.Contains(out, "VOUCHERIFY_APP_ID=") || !strings.Contains(out, "VOUCHERIFY_SECRET_KEY=") {
		t.Errorf("generated credentials not printed: %q", out)
	}
	if err := stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

func TestRunUsageErrors(t *testing.T) {
	t.Setenv("VOUCHERIFY_APP_ID", "only-the-id")
	t.Setenv("VOUCHERIFY_SECRET_KEY", "")
	tests := []struct {
		args []string
		want int
	}{
		{nil, 2},
		{[]string{"nope"}, 2},
		{[]string{"help"}, 0},
		{[]string{"serve", "-h"}, 0},
		{[]string{"serve", "--bogus"}, 2},
		{[]string{"serve", "extra"}, 2},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, 1}, // only one of the two variables
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := run(t.Context(), tt.args, io.Discard, &stderr); got != tt.want {
			t.Errorf("run(%q) = %d, want %d; stderr: %s", tt.args, got, tt.want, stderr.String())
		}
	}
}
