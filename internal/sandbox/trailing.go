package sandbox

// hasTrailingData reports whether body, when it starts with an object or an array, has
// anything but whitespace after that first value. The JSON decoder of the validator
// stops after the first value, so without this check `{...} garbage` would be accepted,
// where the real API refuses the body as invalid JSON.
//
// The scan tracks only strings and nesting, so it costs a fraction of a decode. It is
// exact for valid JSON: when body is one valid value, the scan ends at that value's end
// and finds nothing after it. A true result therefore always means that body is not a
// single JSON value; a false one leaves the rest of the checking to the decoder.
func hasTrailingData(body []byte) bool {
	i := skipSpace(body, 0)
	if i == len(body) || (body[i] != '{' && body[i] != '[') {
		return false
	}
	depth, inString, escaped := 0, false, false
	for ; i < len(body); i++ {
		c := body[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return skipSpace(body, i+1) != len(body)
			}
		}
	}
	return false
}

// skipSpace returns the index of the first byte of body at or after i that is not JSON
// whitespace.
func skipSpace(body []byte, i int) int {
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
		i++
	}
	return i
}
