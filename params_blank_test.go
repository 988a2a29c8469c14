package segments

import (
	"strings"
	"testing"
)

// TestBlank checks the fast path of blank against strings.TrimSpace, the rule
// it stands for.
func TestBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\t\n\v\f\r ", "\u0085", "\u00a0", "\u2003 ", "c", " c", "c ", "\u00a0c",
		"\x7f", "\x00", "\xff", "é", "cust_1", "!"} {
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzBlank looks for a string on which blank and strings.TrimSpace disagree.
func FuzzBlank(f *testing.F) {
	for _, s := range []string{"", " ", "\u00a0", "c", "\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", s, got, want)
		}
	})
}
