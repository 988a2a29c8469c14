package sandbox

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// net/http answers a request it cannot parse (a malformed request line or URL, a
// doubled or negative Content-Length, headers over MaxHeaderBytes, an unknown
// Transfer-Encoding) by itself, before any handler runs, with one write of a canned
// text/plain answer straight to the connection:
//
//	HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request
//
// net/http offers no hook for these, so the sandbox's connections recognise that write
// and send the Error object in its place. No handler answer can look like it: net/http
// writes a handler's headers sorted (Connection before Content-Type) and with a Date.
const (
	cannedStatusPrefix = "HTTP/1.1 "
	cannedHeaders      = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
)

// cannedErrorListener wraps the connections of ln in cannedErrorConn.
type cannedErrorListener struct {
	net.Listener
	s *Server
}

// Accept returns the next connection, wrapped.
func (l *cannedErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &cannedErrorConn{Conn: c, s: l.s}, nil
}

// cannedErrorConn replaces net/http's canned plain-text answers by the Error object.
type cannedErrorConn struct {
	net.Conn
	s *Server
}

// Write passes b on, unless it is one of net/http's canned answers, which it replaces.
// It reports len(b) written then, as net/http ignores the count and the error.
func (c *cannedErrorConn) Write(b []byte) (int, error) {
	status, text, ok := parseCannedAnswer(b)
	if !ok {
		return c.Conn.Write(b)
	}
	if _, err := c.Conn.Write(c.s.cannedAnswer(status, text)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// CloseWrite half-closes the connection when the underlying one can, as net/http does
// before closing a connection after an error.
func (c *cannedErrorConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// parseCannedAnswer returns the status and text of b when b is a whole canned answer
// of net/http.
func parseCannedAnswer(b []byte) (status int, text string, ok bool) {
	// Every answer passes here: one that is not a 4xx or 5xx is let through
	// before its headers are searched.
	if !bytes.HasPrefix(b, []byte(cannedStatusPrefix)) || len(b) <= len(cannedStatusPrefix) ||
		(b[len(cannedStatusPrefix)] != '4' && b[len(cannedStatusPrefix)] != '5') {
		return 0, "", false
	}
	statusLine, body, found := bytes.Cut(b[len(cannedStatusPrefix):], []byte(cannedHeaders))
	if !found || len(statusLine) < 3 || bytes.ContainsAny(statusLine, "\r\n") {
		return 0, "", false
	}
	status, err := strconv.Atoi(string(statusLine[:3]))
	if err != nil || status < 400 || status > 599 {
		return 0, "", false
	}
	return status, string(body), true
}

// cannedAnswer returns the whole HTTP answer that replaces net/http's canned answer of
// status with text: the Error object, with the rate-limit headers of every answer.
func (s *Server) cannedAnswer(status int, text string) []byte {
	requestID := newRequestID()
	e := errServer(status, text)
	if status < 500 {
		e = errBadRequest(status, text)
	}
	e.RequestID = requestID
	body := mustMarshal(e)
	h := http.Header{}
	s.limiter.peek(s.clock()).setHeaders(h)
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	var out bytes.Buffer
	out.WriteString(cannedStatusPrefix + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	_ = h.Write(&out) // a bytes.Buffer does not fail
	out.WriteString("\r\n")
	out.Write(body)
	s.logger.LogAttrs(context.Background(), slog.LevelInfo, "request refused before routing",
		slog.String("request_id", requestID),
		slog.Int("status", status),
		slog.String("reason", strings.TrimSpace(text)),
	)
	return out.Bytes()
}
