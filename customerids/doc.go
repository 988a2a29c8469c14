// Package customerids reads the list of customer IDs a person uploads or
// exports, such as the customers of a static segment, from any io.Reader: one
// ID per line, or a CSV, TSV or semicolon-separated export whose header names
// the ID column.
//
//	ids, report, err := customerids.Read(upload)
//	var le *customerids.Error
//	if errors.As(err, &le) {
//		return fmt.Errorf("line %d of the file: %s", le.Line, le.Reason)
//	}
//
// [Read] returns the IDs in the order of the list, without duplicates, and a
// [Report] of what it read; a list it cannot read without guessing is refused
// with an [*Error] naming the line and the reason. The package knows nothing
// of the API: the IDs are plain strings, ready for the Customers of a static
// segment's create parameters.
package customerids
