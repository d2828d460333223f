// Command trailwise tells an AWS Organization how to manage CloudTrail: it
// prices every management strategy on measured CloudTrail volume and
// compares them.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
)

func main() {
	setMemoryLimit()
	os.Exit(run(os.Args[1:]))
}

// defaultMemoryLimit is the heap Go's garbage collector works to stay
// under when GOMEMLIMIT is not set. By default the collector lets the heap
// grow to twice what is live, so the 1.3 GB a dataset of 10,000 accounts ×
// 17 regions × 90 days keeps live would peak past 3 GB; under this soft
// limit the whole process stays under 2 GB (BENCHMARKS.md), for a few
// seconds more of collection. Smaller datasets never come near it.
const defaultMemoryLimit = 1750 << 20

func setMemoryLimit() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// run executes the command line and returns the exit code: 0 on success,
// 1 when the work failed (bad input, unreadable file), 2 on a usage error,
// or the code a command chose (collect: 3 for a partial dataset).
func run(args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	stdout, stderr := newSafeWriter(os.Stdout), newSafeWriter(os.Stderr)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.Execute(); err != nil {
		err = plainFlagError(err)
		var code exitCode
		if errors.As(err, &code) {
			return int(code)
		}
		fmt.Fprintln(stderr, "trailwise: "+oneLine(err.Error()))
		if isUsageError(err) {
			return 2
		}
		return 1
	}
	return 0
}
