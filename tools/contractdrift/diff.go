package main

import "sort"

// difference is one statement that only one side makes, with the number of
// its details that are missing on the other side too (folded under it: an
// operation upstream adds is one difference, not one per field).
type difference struct {
	Item    string
	Details int
	Entry   int    // the number of the deliberate entry that lists it (from 1); 0 when none does
	From    string // the upstream files that make it, for a statement only upstream makes
}

// namedFacts are the statements of one upstream file.
type namedFacts struct {
	name  string
	facts facts
}

// merge returns the statements that any of the files makes, and for each the
// names of the files that make it. Each file was read on its own, and
// statements name what a client sees, never a component: two files that both
// have an Error schema do not meet here, only their statements about the
// operations that use them.
func merge(files []namedFacts) (facts, map[string][]string) {
	all := facts{}
	from := map[string][]string{}
	for _, f := range files {
		for _, key := range sortedKeys(f.facts) {
			all.add(f.facts[key], key)
			from[key] = append(from[key], f.name)
		}
	}
	return all, from
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
