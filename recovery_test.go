package segments_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
)

// actThenFail is a server that stores every create, then fails its answer as
// fail says; list-segment answers from what it stored.
type actThenFail struct {
	list  *fakeList
	fail  func(w http.ResponseWriter, r *http.Request)
	posts atomic.Int32
}

func (s *actThenFail) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.list.ServeHTTP(w, r)
		return
	}
	n := s.posts.Add(1)
	var p struct {
		Name string        `json:"name"`
		Type segments.Type `json:"type"`
	}
	if err := decodeJSON(r, &p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.list.mu.Lock()
	s.list.segments = append(s.list.segments, segments.Segment{ID: fmt.Sprintf("seg_new%d", n), Name: p.Name, Type: p.Type, CreatedAt: time.Now().UTC().Truncate(time.Millisecond), Object: "segment"})
	s.list.mu.Unlock()
	s.fail(w, r)
}

// TestCreateWhoseOutcomeIsUnknownNamesCandidatesAndPicksNone: after a failure
// that leaves open whether the create was stored, the segments of its name and
// type made since the call began are candidates, and none is returned as the
// caller's: one may be another writer's.
func TestCreateWhoseOutcomeIsUnknownNamesCandidatesAndPicksNone(t *testing.T) {
	// Abort the answer: net/http closes the connection without a word.
	hangUp := func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }
	status503 := answer(http.StatusServiceUnavailable, []byte(`{"code":503,"message":"Service Unavailable"}`))
	status524 := answer(524, []byte(`<html>A timeout occurred</html>`), "Content-Type", "text/html")
	slow := func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	faults := map[string]struct {
		fail    func(http.ResponseWriter, *http.Request)
		cause   func(error) bool
		timeout time.Duration // of each attempt: short where the server stalls
	}{
		"connection dropped": {hangUp, func(err error) bool { return err != nil }, 10 * time.Second},
		"503":                {status503, func(err error) bool { return isStatus(err, 503) }, 10 * time.Second},
		"524 from a proxy":   {status524, func(err error) bool { return isStatus(err, 524) }, 10 * time.Second},
		"timeout": {slow, func(err error) bool {
			var ne net.Error
			return errors.As(err, &ne) && ne.Timeout()
		}, 50 * time.Millisecond},
	}
	p := segments.CreateParams{Name: "VIP", Type: segments.TypeStatic, Customers: []string{"cust_1"}}
	for name, fault := range faults {
		t.Run(name, func(t *testing.T) {
			opts := []segments.Option{segments.WithTimeout(fault.timeout), segments.WithMaxRetries(2), segments.WithRetryBackoff(time.Millisecond, time.Millisecond)}

			// One segment stored: it is the only candidate, and still not
			// returned as made.
			srv := &actThenFail{list: &fakeList{}, fail: fault.fail}
			c := newTestClient(t, contracttest.NewServer(t, srv, contracttest.AllowInvalidResponses()).URL, opts...)
			seg, err := c.Create(context.Background(), p)
			var ue *segments.CreateUncertainError
			if seg != nil || !errors.As(err, &ue) || len(ue.Candidates) != 1 || ue.Candidates[0].ID != "seg_new1" || !fault.cause(err) || srv.posts.Load() != 1 {
				t.Fatalf("Create = %+v, %v after %d POSTs; want ErrCreateUncertain naming seg_new1, with the cause, after 1", seg, err, srv.posts.Load())
			}
			if want := `segments: create-segment: outcome unknown: `; !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), `1 static segments named "VIP" were found since the call started: seg_new1`) {
				t.Errorf("message %q, want it to start %q and name the candidate", err, want)
			}

			// Another segment of the same name made meanwhile: both are candidates.
			srv = &actThenFail{list: &fakeList{segments: []segments.Segment{{ID: "seg_other", Name: "VIP", Type: segments.TypeStatic, CreatedAt: time.Now().UTC(), Object: "segment"}}}, fail: fault.fail}
			c = newTestClient(t, contracttest.NewServer(t, srv, contracttest.AllowInvalidResponses()).URL, opts...)
			_, err = c.Create(context.Background(), p)
			if !errors.Is(err, segments.ErrCreateUncertain) || !errors.As(err, &ue) || len(ue.Candidates) != 2 || !fault.cause(err) {
				t.Fatalf("err = %v, want ErrCreateUncertain with 2 candidates and the cause", err)
			}
			if ids := []string{ue.Candidates[0].ID, ue.Candidates[1].ID}; ids[0] == ids[1] {
				t.Errorf("candidates %v", ids)
			}

			// Lookup off: the failure as it was, and no list request.
			srv = &actThenFail{list: &fakeList{}, fail: fault.fail}
			c = newTestClient(t, contracttest.NewServer(t, srv, contracttest.AllowInvalidResponses()).URL, append(opts, segments.WithoutCreateRecovery())...)
			_, err = c.Create(context.Background(), p)
			if err == nil || errors.Is(err, segments.ErrCreateUncertain) || !fault.cause(err) || len(srv.list.queries) != 0 {
				t.Errorf("without recovery: err = %v, %d lookups; want the original failure and none", err, len(srv.list.queries))
			}
		})
	}
}

