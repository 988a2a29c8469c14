package loadgen

import (
	"strings"
	"testing"
	"time"
)

func TestEvaluate(t *testing.T) {
	rows := []Row{
		{"GET", "sandbox", Summary{Requests: 1000, PerSecond: 1000}},
		{"GET", "prism", Summary{Requests: 90, PerSecond: 90}},
		{"POST", "sandbox", Summary{Requests: 40, PerSecond: 40, Errors: 1}},
		{"POST", "prism", Summary{Requests: 4, PerSecond: 4}},
	}
	checks := Evaluate(rows, []Target{
		{"GET", "sandbox", "prism", 10},
		{"POST", "sandbox", "prism", 5},
		{"DELETE", "sandbox", "prism", 1},
	})
	if !checks[0].Met || checks[0].Ratio < 11.1 || checks[0].Ratio > 11.2 {
		t.Errorf("GET: %+v", checks[0])
	}
	if checks[1].Met || !strings.Contains(checks[1].String(), "NOT met") {
		t.Errorf("POST with an error: %v", checks[1])
	}
	if checks[2].Met {
		t.Errorf("missing rows: %v", checks[2])
	}
}

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	err := WriteTable(&b, []Row{{"GET", "sandbox", Summary{Requests: 10, PerSecond: 12.34, P50: 1500 * time.Microsecond, P99: 2 * time.Millisecond}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"scenario", "req/s", "12.3", "1.500ms", "2.000ms", "sandbox"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
