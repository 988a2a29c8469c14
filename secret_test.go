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
	assertNeverPrinted(t, newTestClient(t, "https://api.voucherify.io"), testSecret)
}

// assertNeverPrinted fails the test if any fmt verb on c, on a pointer to it
// or on either one held in a struct, slice, map or interface shows a secret,
// as it is or in hex.
func assertNeverPrinted(t *testing.T, c *segments.Client, secrets ...string) {
	t.Helper()
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
			out := fmt.Sprintf(verb, v)
			for _, secret := range secrets {
				if strings.Contains(out, secret) || strings.Contains(strings.ToLower(out), strings.ToLower(fmt.Sprintf("%x", secret))) {
					t.Errorf("%s printed with %s shows a secret: %.200s", name, verb, out)
				}
			}
		}
		out := fmt.Sprint(v) + fmt.Sprintln(v)
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("%s printed with Sprint shows a secret", name)
			}
		}
	}
}
