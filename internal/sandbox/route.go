package sandbox

import (
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// route finds the operation of r. The error is the answer: 404 for a path that the
// contract does not declare, 405 for a method that the path does not support.
//
// The path is matched here first, because the legacy router reports a wrong method
// only on paths without parameters, and lets a parameter match an empty segment.
func (c *contract) route(r *http.Request) (*routers.Route, map[string]string, *apiError) {
	item := c.pathItem(r.URL.Path)
	if item == nil {
		return nil, nil, errPathNotFound(r.Method, r.URL.Path)
	}
	if item.GetOperation(r.Method) == nil {
		return nil, nil, errMethodNotAllowed(r.Method, allowedMethods(item))
	}
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		return nil, nil, errPathNotFound(r.Method, r.URL.Path)
	}
	return route, params, nil
}

// pathItem returns the path of the contract that path matches, a parameter matching
// one non-empty segment; nil if none does. When several match, the one with the fewest
// parameters wins, as literal segments are more specific.
func (c *contract) pathItem(path string) *openapi3.PathItem {
	segs := strings.Split(path, "/")
	var best *openapi3.PathItem
	bestParams := len(segs) + 1
	for template, item := range c.doc.Paths.Map() {
		if n, ok := matchTemplate(template, segs); ok && n < bestParams {
			best, bestParams = item, n
		}
	}
	return best
}

// matchTemplate reports whether the path split into segs matches the path template,
// and how many parameters the template has.
func matchTemplate(template string, segs []string) (params int, ok bool) {
	tsegs := strings.Split(template, "/")
	if len(tsegs) != len(segs) {
		return 0, false
	}
	for i, ts := range tsegs {
		isParam := strings.HasPrefix(ts, "{") && strings.HasSuffix(ts, "}")
		switch {
		case isParam && segs[i] == "":
			return 0, false
		case isParam:
			params++
		case ts != segs[i]:
			return 0, false
		}
	}
	return params, true
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
