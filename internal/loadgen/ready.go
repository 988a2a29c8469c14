package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// WaitReady polls url with GET until the server answers anything at all, ctx ends or
// timeout passes. It waits for a server just started: no blind sleep.
func WaitReady(ctx context.Context, url string, timeout time.Duration) error {
	if err := CheckLoopback(url); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("loadgen: %s not ready after %s: %w", url, timeout, last)
		case <-tick.C:
		}
	}
}
