package sandbox

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

// store holds the segments in memory. It is safe for concurrent use. Segments are
// stored as values and never modified after being added: readers inside the package
// may share their slices, and the exported accessors hand out clones. Each is kept with
// its wire form too, encoded once when it is added, so that a get only writes bytes.
type store struct {
	mu   sync.RWMutex
	seq  uint64
	byID map[string]*entry
	// customers is the number of customers of the stored static segments.
	customers int
	// maxSegments and maxCustomers bound what the store holds, so that the sandbox's
	// memory is bounded whatever its clients create.
	maxSegments, maxCustomers int
}

// storeFullError refuses a segment that would take the store over one of its limits.
type storeFullError struct {
	what  string // "segments" or "customers"
	limit int
	has   int // segments or customers stored
	adds  int // what the refused segment would add
}

func (e *storeFullError) Error() string {
	return fmt.Sprintf("the sandbox stores at most %d %s; it holds %d and this segment would add %d",
		e.limit, e.what, e.has, e.adds)
}

// entry is a stored segment, its position in the order of creation and its JSON, as
// the API returns it. The JSON is shared read-only.
type entry struct {
	seq  uint64
	seg  Segment
	wire []byte
}

func newStore(maxSegments, maxCustomers int) *store {
	return &store{byID: make(map[string]*entry), maxSegments: maxSegments, maxCustomers: maxCustomers}
}

// add stores seg under a new, unique ID and returns the segment as stored and its JSON.
// The error is a *storeFullError when the store is full, or that of encoding the
// segment (a filter that is not JSON); nothing is stored then.
func (st *store) add(seg Segment) (Segment, []byte, error) {
	for {
		seg.ID = newSegmentID()
		wire, err := seg.MarshalJSON()
		if err != nil {
			return Segment{}, nil, err
		}
		st.mu.Lock()
		if err := st.checkRoomLocked(len(seg.Customers)); err != nil {
			st.mu.Unlock()
			return Segment{}, nil, err
		}
		if _, taken := st.byID[seg.ID]; !taken {
			st.seq++
			st.byID[seg.ID] = &entry{seq: st.seq, seg: seg, wire: wire}
			st.customers += len(seg.Customers)
			st.mu.Unlock()
			return seg, wire, nil
		}
		st.mu.Unlock()
	}
}

// checkRoomLocked refuses one more segment of customers customers when the store
// would then hold more than its limits. st.mu must be held.
func (st *store) checkRoomLocked(customers int) error {
	if len(st.byID) >= st.maxSegments {
		return &storeFullError{what: "segments", limit: st.maxSegments, has: len(st.byID), adds: 1}
	}
	if st.customers+customers > st.maxCustomers {
		return &storeFullError{what: "customers", limit: st.maxCustomers, has: st.customers, adds: customers}
	}
	return nil
}

// get returns the segment with the ID id. The segment shares memory with the store and
// must not be modified.
func (st *store) get(id string) (Segment, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	e, ok := st.byID[id]
	if !ok {
		return Segment{}, false
	}
	return e.seg, true
}

// wire returns the JSON of the segment with the ID id, as the API returns it. It is
// shared with the store and must not be modified.
func (st *store) wire(id string) ([]byte, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	e, ok := st.byID[id]
	if !ok {
		return nil, false
	}
	return e.wire, true
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

// entries returns the stored entries, in no order. They are shared with the store
// (never modified once added) and must not be modified.
func (st *store) entries() []*entry {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]*entry, 0, len(st.byID))
	for _, e := range st.byID {
		out = append(out, e)
	}
	return out
}

// snapshot returns clones of all segments in the order they were created.
func (st *store) snapshot() []Segment {
	entries := st.entries()
	slices.SortFunc(entries, func(a, b *entry) int { return cmp.Compare(a.seq, b.seq) })
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
