// Package customerids reads the list of customer IDs a person uploads or
// exports, such as the customers of a static segment: one ID per line, or a
// CSV, TSV or semicolon-separated export whose header names the ID column.
// [Read] returns the IDs in the order of the list, without duplicates, and a
// [Report] of what it read; a list it cannot read without guessing is refused
// with an [*Error] naming the line and the reason. The package knows nothing
// of the API: the IDs are plain strings, ready for the Customers of a static
// segment's create parameters.
//
//	ids, report, err := customerids.Read(upload)
//	var le *customerids.Error
//	if errors.As(err, &le) {
//		return fmt.Errorf("line %d of the file: %s", le.Line, le.Reason)
//	}
//
// # Layout
//
// The delimiter is the one of ',', ';' and tab found in the first non-blank
// line; that line is then the header, and the ID column the one it names as
// holding customer IDs. Quoted fields follow RFC 4180 (encoding/csv). A first
// line without a delimiter starts a list of one column, with or without a
// header.
//
// # Headers
//
// A header names customer IDs when it is, with case, spaces, underscores,
// hyphens and dots ignored and "IDs" read as "ID": id, customer_id, cust_id or
// customers_id (Voucherify's customer IDs, such as
// cust_iajsExT2QB4sGWzABY85WRqV), or user_id, source_id or customer_source_id
// (the IDs customers have in the merchant's own systems, which Voucherify calls
// source IDs). So "IDs", "Customer IDs", "customer-ids", "userId" and "Source
// ID" are headers, never IDs. An export with two such columns, such as id and
// source_id, is refused: keep one.
//
// # The first line of a one-column list
//
// It is the header when it names customer IDs as above, and refused when it
// names something else (email, name, phone, Column1 and the like). Otherwise
// it is the first ID only when no header is written so:
//
//   - a Voucherify customer ID: cust_ and at least 16 ASCII letters and
//     digits; or
//   - a source ID without white space holding a character headers are not
//     made of: a digit, or a sign other than _ - . # ' ( ) / (such as @ or :).
//
// So cust_1, 100234, anna@example.com and user-7 are IDs, while Kundennummer,
// "Customer number" and alice are refused: a list of such IDs needs a header
// line (id) above them. The lines after the first are IDs whatever they look
// like.
//
// # Skipped and refused
//
// Blank lines (empty, white space only, or separators only, such as ",,," or
// ";;", the first line included) are skipped and counted; white space around
// IDs and a UTF-8 byte order mark at the start are ignored; duplicates are
// dropped, the first kept.
//
// Refused, with the line: columns without a header naming the ID column, two
// ID columns, a single column named for something else, a separator in a line
// of a one-column list, a record whose field count differs from the header's,
// an empty ID, a repeated header, text that is not UTF-8 (UTF-16 included), a
// byte order mark inside the text, and an ID holding a character nobody sees,
// or sees as another: a control character, a format character (Unicode
// category Cf: the zero-width space U+200B, joiners, direction marks, the soft
// hyphen), a line or paragraph separator, a private-use or unassigned code
// point, or a space other than U+0020 (such as the no-break space U+00A0).
// Taken as written, "c1" and a zero-width space would be a customer other than
// c1, which nobody reading the list could see.
//
// # Bounds
//
// The input is streamed: memory holds the IDs returned and an index of them
// (for the duplicates), plus the record being read, which is bounded. A record
// (a line, or the lines a quoted field spans) longer than 1 MiB, or holding
// more than 16,384 separators, quoted or not (the most columns a spreadsheet
// exports), is refused before it is split into fields, and so is a first
// non-blank line longer than 64 KiB.
package customerids
