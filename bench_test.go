package segments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/baseline"
)

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

// transports gives the in-process canned server and a loopback HTTP server
// with the same answer.
func transports(b *testing.B, status int, body []byte) map[string]func() (http.RoundTripper, string) {
	return map[string]func() (http.RoundTripper, string){
		"inproc": func() (http.RoundTripper, string) {
			return cannedTransport{status: status, body: body}, "http://127.0.0.1:1"
		},
		"loopback": func() (http.RoundTripper, string) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write(body)
			}))
			b.Cleanup(srv.Close)
			return &http.Transport{MaxIdleConnsPerHost: 8}, srv.URL
		},
	}
}

func BenchmarkGet(b *testing.B) {
	body := fixture(b, "get-segment.response-200.json")
	ctx := context.Background()
	for _, tr := range []string{"inproc", "loopback"} {
		rt, url := transports(b, http.StatusOK, body)[tr]()
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

func BenchmarkCreateStatic20000(b *testing.B) {
	body := fixture(b, "create-static-segment.response-200.json")
	customers := customerIDs(segments.MaxStaticCustomers)
	reqBody, _ := json.Marshal(map[string]any{"name": "Max", "type": "static", "customers": customers})
	ctx := context.Background()
	for _, tr := range []string{"inproc", "loopback"} {
		rt, url := transports(b, http.StatusOK, body)[tr]()
		sdk, base := benchClients(b, rt, url)
		b.Run("transport="+tr+"/client=baseline", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(reqBody)))
			for b.Loop() {
				if _, err := base.CreateStatic(ctx, "Max", customers); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("transport="+tr+"/client=sdk", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(reqBody)))
			for b.Loop() {
				if _, err := sdk.Create(ctx, segments.CreateParams{Name: "Max", Type: segments.TypeStatic, Customers: customers}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
