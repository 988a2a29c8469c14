package sandbox

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"slices"
	"sync"

	"github.com/voucherify-go/segments/internal/sandbox/apiserver"
)

// Segment is a segment stored in the sandbox: the segment as the API returns it (the
// contract's model, generated), and the customers of a static segment, which the API never
// returns but tests may want to look at.
type Segment struct {
	apiserver.Segment
	// Customers are the customer IDs of a static segment, in the order sent; nil for other
	// types.
	Customers []string
}

// clone returns a copy of s that shares no memory with it.
func (s Segment) clone() Segment {
	s.Customers = slices.Clone(s.Customers)
	s.Filter = bytes.Clone(s.Filter)
	return s
}

// store holds the segments in memory. It is safe for concurrent use. Segments are stored as
// values and never modified after being added: readers inside the package may share their
// slices, and the exported accessors hand out clones.
type store struct {
	mu   sync.RWMutex
	seq  uint64
	byID map[string]*entry
	// customers is the number of customers of the stored static segments.
	customers int
	// maxSegments and maxCustomers bound what the store holds, so that the sandbox's memory
	// is bounded whatever its clients create.
	maxSegments, maxCustomers int
}

// entry is a stored segment and its position in the order of creation.
type entry struct {
	seq uint64
	seg Segment
}

func newStore(maxSegments, maxCustomers int) *store {
	return &store{byID: make(map[string]*entry), maxSegments: maxSegments, maxCustomers: maxCustomers}
}

// newSegmentID returns an ID shaped like the real API's: "seg_" and 24 letters and digits.
func newSegmentID() string {
	return "seg_" + rand.Text()[:24]
}

// add stores seg under a new, unique ID and returns it as stored. When the store is full
// it stores nothing and returns the answer that says so.
func (st *store) add(seg Segment) (Segment, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.byID) >= st.maxSegments {
		return Segment{}, errSandboxLimit("segments", st.maxSegments, len(st.byID), 1)
	}
	if st.customers+len(seg.Customers) > st.maxCustomers {
		return Segment{}, errSandboxLimit("customers", st.maxCustomers, st.customers, len(seg.Customers))
	}
	for seg.ID == "" || st.byID[seg.ID] != nil {
		seg.ID = newSegmentID()
	}
	st.seq++
	st.byID[seg.ID] = &entry{seq: st.seq, seg: seg}
	st.customers += len(seg.Customers)
	return seg, nil
}

// get returns the segment with the ID id. It shares memory with the store and must not be
// modified.
func (st *store) get(id string) (Segment, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	e, ok := st.byID[id]
	if !ok {
		return Segment{}, false
	}
	return e.seg, true
}

// remove deletes the segment with the ID id and reports whether there was one.
func (st *store) remove(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	e, ok := st.byID[id]
	if !ok {
		return false
	}
	delete(st.byID, id)
	st.customers -= len(e.seg.Customers)
	return true
}

// entries returns the stored entries in the order they were created. They are shared with
// the store (never modified once added) and must not be modified.
func (st *store) entries() []*entry {
	st.mu.RLock()
	out := make([]*entry, 0, len(st.byID))
	for _, e := range st.byID {
		out = append(out, e)
	}
	st.mu.RUnlock()
	slices.SortFunc(out, func(a, b *entry) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// listing returns the static segments that list customer, newest first. They are
// shared with the store and must not be modified.
func (st *store) listing(customer string) []Segment {
	var out []Segment
	entries := st.entries()
	for _, e := range slices.Backward(entries) {
		if slices.Contains(e.seg.Customers, customer) {
			out = append(out, e.seg)
		}
	}
	return out
}

// snapshot returns clones of all segments in the order they were created.
func (st *store) snapshot() []Segment {
	entries := st.entries()
	out := make([]Segment, len(entries))
	for i, e := range entries {
		out[i] = e.seg.clone()
	}
	return out
}

// len returns the number of stored segments.
func (st *store) len() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return len(st.byID)
}

// clear deletes every segment.
func (st *store) clear() {
	st.mu.Lock()
	defer st.mu.Unlock()
	clear(st.byID)
	st.customers = 0
}
