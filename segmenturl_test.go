package segments

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/voucherify-go/segments/api"
)

// segmentURLServers are generated-client servers (with the trailing slash
// api.NewClient adds): a cluster, a loopback sandbox and a path prefix.
var segmentURLServers = []string{
	"https://api.voucherify.io/",
	"http://127.0.0.1:8080/",
	"https://proxy.example.com/voucherify/eu/",
}

// segmentURLIDs are IDs that percent-encoding and URL resolution could treat
// differently.
var segmentURLIDs = []string{
	"seg_Mv5w1b2FIEbiCCO5ioT8TfI2", "a b", "a/b", "a%2Fb", "100%", "?x=1", "#frag", "a;b=c",
	"..a", "a..", "./x", "../x", "x/..", "%2e%2e", "zażółć", "\x00\xff", "SEGMENTIDMARKER", "@:!$&'()*+,=",
}

// requestURLs returns the URL of the request built from our template and of the
// generated builder's, both as the wire would carry them.
func requestURLs(t testing.TB, build func(string, api.SegmentID) (*http.Request, error), server, id string) (ours, generated string) {
	t.Helper()
	tmpl, err := newSegmentURL(build, server)
	if err != nil {
		t.Fatal(err)
	}
	want, err := build(server, id)
	if err != nil {
		t.Fatalf("generated builder, id %q: %v", id, err)
	}
	got, err := url.Parse(tmpl.of(id))
	if err != nil {
		t.Fatalf("parsing %q: %v", tmpl.of(id), err)
	}
	return got.String() + " " + got.RequestURI(), want.URL.String() + " " + want.URL.RequestURI()
}

// TestSegmentURLMatchesGenerated checks that Get and Delete address exactly the
// URL the generated builders would, for every ID that validateSegmentID lets
// through.
func TestSegmentURLMatchesGenerated(t *testing.T) {
	builders := map[string]func(string, api.SegmentID) (*http.Request, error){
		"get": api.NewGetSegmentRequest, "delete": api.NewDeleteSegmentRequest,
	}
	for name, build := range builders {
		for _, server := range segmentURLServers {
			for _, id := range segmentURLIDs {
				if ours, gen := requestURLs(t, build, server, id); ours != gen {
					t.Errorf("%s %s, id %q: %s, generated %s", name, server, id, ours, gen)
				}
			}
		}
	}
}

// FuzzSegmentURL looks for a segment ID whose URL differs from the generated
// builder's.
func FuzzSegmentURL(f *testing.F) {
	for _, id := range segmentURLIDs {
		f.Add(id)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if validateSegmentID(id) != nil {
			return // refused before any URL is built
		}
		for _, server := range segmentURLServers {
			if ours, gen := requestURLs(t, api.NewGetSegmentRequest, server, id); ours != gen {
				t.Errorf("%s, id %q: %s, generated %s", server, id, ours, gen)
			}
		}
	})
}
