package sandbox

import (
	"net/http"
	"strconv"
	"strings"
)

// indexFilterArrays rewrites the arrays of the filters query parameter that clients send as
// repeated keys (filters[id][conditions][$in]=a&filters[id][conditions][$in]=b, as many
// query-string libraries do) or with empty brackets ([$in][]=a), into the indexed form
// ([$in][0]=a): kin-openapi refuses repeated keys and oapi-codegen's runtime cannot bind
// empty brackets (TestRuntimeBindsOnlyIndexedArrays). This is the one part of the binding
// that the sandbox does by hand.
func indexFilterArrays(r *http.Request) {
	if !strings.Contains(r.URL.RawQuery, "filters") {
		return
	}
	q := r.URL.Query()
	changed := false
	for key, values := range q {
		base, empty := strings.CutSuffix(key, "[]")
		if !strings.HasPrefix(key, "filters") || (!empty && len(values) < 2) {
			continue
		}
		delete(q, key)
		for i, v := range values {
			q.Add(base+"["+strconv.Itoa(i)+"]", v)
		}
		changed = true
	}
	if changed {
		r.URL.RawQuery = q.Encode()
	}
}
