package segments_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/contracttest"
	"github.com/voucherify-go/segments/internal/spec"
)

func TestNewClientNeedsCredentials(t *testing.T) {
	t.Setenv(segments.EnvAppID, "")
	t.Setenv(segments.EnvSecretKey, "")
	for _, opts := range [][]segments.Option{
		nil,
		{segments.WithCredentials("", "")},
		{segments.WithCredentials("app", "")},
		{segments.WithCredentials(" ", "secret")},
	} {
		if _, err := segments.NewClient(opts...); !errors.Is(err, segments.ErrNoCredentials) {
			t.Errorf("NewClient = %v, want ErrNoCredentials", err)
		}
	}
}

func TestNewClientReadsEnvironment(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "get-segment.response-200.json")))
	t.Setenv(segments.EnvAppID, "env_app")
	t.Setenv(segments.EnvSecretKey, "env_secret")
	t.Setenv(segments.EnvAPIURL, srv.URL)
	c, err := segments.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(context.Background(), "seg_1"); err != nil {
		t.Fatal(err)
	}
	h := srv.Requests()[0].Header
	if h.Get("X-App-Id") != "env_app" || h.Get("X-App-Token") != "env_secret" {
		t.Errorf("credentials sent = %q, %q", h.Get("X-App-Id"), h.Get("X-App-Token"))
	}

	// Options win over the environment.
	c = newTestClient(t, srv.URL)
	if _, err := c.Get(context.Background(), "seg_1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[1].Header.Get("X-App-Id"); got != testAppID {
		t.Errorf("X-App-Id = %q, want the option's", got)
	}
}

func TestDefaultBaseURLIsEurope(t *testing.T) {
	t.Setenv(segments.EnvAPIURL, "")
	c, err := segments.NewClient(segments.WithCredentials("a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != segments.BaseURLEurope || segments.BaseURLEurope != "https://api.voucherify.io" {
		t.Errorf("BaseURL = %q", c.BaseURL())
	}
	for _, u := range []string{segments.BaseURLUnitedStates, segments.BaseURLAsia} {
		c, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL(u+"/"))
		if err != nil || c.BaseURL() != u {
			t.Errorf("WithBaseURL(%q): %v, %v", u, c, err)
		}
	}
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	cases := map[string]segments.Option{
		"ftp URL":                        segments.WithBaseURL("ftp://api.voucherify.io"),
		"relative URL":                   segments.WithBaseURL("api.voucherify.io"),
		"URL without host":               segments.WithBaseURL("https://"),
		"URL with user info":             segments.WithBaseURL("https://user:pass@api.voucherify.io"),
		"URL with query":                 segments.WithBaseURL("https://api.voucherify.io?x=1"),
		"unparsable URL":                 segments.WithBaseURL("https://[::1"),
		"unparsable URL with a password": segments.WithBaseURL("https://user:pass@[::1"),
		"plain http elsewhere":           segments.WithBaseURL("http://api.voucherify.io"),
		"nil HTTP client":                segments.WithHTTPClient(nil),
		"nil logger":                     segments.WithLogger(nil),
		"zero timeout":                   segments.WithTimeout(0),
		"negative retries":               segments.WithMaxRetries(-1),
		"zero response limit":            segments.WithMaxResponseBytes(0),
		"backoff above its cap":          segments.WithRetryBackoff(2, 1),
		"zero backoff":                   segments.WithRetryBackoff(0, 1),
		"negative retry wait":            segments.WithMaxRetryWait(-1),
	}
	for name, opt := range cases {
		_, err := segments.NewClient(segments.WithCredentials(testAppID, testSecret), opt)
		if !errors.Is(err, segments.ErrInvalidOption) {
			t.Errorf("%s: err = %v, want ErrInvalidOption", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "pass") {
			t.Errorf("%s: error %q shows the URL's password", name, err)
		}
	}
}

func TestPlainHTTPOnlyOnLoopbackOrWhenAllowed(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:2"} {
		if _, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL(u)); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	if _, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL("http://sandbox.internal:8080"), segments.WithInsecureHTTP()); err != nil {
		t.Errorf("WithInsecureHTTP: %v", err)
	}
	// Names under .localhost go to the resolver, and through HTTP_PROXY when
	// one is set: plain http to them would carry the key in clear text.
	for _, u := range []string{"http://api.localhost:8080", "http://localhost.evil.example", "http://127.0.0.1.nip.io", "http://0x7f.1"} {
		if _, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL(u)); !errors.Is(err, segments.ErrInvalidOption) {
			t.Errorf("%s: err = %v, want ErrInvalidOption", u, err)
		}
	}
}

