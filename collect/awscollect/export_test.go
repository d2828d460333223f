package awscollect

import (
	"fmt"
	"sort"
)

// What the tests reach and the program does not.

// AllSources switches every collector on.
func AllSources() Sources { return Sources{true, true, true, true} }

// sortedCounts renders request counts as "action n" lines.
func sortedCounts(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(out)
	return out
}
