package sandbox

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// listQuery is the query of list, parsed: the page size, the order and the conditions
// a segment must meet.
type listQuery struct {
	limit       int
	oldestFirst bool
	ids         []string // the ids parameter; nil for any
	or          bool     // filters[junction]=or
	conditions  []condition
}

// condition is one operator of filters on one field of a segment.
type condition struct {
	field string // id, name, type or created_at
	op    string // $in, $is, $after...
	args  []string
}

// queryError is a list query that the sandbox refuses: the parameter and why.
type queryError struct {
	param, reason string
}

func (e *queryError) Error() string {
	return fmt.Sprintf("invalid query parameter '%s': %s", e.param, e.reason)
}

// details is the error's text as the details of a 400 answer.
func (e *queryError) details() string {
	return fmt.Sprintf("Invalid query parameter '%s': %s", e.param, e.reason)
}

// defaultListLimit is the page size of a list without a limit, as on the real API.
const defaultListLimit = 10

// isField reports whether filters has the field.
func isField(field string) bool {
	switch field {
	case "id", "name", "type", "created_at":
		return true
	}
	return false
}

// isOperator reports whether the field of filters takes the operator, as the contract
// declares them.
func isOperator(field, op string) bool {
	switch op {
	case "$has_value", "$is_unknown":
		return true
	case "$in", "$not_in", "$is", "$is_not", "$starts_with", "$ends_with", "$contains", "$not_contain":
		return field != "created_at"
	case "$after", "$before", "$more_than", "$less_than":
		return field == "created_at"
	}
	return false
}

// isListOperator reports whether op takes a list of values.
func isListOperator(op string) bool { return op == "$in" || op == "$not_in" }

// parseListQuery reads the query of list. Arrays of filters may be sent indexed, as
// oapi-codegen's runtime sends them (filters[id][conditions][$in][0]=a), with empty
// brackets ([$in][]=a) or as repeated keys ([$in]=a&[$in]=b). The error is the details
// of a 400.
func parseListQuery(q url.Values) (listQuery, *queryError) {
	lq := listQuery{limit: defaultListLimit, ids: q["ids"]}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return lq, &queryError{"limit", "must be an integer from 1 to 100"}
		}
		lq.limit = n
	}
	switch q.Get("order") {
	case "", "-created_at":
	case "created_at":
		lq.oldestFirst = true
	default:
		return lq, &queryError{"order", "must be created_at or -created_at"}
	}
	byCondition := make(map[[2]string]int)
	for _, key := range slices.Sorted(maps.Keys(q)) {
		if !strings.HasPrefix(key, "filters") {
			continue // limit, order, ids, or a parameter the API ignores
		}
		path, ok := bracketPath(key)
		if !ok {
			return lq, &queryError{"filters", key + ": expected filters[FIELD][conditions][OPERATOR]"}
		}
		if err := lq.addFilter(path, q[key], byCondition); err != nil {
			return lq, &queryError{"filters", key + ": " + err.Error()}
		}
	}
	// Keep the conditions of a field together, for matches.
	slices.SortStableFunc(lq.conditions, func(a, b condition) int { return strings.Compare(a.field, b.field) })
	return lq, nil
}

// addFilter adds one filters[...] key of the path path with its values.
func (lq *listQuery) addFilter(path []string, values []string, byCondition map[[2]string]int) error {
	if len(path) == 1 && path[0] == "junction" {
		switch values[len(values)-1] {
		case "and":
		case "or":
			lq.or = true
		default:
			return fmt.Errorf("junction must be and or or")
		}
		return nil
	}
	if len(path) < 3 || path[1] != "conditions" {
		return fmt.Errorf("expected filters[FIELD][conditions][OPERATOR]")
	}
	field, op := path[0], path[2]
	if !isField(field) {
		return fmt.Errorf("unknown field %q", field)
	}
	if !isOperator(field, op) {
		return fmt.Errorf("unknown operator %q for %s", op, field)
	}
	switch {
	case len(path) == 3:
	case len(path) == 4 && isListOperator(op) && (path[3] == "" || isIndex(path[3])):
	default:
		return fmt.Errorf("unexpected %q", strings.Join(path[3:], "]["))
	}
	if !isListOperator(op) && len(values) > 1 {
		return fmt.Errorf("%s takes one value", op)
	}
	if err := checkArgs(field, op, values); err != nil {
		return err
	}
	k := [2]string{field, op}
	i, seen := byCondition[k]
	if !seen {
		i = len(lq.conditions)
		lq.conditions = append(lq.conditions, condition{field: field, op: op})
		byCondition[k] = i
	}
	lq.conditions[i].args = append(lq.conditions[i].args, values...)
	return nil
}

// checkArgs checks the values of an operator whose values have a format.
func checkArgs(field, op string, values []string) error {
	for _, v := range values {
		switch {
		case field == "created_at" && (op == "$after" || op == "$before"):
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				return fmt.Errorf("%s must be a date-time such as 2024-01-01T00:00:00.000Z", op)
			}
		case op == "$more_than" || op == "$less_than":
			if _, err := strconv.Atoi(v); err != nil {
				return fmt.Errorf("%s must be a whole number of days", op)
			}
		case field == "type" && (op == "$in" || op == "$not_in" || op == "$is" || op == "$is_not"):
			if v != TypeStatic && v != TypeAutoUpdate && v != TypePassive {
				return fmt.Errorf("%s must be static, auto-update or passive", op)
			}
		}
	}
	return nil
}

// bracketPath returns the parts in brackets of a key "filters[a][b]...": [a b ...].
func bracketPath(key string) ([]string, bool) {
	rest := strings.TrimPrefix(key, "filters")
	if rest == "" {
		return nil, false
	}
	var path []string
	for rest != "" {
		inner, after, ok := strings.Cut(rest, "]")
		if !ok || !strings.HasPrefix(inner, "[") {
			return nil, false
		}
		path = append(path, inner[1:])
		rest = after
	}
	return path, true
}

// isIndex reports whether s is an array index: digits only.
func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// indexFilterArrays rewrites the arrays of filters sent as repeated keys
// (filters[id][conditions][$in]=a&...=b) or with empty brackets ([$in][]=a) into the
// indexed form that the contract's deepObject validation reads ([$in][0]=a). It
// reports whether it changed anything.
func indexFilterArrays(q url.Values) bool {
	changed := false
	for key, values := range q {
		base, empty := strings.CutSuffix(key, "[]")
		if !strings.HasPrefix(key, "filters") || (!empty && len(values) < 2) {
			continue
		}
		delete(q, key)
		for i, v := range values {
			q.Add(base+"["+strconv.Itoa(i)+"]", v)
		}
		changed = true
	}
	return changed
}

// conflictingDeepKey finds a deep-object key of the query that another key
// extends (filters[id] and filters[id][conditions]): the key is then both a
// value and an object, which no decoding can hold.
func conflictingDeepKey(q url.Values) (string, bool) {
	for key := range q {
		for i := len(key) - 1; i > 0; i-- {
			if key[i] == '[' {
				if _, ok := q[key[:i]]; ok && strings.HasSuffix(key, "]") {
					return key[:i], true
				}
			}
		}
	}
	return "", false
}
