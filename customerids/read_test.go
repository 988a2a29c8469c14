package customerids_test

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/voucherify-go/segments/customerids"
)

func TestRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   []string
		report customerids.Report
	}{
		{name: "plain list", in: "cust_1\ncust_2\ncust_3\n",
			want: []string{"cust_1", "cust_2", "cust_3"}, report: customerids.Report{Lines: 3}},
		{name: "blank lines and white space", in: "\n  \ncust_1\n\n  cust_2  \r\n\tcust_3\n\n",
			want: []string{"cust_1", "cust_2", "cust_3"}, report: customerids.Report{Lines: 7, Blanks: 4}},
		{name: "no final line break", in: "cust_1\ncust_2",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 2}},
		{name: "duplicates dropped, first kept in order", in: "cust_2\ncust_1\ncust_2\ncust_3\ncust_1\ncust_2\n",
			want: []string{"cust_2", "cust_1", "cust_3"}, report: customerids.Report{Lines: 6, Duplicates: 3}},
		{name: "leading byte order mark", in: "\uFEFFcust_1\ncust_2\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 2}},
		{name: "CRLF", in: "cust_1\r\ncust_2\r\n\r\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 3, Blanks: 1}},
		{name: "quoted IDs in a plain list", in: "\"cust_1\"\ncust_2\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 2}},
		{name: "one column headed customer_id", in: "customer_id\ncust_1\ncust_2\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 3, Column: "customer_id"}},
		{name: "one column headed ID after blank lines", in: "\n\nID\ncust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 4, Blanks: 2, Column: "ID"}},
		{name: "one column headed Customer ID, quoted", in: "\"Customer ID\"\ncust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Column: "Customer ID"}},
		{name: "semicolon export", in: "id;email\ncust_1;a@x\ncust_2;b@x\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 3, Delimiter: ';', Column: "id"}},
		{name: "CSV with quoted fields", in: "email,Customer ID,name\n" +
			"a@example.com,cust_1,\"Smith, Anna\"\n" +
			"\n" +
			"b@example.com, cust_2 ,\"Jones \"\"JJ\"\"\"\n" +
			"c@example.com,\"cust_3\",\"two\nlines\"\n",
			want: []string{"cust_1", "cust_2", "cust_3"}, report: customerids.Report{Lines: 6, Blanks: 1, Delimiter: ',', Column: "Customer ID"}},
		{name: "TSV with empty fields", in: "name\tcustomerId\tcity\n\tcust_1\t\nAnna\tcust_2\tKraków\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 3, Delimiter: '\t', Column: "customerId"}},
		{name: "header names compared without case, spaces, underscores", in: "Email;  CUSTOMER_ID \na@x;cust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ';', Column: "CUSTOMER_ID"}},
		{name: "a comma inside a quoted header field does not split it", in: "\"name, full\";id\n\"Smith, Anna\";cust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ';', Column: "id"}},
		{name: "CSV with BOM, CRLF and duplicates", in: "\uFEFFid,email\r\ncust_1,a@x\r\ncust_1,a@x\r\n,\r\ncust_2,b@x\r\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 5, Blanks: 1, Duplicates: 1, Delimiter: ',', Column: "id"}},
		{name: "empty input", in: "", want: nil, report: customerids.Report{}},
		{name: "blank input", in: "\n \n\t\n", want: nil, report: customerids.Report{Lines: 3, Blanks: 3}},
		{name: "header only", in: "customer_id\n", want: nil, report: customerids.Report{Lines: 1, Column: "customer_id"}},
		// Rows of separators only are blank, wherever they are.
		{name: "a row of separators only in a one-column list", in: "cust_1\n ; \n;;\ncust_2\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 4, Blanks: 2}},
		{name: "a first row of commas", in: ",,,\ncust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Blanks: 1}},
		{name: "a first row of semicolons before a header", in: ";;\n\n id;email\ncust_1;a@x\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 4, Blanks: 2, Delimiter: ';', Column: "id"}},
		{name: "a first row of tabs and commas before a header", in: "\t,\t\nid\temail\ncust_1\ta@x\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 3, Blanks: 1, Delimiter: '\t', Column: "id"}},
		{name: "a first row of 1 MiB of commas, its line break included", in: strings.Repeat(",", 1<<20-1) + "\ncust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Blanks: 1}},
		{name: "a million empty lines between IDs", in: "cust_1\n" + strings.Repeat("\n", 1<<20) + "cust_2\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 1<<20 + 2, Blanks: 1 << 20}},
		{name: "half a million empty CRLF lines in a CSV", in: "id,x\ncust_1,a\n" + strings.Repeat("\r\n", 1<<19) + "cust_2,b\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 1<<19 + 3, Blanks: 1 << 19, Delimiter: ',', Column: "id"}},
		{name: "a record of 1 MiB, its line break included", in: "id,note\ncust_1," + strings.Repeat("a", 1<<20-8) + "\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ',', Column: "id"}},
		{name: "records of 16,384 separators", in: "id" + strings.Repeat(",", 16384) + "\ncust_1" + strings.Repeat(",", 16384) + "\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ',', Column: "id"}},
		{name: "a row of semicolons in a CSV", in: "id,email\ncust_1,a@x\n;;\ncust_2,b@x\n",
			want: []string{"cust_1", "cust_2"}, report: customerids.Report{Lines: 4, Blanks: 1, Delimiter: ',', Column: "id"}},
		// A first line that is no header is an ID only when a header could not
		// be written so: a Voucherify customer ID, or text holding a digit or a
		// sign no column name holds.
		{name: "a first customer ID without a digit", in: "cust_aBcDeFgHiJkLmNoPqRsTuVwX\ncust_2\n",
			want: []string{"cust_aBcDeFgHiJkLmNoPqRsTuVwX", "cust_2"}, report: customerids.Report{Lines: 2}},
		{name: "a first source ID of digits", in: "100234\n100235\n",
			want: []string{"100234", "100235"}, report: customerids.Report{Lines: 2}},
		{name: "a first source ID that is an email address", in: "anna@example.com\nben@example.com\n",
			want: []string{"anna@example.com", "ben@example.com"}, report: customerids.Report{Lines: 2}},
		{name: "a first source ID holding a digit", in: "user-7\nuser-8\n",
			want: []string{"user-7", "user-8"}, report: customerids.Report{Lines: 2}},
		{name: "a format character outside the ID column", in: "id,name\ncust_1,\U0001F469\u200D\U0001F4BB\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ',', Column: "id"}},
		{name: "IDs of printable ASCII and of other scripts", in: "id\ncust_~1\n!cust_2\nklient_\u017c3\n\u5ba2\u6237_4\n",
			want: []string{"cust_~1", "!cust_2", "klient_\u017c3", "\u5ba2\u6237_4"}, report: customerids.Report{Lines: 5, Column: "id"}},
		{name: "a first customer ID of cust_ and 16 letters", in: "cust_aBcDeFgHiJkLmNoP\n",
			want: []string{"cust_aBcDeFgHiJkLmNoP"}, report: customerids.Report{Lines: 1}},
		{name: "a TSV header with an unnamed column", in: "name\t\tid\nAnna\tx\tcust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: '\t', Column: "id"}},
		{name: "a quoted header after a space", in: "email, \"Customer ID\"\na@x, cust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ',', Column: "Customer ID"}},
		// Exports that align columns pad them with spaces: 24 bytes, padding
		// included, is the longest header taken for a column name.
		{name: "a header padded to 24 bytes", in: "email;Customer Source IDs     \na@x;cust_1\n",
			want: []string{"cust_1"}, report: customerids.Report{Lines: 2, Delimiter: ';', Column: "Customer Source IDs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ids, report, err := customerids.Read(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("IDs %q, want %q", ids, tt.want)
			}
			if report != tt.report {
				t.Errorf("report %+v, want %+v", report, tt.report)
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		line   int
		reason string // a substring of the reason
	}{
		{name: "semicolon export without an ID header", in: "cust_1;a@x\ncust_2;b@x\n", line: 1, reason: "semicolon-separated columns (cust_1, a@x), but no header names the column of customer IDs"},
		{name: "CSV whose header has no ID column", in: "\nemail,name\na@x,Anna\n", line: 2, reason: "comma-separated columns (email, name)"},
		{name: "one column headed email", in: "email\na@example.com\n", line: 1, reason: `the only column is "email", not customer IDs`},
		{name: "two ID columns", in: "id,customer_id,email\n1,cust_1,a@x\n", line: 1, reason: `two columns could hold the customer IDs: "id" (column 1) and "customer_id" (column 2)`},
		{name: "header splits on two delimiters", in: "id;x,id\n", line: 1, reason: "can be split on comma and on semicolon"},
		{name: "mixed delimiters, no ID header", in: "a;b,c\n", line: 1, reason: "holds comma and semicolon"},
		{name: "a comma in a plain list", in: "cust_1\ncust_2\ncust_3,a@x\n", line: 3, reason: `"cust_3,a@x" holds a ','`},
		{name: "a semicolon in a plain list", in: "cust_1\ncust_2;a@x\n", line: 2, reason: `holds a ';'`},
		{name: "a tab in a plain list", in: "cust_1\ncust_2\ta@x\n", line: 2, reason: `holds a '\t'`},
		{name: "a separator after an ID in a one-column list", in: "cust_1\ncust_2 ;\n", line: 2, reason: `holds a ';'`},
		{name: "a separator before an ID in a one-column list", in: "cust_1\n;cust_2\n", line: 2, reason: `holds a ';'`},
		// The first line of a one-column list is a header or an ID: what could
		// be either is refused.
		{name: "a first line that is a word", in: "Kundennummer\ncust_1\n", line: 1, reason: `"Kundennummer" on the first line is neither a header naming customer IDs`},
		{name: "a first line of words", in: "\nCustomer number\ncust_1\n", line: 2, reason: `"Customer number" on the first line is neither`},
		{name: "a first line that may be a header or a source ID", in: "alice\nbob\n", line: 1, reason: "add a header line \"id\" above it"},
		{name: "a first line a spreadsheet names", in: "Column1\ncust_1\n", line: 1, reason: `the only column is "Column1", not customer IDs`},
		{name: "a header of too many columns", in: "id" + strings.Repeat(",x", 16385) + "\n", line: 1, reason: "the first line holds 16385 commas"},
		{name: "a record of too many separators", in: "id" + strings.Repeat(",", 16384) + "\ncust_1" + strings.Repeat(",", 16385) + "\n", line: 2, reason: "more than 16384 separators in one record"},
		{name: "a record one byte over 1 MiB", in: "id,note\ncust_1," + strings.Repeat("a", 1<<20-7) + "\n", line: 2, reason: "longer than 1024 KiB"},
		{name: "a blank line over 1 MiB before the first ID", in: "\n" + strings.Repeat(" ", 1<<20) + "\ncust_1\n", line: 2, reason: "a line longer than 1024 KiB"},
		{name: "a first customer ID of cust_ and 15 letters", in: "cust_aBcDeFgHiJkLmNo\ncust_2\n", line: 1, reason: "neither a header naming customer IDs"},
		// Characters nobody sees are refused in an ID, with their line.
		{name: "a zero-width space after an ID", in: "cust_1\ncust_2\u200b\n", line: 2, reason: `the customer ID "cust_2\u200b" holds U+200B, a character that is not seen`},
		{name: "a zero-width space in the first ID", in: "c1\u200b\nc1\n", line: 1, reason: "U+200B"},
		{name: "a zero-width space in a CSV ID", in: "email,id\na@x,cust_1\nb@x,\u200bcust_2\n", line: 3, reason: "U+200B"},
		{name: "a zero-width joiner", in: "cust_1\ncu\u200dst_2\n", line: 2, reason: "U+200D"},
		{name: "a soft hyphen", in: "cust_1\ncust\u00ad_2\n", line: 2, reason: "U+00AD"},
		{name: "a right-to-left override", in: "cust_1\n\u202ecust_2\n", line: 2, reason: "U+202E"},
		{name: "a word joiner", in: "cust_1\ncust_2\u2060\n", line: 2, reason: "U+2060"},
		{name: "a line separator", in: "cust_1\ncust\u2028_2\n", line: 2, reason: "U+2028"},
		{name: "a no-break space inside an ID", in: "cust_1\ncust\u00a0_2\n", line: 2, reason: "U+00A0"},
		{name: "a private-use character", in: "cust_1\ncust_\ue0002\n", line: 2, reason: "U+E000"},
		{name: "a record with too few fields", in: "id,email,name\ncust_1,a@x,Anna\n\ncust_2,b@x\n", line: 4, reason: "2 fields, but the header on line 1 has 3"},
		{name: "an empty ID", in: "id;email\ncust_1;a@x\n;b@x\n", line: 3, reason: `no customer ID in column "id"`},
		{name: "a repeated header", in: "customer_id\ncust_1\ncustomer_id\ncust_2\n", line: 3, reason: `"customer_id" is a column name, not a customer ID`},
		{name: "a repeated CSV header", in: "id,email\ncust_1,a@x\nid,email\n", line: 3, reason: "is a column name"},
		{name: "a byte order mark in the middle", in: "cust_1\n\uFEFFcust_2\n", line: 2, reason: "byte order mark (U+FEFF) inside the text"},
		{name: "a byte order mark inside a CSV field", in: "id,name\ncust_1,An\uFEFFna\n", line: 2, reason: "byte order mark"},
		{name: "a byte order mark after blank lines", in: "\n\n\uFEFFcust_1\n", line: 3, reason: "byte order mark"},
		{name: "invalid UTF-8", in: "cust_1\ncust_\xff2\n", line: 2, reason: "not UTF-8 text"},
		{name: "invalid UTF-8 in another column", in: "id,name\ncust_1,Kra\xf3w\n", line: 2, reason: "not UTF-8 text"},
		{name: "invalid UTF-8 in the first line", in: "\xc3\x28\n", line: 1, reason: "not UTF-8 text"},
		{name: "UTF-16 LE with its byte order mark", in: "\xFF\xFEc\x00u\x00s\x00t\x00\n\x00", line: 1, reason: "UTF-16"},
		{name: "UTF-16 BE with its byte order mark", in: "\xFE\xFF\x00c\x00u", line: 1, reason: "UTF-16"},
		{name: "UTF-16 without a byte order mark", in: "c\x00u\x00s\x00t\x00\n\x00", line: 1, reason: "control character U+0000: is the file UTF-16"},
		{name: "a control character", in: "cust_1\ncust\x1b[2\n", line: 2, reason: "control character U+001B"},
		{name: "a bare quote", in: "cust_1\ncu\"st_2\n", line: 2, reason: "a double quote that does not open or close a quoted field"},
		{name: "an unterminated quote", in: "id,name\ncust_1,\"Anna\ncust_2,Bob\n", line: 2, reason: "double quote"},
		{name: "an unterminated quote after a blank line", in: "\nid,name\ncust_1,\"Anna\ncust_2,Bob\n", line: 3, reason: "double quote"},
		{name: "a bare quote in a header after blank lines", in: "\n\nid,na\"me\n", line: 3, reason: "double quote"},
		// A long ID is quoted cut, on a character boundary.
		{name: "an ID of 60 bytes, quoted whole", in: "cust_1\n" + strings.Repeat("a", 57) + "\u200b\n", line: 2, reason: `"` + strings.Repeat("a", 57) + `\u200b" holds U+200B`},
		{name: "a longer ID, quoted cut", in: "cust_1\n" + strings.Repeat("a", 59) + "\u00e9\u200b\n", line: 2, reason: `"` + strings.Repeat("a", 59) + `..." holds U+200B`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ids, _, err := customerids.Read(strings.NewReader(tt.in))
			var le *customerids.Error
			if !errors.As(err, &le) {
				t.Fatalf("IDs %q, error %v; want a *Error", ids, err)
			}
			if le.Line != tt.line || !strings.Contains(le.Reason, tt.reason) {
				t.Errorf("line %d, reason %q; want line %d, reason holding %q", le.Line, le.Reason, tt.line, tt.reason)
			}
			if ids != nil {
				t.Errorf("IDs %q returned with the error", ids)
			}
			if want := "customerids: line "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err, want)
			}
		})
	}
}

// endless is a reader of an infinite line without a line break.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestReadBoundsLines(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		in   io.Reader
		line int
	}{
		{"first line", endless{}, 1},
		{"later line", io.MultiReader(strings.NewReader("cust_1\ncust_2\n"), endless{}), 3},
		{"quoted field", io.MultiReader(strings.NewReader("id,note\ncust_1,\""), strings.NewReader(strings.Repeat("a\n", 1<<20))), 2},
		{"blank lines before", io.MultiReader(strings.NewReader(strings.Repeat(" \n", 1<<20)), endless{}), 1<<20 + 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := customerids.Read(tt.in)
			var le *customerids.Error
			if !errors.As(err, &le) || le.Line != tt.line || !strings.Contains(le.Reason, "longer than") {
				t.Fatalf("error %v, want a *Error for a line that is too long, on line %d", err, tt.line)
			}
		})
	}
}

func TestReadReportsReadErrors(t *testing.T) {
	t.Parallel()
	cause := errors.New("connection reset")
	for _, tt := range []struct {
		name, before string
		line         int // where the read failed
	}{
		{"after IDs", "cust_1\ncust_2\n", 3},
		{"after a field spanning lines", "id,note\ncust_1,\"two\nlines\"\n", 4},
		{"after blank lines", "\n \n", 3},
	} {
		in := io.MultiReader(strings.NewReader(tt.before), iotest.ErrReader(cause))
		_, _, err := customerids.Read(iotest.OneByteReader(in))
		var le *customerids.Error
		if !errors.Is(err, cause) || !errors.As(err, &le) || le.Line != tt.line {
			t.Errorf("%s: error %v, want a *Error on line %d wrapping %v", tt.name, err, tt.line, cause)
		}
	}
}

// TestReadLargeList reads a semicolon export of 100,000 rows streamed
// from a generator.
func TestReadLargeList(t *testing.T) {
	t.Parallel()
	const n = 100_000
	ids, report, err := customerids.Read(&generatedList{n: n, header: "email;Customer ID;note\n", row: "someone@example.com;cust_%07d;a long note about this customer\n"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != n || ids[0] != "cust_0000000" || ids[n-1] != "cust_0099999" {
		t.Fatalf("%d IDs, first %q", len(ids), ids[0])
	}
	if report.Lines != n+1 || report.Column != "Customer ID" || report.Delimiter != ';' {
		t.Errorf("report %+v", report)
	}
}

// TestReadTakesHeaderNamesPeopleExport reads one-column lists headed as exports
// head them: the header is the column's name, never sent as an ID.
func TestReadTakesHeaderNamesPeopleExport(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"id", "ids", "IDs", "customer id", "customer ids", "Customer IDs", "customer_ids", "Customer-IDs",
		"customer.id", "customerIds", "cust_ids", "customers_id", "user_id", "User IDs", "userId", "source_id",
		"source ids", "Source ID", "sourceIds", "customer source id",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ids, report, err := customerids.Read(strings.NewReader(name + "\ncust_1\ncust_2\n"))
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if want := []string{"cust_1", "cust_2"}; !slices.Equal(ids, want) {
				t.Errorf("IDs %q, want %q", ids, want)
			}
			if report.Column != name {
				t.Errorf("column %q, want %q", report.Column, name)
			}
			// The same name heading a column of an export.
			ids, report, err = customerids.Read(strings.NewReader("email;" + name + "\na@x;cust_1\n"))
			if err != nil || !slices.Equal(ids, []string{"cust_1"}) || report.Column != name {
				t.Errorf("semicolon export: IDs %q, column %q, error %v", ids, report.Column, err)
			}
		})
	}
}
