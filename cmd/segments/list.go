package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/voucherify-go/segments"
)

func listCommand() command {
	return command{
		name:     "list",
		synopsis: []string{"list [--name NAME] [--type TYPE[,TYPE]] [--limit N] [--all] [--table]"},
		summary:  "list segments as JSON lines or a table",
		about: fmt.Sprintf(`Lists segments, newest first: one page (--limit of them, 1 to %d; the API's
default is 10), or with --all every matching segment, page after page.

Each segment is printed on one line as the API's JSON as it came, or with
--table as a table of ID, type, creation time and name. How many segments
match in all goes to standard error.
`, segments.MaxListLimit),
		flags: func(fs *flag.FlagSet) action {
			o := &listOptions{}
			fs.StringVar(&o.name, "name", "", "only the segments named exactly `NAME`")
			fs.Func("type", "only the segments of `TYPE`: static, auto-update or passive; comma-separated or repeated for several", func(v string) error {
				for _, t := range strings.Split(v, ",") {
					o.types = append(o.types, segments.Type(strings.TrimSpace(t)))
				}
				return nil
			})
			fs.IntVar(&o.limit, "limit", 0, fmt.Sprintf("segments per page, 1 to %d (default: the API's, 10; with --all, %d)", segments.MaxListLimit, segments.MaxListLimit))
			fs.BoolVar(&o.all, "all", false, "every matching segment, page after page")
			fs.BoolVar(&o.table, "table", false, "print a table instead of JSON lines")
			o.api.register(fs)
			return o.run
		},
	}
}

// listOptions are the flags of list.
type listOptions struct {
	name  string
	types []segments.Type
	limit int
	all   bool
	table bool
	api   apiFlags
}

// run lists the segments.
func (o *listOptions) run(ctx context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	params := segments.ListParams{Name: o.name, Types: o.types, Limit: o.limit}
	raw := newRawBodies()
	client, err := newClient(raw, o.api)
	if err != nil {
		return err
	}
	out := newSegmentWriter(p.stdout, raw, o.table)
	if !o.all {
		page, err := client.List(ctx, params)
		if err != nil {
			return refusedAsUsage(err)
		}
		for i := range page.Segments {
			if err := out.write(&page.Segments[i]); err != nil {
				return err
			}
		}
		if err := out.flush(); err != nil {
			return err
		}
		fmt.Fprintf(p.stderr, "segments list: %d of %d %s", len(page.Segments), page.Total, plural(page.Total, "segment", "segments"))
		if len(page.Segments) < page.Total {
			fmt.Fprint(p.stderr, " (--all for every one)")
		}
		fmt.Fprintln(p.stderr)
		return nil
	}
	n := 0
	for seg, err := range client.All(ctx, params) {
		if err != nil {
			_ = out.flush()
			return refusedAsUsage(err)
		}
		if err := out.write(seg); err != nil {
			return err
		}
		n++
	}
	if err := out.flush(); err != nil {
		return err
	}
	fmt.Fprintf(p.stderr, "segments list: %d %s\n", n, plural(n, "segment", "segments"))
	return nil
}

// segmentWriter prints segments as JSON lines or as the rows of a table.
type segmentWriter struct {
	w     io.Writer
	raw   *rawBodies
	table *tabwriter.Writer // nil for JSON lines
}

func newSegmentWriter(w io.Writer, raw *rawBodies, table bool) *segmentWriter {
	sw := &segmentWriter{w: w, raw: raw}
	if table {
		sw.table = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(sw.table, "ID\tTYPE\tCREATED_AT\tNAME")
	}
	return sw
}

// write prints seg: its JSON as the API sent it, on one line, or a row.
func (sw *segmentWriter) write(seg *segments.Segment) error {
	if sw.table != nil {
		_, err := fmt.Fprintf(sw.table, "%s\t%s\t%s\t%s\n", seg.ID, seg.Type, seg.CreatedAt.UTC().Format(time.RFC3339Nano), quoteCell(seg.Name))
		return err
	}
	b := sw.raw.segment(seg.ID)
	if b == nil {
		var err error
		if b, err = json.Marshal(seg); err != nil {
			return fmt.Errorf("writing the result: %w", err)
		}
	}
	var line bytes.Buffer
	if err := json.Compact(&line, b); err != nil {
		return fmt.Errorf("the API's answer is not JSON: %w", err)
	}
	line.WriteByte('\n')
	if _, err := sw.w.Write(line.Bytes()); err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}

// flush writes the table out.
func (sw *segmentWriter) flush() error {
	if sw.table == nil {
		return nil
	}
	if err := sw.table.Flush(); err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}

// quoteCell keeps a name with tabs, line breaks or control characters from
// breaking the table (or the terminal): such a name is printed quoted.
func quoteCell(s string) string {
	for _, c := range s {
		if c < ' ' || c == 0x7f {
			return fmt.Sprintf("%q", s)
		}
	}
	return s
}
