package customerids

import "strconv"

// Error reports why Read refused a list: it cannot be read as one list of
// customer IDs without guessing.
type Error struct {
	// Line is the line (counting from 1) the problem is on.
	Line int
	// Reason says what is wrong and, where it can, how to fix the file.
	Reason string
	// Err is the error of the input or of the CSV reader, if one caused it.
	Err error
}

func (e *Error) Error() string {
	return "customerids: line " + strconv.Itoa(e.Line) + ": " + e.Reason
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }
