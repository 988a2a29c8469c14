// Package transport holds the HTTP plumbing of the segments client: credential
// injection limited to one origin (the keys, or OAuth bearer tokens fetched
// with them), the checks of custom headers, the redirect guard, retries with
// backoff, and bounded response reads. It knows nothing of segments.
package transport
