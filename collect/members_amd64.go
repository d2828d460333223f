package collect

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// walkAsm says whether fields hands members to walkMembers first: where
// the machine has AVX2, which the walk's signature key is read and written
// with, 32 bytes at a time, BMI1 (in haveAVX2), whose BLSR takes a mark,
// and BMI2, whose SHLX and SHRX shift by a register.
var walkAsm = haveAVX2 && cpu.X86.HasBMI2

// walkMembers is in members_amd64.s.
//
//go:noescape
func walkMembers(w *memberWalk) (end bool)

// The assembly reads each part of keptKeys by the place, eight bytes a
// place.
const _ = uint(unsafe.Sizeof(keptKeys.n[0])-8) + uint(8-unsafe.Sizeof(keptKeys.n[0]))

// The assembly reads a row's key at its start, and steps through a key's
// slots and the masks 32 bytes at a time (a shift by 5), its words at
// fixed offsets.
const _ = uint(0 - unsafe.Offsetof(recordSig{}.key))
const _ = uint(sigWordBytes-32) + uint(32-sigWordBytes)

// The assembly clears managementEvent's and readOnly's litBools with one
// store of two bytes.
const _ = uint(fReadOnly-fManagement-1) + uint(fManagement+1-fReadOnly)
