package segments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/baseline"
)

// serverDelay is how long the delayed test server takes to answer: the targets of
// BENCHMARKS.md are measured against it, as a service calling an API feels the SDK
// (the real API is tens of milliseconds away).
const serverDelay = 5 * time.Millisecond

// cannedTransport is an in-process server: it reads the whole request body, as
// a server would, and answers a canned response, so that a benchmark measures
// the client alone.
type cannedTransport struct {
	status int
	body   []byte
}

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode:    c.status,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(c.body)),
		ContentLength: int64(len(c.body)),
		Request:       req,
	}, nil
}

// benchClients returns the SDK and the baseline, both answered by h over rt.
func benchClients(b *testing.B, rt http.RoundTripper, baseURL string) (*segments.Client, *baseline.Client) {
	b.Helper()
	sdk := newTestClient(b, baseURL, segments.WithHTTPClient(&http.Client{Transport: rt}))
	return sdk, &baseline.Client{BaseURL: baseURL, AppID: testAppID, SecretKey: testSecret, HTTP: &http.Client{Transport: rt}}
}

// transportNames are the servers of every benchmark: in process (the client alone), a
// loopback HTTP server answering at once, and one answering after serverDelay (what a
// user feels; the targets).
var transportNames = []string{"inproc", "loopback", "5ms"}

// transport returns the server called name, answering status and body, and its base URL.
func transport(b *testing.B, name string, status int, body []byte) (http.RoundTripper, string) {
	b.Helper()
	if name == "inproc" {
		return cannedTransport{status: status, body: body}, "http://127.0.0.1:1"
	}
	var delay time.Duration
	if name == "5ms" {
		delay = serverDelay
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if delay > 0 {
			time.Sleep(delay) // the server's own work, not synchronisation
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return &http.Transport{MaxIdleConnsPerHost: 8}, srv.URL
}

func BenchmarkGet(b *testing.B) {
	body := fixture(b, "get-segment.response-200.json")
	ctx := context.Background()
	for _, tr := range transportNames {
		rt, url := transport(b, tr, http.StatusOK, body)
		sdk, base := benchClients(b, rt, url)
		b.Run("transport="+tr+"/client=baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := base.Get(ctx, "seg_Mv5w1b2FIEbiCCO5ioT8TfI2"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("transport="+tr+"/client=sdk", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sdk.Get(ctx, "seg_Mv5w1b2FIEbiCCO5ioT8TfI2"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateStatic20000 reports the size of the request body as body-B/op, so that
// the bytes allocated per create can be checked against it.
func BenchmarkCreateStatic20000(b *testing.B) {
	body := fixture(b, "create-static-segment.response-200.json")
	customers := customerIDs(segments.MaxStaticCustomers)
	reqBody, _ := json.Marshal(map[string]any{"name": "Max", "type": "static", "customers": customers})
	ctx := context.Background()
	for _, tr := range transportNames {
		rt, url := transport(b, tr, http.StatusOK, body)
		sdk, base := benchClients(b, rt, url)
		b.Run("transport="+tr+"/client=baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := base.CreateStatic(ctx, "Max", customers); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(reqBody)), "body-B/op")
		})
		b.Run("transport="+tr+"/client=sdk", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sdk.Create(ctx, segments.CreateParams{Name: "Max", Type: segments.TypeStatic, Customers: customers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(reqBody)), "body-B/op")
		})
	}
}
