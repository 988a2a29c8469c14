package main

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// userHZ is the unit of the CPU times in /proc/PID/stat: 100 a second on every
// architecture Linux runs Go on.
const userHZ = 100

// processCPU returns the CPU time, user and system, that process pid and all its
// threads have used so far (ok false if it cannot be read).
func processCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	return parseStatCPU(b)
}

// parseStatCPU reads utime and stime (the 14th and 15th fields) from the text of
// /proc/PID/stat. The second field, the command name in parentheses, may hold spaces
// and parentheses, so the fields are counted from its closing parenthesis.
func parseStatCPU(stat []byte) (time.Duration, bool) {
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, false
	}
	fields := bytes.Fields(stat[end+1:]) // from the 3rd field, state
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return 0, false
	}
	// Ticks of 10 ms: 32 bits hold over a year of CPU time, and the sum cannot overflow.
	u, errU := strconv.ParseUint(string(fields[utime]), 10, 32)
	s, errS := strconv.ParseUint(string(fields[stime]), 10, 32)
	if errU != nil || errS != nil {
		return 0, false
	}
	return time.Duration(int64(u)+int64(s)) * time.Second / userHZ, true
}
