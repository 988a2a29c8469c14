package segments_test

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/voucherify-go/segments"
)

// TestSegmentDocListsEveryField checks that the doc comment of Segment in
// types.go lists the fields of the generated type, no more and no fewer, so
// that go doc of this package stays enough to use a Segment.
func TestSegmentDocListsEveryField(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("types.go")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile(`(?m)^//\t([A-Z]\w*)\s+\S`).FindAllSubmatch(src, -1) {
		documented = append(documented, string(m[1]))
	}
	var fields []string
	typ := reflect.TypeFor[segments.Segment]()
	for i := range typ.NumField() {
		fields = append(fields, typ.Field(i).Name)
	}
	slices.Sort(documented)
	slices.Sort(fields)
	if !slices.Equal(documented, fields) {
		t.Errorf("types.go documents the fields %q of Segment; it has %q", documented, fields)
	}
}
