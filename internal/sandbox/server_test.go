package sandbox

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestNewRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no credentials", Config{}},
		{"no secret key", Config{AppID: "a"}},
		{"no app id", Config{SecretKey: "s"}},
		{"negative rate limit", Config{AppID: "a", SecretKey: "s", RateLimit: -1}},
		{"negative body limit", Config{AppID: "a", SecretKey: "s", MaxBodyBytes: -1}},
	}
	for _, tt := range tests {
		if s, err := New(tt.cfg); err == nil || s != nil {
			t.Errorf("%s: New = %v, %v; want an error", tt.name, s, err)
		}
	}
}

// TestRequestLog checks one log record per request, with what an operator needs and
// without the secret key.
func TestRequestLog(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	ts := newTestServer(t, Config{Logger: logger})
	ts.create([]byte(`{"name":"n","type":"static"}`))
	bad := request(http.MethodGet, "/v1/segments/seg_x", nil)
	bad.Header.Set("X-App-Token", "a-wrong-secret")
	ts.do(bad)

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log records, want 2:\n%s", len(lines), buf.String())
	}
	type record struct {
		Level     string `json:"level"`
		Msg       string `json:"msg"`
		RequestID string `json:"request_id"`
		Method    string `json:"method"`
		Path      string `json:"path"`
		Status    int    `json:"status"`
		Bytes     int64  `json:"bytes"`
		Duration  *int64 `json:"duration"`
	}
	var created, refused record
	if err := json.Unmarshal([]byte(lines[0]), &created); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &refused); err != nil {
		t.Fatal(err)
	}
	if created.Level != "INFO" || created.Msg != "request" || created.Method != "POST" || created.Status != 200 ||
		created.Bytes == 0 || created.Duration == nil || *created.Duration < 0 {
		t.Errorf("log record of the create %+v", created)
	}
	if refused.Method != "GET" || refused.Path != "/v1/segments/seg_x" || refused.Status != 401 || !requestIDPattern.MatchString(refused.RequestID) {
		t.Errorf("log record %+v", refused)
	}
	for _, secret := range []string{testSecret, "a-wrong-secret"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log holds a secret key: %s", buf.String())
		}
	}
}

// TestRequestLogHonoursTheLoggersLevel checks that a logger above Info gets no record
// of a request.
func TestRequestLogHonoursTheLoggersLevel(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ts := newTestServer(t, Config{Logger: logger})
	ts.create([]byte(`{"name":"n","type":"static"}`))
	if buf.Len() != 0 {
		t.Errorf("a Warn logger got: %s", buf.String())
	}
}

func TestIDs(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		for _, id := range []string{newSegmentID(), newRequestID()} {
			if seen[id] {
				t.Fatalf("%s generated twice", id)
			}
			seen[id] = true
		}
	}
	for id := range seen {
		if !segmentIDPattern.MatchString(id) && !requestIDPattern.MatchString(id) {
			t.Errorf("malformed ID %q", id)
		}
	}
	a, s := NewCredentials()
	a2, s2 := NewCredentials()
	if !uuid.MatchString(a) || !uuid.MatchString(s) || a == s || a == a2 || s == s2 {
		t.Errorf("NewCredentials = %q, %q then %q, %q", a, s, a2, s2)
	}
}
