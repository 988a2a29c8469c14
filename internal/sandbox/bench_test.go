package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCreateStatic20000 posts a static segment of 20,000 customers through the
// whole handler: authentication, validation against the contract, storage and answer.
// Compare with BenchmarkDecodeStatic20000, the floor of any server.
func BenchmarkCreateStatic20000(b *testing.B) {
	s, err := New(Config{AppID: testAppID, SecretKey: testSecret})
	if err != nil {
		b.Fatal(err)
	}
	body := staticBody(20000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		req := request(http.MethodPost, "/v1/segments", body)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		s.store.clear()
	}
}

// BenchmarkDecodeStatic20000 is a plain decode of the same body into a struct.
func BenchmarkDecodeStatic20000(b *testing.B) {
	body := staticBody(20000)
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
}

// BenchmarkNew measures loading the contract, which every New does once.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Config{AppID: testAppID, SecretKey: testSecret}); err != nil {
			b.Fatal(err)
		}
	}
}
