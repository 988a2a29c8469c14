package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseFilterKeepsNumbersAsWritten(t *testing.T) {
	t.Parallel()
	f, err := parseFilter(`{"junction": "and", "points": {"conditions": {"$more_than": [12345678901234567890, 0.1e1]}}}`, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	sent, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"junction":"and","points":{"conditions":{"$more_than":[12345678901234567890,0.1e1]}}}`; string(sent) != want {
		t.Errorf("sent %s, want %s", sent, want)
	}
}
