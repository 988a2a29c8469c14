// Package sandbox is a local, in-memory stand-in for Voucherify's customer Segments API.
//
// [Server] is an [net/http.Handler] that implements create, get and delete of segments
// the way the real API does: the same paths, status codes, JSON bodies and
// Voucherify-shaped error objects. Every request is validated against the project's
// contract, openapi.yaml (embedded in package internal/spec), with kin-openapi, so the
// sandbox cannot drift from the contract that the clients are generated from. The
// sandbox deliberately knows nothing of the Go client: the two meet only in the contract.
//
// Beyond the happy path the sandbox can limit the request rate ([Config.RateLimit],
// [Server.SetRateLimit]) and inject faults ([Server.InjectFaults],
// [Server.InjectProxyFaults], [Server.InjectDelay]) so that users can test their retries
// and backoff without a Voucherify account.
//
// The pipeline of a request is: injected delay, injected fault, routing (404 for an
// unknown path, 405 for a wrong method), authentication (401), rate limit (429),
// content type (415), body size (413), body schema (400), and then the operation.
package sandbox
