package transport

import (
	"net/url"
	"testing"
)

func TestOriginMatches(t *testing.T) {
	o := OriginOf(mustURL(t, "https://API.voucherify.io"))
	for raw, want := range map[string]bool{
		"https://api.voucherify.io/v1/segments":     true,
		"https://api.voucherify.io:443/v1/segments": true,
		"HTTPS://Api.Voucherify.IO/x":               true,
		"http://api.voucherify.io/v1/segments":      false,
		"https://api.voucherify.io:8443/":           false,
		"https://evil.example/api.voucherify.io":    false,
		"https://api.voucherify.io.evil.example/":   false,
		"https://us1.api.voucherify.io/":            false,
	} {
		if got := o.matches(mustURL(t, raw)); got != want {
			t.Errorf("Matches(%s) = %v, want %v", raw, got, want)
		}
	}
	if s := o.String(); s != "https://api.voucherify.io:443" {
		t.Errorf("String() = %q", s)
	}
	v6 := OriginOf(mustURL(t, "http://[::1]:8080"))
	if !v6.matches(mustURL(t, "http://[::1]:8080/v1")) || v6.matches(mustURL(t, "http://[::1]:8081/v1")) {
		t.Error("IPv6 origin")
	}
}

func TestIsLoopback(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://localhost:1": true, "http://127.0.0.1": true, "http://127.9.9.9:5": true,
		"http://[::1]:80": true, "http://LOCALHOST:8080": true,
		"http://api.localhost": false, "http://api.localhost:8080": false, "http://localhost.": false,
		"http://10.0.0.1": false, "http://localhost.evil.example": false, "http://example.com": false,
	} {
		if got := IsLoopback(mustURL(t, raw)); got != want {
			t.Errorf("IsLoopback(%s) = %v, want %v", raw, got, want)
		}
	}
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
