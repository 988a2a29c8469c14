package segments_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/voucherify-go/segments"
)

// seedOfficialBodies adds every official example body to the corpus, with the
// statuses they come with.
func seedOfficialBodies(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "official", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no official examples: %v", err)
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, status := range []int{200, 400, 401, 404, 429, 502} {
			f.Add(status, "application/json", body)
		}
	}
	f.Add(200, "text/html", []byte("<html></html>"))
	f.Add(500, "", []byte{})
	f.Add(200, "application/json; charset=utf-8", []byte(`{"id":"seg_1","filter":{"junction":"and"},"updated_at":null}`))
}

// FuzzDecodeSegment feeds arbitrary answers to Get: whatever the server sends,
// the client returns either a segment with an ID or one of its typed errors,
// and never panics.
func FuzzDecodeSegment(f *testing.F) {
	seedOfficialBodies(f)
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		rt := cannedTransport{status: status, body: body}
		c := newTestClient(t, "http://127.0.0.1:1", segments.WithHTTPClient(&http.Client{Transport: headerTransport{rt, contentType}}), segments.WithMaxResponseBytes(1<<16))
		seg, err := c.Get(context.Background(), "seg_1")
		switch {
		case err == nil:
			if status < 200 || status > 299 || seg == nil || seg.ID == "" {
				t.Fatalf("status %d: segment %+v accepted", status, seg)
			}
		case status >= 200 && status <= 299:
			if !errors.Is(err, segments.ErrUnexpectedResponse) && !errors.Is(err, segments.ErrResponseTooLarge) {
				t.Fatalf("status %d: untyped error %v", status, err)
			}
		default:
			var apiErr *segments.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
				t.Fatalf("status %d: err = %v, want an *APIError", status, err)
			}
			_ = apiErr.Error()
		}
	})
}

// FuzzAPIError parses arbitrary error answers: the status decides the
// sentinel, whatever the body says.
func FuzzAPIError(f *testing.F) {
	seedOfficialBodies(f)
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 400 || status > 599 {
			return
		}
		c := newTestClient(t, "http://127.0.0.1:1", segments.WithHTTPClient(&http.Client{Transport: headerTransport{cannedTransport{status: status, body: body}, contentType}}))
		err := c.Delete(context.Background(), "seg_1")
		var apiErr *segments.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want an *APIError", err)
		}
		if errors.Is(err, segments.ErrNotFound) != (status == 404) ||
			errors.Is(err, segments.ErrUnauthorized) != (status == 401) ||
			errors.Is(err, segments.ErrRateLimited) != (status == 429) {
			t.Fatalf("status %d: sentinels do not follow the status", status)
		}
		if apiErr.Error() == "" {
			t.Fatal("empty message")
		}
	})
}

// headerTransport sets the answer's Content-Type.
type headerTransport struct {
	rt          http.RoundTripper
	contentType string
}

func (h headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.rt.RoundTrip(req)
	if err == nil {
		resp.Header.Set("Content-Type", h.contentType)
	}
	return resp, err
}
