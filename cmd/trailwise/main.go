// Command trailwise tells an AWS Organization how to manage CloudTrail: it
// prices every management strategy on measured CloudTrail volume and
// compares them.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
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