func TestBaseURLEndingInV1IsRefused(t *testing.T) {
	for _, u := range []string{"https://api.voucherify.io/v1", "https://api.voucherify.io/v1/", "https://proxy.example/voucherify/V1"} {
		_, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL(u))
		if !errors.Is(err, segments.ErrInvalidOption) || !strings.Contains(err.Error(), "drop the /v1") {
			t.Errorf("%s: err = %v, want ErrInvalidOption saying to drop /v1", u, err)
		}
	}
	if _, err := segments.NewClient(segments.WithCredentials("a", "b"), segments.WithBaseURL("https://proxy.example/v1x")); err != nil {
		t.Errorf("a path that merely starts with v1: %v", err)
	}
}

func TestEveryRequestCarriesTheSDKHeaders(t *testing.T) {
	srv := contracttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		default:
			answer(http.StatusOK, fixture(t, "create-static-segment.response-200.json"))(w, r)
		}
	}))
	c := newTestClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.Create(ctx, segments.CreateParams{Name: "n", Type: segments.TypeStatic, Customers: []string{"c"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, "seg_1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, "seg_1"); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		h := r.Header
		if h.Get("X-App-Id") != testAppID || h.Get("X-App-Token") != testSecret {
			t.Errorf("%s: credentials missing", r.Method)
		}
		ua := h.Get("User-Agent")
		if !strings.HasPrefix(ua, "voucherify-segments-go/"+segments.Version+" ") || !strings.Contains(ua, runtime.Version()) {
			t.Errorf("%s: User-Agent = %q", r.Method, ua)
		}
		if got, want := h.Get("X-Voucherify-Channel"), "Go-"+runtime.Version()+"-SDK-v"+segments.Version; got != want {
			t.Errorf("%s: X-Voucherify-Channel = %q, want %q", r.Method, got, want)
		}
	}
}

func TestVersionIsTheContractVersion(t *testing.T) {
	doc, err := spec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Info.Version != segments.Version {
		t.Errorf("openapi.yaml info.version = %q, segments.Version = %q", doc.Info.Version, segments.Version)
	}
}

func TestSecretNeverPrintedOrLogged(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := contracttest.NewServer(t, answer(http.StatusNotFound, fixture(t, "get-segment.error-404-not-found.json")))
	c := newTestClient(t, srv.URL, segments.WithLogger(logger), segments.WithMaxRetries(1))
	_, getErr := c.Get(context.Background(), "seg_1")
	opt := segments.WithCredentials(testAppID, testSecret)
	dumps := []string{
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c),
		fmt.Sprintf("%v %+v %#v", opt, opt, opt),
		fmt.Sprintf("%v %+v %#v", *c, *c, *c),
		fmt.Sprintf("%v %+v %#v", getErr, getErr, getErr),
		logs.String(),
	}
	for _, d := range dumps {
		if strings.Contains(d, testSecret) {
			t.Errorf("secret key printed in %q", d)
		}
	}
	if !strings.Contains(dumps[0], testAppID) || !strings.Contains(dumps[0], "[redacted]") {
		t.Errorf("client dump %q should name the app ID and redact the key", dumps[0])
	}
	if !strings.Contains(logs.String(), "get-segment") {
		t.Errorf("debug log lacks the request: %q", logs.String())
	}
}

func TestCallersHTTPClientIsNotModified(t *testing.T) {
	srv := contracttest.NewServer(t, answer(http.StatusOK, fixture(t, "get-segment.response-200.json")))
	hc := &http.Client{}
	c := newTestClient(t, srv.URL, segments.WithHTTPClient(hc))
	if _, err := c.Get(context.Background(), "seg_1"); err != nil {
		t.Fatal(err)
	}
	if hc.Transport != nil || hc.CheckRedirect != nil || hc.Timeout != 0 || hc.Jar != nil {
		t.Errorf("caller's client was modified: %+v", hc)
	}
}
