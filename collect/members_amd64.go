package collect

import "unsafe"

// walkAsm says whether fields hands members to walkMembers first: where
// the machine has AVX2, which the walk's signature key is read and written
// with, 32 bytes at a time.
var walkAsm = haveAVX2

// walkMembers is in members_amd64.s.
//
//go:noescape
func walkMembers(w *memberWalk) (end bool)

// The assembly steps through keptKeys 40 bytes at a time.
const _ = uint(unsafe.Sizeof(keptKey{}) - 40)
const _ = uint(40 - unsafe.Sizeof(keptKey{}))

// The assembly reads a row's key at its start, and steps through a key's
// slots and the masks 32 bytes at a time (a shift by 5), its words at
// fixed offsets.
const _ = uint(0 - unsafe.Offsetof(recordSig{}.key))
const _ = uint(sigWordBytes-32) + uint(32-sigWordBytes)
