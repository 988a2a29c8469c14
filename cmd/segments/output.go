package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/voucherify-go/segments"
)

// maxBodyShown is how much of a non-JSON error body (an HTML page from a proxy)
// is printed.
const maxBodyShown = 200

// writeJSON writes v to w as indented JSON, HTML characters unescaped.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}

// deleted is what delete prints once the segment is gone.
type deleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// printError prints err after prefix: an *segments.APIError as its status and
// the fields of the API's error body, one per line; anything else (the client's
// refusal, a network error) as its message.
func printError(w io.Writer, prefix string, err error) {
	var apiErr *segments.APIError
	if errors.As(err, &apiErr) {
		fmt.Fprintf(w, "%s: %s: %s\n", prefix, apiErr.Operation, status(apiErr.StatusCode))
		writeAPIError(w, "  ", apiErr)
		return
	}
	fmt.Fprintf(w, "%s: %v\n", prefix, err)
	if errors.Is(err, segments.ErrTooManyCustomers) {
		fmt.Fprintln(w, `  for example: segments create --name NAME --type auto-update --filter '{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}}}'`)
	}
}

// status returns an HTTP status code with its text, like "404 Not Found".
func status(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}

// writeAPIError writes the fields of e's error body that are set, and what the
// client knows besides (the wait asked for, the attempts made), one per line,
// each line starting with indent. A body that is not the
// API's JSON (an HTML page from a proxy) is shown quoted and cut short.
func writeAPIError(w io.Writer, indent string, e *segments.APIError) {
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%s%-12s %s\n", indent, name+":", value)
		}
	}
	field("key", e.Key)
	field("message", e.Message)
	field("details", e.Details)
	field("rule", e.RuleMessage)
	if e.ResourceID != "" || e.ResourceType != "" {
		field("resource", e.ResourceType+" "+e.ResourceID)
	}
	field("request_id", e.RequestID)
	if e.RetryAfter > 0 {
		field("retry_after", e.RetryAfter.String())
	}
	if e.Attempts > 1 {
		field("attempts", strconv.Itoa(e.Attempts))
	}
	if e.Message == "" && len(e.Body) > 0 {
		field("body", quoteCut(e.Body, maxBodyShown))
	}
}

// quoteCut returns b as a Go string literal, cut to at most n bytes on a rune
// boundary, with "..." after it when it was cut. Quoting keeps a server's
// control characters out of the terminal.
func quoteCut(b []byte, n int) string {
	if len(b) <= n {
		return strconv.Quote(string(b))
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return strconv.Quote(string(b[:n])) + "..."
}
