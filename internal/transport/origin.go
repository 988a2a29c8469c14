package transport

import (
	"net"
	"net/url"
	"strings"
)

// Origin is a scheme, host and port: the only place credentials may be sent.
type Origin struct {
	Scheme string
	Host   string // lower case, with the port made explicit
}

// OriginOf returns the origin of u, with the default port of its scheme filled in.
func OriginOf(u *url.URL) Origin {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return Origin{Scheme: scheme, Host: net.JoinHostPort(host, port)}
}

// Matches reports whether u has this origin.
func (o Origin) Matches(u *url.URL) bool {
	return OriginOf(u) == o
}

// String returns the origin as scheme://host:port.
func (o Origin) String() string {
	return o.Scheme + "://" + o.Host
}

// IsLoopback reports whether the host is localhost or a loopback address, where
// plain http cannot expose credentials to the network.
func IsLoopback(u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
