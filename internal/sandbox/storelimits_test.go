package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestStoreLimits: a create past MaxSegments or MaxCustomers is a Voucherify-shaped
// 400 that says the limit is the sandbox's, and stores nothing; a delete makes room.
func TestStoreLimits(t *testing.T) {
	ts := newTestServer(t, Config{MaxSegments: 3, MaxCustomers: 5})
	static := func(n int) []byte {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf(`"c%d"`, i)
		}
		return []byte(`{"name":"n","type":"static","customers":[` + strings.Join(ids, ",") + `]}`)
	}
	refused := func(body []byte, what string) {
		t.Helper()
		before := ts.Len()
		rec := ts.do(request(http.MethodPost, "/v1/segments", body))
		e := decodeError(t, rec.Body.Bytes())
		if rec.Code != http.StatusBadRequest || e.Key != "sandbox_limit" || !strings.Contains(e.Message, "sandbox") ||
			!strings.Contains(e.Details, what) {
			t.Errorf("%d %s, want 400 sandbox_limit about %s", rec.Code, rec.Body, what)
		}
		if ts.Len() != before {
			t.Errorf("a refused create stored a segment")
		}
	}

	first := ts.create(static(3))
	refused(static(3), "at most 5 customers") // 3 + 3 > 5
	ts.create(static(2))                      // exactly 5
	refused(static(1), "at most 5 customers")
	ts.create([]byte(`{"name":"n","type":"passive","filter":{"junction":"and"}}`)) // no customers: fits
	refused([]byte(`{"name":"n","type":"passive","filter":{"junction":"and"}}`), "at most 3 segments")

	if rec := ts.do(request(http.MethodDelete, "/v1/segments/"+first["id"].(string), nil)); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", rec.Code)
	}
	ts.create(static(3)) // the delete freed a segment and 3 customers
	ts.Reset()
	ts.create(static(5))
}

func TestStoreLimitDefaults(t *testing.T) {
	ts := newTestServer(t, Config{})
	if ts.store.maxSegments != DefaultMaxSegments || ts.store.maxCustomers != DefaultMaxCustomers {
		t.Errorf("limits %d, %d", ts.store.maxSegments, ts.store.maxCustomers)
	}
	if _, err := New(Config{AppID: "a", SecretKey: "s", MaxSegments: -1}); err == nil {
		t.Error("a negative MaxSegments was accepted")
	}
}
