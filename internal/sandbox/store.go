package sandbox

import (
	"cmp"
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
	byID map[string]entry
}

// entry is a stored segment, its position in the order of creation and its JSON, as
// the API returns it. The JSON is shared read-only.
type entry struct {
	seq  uint64
	seg  Segment
	wire []byte
}

func newStore() *store {
	return &store{byID: make(map[string]entry)}
}

// add stores seg under a new, unique ID and returns the segment as stored and its JSON.
// The error is that of encoding it (a filter that is not JSON); nothing is stored then.
func (st *store) add(seg Segment) (Segment, []byte, error) {
	for {
		seg.ID = newSegmentID()
		wire, err := seg.MarshalJSON()
		if err != nil {
			return Segment{}, nil, err
		}
		st.mu.Lock()
		if _, taken := st.byID[seg.ID]; !taken {
			st.seq++
			st.byID[seg.ID] = entry{seq: st.seq, seg: seg, wire: wire}
			st.mu.Unlock()
			return seg, wire, nil
		}
		st.mu.Unlock()
	}
}

// get returns the segment with the ID id. The segment shares memory with the store and
// must not be modified.
func (st *store) get(id string) (Segment, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	e, ok := st.byID[id]
	return e.seg, ok
}

// wire returns the JSON of the segment with the ID id, as the API returns it. It is
// shared with the store and must not be modified.
func (st *store) wire(id string) ([]byte, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	e, ok := st.byID[id]
	return e.wire, ok
}

// remove deletes the segment with the ID id and reports whether there was one.
func (st *store) remove(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.byID[id]; !ok {
		return false
	}
	delete(st.byID, id)
	return true
}

// snapshot returns clones of all segments in the order they were created.
func (st *store) snapshot() []Segment {
	st.mu.RLock()
	entries := make([]entry, 0, len(st.byID))
	for _, e := range st.byID {
		entries = append(entries, e)
	}
	st.mu.RUnlock()
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
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
}
