package customerids_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/voucherify-go/segments/customerids"
)

// FuzzRead reads arbitrary input as a customer list. It never panics; it
// either refuses the input with a *Error on a line of it, or returns distinct,
// trimmed, valid UTF-8 IDs without invisible characters, and a report that
// adds up.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		"cust_1\ncust_2\n", "id;email\ncust_1;a@x\n", "\uFEFFCustomer ID,name\r\n\"cust_1\",\"A, B\"\r\n",
		"customer_id\tx\ncust_1\t\n", "email\na@x\n", "a;b,c\n", "cust_1\n\uFEFFcust_2", "\xff\xfe", "\"",
		"id,note\ncust_1,\"two\nlines\"\n\n,\n", ",,;\nsource ids\nc1\u200b\n", "Customer IDs\n1\n;;\n2\n",
		"Kundennummer\n", "anna@example.com\n", "id;x\n" + strings.Repeat(";", 100) + "\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ids, report, err := customerids.Read(strings.NewReader(in))
		if err != nil {
			var le *customerids.Error
			if !errors.As(err, &le) || le.Line < 1 || le.Line > strings.Count(in, "\n")+1 || le.Reason == "" {
				t.Fatalf("error %v: want a *Error on a line of the input", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if id == "" || id != strings.TrimSpace(id) || !utf8.ValidString(id) || seen[id] {
				t.Fatalf("ID %q: empty, untrimmed, not UTF-8 or repeated", id)
			}
			if i := strings.IndexFunc(id, func(c rune) bool { return c != ' ' && (!unicode.IsGraphic(c) || unicode.Is(unicode.Zs, c)) }); i >= 0 {
				t.Fatalf("ID %q holds an invisible character at byte %d", id, i)
			}
			seen[id] = true
		}
		if report.Lines < len(ids)+report.Duplicates || report.Blanks < 0 || report.Blanks > report.Lines {
			t.Fatalf("report %+v for %d IDs", report, len(ids))
		}
	})
}
