package sandbox

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// listSegments answers list: the page of the segments that match the query, in its
// order, and how many match in all.
func (s *Server) listSegments(w http.ResponseWriter, r *http.Request, requestID string) {
	lq, qerr := parseListQuery(r.URL.Query())
	if qerr != nil {
		writeError(w, errInvalidPayload(qerr.details()), requestID)
		return
	}
	now := s.clock()
	entries := s.store.entries()
	// Sort keys without pointers: sorting the entries themselves would move every
	// segment and its slices.
	type rankedEntry struct {
		at  int64
		seq uint64
		i   int
	}
	matching := make([]rankedEntry, 0, len(entries))
	for i, e := range entries {
		if lq.matches(e.seg, now) {
			matching = append(matching, rankedEntry{at: e.seg.CreatedAt.UnixNano(), seq: e.seq, i: i})
		}
	}
	slices.SortFunc(matching, func(a, b rankedEntry) int {
		// Ties (one millisecond, many segments) in the order of creation, so that
		// pages by created_at are stable.
		c := cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq))
		if lq.oldestFirst {
			return c
		}
		return -c
	})
	page := matching[:min(lq.limit, len(matching))]

	var body bytes.Buffer
	body.WriteString(`{"object":"list","data_ref":"data","data":[`)
	for i, r := range page {
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(entries[r.i].wire)
	}
	body.WriteString(`],"total":`)
	body.WriteString(strconv.Itoa(len(matching)))
	body.WriteByte('}')
	writeJSON(w, http.StatusOK, body.Bytes())
}

// matches reports whether seg meets the query's ids and filters at now.
func (lq *listQuery) matches(seg Segment, now time.Time) bool {
	if lq.ids != nil && !slices.Contains(lq.ids, seg.ID) {
		return false
	}
	if len(lq.conditions) == 0 {
		return true
	}
	// Conditions on one field always hold together; junction combines the fields.
	// parseListQuery keeps the conditions of a field next to each other.
	for i := 0; i < len(lq.conditions); {
		field, ok := lq.conditions[i].field, true
		for ; i < len(lq.conditions) && lq.conditions[i].field == field; i++ {
			ok = ok && lq.conditions[i].holds(seg, now)
		}
		if lq.or && ok {
			return true
		}
		if !lq.or && !ok {
			return false
		}
	}
	return !lq.or
}

// holds reports whether the condition holds for seg at now.
func (c condition) holds(seg Segment, now time.Time) bool {
	if c.field == "created_at" {
		return c.holdsAt(seg.CreatedAt, now)
	}
	v := seg.ID
	switch c.field {
	case "name":
		v = seg.Name
	case "type":
		v = seg.Type
	}
	arg := ""
	if len(c.args) > 0 {
		arg = c.args[0]
	}
	switch c.op {
	case "$in":
		return slices.Contains(c.args, v)
	case "$not_in":
		return !slices.Contains(c.args, v)
	case "$is":
		return v == arg
	case "$is_not":
		return v != arg
	case "$has_value":
		return v != ""
	case "$is_unknown":
		return v == ""
	case "$starts_with":
		return strings.HasPrefix(v, arg)
	case "$ends_with":
		return strings.HasSuffix(v, arg)
	case "$contains":
		return strings.Contains(v, arg)
	case "$not_contain":
		return !strings.Contains(v, arg)
	}
	return false
}

// holdsAt reports whether the condition on created_at holds for t at now. The values
// were checked by parseListQuery.
func (c condition) holdsAt(t, now time.Time) bool {
	arg := c.args[0]
	switch c.op {
	case "$after":
		at, _ := time.Parse(time.RFC3339Nano, arg)
		return t.After(at)
	case "$before":
		at, _ := time.Parse(time.RFC3339Nano, arg)
		return t.Before(at)
	case "$has_value":
		return true
	case "$is_unknown":
		return false
	case "$more_than":
		days, _ := strconv.Atoi(arg)
		return t.Before(now.AddDate(0, 0, -days))
	case "$less_than":
		days, _ := strconv.Atoi(arg)
		return t.After(now.AddDate(0, 0, -days))
	}
	return false
}
