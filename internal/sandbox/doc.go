// Package sandbox is a local, in-memory stand-in for Voucherify's customer Segments API.
//
// [Server] is an [net/http.Handler] that implements list, create, get and delete of
// segments, a customer's segments and OAuth tokens the way the real API does: the same
// paths, status codes, JSON bodies and Voucherify-shaped error objects. Its server is generated from the project's contract,
// openapi.yaml, by oapi-codegen (package apiserver: routes, parameter binding, a typed
// request and response per operation, models), and every request is validated against the
// same contract (embedded in package internal/spec) by kin-openapi's openapi3filter, so a
// change to the contract that the sandbox does not handle fails to compile. The sandbox
// knows nothing of the Go client: the two meet only in the contract.
//
// A request carries the keys of [Config], or an OAuth token that POST /v1/oauth/token
// issued for them: a token of a scope the contract declares (api, segments, customers),
// which lives [Config.TokenLifetime] and is refused (401) once expired, revoked
// ([Server.RevokeTokens]) or on an operation its scope does not cover. A customer's
// segments are the static segments that list the customer, newest first: the sandbox
// holds no customer data, so auto-update and passive segments, which select customers by
// it, are never among them.
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
// [Config.MaxBodyBytes] a request. [Server.Serve], the one start-up of `segments serve`,
// its demo and segmentstest, serves it with timeouts and a cap on connections. Requests
// that net/http refuses before any handler runs (a malformed request line, headers over
// the limit) get net/http's plain-text answers.
//
// The pipeline of a request (ServeHTTP):
//
//  1. an injected delay, then an injected fault;
//  2. routing by the generated routes: 404 for a path that the contract does not declare,
//     405 and Allow for a method it does not declare on the path;
//  3. the binding of the path and query parameters by the generated code (arrays of the
//     filters query sent as repeated keys or [] are first rewritten with indexes:
//     filterarrays.go);
//  4. openapi3filter: security (401), then parameters (400); then UTF-8 of the path and
//     query (400);
//  5. the rate limit (429);
//  6. for create and the token request, the body: content type and charset (415), size
//     (413), UTF-8 (400), JSON (400 in the framework shape), then openapi3filter against
//     the body's schema (400; for the token request, a grant type it refuses is 400
//     invalid_grant_type);
//  7. the operation's handler (operations.go), which answers with the generated response
//     types (a full store: 400 sandbox_limit), and an act-then-fail fault.
//
// An answer given before the body is read closes the connection.
package sandbox
