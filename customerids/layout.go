package customerids

import (
	"encoding/csv"
	"fmt"
	"strings"
)

// listLayout is how a customer list is laid out, as found in its first
// non-blank line.
type listLayout struct {
	delimiter  rune   // ',', ';' or '\t'; 0 for one column
	width      int    // fields per record
	column     int    // the index of the ID column
	header     bool   // whether the first non-blank line is a header
	headerLine int    // its line number
	name       string // the ID column's header, as written
}

// comma returns the delimiter the CSV reader splits on. A one-column list is
// split on commas too, so that a line holding one is caught as a second field.
func (l listLayout) comma() rune {
	if l.delimiter == 0 {
		return ','
	}
	return l.delimiter
}

// delimiters are the column separators a customer list may use.
const delimiters = ",;\t"

// detectLayout finds the delimiter, the header and the ID column from line,
// the first non-blank line of a customer list, on line number lineNo.
func detectLayout(line string, lineNo int) (listLayout, error) {
	present := delimitersIn(line)
	if len(present) == 0 {
		return oneColumnLayout(line, lineNo)
	}
	var found []listLayout
	var fields []string
	for _, d := range present {
		if n := strings.Count(line, string(d)); n > maxSeparators {
			return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("the first line holds %d %ss: no header of a list of customer IDs has that many columns", n, delimiterName(d))}
		}
		f, err := splitLine(line, d)
		if err != nil {
			return listLayout{}, readError(err, lineNo, lineNo-1, nil)
		}
		if d == present[0] {
			fields = f
		}
		var cols []int
		for i, name := range f {
			if isIDColumnName(name) {
				cols = append(cols, i)
			}
		}
		switch len(cols) {
		case 0:
			continue
		case 1:
			found = append(found, listLayout{delimiter: d, width: len(f), column: cols[0], header: true, headerLine: lineNo, name: strings.TrimSpace(f[cols[0]])})
		default:
			return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("two columns could hold the customer IDs: %q (column %d) and %q (column %d); keep one",
				strings.TrimSpace(f[cols[0]]), cols[0]+1, strings.TrimSpace(f[cols[1]]), cols[1]+1)}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if len(present) == 1 {
			return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("%s-separated columns (%s), but no header names the column of customer IDs (id, customer_id, Customer ID, source_id and the like)",
				delimiterName(present[0]), cut(strings.Join(fields, ", "), 80))}
		}
		return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("%q holds %s and %s, and no header names the column of customer IDs (id, customer_id, Customer ID, source_id and the like)",
			cut(strings.TrimSpace(line), 80), delimiterName(present[0]), delimiterName(present[1]))}
	default:
		return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("the header %q can be split on %s and on %s: cannot tell which separates the columns",
			cut(strings.TrimSpace(line), 80), delimiterName(found[0].delimiter), delimiterName(found[1].delimiter))}
	}
}

// oneColumnLayout is the layout of a list whose first non-blank line holds no
// delimiter: a header when that line is a known column name, the first ID when
// it is like one (plausibleID), else refused.
func oneColumnLayout(line string, lineNo int) (listLayout, error) {
	fields, err := splitLine(line, ',')
	if err != nil {
		return listLayout{}, readError(err, lineNo, lineNo-1, nil)
	}
	name := strings.TrimSpace(fields[0])
	if err := checkVisible(name, lineNo); err != nil {
		return listLayout{}, err
	}
	l := listLayout{width: 1}
	switch {
	case isIDColumnName(name):
		l.header, l.headerLine, l.name = true, lineNo, name
	case isOtherColumn(normalizeColumnName(name)):
		return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("the only column is %q, not customer IDs: the list needs a column of customer IDs, headed id, customer_id or source_id", name)}
	case !plausibleID(name):
		return listLayout{}, &Error{Line: lineNo, Reason: fmt.Sprintf("%q on the first line is neither a header naming customer IDs (id, customer_id, source_id and the like) nor like a customer ID (cust_..., or a source ID holding a digit or a sign such as @): if it is an ID, add a header line \"id\" above it; if it names the column, name it id", cut(name, 60))}
	}
	return l, nil
}

// delimitersIn returns the delimiters found in line outside double quotes, in
// the order of delimiters.
func delimitersIn(line string) []rune {
	var in [len(delimiters)]bool
	quoted := false
	for _, c := range line {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if i := strings.IndexRune(delimiters, c); i >= 0 {
			in[i] = true
		}
	}
	var present []rune
	for i, d := range delimiters {
		if in[i] {
			present = append(present, d)
		}
	}
	return present
}

// splitLine splits one line into fields on delimiter d.
func splitLine(line string, d rune) ([]string, error) {
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = d
	r.TrimLeadingSpace = d != '\t'
	return r.Read()
}

// delimiterName names a delimiter in a message.
func delimiterName(d rune) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "semicolon"
	default:
		return "comma"
	}
}
