// Package scratch makes temporary files that leave nothing behind, even
// when the process is killed: the file's name is removed as soon as it is
// created, and the open file lives on until it is closed. Where a system
// cannot remove an open file's name (Windows), the name goes at Close.
package scratch

import (
	"errors"
	"os"
)

// File is a temporary file without a name, or with one until Close.
type File struct {
	*os.File
	named bool // the name could not be removed at creation
}

// Create makes a temporary file in the system's temporary folder, its name
// from pattern as os.CreateTemp makes it.
func Create(pattern string) (*File, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return nil, err
	}
	return &File{File: f, named: os.Remove(f.Name()) != nil}, nil
}

// Close closes the file and removes its name if it still has one.
func (f *File) Close() error {
	err := f.File.Close()
	if f.named {
		f.named = false
		if rerr := os.Remove(f.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			return errors.Join(err, rerr)
		}
	}
	return err
}
