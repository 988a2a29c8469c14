package customerids

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// checkVisible refuses an ID holding a character nobody sees, or sees as
// another: "c1" followed by a zero-width space looks like "c1" but is another
// ID to the API.
func checkVisible(id string, line int) error {
	for _, c := range id {
		if ' ' <= c && c <= '~' || c > unicode.MaxASCII && unicode.IsGraphic(c) && !unicode.Is(unicode.Zs, c) {
			continue
		}
		var reason string
		switch {
		case unicode.IsControl(c):
			reason = fmt.Sprintf("the customer ID %q holds the control character %U", cut(id, 60), c)
			if c == 0 {
				reason += ": is the file UTF-16? Save it as UTF-8"
			}
		default:
			reason = fmt.Sprintf("the customer ID %q holds %U, a character that is not seen (%s): remove it", cut(id, 60), c, invisibleKind(c))
		}
		return &Error{Line: line, Reason: reason}
	}
	return nil
}

// invisibleKind names the kind of an invisible character other than a control
// character.
func invisibleKind(c rune) string {
	switch {
	case unicode.Is(unicode.Cf, c):
		return "a format character, such as a zero-width space or a direction mark"
	case unicode.Is(unicode.Zs, c):
		return "a space other than the plain one"
	case unicode.In(c, unicode.Zl, unicode.Zp):
		return "a line or paragraph separator"
	default:
		return "a private-use or unassigned code point"
	}
}

// isBlankRune reports whether c is white space or a separator: a line or
// record of nothing else is blank.
func isBlankRune(c rune) bool {
	return unicode.IsSpace(c) || strings.ContainsRune(delimiters, c)
}

// blankBytes reports whether b holds nothing but white space and separators.
func blankBytes(b []byte) bool {
	return len(bytes.TrimFunc(b, isBlankRune)) == 0
}

// blankRecord reports whether every field of rec holds nothing but white
// space and separators.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimFunc(f, isBlankRune) != "" {
			return false
		}
	}
	return true
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
