package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/voucherify-go/segments/internal/spec"
)

// newBenchServer returns a sandbox with the test credentials and logger (nil for none).
func newBenchServer(b *testing.B, logger *slog.Logger) *Server {
	b.Helper()
	s, err := New(Config{AppID: testAppID, SecretKey: testSecret, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkGetSegment gets a stored segment through the whole handler: routing,
// authentication and parameters against the contract, lookup and answer; without a
// logger, and with the request log of `segments serve` (a text line per request).
func BenchmarkGetSegment(b *testing.B) {
	for _, log := range []struct {
		name   string
		logger *slog.Logger
	}{{"none", nil}, {"text", slog.New(slog.NewTextHandler(io.Discard, nil))}} {
		b.Run("log="+log.name, func(b *testing.B) {
			s := newBenchServer(b, log.logger)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, request(http.MethodPost, "/v1/segments", fixture(b, "create-auto-update-segment.request.json")))
			var seg struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &seg); rec.Code != http.StatusOK || err != nil {
				b.Fatalf("create: %d %s", rec.Code, rec.Body)
			}
			req := request(http.MethodGet, "/v1/segments/"+seg.ID, nil)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkStatic20000 compares, in one run, a plain encoding/json decode of the body of
// a static segment of 20,000 customers (handler=decode, the floor of any server) with
// the sandbox's create of it (handler=sandbox): authentication, validation of the body
// against the contract, storage and answer. `benchstat -col /handler` shows the ratio
// (reported in BENCHMARKS.md, not a target).
func BenchmarkStatic20000(b *testing.B) {
	body := staticBody(20000)
	b.Run("handler=decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v struct {
				Name      string   `json:"name"`
				Type      string   `json:"type"`
				Customers []string `json:"customers"`
			}
			if err := json.NewDecoder(bytes.NewReader(body)).Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("handler=sandbox", func(b *testing.B) {
		s := newBenchServer(b, nil)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, request(http.MethodPost, "/v1/segments", body))
			if rec.Code != http.StatusOK {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
			s.store.clear()
		}
	})
}

// BenchmarkNew measures a new Server: the contract is loaded once per process, so this is
// what each server after the first costs (segmentstest starts one per test).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Config{AppID: testAppID, SecretKey: testSecret}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadContract measures loading the embedded contract, which the first server
// of a process does (`segments serve` on every start).
func BenchmarkLoadContract(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := spec.GetSpec(); err != nil {
			b.Fatal(err)
		}
	}
}
