//go:build !linux

package main

import "time"

// processCPU is not available outside Linux: the report leaves the CPU columns empty.
func processCPU(int) (time.Duration, bool) {
	return 0, false
}
