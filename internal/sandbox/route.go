package sandbox

import (
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// routeTable finds the operation of a request: the contract's path templates, split
// into segments once at load, each with the routes of its methods. It replaces
// kin-openapi's legacy router, which costs a trie walk, a map and its own path
// lookup on every request (a sixth of the sandbox's work on a GET), reports a
// wrong method only on paths without parameters, and lets a parameter match an
// empty segment. TestRouteTableAgreesWithKinRouter holds it to that router on the
// paths both accept.
type routeTable struct {
	paths []pathRoutes
}

// pathRoutes are the routes of one path template.
type pathRoutes struct {
	segs []string // the template split on "/"; a parameter is "{name}"
	// params are the indexes in segs of the parameters.
	params []int
	item   *openapi3.PathItem
	// byMethod are the routes of the methods that item declares, as kin-openapi's
	// router builds them.
	byMethod map[string]*routers.Route
	// allow is the Allow header of a 405 on the path.
	allow string
}

// newRouteTable builds the routes of every operation of doc, which must have no servers:
// the sandbox answers on any host.
func newRouteTable(doc *openapi3.T) *routeTable {
	t := &routeTable{}
	for template, item := range doc.Paths.Map() {
		p := pathRoutes{segs: strings.Split(template, "/"), item: item, byMethod: make(map[string]*routers.Route),
			allow: allowHeader(allowedMethods(item))}
		for i, seg := range p.segs {
			if isTemplateParam(seg) {
				p.params = append(p.params, i)
			}
		}
		for method, op := range item.Operations() {
			p.byMethod[method] = &routers.Route{Spec: doc, Path: template, PathItem: item, Method: method, Operation: op}
		}
		t.paths = append(t.paths, p)
	}
	return t
}

// route finds the operation of r and its path parameters. The error is the answer:
// 404 for a path that the contract does not declare, 405 for a method that the path
// does not support.
func (t *routeTable) route(r *http.Request) (*routers.Route, pathParams, *apiError) {
	p := t.match(r.URL.Path)
	if p == nil {
		return nil, nil, errPathNotFound(r.Method, r.URL.Path)
	}
	route := p.byMethod[r.Method]
	if route == nil {
		return nil, nil, errMethodNotAllowed(r.Method, allowedMethods(p.item))
	}
	var params pathParams
	if len(p.params) > 0 {
		params = make(pathParams, len(p.params))
		for j, i := range p.params {
			params[j] = pathParam{name: strings.Trim(p.segs[i], "{}"), value: nthSegment(r.URL.Path, i)}
		}
	}
	return route, params, nil
}

// pathParams are the path parameters of a request, in the order of its template. A
// slice rather than the map that openapi3filter takes (asMap): a map of one entry
// allocates ten times the bytes, on every request to a segment, and the garbage
// collector's work is what the sandbox paid most for over a bare server.
type pathParams []pathParam

type pathParam struct{ name, value string }

// get returns the value of the parameter called name; empty if there is none.
func (ps pathParams) get(name string) string {
	for _, p := range ps {
		if p.name == name {
			return p.value
		}
	}
	return ""
}

// asMap returns the parameters as openapi3filter takes them.
func (ps pathParams) asMap() map[string]string {
	m := make(map[string]string, len(ps))
	for _, p := range ps {
		m[p.name] = p.value
	}
	return m
}

// match returns the path template that path matches, a parameter matching one
// non-empty segment; nil if none does. When several match, the one with the fewest
// parameters wins, as literal segments are more specific.
func (t *routeTable) match(path string) *pathRoutes {
	var best *pathRoutes
	for i := range t.paths {
		p := &t.paths[i]
		if (best == nil || len(p.params) < len(best.params)) && p.matches(path) {
			best = p
		}
	}
	return best
}

// matches reports whether path matches p's template, without splitting path.
func (p *pathRoutes) matches(path string) bool {
	rest := path
	for i, ts := range p.segs {
		seg, tail, more := strings.Cut(rest, "/")
		if more != (i < len(p.segs)-1) {
			return false // path has more segments than the template, or fewer
		}
		if isTemplateParam(ts) {
			if seg == "" {
				return false
			}
		} else if seg != ts {
			return false
		}
		rest = tail
	}
	return true
}

// allowHeaderOf returns the Allow header of a 405 answer to path; empty when the
// contract does not declare path.
func (t *routeTable) allowHeaderOf(path string) string {
	if p := t.match(path); p != nil {
		return p.allow
	}
	return ""
}

// isTemplateParam reports whether seg, a segment of a path template, is a parameter.
func isTemplateParam(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// nthSegment returns the segment of path at index i, counting from the empty one
// before the leading slash.
func nthSegment(path string, i int) string {
	for range i {
		_, path, _ = strings.Cut(path, "/")
	}
	seg, _, _ := strings.Cut(path, "/")
	return seg
}

// allowedMethods returns the methods that item declares, in a fixed order.
func allowedMethods(item *openapi3.PathItem) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodHead, http.MethodOptions, http.MethodTrace} {
		if item.GetOperation(m) != nil {
			allowed = append(allowed, m)
		}
	}
	return allowed
}
