package transport

import (
	"net"
	"net/url"
	"strings"
)

// Origin is a scheme, host and port: the only place credentials may be sent.
type Origin struct {
	Scheme   string // lower case
	Hostname string // lower case, without brackets
	Port     string // made explicit: 443 for https, 80 for http
}

// OriginOf returns the origin of u, with the default port of its scheme filled in.
func OriginOf(u *url.URL) Origin {
	scheme := strings.ToLower(u.Scheme)
	return Origin{Scheme: scheme, Hostname: strings.ToLower(u.Hostname()), Port: portOf(scheme, u.Port())}
}

func portOf(scheme, port string) string {
	if port != "" {
		return port
	}
	switch scheme {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// matches reports whether u has this origin. It runs on every request, so it
// compares in place rather than building u's Origin.
func (o Origin) matches(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, o.Scheme) &&
		strings.EqualFold(u.Hostname(), o.Hostname) &&
		portOf(o.Scheme, u.Port()) == o.Port
}

// String returns the origin as scheme://host:port.
func (o Origin) String() string {
	return o.Scheme + "://" + net.JoinHostPort(o.Hostname, o.Port)
}

// IsLoopback reports whether the host is exactly localhost or a literal
// loopback address, where plain http cannot expose credentials to the network.
// Other names, *.localhost included, go to the resolver and may go through a
// proxy, so they are not trusted to stay on the machine.
func IsLoopback(u *url.URL) bool {
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
