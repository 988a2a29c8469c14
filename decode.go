package segments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/voucherify-go/segments/api"
)

// The generated parsers, reduced to what the wrapper uses of their answers.

func parseCreate(resp *http.Response) (parsed[api.Segment], error) {
	r, err := api.ParseCreateSegmentResponse(resp)
	if err != nil {
		return parsed[api.Segment]{}, err
	}
	return parsed[api.Segment]{result: r.JSON200, rate: firstRate((*rateHeaders)(r.Headers200), (*rateHeaders)(r.Headers400),
		(*rateHeaders)(r.Headers401), (*rateHeaders)(r.Headers413), (*rateHeaders)(r.Headers415),
		(*rateHeaders429)(r.Headers429).rate(), (*rateHeaders)(r.Headers5XX))}, nil
}

func parseGet(resp *http.Response) (parsed[api.Segment], error) {
	r, err := api.ParseGetSegmentResponse(resp)
	if err != nil {
		return parsed[api.Segment]{}, err
	}
	return parsed[api.Segment]{result: r.JSON200, rate: firstRate((*rateHeaders)(r.Headers200), (*rateHeaders)(r.Headers400),
		(*rateHeaders)(r.Headers401), (*rateHeaders)(r.Headers404), (*rateHeaders429)(r.Headers429).rate(), (*rateHeaders)(r.Headers5XX))}, nil
}

func parseDelete(resp *http.Response) (parsed[struct{}], error) {
	r, err := api.ParseDeleteSegmentResponse(resp)
	if err != nil {
		return parsed[struct{}]{}, err
	}
	return parsed[struct{}]{rate: firstRate((*rateHeaders)(r.Headers204), (*rateHeaders)(r.Headers400),
		(*rateHeaders)(r.Headers401), (*rateHeaders)(r.Headers404), (*rateHeaders429)(r.Headers429).rate(), (*rateHeaders)(r.Headers5XX))}, nil
}

func parseList(resp *http.Response) (parsed[api.SegmentList], error) {
	r, err := api.ParseListSegmentResponse(resp)
	if err != nil {
		return parsed[api.SegmentList]{}, err
	}
	return parsed[api.SegmentList]{result: r.JSON200, rate: firstRate((*rateHeaders)(r.Headers200), (*rateHeaders)(r.Headers400),
		(*rateHeaders)(r.Headers401), (*rateHeaders429)(r.Headers429).rate(), (*rateHeaders)(r.Headers5XX))}, nil
}

func parseCustomerSegments(resp *http.Response) (parsed[api.CustomerSegmentList], error) {
	r, err := api.ParseListCustomerSegmentsResponse(resp)
	if err != nil {
		return parsed[api.CustomerSegmentList]{}, err
	}
	return parsed[api.CustomerSegmentList]{result: r.JSON200, rate: firstRate((*rateHeaders)(r.Headers200), (*rateHeaders)(r.Headers400),
		(*rateHeaders)(r.Headers401), (*rateHeaders429)(r.Headers429).rate(), (*rateHeaders)(r.Headers5XX))}, nil
}

// isJSON reports whether an answer's body is JSON by the generated parsers'
// own rule, so that an error body is read when a success body would be.
func isJSON(resp *http.Response) bool {
	return strings.Contains(resp.Header.Get("Content-Type"), "json")
}

// The checks below hold a decoded answer to what openapi.yaml says and a
// struct cannot: encoding/json takes the last of two equal keys, matches keys
// in any letter case, and leaves a missing field at its zero value.

// keyLevel is an object of an answer that decodes into a generated type: the
// keys openapi.yaml requires of it, and the members that hold such objects too
// (by their folded key; an array member holds them as items).
type keyLevel struct {
	required []string
	members  map[string]*keyLevel
}

// checkKeys reads body with jsontext, encoding/json/v2's token stream (a
// mirror of the standard library's, which aliases it from Go 1.27). Its
// decoder refuses a key repeated in any object and text that is not UTF-8.
// Besides, checkKeys refuses an object of the levels under root that holds two
// keys in any letter case alike (encoding/json, which the generated parsers
// use, matches keys case-insensitively and takes the last) or lacks a key it
// requires. Other values, such as a segment's filter, are read whole. The body
// decoded already: at each level, an object or null.
func checkKeys(body []byte, root *keyLevel) error {
	return root.check(jsontext.NewDecoder(bytes.NewReader(body)))
}

// check reads the object of l from dec.
func (l *keyLevel) check(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil || tok.Kind() != '{' {
		return err
	}
	seen := make(map[string]string, 8) // the keys, by their folded form
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		key := tok.String()
		folded := foldKey(key)
		if first, dup := seen[folded]; dup {
			return fmt.Errorf("the keys %q and %q of one object name one field", first, key)
		}
		seen[folded] = key
		switch member := l.members[folded]; {
		case member == nil:
			err = dec.SkipValue()
		case dec.PeekKind() == '[':
			err = member.checkEach(dec, key)
		default:
			err = member.check(dec)
		}
		if err != nil {
			return err
		}
	}
	for _, k := range l.required {
		if seen[foldKey(k)] != k {
			return fmt.Errorf("the required key %q is missing", k)
		}
	}
	_, err = dec.ReadToken() // the closing brace
	return err
}

