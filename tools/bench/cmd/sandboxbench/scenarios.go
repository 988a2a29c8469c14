package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// prismSegmentID is the segment the GET scenario asks Prism for: Prism answers the
// contract's example whatever the ID.
const prismSegmentID = "seg_Mv5w1b2FIEbiCCO5ioT8TfI2"

// The measured scenarios.
const (
	scenarioGet  = "GET"
	scenarioPost = "POST-20000"
)

// credentials are the X-App-Id and X-App-Token of every request.
type credentials struct{ appID, secretKey string }

// newCredentials returns a random pair for one run.
func newCredentials() credentials {
	return credentials{appID: "bench-" + rand.Text(), secretKey: rand.Text()}
}

func (c credentials) header() http.Header {
	return http.Header{"X-App-Id": {c.appID}, "X-App-Token": {c.secretKey}}
}

// env is the environment that gives a server the credentials.
func (c credentials) env() []string {
	return []string{"VOUCHERIFY_APP_ID=" + c.appID, "VOUCHERIFY_SECRET_KEY=" + c.secretKey}
}

// staticBody returns the create body of a static segment of n customers.
func staticBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"name":"Load","type":"static","customers":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"cust_%024d"`, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// scenario is one measured request against one server: vegeta's target.
type scenario struct {
	name   string
	target vegeta.Target
}

// scenarios returns the measured requests for a server at baseURL: GET of the segment
// segmentID, and POST of a static segment of 20,000 customers (body).
func scenarios(baseURL, segmentID string, creds credentials, body []byte) []scenario {
	post := creds.header()
	post.Set("Content-Type", "application/json")
	return []scenario{
		{scenarioGet, vegeta.Target{Method: http.MethodGet, URL: baseURL + "/v1/segments/" + segmentID, Header: creds.header()}},
		{scenarioPost, vegeta.Target{Method: http.MethodPost, URL: baseURL + "/v1/segments", Header: post, Body: body}},
	}
}

// checkLoopback refuses a target that is not on this machine: load goes to loopback only.
func checkLoopback(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return err
	}
	if u.Scheme != "http" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "::1") {
		return fmt.Errorf("only loopback addresses may be load-tested, not %s", u.Redacted())
	}
	return nil
}

// send sends one request and returns the status and body of the answer.
func send(ctx context.Context, t vegeta.Target) (int, []byte, error) {
	if err := checkLoopback(t.URL); err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, t.Method, t.URL, bytes.NewReader(t.Body))
	if err != nil {
		return 0, nil, err
	}
	req.Header = t.Header.Clone()
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b, err
}

// createSegment creates a small segment, for the GET scenario.
func createSegment(ctx context.Context, baseURL string, creds credentials) (string, error) {
	h := creds.header()
	h.Set("Content-Type", "application/json")
	status, b, err := send(ctx, vegeta.Target{Method: http.MethodPost, URL: baseURL + "/v1/segments", Header: h,
		Body: []byte(`{"name":"Load GET","type":"static","customers":["cust_1","cust_2"]}`)})
	if err != nil {
		return "", err
	}
	var seg struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &seg); status != http.StatusOK || err != nil || seg.ID == "" {
		return "", fmt.Errorf("creating the segment to get: status %d: %.200s", status, b)
	}
	return seg.ID, nil
}

// preflight checks that the server answers the measured requests with 200 and, like the
// sandbox, checks what it is sent: a request without credentials is 401 and a static
// segment of 20,001 customers a 4xx. Otherwise the comparison would not be fair.
func preflight(ctx context.Context, name string, measured []scenario, body20001 []byte) error {
	expect := func(what string, t vegeta.Target, ok func(int) bool, want string) error {
		status, b, err := send(ctx, t)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", name, what, err)
		}
		if !ok(status) {
			return fmt.Errorf("%s: %s: status %d, want %s: %.200s", name, what, status, want, b)
		}
		return nil
	}
	for _, sc := range measured {
		if err := expect(sc.name, sc.target, func(s int) bool { return s == http.StatusOK }, "200"); err != nil {
			return err
		}
	}
	noCreds := measured[0].target
	noCreds.Header = nil
	if err := expect("GET without credentials", noCreds, func(s int) bool { return s == http.StatusUnauthorized }, "401"); err != nil {
		return err
	}
	tooMany := measured[1].target
	tooMany.Body = body20001
	return expect("POST of 20,001 customers", tooMany, func(s int) bool { return s >= 400 && s <= 499 },
		"a 4xx (the body must be checked)")
}
