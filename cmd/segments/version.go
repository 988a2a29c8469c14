package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"

	"github.com/voucherify-go/segments"
	"github.com/voucherify-go/segments/internal/spec"
)

func versionCommand() command {
	return command{
		name:     "version",
		synopsis: []string{"version"},
		summary:  "print the SDK and contract versions",
		about: `Prints the version of the Go SDK this command is built with, and the
info.version of the contract (openapi.yaml) compiled into it.
`,
		flags: func(*flag.FlagSet) action { return runVersion },
	}
}

// runVersion prints the versions.
func runVersion(_ context.Context, p *proc, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	doc, err := spec.GetSpec()
	if err != nil {
		return fmt.Errorf("reading the embedded contract: %w", err)
	}
	fmt.Fprintf(p.stdout, "segments %s (%s, %s/%s)\n", segments.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(p.stdout, "SDK:      github.com/voucherify-go/segments %s\n", segments.Version)
	fmt.Fprintf(p.stdout, "contract: openapi.yaml %s (%s)\n", doc.Info.Version, doc.Info.Title)
	return nil
}
