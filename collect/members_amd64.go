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
