package sandbox

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	mathrand "math/rand/v2"
)

// alphanumerics are the characters of generated segment IDs and credentials.
const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// segmentIDLen is the number of random characters after the "seg_" prefix.
const segmentIDLen = 24

// randomAlphanumeric returns n characters drawn uniformly from [alphanumerics] with
// crypto/rand, rejecting the bytes that would bias the draw.
func randomAlphanumeric(n int) string {
	out := make([]byte, 0, n)
	// 62*4 = 248: bytes at or above it are rejected so that every character is equally likely.
	const limit = 256 - 256%len(alphanumerics)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		rand.Read(buf) // never returns an error (crypto/rand, Go 1.24+)
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, alphanumerics[int(b)%len(alphanumerics)])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}

// newSegmentID returns an ID shaped like the real API's: "seg_" and 24 letters and digits.
func newSegmentID() string {
	return "seg_" + randomAlphanumeric(segmentIDLen)
}

// newRequestID returns a request ID shaped like the real API's: "v-" and 18 hex digits.
// A request ID is no secret, so it comes from math/rand/v2, which needs no system
// call: it runs on every request.
func newRequestID() string {
	var raw [9]byte
	binary.LittleEndian.PutUint64(raw[:8], mathrand.Uint64()) //nolint:gosec // G404: a request ID is no secret
	raw[8] = byte(mathrand.Uint32())                          //nolint:gosec // G404: as above
	id := [20]byte{'v', '-'}
	hex.Encode(id[2:], raw[:])
	return string(id[:])
}

// NewCredentials returns a random application ID and secret key for a sandbox, for use
// when the user configured none. Both are random version 4 UUIDs, the shape of the real
// API's keys.
func NewCredentials() (appID, secretKey string) {
	return newUUID(), newUUID()
}

// newUUID returns a random (version 4) UUID in its canonical text form.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
