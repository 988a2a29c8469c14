// Package baseline is the client a team would write by hand instead of using
// the SDK: net/http and encoding/json, the same headers, the same calls. It
// exists only as the yardstick of the SDK's benchmarks.
package baseline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Segment is the hand-written equivalent of the generated type.
type Segment struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt *time.Time     `json:"updated_at"`
	Type      string         `json:"type"`
	Filter    map[string]any `json:"filter"`
	Object    string         `json:"object"`
}

// Client calls the Segments API with nothing but the standard library.
type Client struct {
	BaseURL   string
	AppID     string
	SecretKey string
	HTTP      *http.Client
}

func (c *Client) do(req *http.Request, want int, out any) error {
	req.Header.Set("X-App-Id", c.AppID)
	req.Header.Set("X-App-Token", c.SecretKey)
	req.Header.Set("User-Agent", "baseline/1.0")
	req.Header.Set("X-Voucherify-Channel", "baseline")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != want {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// Get fetches a segment.
func (c *Client) Get(ctx context.Context, id string) (*Segment, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/v1/segments/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	var s Segment
	if err := c.do(req, http.StatusOK, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateStatic creates a static segment.
func (c *Client) CreateStatic(ctx context.Context, name string, customers []string) (*Segment, error) {
	body, err := json.Marshal(struct {
		Name      string   `json:"name"`
		Type      string   `json:"type"`
		Customers []string `json:"customers"`
	}{name, "static", customers})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+"/v1/segments", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	var s Segment
	if err := c.do(req, http.StatusOK, &s); err != nil {
		return nil, err
	}
	return &s, nil
}
