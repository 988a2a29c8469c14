package customerids

import (
	"strings"
	"unicode"
)

// isIDColumn reports whether a header, normalised by normalizeColumnName,
// names a column of customer IDs: Voucherify's IDs (id, customer_id, cust_id)
// or the IDs a customer has in the merchant's own systems, which Voucherify
// calls source IDs (source_id, user_id).
func isIDColumn(normalized string) bool {
	switch normalized {
	case "id", "customerid", "custid", "customersid", "userid", "sourceid", "customersourceid":
		return true
	}
	return false
}

// isOtherColumn reports whether a header, normalised by normalizeColumnName,
// names a column that does not hold customer IDs, or that a spreadsheet names
// for want of a name: in a one-column file it is refused rather than sent as
// an ID.
func isOtherColumn(normalized string) bool {
	switch strings.TrimRight(normalized, "0123456789") {
	case "email", "emailaddress", "mail", "name", "firstname", "lastname", "fullname",
		"phone", "phonenumber", "customer", "customers", "column", "col", "field":
		return true
	}
	return false
}

// normalizeColumnName lowercases a header, drops spaces, underscores, hyphens
// and dots, and makes a plural "ids" singular, so that "Customer ID",
// "customer_ids" and "customerId" are one name.
func normalizeColumnName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(strings.TrimSpace(s)) {
		switch c {
		case ' ', '_', '-', '.', '\t':
		default:
			b.WriteRune(c)
		}
	}
	n := b.String()
	if strings.HasSuffix(n, "ids") {
		n = strings.TrimSuffix(n, "s")
	}
	return n
}

// maxColumnName is longer than any header isIDColumn knows, with its
// separators: a longer string is no column name, and is not normalised (a
// customer ID is checked against the names on every line).
const maxColumnName = 24

// isIDColumnName reports whether s is the header of a column of customer IDs.
func isIDColumnName(s string) bool {
	return len(s) <= maxColumnName && isIDColumn(normalizeColumnName(s))
}

// minCustomerIDTail is the least number of letters and digits after "cust_"
// that makes a Voucherify customer ID without a digit plausible: its IDs have
// 24 (cust_iajsExT2QB4sGWzABY85WRqV), a header such as cust_name far fewer.
const minCustomerIDTail = 16

// plausibleID reports whether s, the first line of a one-column list that is
// no known header, can be taken for a customer ID rather than for a header:
// a Voucherify customer ID (cust_ and at least minCustomerIDTail letters and
// digits), or a source ID without white space holding a character no header is
// made of (a digit, @, :, and the like): 100234, anna@example.com and user-7
// are IDs; Kundennummer, Customer number and alice could be headers.
func plausibleID(s string) bool {
	if tail, ok := strings.CutPrefix(s, "cust_"); ok && len(tail) >= minCustomerIDTail &&
		!strings.ContainsFunc(tail, func(c rune) bool { return c > unicode.MaxASCII || !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		return true
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	return strings.ContainsFunc(s, func(c rune) bool { return !isHeaderRune(c) })
}

// isHeaderRune reports whether c is one headers are written with: letters (of
// any script), their marks, and the punctuation of names such as "Cust. #",
// "Kunden-Nr" or "ID(s)".
func isHeaderRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsMark(c) || strings.ContainsRune("_-.#'()/", c)
}