// checkEach reads the array of objects of l, the value of key, from dec.
func (l *keyLevel) checkEach(dec *jsontext.Decoder, key string) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for i := 0; dec.PeekKind() != ']'; i++ {
		if err := l.check(dec); err != nil {
			return fmt.Errorf("%s[%d]: %w", key, i, err)
		}
	}
	_, err := dec.ReadToken()
	return err
}

// foldKey returns a key's case-folded form: keys that encoding/json would match to
// one field fold alike. Lower case is the form a key usually has already, so that
// folding it costs no allocation.
func foldKey(key string) string {
	return strings.Map(func(r rune) rune { return unicode.ToLower(unicode.ToUpper(r)) }, key)
}

// checkSegment says what a decoded segment lacks of the contract, or "".
func checkSegment(s *api.Segment) string {
	switch {
	case s.ID == "":
		return "the segment has no id"
	case s.Name == "":
		return "the segment " + s.ID + " has no name"
	case s.CreatedAt.IsZero():
		return "the segment " + s.ID + " has no created_at"
	case !s.Type.Valid():
		return fmt.Sprintf("the segment %s has the unknown type %q", s.ID, s.Type)
	case !s.Object.Valid():
		return fmt.Sprintf("the segment %s has the object %q, want \"segment\"", s.ID, s.Object)
	}
	return ""
}

// decodedSegment checks the segment of a create or get answer read whole.
func (c *Client) decodedSegment(op string, p parsed[api.Segment], rep reply) (*Segment, error) {
	reason := answerProblem(p, rep, c.levels.segment)
	if reason == "" {
		reason = checkSegment(p.result)
	}
	if reason != "" {
		return nil, unexpected(op, rep, reason)
	}
	return p.result, nil
}

// decodedList checks a page of list-segment read whole.
func (c *Client) decodedList(p parsed[api.SegmentList], rep reply) (*SegmentList, error) {
	reason := answerProblem(p, rep, c.levels.list)
	if reason == "" {
		reason = checkList(p.result)
	}
	if reason != "" {
		return nil, unexpected(opList, rep, reason)
	}
	return &SegmentList{Segments: p.result.Data, Total: p.result.Total}, nil
}

// answerProblem says why a 2xx answer is not the JSON its parser expects, or "".
func answerProblem[T any](p parsed[T], rep reply, root *keyLevel) string {
	switch {
	case p.err != nil:
		return p.err.Error()
	case p.result == nil:
		return fmt.Sprintf("content type %q, want application/json", rep.resp.Header.Get("Content-Type"))
	}
	if err := checkKeys(rep.body, root); err != nil {
		return err.Error()
	}
	return ""
}

// answerLevels are the key levels of each answer the client reads, built once.
type answerLevels struct {
	segment, list, customerSegments *keyLevel
}

func newAnswerLevels() answerLevels {
	segment := &keyLevel{required: requiredKeys[api.Segment]()}
	return answerLevels{
		segment: segment,
		list:    &keyLevel{required: requiredKeys[api.SegmentList](), members: map[string]*keyLevel{"data": segment}},
		customerSegments: &keyLevel{required: requiredKeys[api.CustomerSegmentList](),
			members: map[string]*keyLevel{"data": {required: requiredKeys[api.SegmentRef]()}}},
	}
}

// requiredKeys returns the JSON names of the fields of the generated type T
// that openapi.yaml requires: the generator writes omitempty on every other one.
func requiredKeys[T any]() []string {
	var names []string
	for f := range reflect.TypeFor[T]().Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" && !slices.Contains(strings.Split(opts, ","), "omitempty") {
			names = append(names, name)
		}
	}
	return names
}

// checkList says what a decoded page lacks of the contract, or "".
func checkList(l *api.SegmentList) string {
	switch {
	case !l.Object.Valid():
		return fmt.Sprintf("the object is %q, want \"list\"", l.Object)
	case !l.DataRef.Valid():
		return fmt.Sprintf("data_ref is %q, want \"data\"", l.DataRef)
	case l.Total < 0:
		return fmt.Sprintf("total is %d", l.Total)
	case len(l.Data) > l.Total:
		return fmt.Sprintf("the page holds %d segments, more than its total of %d", len(l.Data), l.Total)
	}
	ids := make(map[string]bool, len(l.Data))
	for i := range l.Data {
		if bad := checkSegment(&l.Data[i]); bad != "" {
			return fmt.Sprintf("data[%d]: %s", i, bad)
		}
		if ids[l.Data[i].ID] {
			return fmt.Sprintf("the segment %s appears twice in the page", l.Data[i].ID)
		}
		ids[l.Data[i].ID] = true
	}
	return ""
}

// segmentIDOf returns the "id" of an answer whose body could not be decoded,
// as far as it arrived, so that a caller can be told which segment a create
// made; "" when the body names none, or two.
func segmentIDOf(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	var ids []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			break
		}
		var id string
		if tok == "id" && json.Unmarshal(value, &id) == nil && id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		return ""
	}
	return ids[0]
}
