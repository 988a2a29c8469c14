package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stopTimeout is how long a server has to exit after SIGTERM before it is killed.
const stopTimeout = 5 * time.Second

// server is a server process under test.
type server struct {
	name    string
	baseURL string
	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has exited
}

// start starts cmd in its own process group, with no input and its output discarded
// unless the caller set it.
func start(name string, cmd *exec.Cmd) (*server, error) {
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	s := &server{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	return s, nil
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

// startSandbox runs `segments serve` on a free loopback port with the credentials and
// returns it once it has printed its address. Its request log (stderr) is discarded.
func startSandbox(ctx context.Context, bin string, creds credentials, timeout time.Duration) (*server, error) {
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "VOUCHERIFY_APP_ID="+creds.appID, "VOUCHERIFY_SECRET_KEY="+creds.secretKey)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s, err := start("sandbox", cmd)
	if err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				addr <- strings.TrimSpace(u)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case s.baseURL = <-addr:
		return s, nil
	case <-s.done:
		return nil, errors.New("the sandbox exited before listening")
	case <-time.After(timeout):
		s.stop()
		return nil, fmt.Errorf("the sandbox did not listen within %s", timeout)
	}
}

// startPrism runs `prism mock` on spec, on a free loopback port. Its log is discarded.
func startPrism(ctx context.Context, bin, spec string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), spec) //nolint:gosec // the pinned Prism of tools/prism
	// No analytics or update checks: the network is closed, and they would cost time.
	cmd.Env = append(os.Environ(), "SCARF_ANALYTICS=false", "NO_UPDATE_NOTIFIER=1", "DO_NOT_TRACK=1")
	s, err := start("prism", cmd)
	if err != nil {
		return nil, err
	}
	s.baseURL = "http://127.0.0.1:" + strconv.Itoa(port)
	return s, nil
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
