package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/voucherify-go/segments"
)

// newClient returns a client of the API at VOUCHERIFY_API_URL (by default
// segments.BaseURLEurope, the real API) with the credentials in
// VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY. It reads them through getenv, the
// process's environment in main, and hands them to segments.NewClient as
// options, so that NewClient's own reading of the environment never sees
// anything else.
func newClient(getenv func(string) string) (*segments.Client, error) {
	appID, secretKey := getenv(segments.EnvAppID), getenv(segments.EnvSecretKey)
	if strings.TrimSpace(appID) == "" || strings.TrimSpace(secretKey) == "" {
		return nil, fmt.Errorf("no credentials: set %s and %s to the application ID and secret key of your project (Project Settings, Application Keys)",
			segments.EnvAppID, segments.EnvSecretKey)
	}
	baseURL := strings.TrimSpace(getenv(segments.EnvAPIURL))
	if baseURL == "" {
		baseURL = segments.BaseURLEurope
	}
	// url.Parse's error quotes the whole URL, which may hold a password: report
	// what is wrong without it.
	if _, err := url.Parse(baseURL); err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%s is not a valid URL: %w", segments.EnvAPIURL, err)
	}
	c, err := segments.NewClient(
		segments.WithCredentials(appID, secretKey),
		segments.WithBaseURL(baseURL),
	)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", segments.EnvAPIURL, err)
	}
	return c, nil
}
