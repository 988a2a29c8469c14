package sandbox

import (
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// checkUTF8 refuses a request whose path or query, once unescaped, is not valid UTF-8:
// the sandbox would otherwise look up, store or echo bytes that no JSON text can hold.
func checkUTF8(r *http.Request) *apiError {
	if !utf8.ValidString(r.URL.Path) {
		return errInvalidUTF8("The path")
	}
	if raw := r.URL.RawQuery; !strings.Contains(raw, "%") && utf8.ValidString(raw) {
		return nil // nothing escaped: the values are the raw bytes, valid
	}
	for k, vs := range r.URL.Query() {
		if !utf8.ValidString(k) {
			return errInvalidUTF8("A query parameter's name")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return errInvalidUTF8("The query parameter " + k)
			}
		}
	}
	return nil
}

// isUTF8Charset reports whether contentType names no charset or UTF-8, the only
// encoding of JSON the sandbox reads (RFC 8259 requires it).
func isUTF8Charset(contentType string) bool {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}
