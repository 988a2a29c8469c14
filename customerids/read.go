package customerids

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Report says what Read read, for telling the person
// who gave the list what will be sent.
type Report struct {
	// Lines is how many lines were read, header and blank lines included.
	Lines int
	// Duplicates is how many IDs were dropped because they appeared on an
	// earlier line; the first occurrence of each ID is kept, in order.
	Duplicates int
	// Blanks is how many blank lines (empty, white space only, or only
	// separators) were skipped.
	Blanks int
	// Delimiter separates the columns: ',', ';' or '\t'; 0 for a list of one
	// column.
	Delimiter rune
	// Column is the header of the column the IDs were read from, as written
	// (such as "Customer ID"); "" when the list has no header.
	Column string
}

// Read reads a list of customer IDs, such as an upload or a file
// exported from a spreadsheet or a CRM, and returns the IDs in the order of the
// list, without duplicates, ready for CreateParams.Customers.
//
// The list is either one ID per line, or a CSV, TSV or semicolon-separated
// export with a header row. The delimiter is the one of ',', ';' and tab found
// in the first non-blank line; the ID column is the one whose header is id,
// customer_id, Customer ID, customerId or cust_id (case, spaces, underscores,
// hyphens and dots ignored). In a list of one column, a first line holding one
// of those names is a header, not an ID. Quoted fields follow RFC 4180
// (encoding/csv); white space around IDs and a UTF-8 byte order mark at the
// start are ignored; blank lines are skipped and counted in the report.
//
// A list that cannot be read without guessing is refused with a
// *Error naming the line and the reason: columns but no header
// naming the ID column, two ID columns, a single column named for something
// else (such as email), a line of a one-column list holding a separator, a
// record whose field count differs from the header's, an empty ID, a repeated
// header, text that is not UTF-8 (UTF-16 included), a byte order mark or a
// control character inside the text, or a line longer than 1 MiB.
//
// The input is streamed: memory holds the IDs returned and an index of them
// (for the duplicates), plus a bounded amount for the line being read, however
// long the input or its lines.
func Read(r io.Reader) ([]string, Report, error) {
	l := reader{in: &countingReader{r: r}}
	ids, err := l.read()
	if err != nil {
		return nil, l.report, err
	}
	l.report.Lines = l.in.lines()
	l.report.Blanks = l.report.Lines - l.covered
	return ids, l.report, nil
}

// maxLine bounds a line, or a record of quoted fields spanning
// lines, so that an input without line breaks cannot fill the memory.
const maxLine = 1 << 20

// peekBuffer is the size of the buffer the first non-blank line is found in;
// a header longer than that is refused.
const peekBuffer = 64 << 10

// The byte order marks Read recognises.
const (
	bomUTF8    = "\xEF\xBB\xBF"
	bomUTF16LE = "\xFF\xFE"
	bomUTF16BE = "\xFE\xFF"
)

// reader is the state of one Read call.
type reader struct {
	in     *countingReader
	report Report
	layout listLayout
	ids    []string
	seen   map[string]struct{}
	// covered counts the lines that held the header or an ID; the others were
	// blank.
	covered int
}

// read reads the whole list.
func (l *reader) read() ([]string, error) {
	br := bufio.NewReaderSize(l.in, peekBuffer)
	if err := skipBOM(br); err != nil {
		return nil, err
	}
	first, lineNo, err := l.firstLine(br)
	if err != nil || first == nil {
		return nil, err
	}
	if l.layout, err = detectLayout(string(first), lineNo); err != nil {
		return nil, err
	}
	l.report.Delimiter, l.report.Column = l.layout.delimiter, l.layout.name

	// The CSV reader reads the first line again, then the rest; its line
	// numbers start there.
	offset := lineNo - 1
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(first), br))
	cr.Comma = l.layout.comma()
	cr.FieldsPerRecord = -1 // checked in record, with a message saying what differs
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = l.layout.delimiter != '\t' // it would eat empty tab-separated fields
	l.seen = make(map[string]struct{})
	next := lineNo // where the next record starts, at the earliest
	for {
		l.in.mark()
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readError(err, next, offset, l.in.tooLong)
		}
		line, _ := cr.FieldPos(0)
		line += offset
		if err := l.record(rec, line); err != nil {
			return nil, err
		}
		next = line + 1 + countNewlines(rec)
	}
	return l.ids, nil
}

// record takes one CSV record starting on line.
func (l *reader) record(rec []string, line int) error {
	for _, f := range rec {
		if err := checkText(f, line); err != nil {
			return err
		}
	}
	if blankRecord(rec) {
		return nil // counted as blank lines at the end
	}
	l.covered += 1 + countNewlines(rec)
	if l.layout.header && line == l.layout.headerLine {
		return nil
	}
	if len(rec) != l.layout.width {
		if l.layout.width == 1 {
			return &Error{Line: line, Reason: fmt.Sprintf("%q holds a ',': a list without a header holds one customer ID per line; a CSV file needs a header naming its ID column (id, customer_id)", cut(strings.Join(rec, ","), 60))}
		}
		return &Error{Line: line, Reason: fmt.Sprintf("%d fields, but the header on line %d has %d", len(rec), l.layout.headerLine, l.layout.width)}
	}
	id := strings.TrimSpace(rec[l.layout.column])
	if err := l.checkID(id, line); err != nil {
		return err
	}
	if _, dup := l.seen[id]; dup {
		l.report.Duplicates++
		return nil
	}
	if len(rec) > 1 || len(id) != len(rec[0]) {
		// The field is a slice of the whole record's string: keep the ID alone.
		id = strings.Clone(id)
	}
	l.seen[id] = struct{}{}
	l.ids = append(l.ids, id)
	return nil
}

