package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// source is contract/upstream/source.yaml: where the vendored upstream file
// comes from, and the SHA-256 of its bytes, which proves it is unedited.
type source struct {
	Repository string `yaml:"repository"`
	Path       string `yaml:"path"`
	Commit     string `yaml:"commit"`
	Date       string `yaml:"date"`
	SHA256     string `yaml:"sha256"`
}

func (s source) String() string {
	return fmt.Sprintf("%s %s at commit %s (%s)", s.Repository, s.Path, s.Commit, s.Date)
}

// checkSource reads the source record and fails unless the upstream file is
// byte for byte the one it describes.
func checkSource(sourcePath, upstreamPath string) (source, error) {
	var s source
	raw, err := os.ReadFile(sourcePath) //nolint:gosec // G304: the record the maintainer names
	if err != nil {
		return s, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("%s: %w", sourcePath, err)
	}
	if s.Repository == "" || s.Path == "" || s.Commit == "" || s.Date == "" || s.SHA256 == "" {
		return s, fmt.Errorf("%s: repository, path, commit, date and sha256 are all required", sourcePath)
	}
	upstream, err := os.ReadFile(upstreamPath) //nolint:gosec // G304: the spec the maintainer names
	if err != nil {
		return s, err
	}
	sum := sha256.Sum256(upstream)
	if got := hex.EncodeToString(sum[:]); got != s.SHA256 {
		return s, fmt.Errorf("%s has SHA-256 %s, but %s records %s: the upstream copy must be Voucherify's file unchanged; "+
			"when refreshing it, update every field of %s (docs/contract.md)", upstreamPath, got, sourcePath, s.SHA256, sourcePath)
	}
	return s, nil
}
