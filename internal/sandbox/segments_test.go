package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

var segmentIDPattern = regexp.MustCompile(`^seg_[A-Za-z0-9]{24}$`)

func compactJSON(t testing.TB, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("compacting %q: %v", b, err)
	}
	return buf.String()
}

// TestCreateGetDelete runs the official example bodies through the whole life of a
// segment: create 200, get 200 with the same segment, delete 204, then 404 on get and
// on a second delete.
func TestCreateGetDelete(t *testing.T) {
	tests := []struct {
		name       string
		body       []byte
		wantType   string
		wantFilter string // compact JSON; "null" for static
	}{
		{"static", fixture(t, "create-static-segment.request.json"), "static", "null"},
		{"auto-update", fixture(t, "create-auto-update-segment.request.json"), "auto-update",
			`{"junction":"and","created_at":{"conditions":{"$after":["2021-12-01T00:00:00.000Z"]}}}`},
		{"auto-update birthday", fixture(t, "create-auto-update-segment-birthday-next-month.request.json"), "auto-update",
			`{"junction":"and","birthdate":{"conditions":{"$next_month":[true]}},"address.country":{"conditions":{"$is":"Poland"}},"metadata.club_level":{"conditions":{"$in":["Gold","Silver"]}}}`},
		{"passive", []byte(`{"name":"Gold","type":"passive","filter":{"junction":"or","metadata.club_level":{"conditions":{"$in":["Gold"]}}}}`),
			"passive", `{"junction":"or","metadata.club_level":{"conditions":{"$in":["Gold"]}}}`},
		{"static without customers", []byte(`{"name":"Empty","type":"static"}`), "static", "null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, Config{})
			rec := ts.do(request(http.MethodPost, "/v1/segments", tt.body))
			if rec.Code != http.StatusOK {
				t.Fatalf("create: %d %s", rec.Code, rec.Body)
			}
			created := rec.Body.Bytes()
			var got struct {
				ID        string          `json:"id"`
				Name      string          `json:"name"`
				CreatedAt string          `json:"created_at"`
				UpdatedAt *string         `json:"updated_at"`
				Type      string          `json:"type"`
				Filter    json.RawMessage `json:"filter"`
				Object    string          `json:"object"`
			}
			if err := json.Unmarshal(created, &got); err != nil {
				t.Fatal(err)
			}
			if !segmentIDPattern.MatchString(got.ID) {
				t.Errorf("id %q is not seg_ and 24 letters and digits", got.ID)
			}
			if want := "2022-09-13T08:57:15.801Z"; got.CreatedAt != want {
				t.Errorf("created_at = %q, want %q", got.CreatedAt, want)
			}
			if m := decodeObject(t, created); m["updated_at"] != nil || !hasKey(m, "updated_at") {
				t.Errorf("updated_at = %v, want an explicit null", m["updated_at"])
			}
			if got.Type != tt.wantType || got.Object != "segment" {
				t.Errorf("type, object = %q, %q", got.Type, got.Object)
			}
			if f := compactJSON(t, got.Filter); f != tt.wantFilter {
				t.Errorf("filter = %s, want %s", f, tt.wantFilter)
			}
			var req map[string]any
			_ = json.Unmarshal(tt.body, &req)
			if got.Name != req["name"] {
				t.Errorf("name = %q, want %q", got.Name, req["name"])
			}

			path := "/v1/segments/" + got.ID
			rec = ts.do(request(http.MethodGet, path, nil))
			if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), created) {
				t.Errorf("get: %d %s, want 200 %s", rec.Code, rec.Body, created)
			}

			rec = ts.do(request(http.MethodDelete, path, nil))
			if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
				t.Errorf("delete: %d %q, want 204 and no body", rec.Code, rec.Body)
			}
			if ts.Len() != 0 {
				t.Errorf("Len after delete = %d", ts.Len())
			}
			for _, method := range []string{http.MethodGet, http.MethodDelete} {
				rec = ts.do(request(method, path, nil))
				if rec.Code != http.StatusNotFound {
					t.Fatalf("%s after delete: %d %s", method, rec.Code, rec.Body)
				}
				e := decodeError(t, rec.Body.Bytes())
				want := apiserver.VoucherifyError{Code: 404, Key: "not_found", Message: "Resource not found",
					Details: "Cannot find segment with id " + got.ID, RequestID: e.RequestID,
					ResourceID: got.ID, ResourceType: "segment"}
				if e != want {
					t.Errorf("%s after delete: %+v, want %+v", method, e, want)
				}
			}
		})
	}
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// TestFilterStoredAsSent checks that the filter comes back with its key order and
// number formatting intact.
func TestFilterStoredAsSent(t *testing.T) {
	filter := `{"metadata.score":{"conditions":{"$more_than":[1.50, 1e3, 12345678901234567890123]}},` +
		`"junction":"and","loyalty_points.campaigns.Tiers 2.points":{"conditions":{"$more_than_equal":[41]}},` +
		`"events.payment_placed.count":{"conditions":{"$is":-0.0}}}`
	ts := newTestServer(t, Config{})
	created := ts.create([]byte(`{"name":"n","type":"auto-update","filter":` + filter + `}`))
	rec := ts.do(request(http.MethodGet, "/v1/segments/"+created["id"].(string), nil))
	var got struct {
		Filter json.RawMessage `json:"filter"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if want := compactJSON(t, []byte(filter)); string(got.Filter) != want {
		t.Errorf("filter = %s\nwant     %s", got.Filter, want)
	}
	seg, ok := ts.Segment(created["id"].(string))
	if !ok || string(seg.Filter) != compactJSON(t, []byte(filter)) || seg.Customers != nil {
		t.Errorf("Segment() = %+v, %v", seg, ok)
	}
}

// TestStaticCap checks the 20,000 cap of static segments at its boundary.
func TestStaticCap(t *testing.T) {
	ts := newTestServer(t, Config{})
	created := ts.create(staticBody(20000))
	seg, ok := ts.Segment(created["id"].(string))
	if !ok || len(seg.Customers) != 20000 || seg.Customers[19999] != "cust_000000000000000000019999" {
		t.Fatalf("stored segment has %d customers", len(seg.Customers))
	}

	rec := ts.do(request(http.MethodPost, "/v1/segments", staticBody(20001)))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("20,001 customers: %d %s", rec.Code, rec.Body)
	}
	e := decodeError(t, rec.Body.Bytes())
	if e.Key != "invalid_payload" || !bytes.Contains([]byte(e.Details), []byte("20000")) {
		t.Errorf("20,001 customers: %+v", e)
	}
	if ts.Len() != 1 {
		t.Errorf("Len = %d after the refused create, want 1", ts.Len())
	}
}

// TestSnapshots checks that Segments lists in creation order and that the accessors
// hand out copies.
func TestSnapshots(t *testing.T) {
	ts := newTestServer(t, Config{})
	var ids []string
	for i := range 5 {
		ts.clock.Advance(time.Millisecond)
		created := ts.create([]byte(`{"name":"s` + string(rune('0'+i)) + `","type":"static","customers":["a","b"]}`))
		ids = append(ids, created["id"].(string))
	}
	segs := ts.Segments()
	var got []string
	for _, s := range segs {
		got = append(got, s.ID)
	}
	if !slices.Equal(got, ids) {
		t.Fatalf("Segments() IDs = %v, want %v", got, ids)
	}
	if !segs[1].CreatedAt.After(segs[0].CreatedAt.Time) || segs[0].CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, %v", segs[0].CreatedAt, segs[1].CreatedAt)
	}
	segs[0].Customers[0] = "changed"
	one, _ := ts.Segment(ids[0])
	one.Customers[1] = "changed"
	if again, _ := ts.Segment(ids[0]); !slices.Equal(again.Customers, []string{"a", "b"}) {
		t.Errorf("a snapshot shares memory with the store: %v", again.Customers)
	}
	if _, ok := ts.Segment("seg_missing"); ok {
		t.Error("Segment(unknown) reported a segment")
	}
	ts.Reset()
	if ts.Len() != 0 || len(ts.Segments()) != 0 {
		t.Errorf("after Reset: Len = %d", ts.Len())
	}
}
