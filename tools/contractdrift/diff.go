package main

import "sort"

// difference is one statement that only one side makes, with the number of
// its details that are missing on the other side too (folded under it: an
// operation upstream adds is one difference, not one per field).
type difference struct {
	Item    string
	Details int
	Entry   int // the number of the deliberate entry that lists it (from 1); 0 when none does
}

// onlyIn returns the statements of a that b does not make, folded: a
// statement whose parent is itself only in a is counted under that parent.
func onlyIn(a, b facts) []difference {
	missing := map[string]bool{}
	for key := range a {
		if _, ok := b[key]; !ok {
			missing[key] = true
		}
	}
	top := func(key string) string {
		for missing[a[key]] {
			key = a[key]
		}
		return key
	}
	details := map[string]int{}
	for key := range missing {
		if t := top(key); t != key {
			details[t]++
		}
	}
	var out []difference
	for key := range missing {
		if top(key) == key {
			out = append(out, difference{Item: key, Details: details[key]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Item < out[j].Item })
	return out
}
