package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/voucherify-go/segments"
)

// maxBodyShown is how much of a non-JSON error body (an HTML page from a proxy)
// is printed.
const maxBodyShown = 200

// writeRaw writes raw JSON to w indented, otherwise as it came: the same
// fields, values, order and escaping.
func writeRaw(w io.Writer, raw []byte) error {
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return fmt.Errorf("the API's answer is not JSON: %w", err)
	}
	out.WriteByte('\n')
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}

// writeSegment writes seg as the last answer in raw held it, indented; when no
// answer held it (which the SDK's decoding makes unlikely), as the SDK decoded
// it.
func writeSegment(w io.Writer, raw *rawBodies, seg *segments.Segment) error {
	if b := raw.segment(seg.ID); b != nil {
		return writeRaw(w, b)
	}
	b, err := json.Marshal(seg)
	if err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return writeRaw(w, b)
}

// deleted is what delete prints once the segment is gone: the API answers 204
// with no body.
type deleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// sdkPrefix starts the message of every error of the SDK. The command prints
// its own prefix ("segments create: "), so it drops this one.
const sdkPrefix = "segments: "

// message returns what the command prints of err: its text without the SDK's
// prefix, or the command's own words where the SDK's name an option the
// command has no flag for.
func message(err error) string {
	if errors.Is(err, segments.ErrNoCredentials) {
		return fmt.Sprintf("no credentials: set %s and %s to the application ID and secret key of your project (Project Settings, Application Keys)",
			segments.EnvAppID, segments.EnvSecretKey)
	}
	return strings.TrimPrefix(err.Error(), sdkPrefix)
}

// printError prints err after prefix, then what to do about it where the
// command knows: the SDK's errors say what happened, not which variable or
// flag of this command to change.
func printError(w io.Writer, prefix string, err error) {
	fmt.Fprintf(w, "%s: %s\n", prefix, message(err))
	var apiErr *segments.APIError
	switch {
	case errors.Is(err, segments.ErrUnauthorized):
		fmt.Fprintf(w, "  check %s and %s (Project Settings, Application Keys), and that %s is your project's cluster: %s (the default), %s or %s\n",
			segments.EnvAppID, segments.EnvSecretKey, segments.EnvAPIURL,
			segments.BaseURLEurope, segments.BaseURLUnitedStates, segments.BaseURLAsia)
	case errors.Is(err, segments.ErrTooManyCustomers):
		fmt.Fprintln(w, `  for example: segments create --name NAME --type auto-update --filter '{"junction": "and", "metadata.club_level": {"conditions": {"$in": ["Gold", "Silver"]}}}'`)
	case errors.Is(err, segments.ErrInvalidOption):
		fmt.Fprintf(w, "  check %s\n", segments.EnvAPIURL)
	}
	if errors.As(err, &apiErr) && apiErr.Message == "" && len(apiErr.Body) > 0 {
		fmt.Fprintf(w, "  body: %s\n", quoteCut(apiErr.Body, maxBodyShown))
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
