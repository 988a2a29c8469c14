package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// maxCustomersFileBytes bounds a customers file: room for far more IDs than a
// static segment may hold, so that the client's own refusal of more than
// segments.MaxStaticCustomers is what the user sees.
const maxCustomersFileBytes = 64 << 20

// Byte order marks.
const (
	bomUTF8    = "\xEF\xBB\xBF"
	bomUTF16LE = "\xFF\xFE"
	bomUTF16BE = "\xFE\xFF"
)

// parseCustomers returns the customer IDs in data, in order: one per line, or,
// when the first non-blank line is a CSV header with an "id" column (in any
// case), the id column of each CSV record after it, other columns ignored and
// quoted fields decoded. Blank lines, whitespace around IDs and a UTF-8 byte
// order mark are ignored.
//
// A line of a plain list that holds a comma or a double quote is refused: it
// is most likely a CSV file without an id column, whose lines are not IDs. An
// ID holding either goes in a CSV file, quoted.
func parseCustomers(data []byte) ([]string, error) {
	text := string(data)
	if strings.HasPrefix(text, bomUTF16LE) || strings.HasPrefix(text, bomUTF16BE) {
		return nil, errors.New("the file is UTF-16; save it as UTF-8")
	}
	text = strings.TrimPrefix(text, bomUTF8)
	if !utf8.ValidString(text) {
		return nil, errors.New("the file is not UTF-8 text")
	}
	col, err := idColumn(firstNonBlankLine(text))
	if err != nil {
		return nil, err
	}
	var ids []string
	if col >= 0 {
		ids, err = parseCSV(text, col)
	} else {
		ids, err = parseLines(text)
	}
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errors.New("no customer IDs in it")
	}
	return ids, nil
}

// firstNonBlankLine returns the first line of text holding more than
// whitespace, or "".
func firstNonBlankLine(text string) string {
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) != "" {
			return line
		}
	}
	return ""
}

// idColumn returns the index of the "id" column when line is a CSV header
// holding one, and -1 when it is not.
func idColumn(line string) (int, error) {
	col := -1
	header, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil {
		// Not a CSV line, so not a header: a plain list, whose own checks apply.
		return col, nil
	}
	for i, name := range header {
		if !strings.EqualFold(strings.TrimSpace(name), "id") {
			continue
		}
		if col >= 0 {
			return -1, fmt.Errorf("the CSV header has two id columns (%d and %d)", col+1, i+1)
		}
		col = i
	}
	return col, nil
}

// parseCSV returns column col of every record after the header. Every record
// has as many fields as the header, except blank lines, which are skipped.
func parseCSV(text string, col int) ([]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1 // checked below, after blank lines are skipped
	r.TrimLeadingSpace = true
	var header []string
	for header == nil || blankRecord(header) { // the header is the first non-blank line
		var err error
		if header, err = r.Read(); err != nil {
			return nil, fmt.Errorf("reading the CSV header: %w", err)
		}
	}
	var ids []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return ids, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the CSV: %w", err)
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("line %d: %d fields, but the header has %d", line, len(rec), len(header))
		}
		id := strings.TrimSpace(rec[col])
		if id == "" {
			return nil, fmt.Errorf("line %d: the id column is empty", line)
		}
		ids = append(ids, id)
	}
}

// blankRecord reports whether every field of rec is whitespace.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseLines returns the non-blank lines of text, trimmed: one ID per line.
func parseLines(text string) ([]string, error) {
	var ids []string
	n := 0
	for line := range strings.Lines(text) {
		n++
		id := strings.TrimSpace(line)
		if id == "" {
			continue
		}
		if strings.ContainsAny(id, `,"`) {
			return nil, fmt.Errorf("line %d: %q is not a customer ID; for a CSV file, give it a header row with an id column", n, cut(id, 60))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// cut returns s cut to at most n bytes on a rune boundary, with "..." after it
// when it was cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
