package collect

import "golang.org/x/sys/cpu"

// indexAVX2 is in structural_amd64.s.
//
//go:noescape
func indexAVX2(p *byte, blocks int, out *uint64, carry *[2]uint64) (bad int)

var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasPCLMULQDQ

// indexBlocks is indexGeneric, 64 bytes per step on machines with AVX2.
func indexBlocks(p []byte, out []uint64, carry *[2]uint64) int {
	if !haveAVX2 || len(p) < 64 {
		return indexGeneric(p, out, carry)
	}
	return indexAVX2(&p[0], len(p)/64, &out[0], carry)
}