// TestCreateThatStoredNothingIsNotAnsweredWithAnotherSegment is the first case
// of issue 19: a segment of the same name made a moment before, then a create
// that fails before storing anything. The earlier segment is a candidate at
// most, never the result.
func TestCreateThatStoredNothingIsNotAnsweredWithAnotherSegment(t *testing.T) {
	list := &fakeList{}
	var fail atomic.Bool
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			list.ServeHTTP(w, r)
			return
		}
		if fail.Load() {
			answer(http.StatusInternalServerError, []byte(`{"code":500,"message":"Internal server error"}`))(w, r)
			return
		}
		list.mu.Lock()
		list.segments = append(list.segments, segments.Segment{ID: "seg_first", Name: "Daily VIP", Type: segments.TypeStatic, CreatedAt: time.Now().UTC().Truncate(time.Millisecond), Object: "segment"})
		list.mu.Unlock()
		answer(http.StatusOK, []byte(`{"id":"seg_first","name":"Daily VIP","created_at":"2026-01-01T00:00:00.000Z","type":"static","filter":null,"object":"segment"}`))(w, r)
	}), contracttest.AllowInvalidResponses())
	c := newTestClient(t, srv.URL)
	if _, err := c.Create(context.Background(), segments.CreateParams{Name: "Daily VIP", Type: segments.TypeStatic, Customers: []string{"c1"}}); err != nil {
		t.Fatal(err)
	}
	fail.Store(true)
	seg, err := c.Create(context.Background(), segments.CreateParams{Name: "Daily VIP", Type: segments.TypeStatic, Customers: []string{"c2", "c3"}})
	var ue *segments.CreateUncertainError
	if seg != nil || !errors.As(err, &ue) || !isStatus(err, 500) {
		t.Fatalf("Create = %+v, %v; want no segment and ErrCreateUncertain holding the 500", seg, err)
	}
	if len(ue.Candidates) != 1 || ue.Candidates[0].ID != "seg_first" {
		t.Errorf("candidates %+v, want the earlier segment, offered and not taken", ue.Candidates)
	}
}

func isStatus(err error, code int) bool {
	var e *segments.APIError
	return errors.As(err, &e) && e.StatusCode == code
}

func TestCreateLookupThatFindsNothingOrFailsIsUncertain(t *testing.T) {
	fail503 := answer(http.StatusServiceUnavailable, []byte(`{"code":503,"message":"down"}`))
	// The server failed before storing anything.
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			fail503(w, r)
			return
		}
		(&fakeList{}).ServeHTTP(w, r)
	}))
	_, err := newTestClient(t, srv.URL).Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeAutoUpdate, Filter: segments.Filter{"junction": "and", "metadata.x": map[string]any{"conditions": map[string]any{"$is": "y"}}}})
	var ue *segments.CreateUncertainError
	if !errors.As(err, &ue) || len(ue.Candidates) != 0 || ue.LookupErr != nil || !isStatus(err, 503) {
		t.Errorf("err = %v, want ErrCreateUncertain with no candidates and the 503", err)
	}

	// The lookup fails too.
	srv = contracttest.NewServer(t, fail503)
	_, err = newTestClient(t, srv.URL).Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic})
	if !errors.As(err, &ue) || ue.LookupErr == nil || !isStatus(ue.LookupErr, 503) {
		t.Errorf("err = %v, want ErrCreateUncertain carrying the lookup's failure", err)
	}

	// A 4xx says the server refused: nothing to look up.
	var lookups atomic.Int32
	srv = contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			lookups.Add(1)
		}
		answer(http.StatusBadRequest, fixture(t, "error-400-invalid-payload.from-create-category.json"))(w, r)
	}))
	_, err = newTestClient(t, srv.URL).Create(context.Background(), segments.CreateParams{Name: "n", Type: segments.TypeStatic})
	if !isStatus(err, 400) || errors.Is(err, segments.ErrCreateUncertain) || lookups.Load() != 0 {
		t.Errorf("err = %v after %d lookups, want the 400 and none", err, lookups.Load())
	}
}

func TestCreatedButUndecodableAnswerSaysItWasCreated(t *testing.T) {
	// A filter number Go cannot hold: the server stored the segment, and says so.
	body := []byte(`{"id":"seg_big","name":"n","created_at":"2026-01-01T00:00:00.000Z","updated_at":null,"type":"auto-update","filter":{"junction":"and","metadata.n":{"conditions":{"$more_than":[1e999]}}},"object":"segment"}`)
	var posts atomic.Int32
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		answer(http.StatusOK, body)(w, r)
	}))
	_, err := newTestClient(t, srv.URL, segments.WithMaxRetries(3)).Create(context.Background(), segments.CreateParams{
		Name: "n", Type: segments.TypeAutoUpdate,
		Filter: segments.Filter{"junction": "and", "metadata.n": map[string]any{"conditions": map[string]any{"$more_than": []any{json1e999}}}},
	})
	var ue *segments.UnexpectedResponseError
	if !errors.As(err, &ue) || !ue.Created || ue.SegmentID != "seg_big" || posts.Load() != 1 {
		t.Fatalf("err = %v after %d POSTs, want an *UnexpectedResponseError saying seg_big was created", err, posts.Load())
	}
	if !errors.Is(err, segments.ErrUnexpectedResponse) || !contains(err.Error(), "seg_big was created") {
		t.Errorf("message %q does not say the segment was created", err)
	}
}
