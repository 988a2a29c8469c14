package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/voucherify-go/segments/internal/spec"
)

// loadSpec loads the embedded contract. It decodes the generated package's JSON with
// encoding/json and then resolves the references with kin-openapi's loader, which is
// what spec.GetSpec does, minus its YAML parser: kin-openapi reads any document, JSON
// included, as YAML, and that was three quarters of a sandbox's start-up
// (TestLoadSpecAgreesWithGetSpec checks that both give the same document).
func loadSpec() (*openapi3.T, error) {
	data, err := spec.GetSpecJSON()
	if err != nil {
		return nil, err
	}
	doc := &openapi3.T{}
	if err := json.Unmarshal(data, doc); err != nil {
		return nil, err
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	return doc, nil
}

// lazyContract is the contract of a Server, loaded in the background from New on, so
// that a server can listen before it is loaded; requests wait for it. It has the
// methods of contract, which the handler calls.
type lazyContract struct {
	done   chan struct{} // closed once loaded
	loaded *contract
	err    error
}

// loadContract starts loading the contract with the keys of newContract.
func loadContract(keys map[string]string) *lazyContract {
	l := &lazyContract{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.loaded, l.err = newContract(keys)
	}()
	return l
}

// get waits for the contract.
func (l *lazyContract) get() (*contract, error) {
	<-l.done
	return l.loaded, l.err
}

// route is contract.route, once the contract is loaded; a contract that cannot be
// loaded (a broken build) answers 500.
func (l *lazyContract) route(r *http.Request) (*routers.Route, map[string]string, *apiError) {
	c, err := l.get()
	if err != nil {
		return nil, nil, errServer(http.StatusInternalServerError, fmt.Sprintf("The sandbox could not load its contract: %v", err))
	}
	return c.route(r)
}

// pathItem is contract.pathItem; nil without a contract.
func (l *lazyContract) pathItem(path string) *openapi3.PathItem {
	c, err := l.get()
	if err != nil {
		return nil
	}
	return c.pathItem(path)
}

// checkRequest is contract.checkRequest; only called on a route that was found.
func (l *lazyContract) checkRequest(r *http.Request, route *routers.Route, params map[string]string) *apiError {
	c, _ := l.get()
	return c.checkRequest(r, route, params)
}

// checkBody is contract.checkBody; only called on a route that was found.
func (l *lazyContract) checkBody(r *http.Request, route *routers.Route, body []byte) (any, *apiError) {
	c, _ := l.get()
	return c.checkBody(r, route, body)
}
