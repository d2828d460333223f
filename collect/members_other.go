//go:build !amd64

package collect

// walkAsm is false: fields walks every member in Go.
const walkAsm = false

func walkMembers(w *memberWalk) (end bool) { panic("collect: no assembly walk here") }
