// Command bareserver is the floor that `make bench-sandbox` measures the sandbox against:
// what a team would write by hand with net/http and encoding/json to serve the two
// measured operations, with no contract behind it. It checks the credentials and the
// 20,000-customer limit (so that it refuses what the other servers refuse), keeps the
// segments in a map behind a mutex, and answers the segment object the API answers.
//
// Usage:
//
//	VOUCHERIFY_APP_ID=... VOUCHERIFY_SECRET_KEY=... bareserver --addr 127.0.0.1:PORT
//
// Like `segments serve` it prints "listening on http://ADDR" once it accepts connections.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxCustomers is the API's limit on a static segment.
const maxCustomers = 20000

// segment is a stored segment and, without its customers, the API's answer.
type segment struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	CreatedAt string   `json:"created_at"`
	UpdatedAt *string  `json:"updated_at"`
	Type      string   `json:"type"`
	Filter    any      `json:"filter"`
	Object    string   `json:"object"`
	Customers []string `json:"-"`
}

// server holds the segments.
type server struct {
	appID, secretKey string
	mu               sync.Mutex
	byID             map[string]*segment
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-App-Id") != s.appID || r.Header.Get("X-App-Token") != s.secretKey {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "key": "unauthorized"})
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/segments":
		s.create(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/segments/"):
		s.mu.Lock()
		seg, ok := s.byID[strings.TrimPrefix(r.URL.Path, "/v1/segments/")]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"code": 404, "key": "not_found"})
			return
		}
		writeJSON(w, http.StatusOK, seg)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"code": 404, "key": "not_found"})
	}
}

func (s *server) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name      string   `json:"name"`
		Type      string   `json:"type"`
		Customers []string `json:"customers"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<20)).Decode(&in); err != nil ||
		in.Name == "" || in.Type != "static" || len(in.Customers) > maxCustomers {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 400, "key": "invalid_payload"})
		return
	}
	seg := &segment{ID: "seg_" + rand.Text()[:24], Name: in.Name, Type: in.Type, Object: "segment",
		CreatedAt: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), Customers: in.Customers}
	s.mu.Lock()
	s.byID[seg.ID] = seg
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, seg)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "`host:port` to listen on")
	flag.Parse()
	s := &server{appID: os.Getenv("VOUCHERIFY_APP_ID"), secretKey: os.Getenv("VOUCHERIFY_SECRET_KEY"), byID: map[string]*segment{}}
	if s.appID == "" || s.secretKey == "" {
		fmt.Fprintln(os.Stderr, "bareserver: set VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bareserver:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	go func() { <-ctx.Done(); _ = srv.Close() }()
	_ = srv.Serve(ln)
}
