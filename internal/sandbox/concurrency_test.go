package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse runs creates, gets and deletes from several clients over HTTP while
// the test reads snapshots and changes the fault and rate limit settings. Run with -race.
func TestConcurrentUse(t *testing.T) {
	ts := newTestServer(t, Config{})
	srv := ts.httpServer()
	client := srv.Client()
	const workers, perWorker = 8, 25

	send := func(method, path string, body []byte) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequest(method, srv.URL+path, rd)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("X-App-Id", testAppID)
		req.Header.Set("X-App-Token", testSecret)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, b, err
	}

	var (
		mu   sync.Mutex
		kept = map[string]bool{}
		wg   sync.WaitGroup
	)
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				body := fmt.Appendf(nil, `{"name":"w%d-%d","type":"static","customers":["cust_%d"]}`, w, i, i)
				status, b, err := send(http.MethodPost, "/v1/segments", body)
				if err != nil || status != http.StatusOK {
					errs <- fmt.Errorf("create: %d %s %w", status, b, err)
					return
				}
				var seg struct{ ID string }
				if err := json.Unmarshal(b, &seg); err != nil {
					errs <- err
					return
				}
				if status, b, err := send(http.MethodGet, "/v1/segments/"+seg.ID, nil); err != nil || status != http.StatusOK {
					errs <- fmt.Errorf("get: %d %s %w", status, b, err)
					return
				}
				if i%2 == 0 {
					if status, b, err := send(http.MethodDelete, "/v1/segments/"+seg.ID, nil); err != nil || status != http.StatusNoContent {
						errs <- fmt.Errorf("delete: %d %s %w", status, b, err)
						return
					}
					continue
				}
				mu.Lock()
				if kept[seg.ID] {
					errs <- fmt.Errorf("ID %s given twice", seg.ID)
				}
				kept[seg.ID] = true
				mu.Unlock()
			}
		})
	}
	// Readers and settings changes racing with the requests.
	wg.Go(func() {
		for range 50 {
			_ = ts.Segments()
			_ = ts.Len()
			_, _ = ts.Segment("seg_x")
			ts.SetRateLimit(0, time.Minute)
			_, _ = ts.PendingFaults()
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	wantKept := workers * (perWorker / 2)
	if ts.Len() != wantKept || len(kept) != wantKept {
		t.Errorf("Len = %d, kept %d, want %d", ts.Len(), len(kept), wantKept)
	}
	for _, seg := range ts.Segments() {
		if !kept[seg.ID] {
			t.Errorf("unexpected segment %s", seg.ID)
		}
	}
}
