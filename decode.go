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

// checkKeys walks body with encoding/json's token stream and refuses an object
// that holds a key twice or lacks one that required names for it and, in the
// objects that decode into a generated type (strict says which, by their path
// of keys, "*" for an array item), two keys that differ in letter case only.
func checkKeys(body []byte, strict func(path string) bool, required func(path string) []string) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			fold := strict(path)
			seen := map[string]string{} // by the key, folded where keys fold
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := tok.(string)
				name := key
				if fold {
					name = foldKey(key)
				}
				if first, dup := seen[name]; dup {
					return fmt.Errorf("the keys %q and %q of %s name one field", first, key, where(path))
				}
				seen[name] = key
				if err := walk(path + "/" + key); err != nil {
					return err
				}
			}
			for _, k := range required(path) {
				name := k
				if fold {
					name = foldKey(k)
				}
				if got, ok := seen[name]; !ok || got != k {
					return fmt.Errorf("the required key %q is missing from %s", k, where(path))
				}
			}
		case json.Delim('['):
			for dec.More() {
				if err := walk(path + "/*"); err != nil {
					return err
				}
			}
		default:
			return nil
		}
		_, err = dec.Token() // the closing delimiter
		return err
	}
	return walk("")
}

// foldKey folds a key as encoding/json does when it matches keys to fields.
func foldKey(key string) string {
	return strings.Map(func(r rune) rune { return unicode.ToUpper(unicode.ToLower(r)) }, key)
}

func where(path string) string {
	if path == "" {
		return "the answer"
	}
	return path
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
func decodedSegment(op string, p parsed[api.Segment], rep reply) (*Segment, error) {
	if reason := answerProblem(p, rep, func(path string) bool { return path == "" }, requiredSegmentKeys); reason != "" {
		return nil, unexpected(op, rep, reason)
	}
	if reason := checkSegment(p.result); reason != "" {
		return nil, unexpected(op, rep, reason)
	}
	return p.result, nil
}

// decodedList checks a page of list-segment read whole.
func decodedList(p parsed[api.SegmentList], rep reply) (*SegmentList, error) {
	strict := func(path string) bool { return path == "" || path == "/data/*" }
	required := func(path string) []string {
		if path == "" {
			return requiredKeys[api.SegmentList]()
		}
		return requiredSegmentKeys(strings.TrimPrefix(path, "/data/*"))
	}
	if reason := answerProblem(p, rep, strict, required); reason != "" {
		return nil, unexpected(opList, rep, reason)
	}
	if reason := checkList(p.result); reason != "" {
		return nil, unexpected(opList, rep, reason)
	}
	return &SegmentList{Segments: p.result.Data, Total: p.result.Total}, nil
}

// answerProblem says why a 2xx answer is not the JSON its parser expects, or "".
func answerProblem[T any](p parsed[T], rep reply, strict func(string) bool, required func(string) []string) string {
	switch {
	case p.err != nil:
		return p.err.Error()
	case p.result == nil:
		return fmt.Sprintf("content type %q, want application/json", rep.resp.Header.Get("Content-Type"))
	}
	if err := checkKeys(rep.body, strict, required); err != nil {
		return err.Error()
	}
	return ""
}

// requiredSegmentKeys are the keys a segment object must hold, at its root.
func requiredSegmentKeys(path string) []string {
	if path != "" {
		return nil
	}
	return requiredKeys[api.Segment]()
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
