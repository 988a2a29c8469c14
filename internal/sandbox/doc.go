// Package sandbox is a local, in-memory stand-in for Voucherify's customer Segments API.
//
// [Server] is an [net/http.Handler] that implements list, create, get and delete of
// segments the way the real API does: the same paths, status codes, JSON bodies and
// Voucherify-shaped error objects. Every request is validated against the project's
// contract, openapi.yaml (embedded in package internal/spec), with kin-openapi, so the
// sandbox cannot drift from the contract that the clients are generated from. The
// sandbox deliberately knows nothing of the Go client: the two meet only in the contract.
//
// Beyond the happy path the sandbox can limit the request rate ([Config.RateLimit],
// [Server.SetRateLimit]; every answer carries the X-Rate-Limit-* headers) and inject
// faults ([Server.InjectFaults], [Server.InjectProxyFaults], [Server.InjectDelay], and
// after acting, [Server.InjectActThenFail], [Server.InjectActThenDrop],
// [Server.InjectActThenDelay]) so that users can test their retries, backoff and
// recovery without a Voucherify account. It records the requests it receives
// ([Config.RequestLog], [Server.Requests]).
//
// Its memory is bounded: [Config.MaxSegments] and [Config.MaxCustomers] bound the store,
// [Config.MaxBodyBytes] a request; [Server.HTTPServer] serves it with timeouts, a cap on
// connections and Error objects in place of net/http's plain-text answers.
//
// The pipeline of a request is: injected delay, injected fault, routing (404 for an
// unknown path, 405 for a wrong method), authentication and parameters (401, 400),
// UTF-8 of the path and query (400), rate limit (429), content type and charset (415),
// body size (413), UTF-8 and JSON of the body (400), body schema (400), the operation
// (a full store: 400 sandbox_limit), and an act-then-fail fault. An answer given before
// the body is read closes the connection.
package sandbox
