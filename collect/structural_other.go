//go:build !amd64

package collect

// indexBlocks is indexGeneric.
func indexBlocks(p []byte, out []uint64, carry *[2]uint64) int {
	if kernelForTests != nil {
		return kernelForTests(p, out, carry)
	}
	return indexGeneric(p, out, carry)
}

// indexKernels are the kernels a test can compare with indexGeneric: none
// here.
func indexKernels() map[string]func(p []byte, out []uint64, carry *[2]uint64) int {
	return nil
}
