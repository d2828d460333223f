package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write puts the artefacts under dir without ever leaving half a plan or
// overwriting a file unasked: every file is written first into a new
// directory beside dir, then moved into place (one rename for a new dir).
// Without force, an artefact whose path already exists under dir stops
// everything before anything moves.
func Write(dir string, artefacts []Artefact, force bool) error {
	if !force {
		for _, a := range artefacts {
			target := filepath.Join(dir, filepath.FromSlash(a.Path))
			if _, err := os.Lstat(target); err == nil {
				return fmt.Errorf("%s: exists; give --force to overwrite it, or another --out", target)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".trailwise-plan-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // empty after the moves, or what a failure left
	for _, a := range artefacts {
		p := filepath.Join(tmp, filepath.FromSlash(a.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, a.Content, 0o644); err != nil {
			return err
		}
	}
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Chmod(tmp, 0o755); err != nil {
			return err
		}
		return os.Rename(tmp, dir)
	}
	for _, a := range artefacts {
		target := filepath.Join(dir, filepath.FromSlash(a.Path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(tmp, filepath.FromSlash(a.Path)), target); err != nil {
			return err
		}
	}
	return nil
}
