package segments

import "runtime"

// Version is the version of this SDK and of its openapi.yaml contract
// (info.version); it is reported in the User-Agent of every request.
const Version = "1.1.0"

// userAgent names this SDK, its version and the Go version, like
// "voucherify-segments-go/0.1.0 (go1.26.8; linux/amd64)".
func userAgent() string {
	return "voucherify-segments-go/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
}

// channel is the X-Voucherify-Channel value, shaped as the official SDKs send it
// (Node.js-v20.1.0-SDK-v2.9.0).
func channel() string {
	return "Go-" + runtime.Version() + "-SDK-v" + Version
}
