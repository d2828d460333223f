package collect

import "unsafe"

// walkAsm says whether fields hands members to walkMembers first.
const walkAsm = true

// walkMembers is in members_amd64.s.
//
//go:noescape
func walkMembers(w *memberWalk) (end bool)

// The assembly steps through keptKeys 40 bytes at a time.
const _ = uint(unsafe.Sizeof(keptKey{}) - 40)
const _ = uint(40 - unsafe.Sizeof(keptKey{}))

// The assembly reads a row's key at its start, and the booleans' fields
// as fields 1 and 2.
const _ = uint(0 - unsafe.Offsetof(recordSig{}.key))
const _ = uint(fManagement-1) + uint(1-fManagement) + uint(fReadOnly-2) + uint(2-fReadOnly)
