//go:build !amd64

package collect

// indexBlocks is indexGeneric.
func indexBlocks(p []byte, out []uint64, carry *[2]uint64) int {
	return indexGeneric(p, out, carry)
}
