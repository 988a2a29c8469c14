// Package transport holds the HTTP plumbing of the segments client: credential
// injection limited to one origin, the redirect guard, retries with backoff,
// and bounded response reads. It knows nothing of segments.
package transport
