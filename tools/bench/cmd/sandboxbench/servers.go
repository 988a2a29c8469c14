package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stopTimeout is how long a server has to exit after SIGTERM before it is killed.
const stopTimeout = 5 * time.Second

// pollInterval is the pause between two readiness probes of a server starting: short
// enough to time a start to the millisecond, long enough to leave the CPU to the start.
const pollInterval = time.Millisecond

// A kind is one of the compared servers and how to start it.
type kind struct {
	name string
	// oneProcess is whether the server is the process that command starts, with no
	// others: then that process's CPU time is the server's.
	oneProcess bool
	// command returns the command that serves on 127.0.0.1:port.
	command func(ctx context.Context, port int) *exec.Cmd
}

// server is a server process under test.
type server struct {
	name    string
	baseURL string
	// ready is the time from starting the process to its first answered request.
	ready      time.Duration
	cmd        *exec.Cmd
	done       chan struct{} // closed when the process has exited
	oneProcess bool
}

// cpu returns the CPU time the server has used so far; ok false when it is not known.
func (s *server) cpu() (time.Duration, bool) {
	if !s.oneProcess || s.cmd.Process == nil {
		return 0, false
	}
	return processCPU(s.cmd.Process.Pid)
}

// sandboxStoreBound is the --max-segments and --max-customers of a measured sandbox:
// far above what a run stores (a few hundred creates of 20,000 customers), so that it
// stores every create, as the bare server does, instead of answering 400 at its default
// bounds.
const sandboxStoreBound = "1000000000"

// sandboxKind runs `segments serve` with the credentials; its request log is discarded.
func sandboxKind(bin string, creds credentials) kind {
	return kind{name: "sandbox", oneProcess: true, command: func(ctx context.Context, port int) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:"+strconv.Itoa(port), //nolint:gosec // the binary make bench-sandbox built
			"--max-segments", sandboxStoreBound, "--max-customers", sandboxStoreBound)
		cmd.Env = append(os.Environ(), creds.env()...)
		return cmd
	}}
}

// bareKind runs the bare net/http server (cmd/bareserver) with the credentials.
func bareKind(bin string, creds credentials) kind {
	return kind{name: "bare", oneProcess: true, command: func(ctx context.Context, port int) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "--addr", "127.0.0.1:"+strconv.Itoa(port)) //nolint:gosec // the binary make bench-sandbox built
		cmd.Env = append(os.Environ(), creds.env()...)
		return cmd
	}}
}

// prismKind runs `prism mock` on spec. Prism starts offline.
func prismKind(bin, spec string) kind {
	return kind{name: "prism", command: func(ctx context.Context, port int) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), spec) //nolint:gosec // the pinned Prism of tools/prism
		// No analytics or update checks: the network is closed, and they would cost time.
		cmd.Env = append(os.Environ(), "SCARF_ANALYTICS=false", "NO_UPDATE_NOTIFIER=1", "DO_NOT_TRACK=1")
		return cmd
	}}
}

// start starts a server of kind k on a free loopback port and returns it once it has
// answered a first request, with the time that took. Its output is discarded.
func start(ctx context.Context, k kind, timeout time.Duration) (*server, error) {
	port, err := freePort(ctx)
	if err != nil {
		return nil, err
	}
	cmd := k.command(ctx, port)
	ownGroup(cmd)
	s := &server{name: k.name, baseURL: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, done: make(chan struct{}), oneProcess: k.oneProcess}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", k.name, err)
	}
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	if err := s.awaitFirstAnswer(ctx, timeout); err != nil {
		s.stop()
		return nil, err
	}
	s.ready = time.Since(began)
	return s, nil
}

// awaitFirstAnswer probes the server until it answers any HTTP request, on a new
// connection each time.
func (s *server) awaitFirstAnswer(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := strings.TrimPrefix(s.baseURL, "http://")
	var last error
	for {
		if last = probe(ctx, addr); last == nil {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("%s exited before answering: %w", s.name, last)
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer within %s: %w", s.name, timeout, last)
		case <-time.After(pollInterval):
		}
	}
}

// probe sends one GET of a segment that does not exist to addr and reads the status
// line of the answer.
func probe(ctx context.Context, addr string) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if _, err := io.WriteString(conn, "GET /v1/segments/ready HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// stop ends the server's process group: SIGTERM, then SIGKILL after stopTimeout.
func (s *server) stop() {
	signalGroup(s.cmd, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(stopTimeout):
		signalGroup(s.cmd, syscall.SIGKILL)
		<-s.done
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(ctx context.Context) (int, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = ln.Close() }()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("not a TCP listener")
	}
	return addr.Port, nil
}
