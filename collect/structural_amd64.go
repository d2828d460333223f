package collect

import "golang.org/x/sys/cpu"

// indexAsm is in structural_amd64.s.
//
//go:noescape
func indexAsm(p *byte, blocks int, out *uint64, carry *[2]uint64, wide bool) (bad int)

// The kernels this machine can run: with AVX2, a carry-less multiply and
// BMI1's ANDN, and with AVX-512 (byte compares into mask registers) on
// top.
var (
	haveAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasPCLMULQDQ && cpu.X86.HasBMI1
	haveAVX512 = haveAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW
)

// indexBlocks is indexGeneric, 64 bytes per step with vector instructions
// where the machine has them.
func indexBlocks(p []byte, out []uint64, carry *[2]uint64) int {
	if kernelForTests != nil {
		return kernelForTests(p, out, carry)
	}
	if !haveAVX2 || len(p) < 64 {
		return indexGeneric(p, out, carry)
	}
	return indexAsm(&p[0], len(p)/64, &out[0], carry, haveAVX512)
}

// indexKernels are the kernels a test can compare with indexGeneric.
func indexKernels() map[string]func(p []byte, out []uint64, carry *[2]uint64) int {
	k := map[string]func(p []byte, out []uint64, carry *[2]uint64) int{}
	for _, wide := range []bool{false, true} {
		if !haveAVX2 || wide && !haveAVX512 {
			continue
		}
		name := map[bool]string{false: "avx2", true: "avx512"}[wide]
		k[name] = func(p []byte, out []uint64, carry *[2]uint64) int {
			if len(p) < 64 {
				return indexGeneric(p, out, carry)
			}
			return indexAsm(&p[0], len(p)/64, &out[0], carry, wide)
		}
	}
	return k
}
