package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// record is contract/upstream/source.yaml: the vendored upstream files, each
// beside the record, with where it comes from.
type record struct {
	Files []source `yaml:"files"`
}

// source is one vendored upstream file: where it comes from, and the SHA-256
// of its bytes, which proves it is unedited.
type source struct {
	File       string `yaml:"file"` // its name beside the record
	Repository string `yaml:"repository"`
	Path       string `yaml:"path"`
	// Extract says what part of Path the file holds, when it is not the whole
	// file (Voucherify's customers spec is 477 KB for one operation we use).
	Extract string `yaml:"extract"`
	Commit  string `yaml:"commit"`
	Date    string `yaml:"date"`
	SHA256  string `yaml:"sha256"`
}

func (s source) String() string {
	what := s.Repository + " " + s.Path
	if s.Extract != "" {
		what = "an extract of " + what
	}
	return fmt.Sprintf("%s at commit %s (%s)", what, s.Commit, s.Date)
}

// upstreamFile is an upstream spec to compare, and how the report names it.
type upstreamFile struct {
	Path   string // where it is read
	Name   string // its base name, which the report prints beside what it says
	Origin string // where it comes from, or "(source not checked)"
}

// checkSources reads the record and returns its files. It fails unless every
// file is byte for byte the one its entry describes, and when a JSON file
// beside the record has no entry: a vendored spec that is not compared would
// look compared.
func checkSources(recordPath string) ([]upstreamFile, error) {
	raw, err := os.ReadFile(recordPath) //nolint:gosec // G304: the record the maintainer names
	if err != nil {
		return nil, err
	}
	var rec record
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("%s: %w", recordPath, err)
	}
	if len(rec.Files) == 0 {
		return nil, fmt.Errorf("%s: files: no upstream file listed", recordPath)
	}
	dir := filepath.Dir(recordPath)
	listed := map[string]bool{}
	files := make([]upstreamFile, 0, len(rec.Files))
	for i, s := range rec.Files {
		where := fmt.Sprintf("%s: files entry %d", recordPath, i+1)
		switch {
		case s.File == "" || s.Repository == "" || s.Path == "" || s.Commit == "" || s.Date == "" || s.SHA256 == "":
			return nil, fmt.Errorf("%s: file, repository, path, commit, date and sha256 are all required", where)
		case s.File != filepath.Base(s.File) || strings.HasPrefix(s.File, "."):
			return nil, fmt.Errorf("%s: file %q: name a file beside %s", where, s.File, recordPath)
		case listed[s.File]:
			return nil, fmt.Errorf("%s: file %q is listed twice", where, s.File)
		}
		listed[s.File] = true
		path := filepath.Join(dir, s.File)
		if err := checkSum(path, s.SHA256, recordPath); err != nil {
			return nil, err
		}
		files = append(files, upstreamFile{Path: path, Name: s.File, Origin: s.String()})
	}
	beside, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, path := range beside {
		if !listed[filepath.Base(path)] {
			return nil, fmt.Errorf("%s is not listed in %s: record where it comes from (or remove it), so that it is compared", path, recordPath)
		}
	}
	return files, nil
}

// checkSum fails unless the file at path has the SHA-256 want.
func checkSum(path, want, recordPath string) error {
	upstream, err := os.ReadFile(path) //nolint:gosec // G304: a spec the record names
	if err != nil {
		return err
	}
	sum := sha256.Sum256(upstream)
	if got := hex.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("%s has SHA-256 %s, but %s records %s: the upstream copy must be Voucherify's file unchanged; "+
			"when refreshing it, update every field of its entry in %s (docs/contract.md)", path, got, recordPath, want, recordPath)
	}
	return nil
}
