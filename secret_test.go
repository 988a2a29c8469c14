package segments_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/voucherify-go/segments"
)

// Every fmt verb, on a Client value and pointer and on either one held in a
// struct (exported or not), a slice and a map, never reaches the secret key:
// fmt walks unexported fields by reflection, and a verb a pointer does not take
// (%s, %d, %x) prints what it points to.
func TestNoFmtVerbPrintsTheSecret(t *testing.T) {
	c := newTestClient(t, "https://api.voucherify.io")
	type holder struct {
		Exported *segments.Client
		value    segments.Client
		pointer  *segments.Client
	}
	values := map[string]any{
		"value":                   *c,
		"pointer":                 c,
		"struct":                  holder{Exported: c, value: *c, pointer: c},
		"pointer to struct":       &holder{Exported: c, value: *c, pointer: c},
		"slice of values":         []segments.Client{*c},
		"slice of pointers":       []*segments.Client{c},
		"map of values":           map[string]segments.Client{"c": *c},
		"map of pointers":         map[string]*segments.Client{"c": c},
		"struct in a slice":       []holder{{value: *c}},
		"anonymous struct":        struct{ c segments.Client }{*c},
		"anonymous struct, deep":  struct{ inner struct{ c *segments.Client } }{struct{ c *segments.Client }{c}},
		"array of values":         [1]segments.Client{*c},
		"interface in a struct":   struct{ v any }{*c},
		"pointer in an interface": struct{ v any }{c},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%p", "%T", "%b", "%o", "%e", "%U", "%c", "%8.3v", "%-20s"}
	for name, v := range values {
		for _, verb := range verbs {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, testSecret) || strings.Contains(strings.ToLower(out), strings.ToLower(fmt.Sprintf("%x", testSecret))) {
				t.Errorf("%s printed with %s shows the secret: %.200s", name, verb, out)
			}
		}
		if out := fmt.Sprint(v) + fmt.Sprintln(v); strings.Contains(out, testSecret) {
			t.Errorf("%s printed with Sprint shows the secret", name)
		}
	}
}
