package segments

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/voucherify-go/segments/api"
)

// Markers for the name and the customer list in the template of a static body: safe
// ASCII, which JSON encodes as itself.
const (
	nameMarker      = "SDK-NAME-MARKER"
	customersMarker = "SDK-CUSTOMERS-MARKER"
)

// staticTemplate encodes static segments exactly as json.Marshal encodes
// api.StaticSegmentCreate, byte for byte, in one allocation of the final size, never zeroed.
//
// json.Marshal of 20,000 IDs walks them by reflection into a pooled buffer that grows
// by doubling, then copies the result into a new slice: whenever the pool comes back
// empty (after a garbage collection, or on another P), over 2 MB of fresh memory is
// written for a 640 KB body. On a machine that pages out cold memory, Create of 20,000
// customers was 10-20% slower than a hand-written client (pprof and perf: page faults
// in Marshal's copy and the pool buffer's growth).
//
// The template is json.Marshal of the generated type with markers for the name and the
// customers, taken once in NewClient, so that the field names, their order and the type
// value stay the generated code's; each body is the template with the name and the IDs
// in place of the markers. An ID or name that JSON leaves as it is (the usual case) is
// copied between quotes; any other is encoded by json.Marshal.
type staticTemplate struct {
	// parts are the template's text before, between and after the two markers, and
	// nameFirst says which marker comes first.
	parts     [3]string
	nameFirst bool
}

// newStaticTemplate takes the template from json.Marshal of the generated type.
func newStaticTemplate() (staticTemplate, error) {
	frame, err := json.Marshal(api.StaticSegmentCreate{
		Name: nameMarker, Type: api.StaticSegmentCreateTypeStatic, Customers: []string{customersMarker},
	})
	if err != nil {
		return staticTemplate{}, err
	}
	s := string(frame)
	name, customers := `"`+nameMarker+`"`, `"`+customersMarker+`"`
	n, c := strings.Index(s, name), strings.Index(s, customers)
	if n < 0 || c < 0 || strings.Count(s, name) != 1 || strings.Count(s, customers) != 1 {
		return staticTemplate{}, errors.New("the generated static segment does not encode its name and customers as expected: " + s)
	}
	t := staticTemplate{nameFirst: n < c}
	first, second := customers, name
	if t.nameFirst {
		first, second = name, customers
	}
	before, rest, _ := strings.Cut(s, first)
	between, after, _ := strings.Cut(rest, second)
	t.parts = [3]string{before, between, after}
	return t, nil
}

// body encodes the static segment of name and customers. It is a string, built
// without zeroing memory that is written at once, for a strings.Reader request body.
func (t staticTemplate) body(name string, customers []string) (string, error) {
	if len(customers) == 0 {
		// omitempty leaves the list out: not the template's shape.
		b, err := json.Marshal(api.StaticSegmentCreate{Name: name, Type: api.StaticSegmentCreateTypeStatic})
		return string(b), err
	}
	encName, err := newJSONString(name)
	if err != nil {
		return "", err
	}
	size := len(t.parts[0]) + len(t.parts[1]) + len(t.parts[2]) + encName.size() + len(customers) - 1 // the commas
	var escaped map[int][]byte                                                                        // the IDs that JSON changes, encoded
	for i, id := range customers {
		if jsonVerbatim(id) {
			size += len(id) + 2
			continue
		}
		b, err := json.Marshal(id)
		if err != nil {
			return "", err
		}
		if escaped == nil {
			escaped = make(map[int][]byte)
		}
		escaped[i] = b
		size += len(b)
	}
	var b strings.Builder
	b.Grow(size)
	writeCustomers := func() {
		for i, id := range customers {
			if i > 0 {
				b.WriteByte(',')
			}
			if enc, ok := escaped[i]; ok {
				b.Write(enc)
				continue
			}
			b.WriteByte('"')
			b.WriteString(id)
			b.WriteByte('"')
		}
	}
	b.WriteString(t.parts[0])
	if t.nameFirst {
		encName.writeTo(&b)
	} else {
		writeCustomers()
	}
	b.WriteString(t.parts[1])
	if t.nameFirst {
		writeCustomers()
	} else {
		encName.writeTo(&b)
	}
	b.WriteString(t.parts[2])
	return b.String(), nil
}

// jsonString is s encoded as a JSON string, as json.Marshal encodes it: s between
// quotes when verbatim, else the encoding.
type jsonString struct {
	s        string
	verbatim bool
	encoded  []byte
}

// newJSONString encodes s.
func newJSONString(s string) (jsonString, error) {
	if jsonVerbatim(s) {
		return jsonString{s: s, verbatim: true}, nil
	}
	b, err := json.Marshal(s)
	return jsonString{encoded: b}, err
}

// size is the length of the encoding.
func (j jsonString) size() int {
	if j.verbatim {
		return len(j.s) + 2
	}
	return len(j.encoded)
}

// writeTo writes the encoding to b.
func (j jsonString) writeTo(b *strings.Builder) {
	if !j.verbatim {
		b.Write(j.encoded)
		return
	}
	b.WriteByte('"')
	b.WriteString(j.s)
	b.WriteByte('"')
}

// jsonVerbatim reports whether json.Marshal encodes s as s between quotes: ASCII from
// the space up, without the characters it escapes (the quote, the backslash and, as HTML
// escaping is on, <, > and &). It runs on every byte of every ID, so it looks each byte
// up in verbatimBytes rather than testing it.
func jsonVerbatim(s string) bool {
	for i := 0; i < len(s); i++ {
		if verbatimBytes[s[i]] != '1' {
			return false
		}
	}
	return true
}

// verbatimBytes has a '1' at the index of each byte that json.Marshal copies as it is
// into a string (see jsonVerbatim), a '0' elsewhere. TestVerbatimBytes checks it.
const verbatimBytes = "0000000000000000000000000000000011011101111111111111111111110101" +
	"1111111111111111111111111111011111111111111111111111111111111111" +
	"0000000000000000000000000000000000000000000000000000000000000000" +
	"0000000000000000000000000000000000000000000000000000000000000000"
