package loadgen

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// conn is a worker's keep-alive HTTP/1.1 connection. It writes a request built once,
// byte for byte, and reads the answer with http.ReadResponse on the worker's goroutine:
// none of http.Client's connection pool and goroutine hand-offs, which cost as much CPU
// as a small server does per request. The generator shares the machine with the server
// under test, so the less it spends, the less it slows the server down.
type conn struct {
	addr     string
	method   *http.Request // for http.ReadResponse: the answer to a HEAD has no body
	request  []byte
	deadline time.Time // the end of the run: no read or write outlives it
	nc       net.Conn
	br       *bufio.Reader
	used     bool // the connection has carried a request already
}

// newConn prepares a connection for req; it dials on the first request.
func newConn(req Request, deadline time.Time) (*conn, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("loadgen: %w", err)
	}
	raw, err := requestBytes(req, u)
	if err != nil {
		return nil, err
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return &conn{addr: addr, method: &http.Request{Method: req.Method}, request: raw, deadline: deadline}, nil
}

// requestBytes returns req as HTTP/1.1 puts it on the wire.
func requestBytes(req Request, u *url.URL) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: segments-loadgen\r\n", req.Method, u.RequestURI(), u.Host)
	for k, vs := range req.Header {
		for _, v := range vs {
			if strings.ContainsAny(k+v, "\r\n") {
				return nil, fmt.Errorf("loadgen: header %q has a line break", k)
			}
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	if req.Body != nil {
		b.WriteString("Content-Length: " + strconv.Itoa(len(req.Body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(req.Body)
	return []byte(b.String()), nil
}

// do sends the request and reads the whole answer, returning its status and body size.
// A request that fails on a connection that has served others before (the server may
// have closed it) is tried once more on a new one, as http.Client does.
func (c *conn) do(ctx context.Context) (status int, n int64, err error) {
	status, n, err = c.try(ctx)
	if _, reused := errors.AsType[*reusedConnError](err); reused && ctx.Err() == nil {
		status, n, err = c.try(ctx)
	}
	return status, n, err
}

// reusedConnError is the failure of a request, before any answer, on a connection that
// had served others: worth one more try.
type reusedConnError struct{ err error }

func (e *reusedConnError) Error() string { return e.err.Error() }
func (e *reusedConnError) Unwrap() error { return e.err }

// try sends the request once, dialing first when there is no connection.
func (c *conn) try(ctx context.Context) (int, int64, error) {
	if c.nc == nil {
		d := net.Dialer{Deadline: c.deadline}
		nc, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return 0, 0, err
		}
		_ = nc.SetDeadline(c.deadline)
		c.nc, c.br, c.used = nc, bufio.NewReaderSize(nc, 32<<10), false
	}
	reused := c.used
	c.used = true
	if _, err := c.nc.Write(c.request); err != nil {
		return 0, 0, c.fail(err, reused)
	}
	resp, err := http.ReadResponse(c.br, c.method)
	if err != nil {
		return 0, 0, c.fail(err, reused)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		c.close()
		return resp.StatusCode, n, fmt.Errorf("reading the answer: %w", err)
	}
	if resp.Close {
		c.close() // the server ends the connection: the next request dials again
	}
	return resp.StatusCode, n, nil
}

// fail closes the connection after err and marks err as worth another try when the
// connection had carried requests before.
func (c *conn) fail(err error, reused bool) error {
	c.close()
	if reused {
		return &reusedConnError{err}
	}
	return err
}

// close closes the network connection, if any.
func (c *conn) close() {
	if c.nc != nil {
		_ = c.nc.Close()
		c.nc, c.br = nil, nil
	}
}