// checkID refuses what cannot be a customer ID, on line.
func (l *reader) checkID(id string, line int) error {
	if id == "" {
		return &Error{Line: line, Reason: fmt.Sprintf("no customer ID in column %q", l.layout.name)}
	}
	if l.layout.width == 1 {
		if i := strings.IndexAny(id, ",;\t"); i >= 0 {
			return &Error{Line: line, Reason: fmt.Sprintf("%q holds a %q: a list without a header holds one customer ID per line; a CSV file needs a header naming its ID column (id, customer_id)", cut(id, 60), id[i])}
		}
	}
	if isIDColumnName(id) {
		return &Error{Line: line, Reason: fmt.Sprintf("%q is a column name, not a customer ID: were two files joined?", id)}
	}
	for _, c := range id {
		if unicode.IsControl(c) {
			reason := fmt.Sprintf("the customer ID %q holds the control character %U", cut(id, 60), c)
			if c == 0 {
				reason += ": is the file UTF-16? Save it as UTF-8"
			}
			return &Error{Line: line, Reason: reason}
		}
	}
	return nil
}

// checkText refuses text that is not UTF-8 or holds a byte order mark.
func checkText(s string, line int) error {
	if !utf8.ValidString(s) {
		return &Error{Line: line, Reason: "not UTF-8 text: save the file as UTF-8"}
	}
	if strings.ContainsRune(s, '\uFEFF') {
		return &Error{Line: line, Reason: "a byte order mark (U+FEFF) inside the text, as where two files were joined: remove it"}
	}
	return nil
}

// skipBOM drops a UTF-8 byte order mark at the start and refuses UTF-16.
func skipBOM(br *bufio.Reader) error {
	peeked, _ := br.Peek(len(bomUTF8))
	start := string(peeked)
	switch {
	case start == bomUTF8:
		_, _ = br.Discard(len(bomUTF8))
	case strings.HasPrefix(start, bomUTF16LE), strings.HasPrefix(start, bomUTF16BE):
		return &Error{Line: 1, Reason: "the file is UTF-16: save it as UTF-8"}
	}
	return nil
}

// firstLine skips blank lines up to the first line holding more than white
// space, and returns a copy of it and its number. At the end of the input
// without one, line is nil.
func (l *reader) firstLine(br *bufio.Reader) (line []byte, lineNo int, err error) {
	for {
		l.in.mark()
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, 0, &Error{Line: lineNo + 1, Reason: fmt.Sprintf("the first line is longer than %d KiB", peekBuffer>>10)}
		}
		if len(b) > 0 {
			lineNo++
			if len(bytes.TrimSpace(b)) > 0 {
				if err := checkText(string(b), lineNo); err != nil {
					return nil, 0, err
				}
				return bytes.Clone(b), lineNo, nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil, lineNo, nil
		}
		if err != nil {
			return nil, 0, readError(err, lineNo+1, 0, l.in.tooLong)
		}
	}
}

// readError turns an error of the CSV reader (or of the input under it) into a
// *Error.
// line is where the failed read started; the CSV reader's own line numbers
// are offset lines short. tooLong says that the read failed on a line over
// maxLine.
func readError(err error, line, offset int, tooLong bool) error {
	var pe *csv.ParseError
	switch {
	case tooLong:
		return &Error{Line: line, Reason: fmt.Sprintf("a line (or a quoted field spanning lines) longer than %d KiB", maxLine>>10)}
	case errors.As(err, &pe):
		reason := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			reason = "a double quote that does not open or close a quoted field: " + reason
		}
		return &Error{Line: pe.StartLine + offset, Reason: reason, Err: err}
	default:
		return &Error{Line: line, Reason: "reading: " + err.Error(), Err: err}
	}
}

// blankRecord reports whether every field of rec is white space.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// countNewlines counts the line breaks inside the quoted fields of rec.
func countNewlines(rec []string) int {
	n := 0
	for _, f := range rec {
		n += strings.Count(f, "\n")
	}
	return n
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

// countingReader counts the lines it passes on, and refuses to pass on more
// than maxLine bytes (plus what the buffers above it read ahead)
// after the last mark: one line or record. Its refusal is io.ErrShortBuffer,
// with tooLong set.
type countingReader struct {
	r        io.Reader
	n        int64 // bytes passed on
	newlines int
	last     byte  // the last byte passed on
	marked   int64 // n at the last mark
	tooLong  bool
}

// slack is how far the buffers above a countingReader may read ahead of the
// record being parsed: the peek buffer and the CSV reader's own.
const slack = peekBuffer + 4<<10

func (c *countingReader) Read(p []byte) (int, error) {
	room := c.marked + maxLine + slack - c.n
	if room <= 0 {
		c.tooLong = true
		return 0, io.ErrShortBuffer
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		c.newlines += bytes.Count(p[:n], []byte{'\n'})
		c.last = p[n-1]
	}
	return n, err
}

// mark starts a new line or record.
func (c *countingReader) mark() { c.marked = c.n }

// lines returns how many lines were passed on: the line breaks, and a last
// line without one.
func (c *countingReader) lines() int {
	if c.n > 0 && c.last != '\n' {
		return c.newlines + 1
	}
	return c.newlines
}
