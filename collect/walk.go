package collect

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// walkFollowing walks the tree at root like filepath.WalkDir, in lexical
// order, but follows symbolic links, root included: a log archive is often
// a folder of links to where the logs were copied. A link is followed once
// and never into a loop: one whose target is inside a tree already walked
// (the folder itself, or the target of an earlier link) is skipped, and so
// is one whose target contains such a tree; each skip is told to skipped
// with the reason, so that nothing is counted twice or silently left out.
// fn sees a followed link as its target's entry under the link's path.
func walkFollowing(root string, fn fs.WalkDirFunc, skipped func(path, why string)) error {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fn(root, nil, err)
	}
	info, err := os.Stat(real)
	if err != nil {
		return fn(root, nil, err)
	}
	w := &follower{fn: fn, skipped: skipped, trees: []string{real}, files: map[string]bool{}}
	err = w.walk(root, fs.FileInfoToDirEntry(info))
	if err == fs.SkipDir || err == fs.SkipAll {
		return nil
	}
	return err
}

type follower struct {
	fn      fs.WalkDirFunc
	skipped func(path, why string)
	trees   []string        // real paths of the trees walked: the root's, the links' targets
	files   map[string]bool // real paths of files reached through links outside the trees
}

func (w *follower) walk(path string, d fs.DirEntry) error {
	if err := w.fn(path, d, nil); err != nil || !d.IsDir() {
		if err == fs.SkipDir && d.IsDir() {
			return nil
		}
		return err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		if err := w.fn(path, d, err); err != nil && err != fs.SkipDir {
			return err
		}
		return nil
	}
	for _, e := range entries {
		p := filepath.Join(path, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			target, ok := w.follow(p)
			if !ok {
				continue
			}
			e = target
		}
		if err := w.walk(p, e); err != nil {
			if err == fs.SkipDir {
				continue
			}
			return err
		}
	}
	return nil
}

// follow resolves the link at p; false when it is skipped (and told why).
func (w *follower) follow(p string) (fs.DirEntry, bool) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		w.skipped(p, "a link whose target cannot be reached ("+describeOSError(err)+")")
		return nil, false
	}
	info, err := os.Stat(real)
	if err != nil {
		w.skipped(p, "a link whose target cannot be read ("+describeOSError(err)+")")
		return nil, false
	}
	if parent, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil && info.IsDir() && within(parent, real) {
		w.skipped(p, "a link to "+real+", a folder that holds the link (a loop)")
		return nil, false
	}
	for _, t := range w.trees {
		switch {
		case within(real, t):
			w.skipped(p, "a link to "+real+", inside a folder already read: counted there, not twice")
			return nil, false
		case info.IsDir() && within(t, real):
			w.skipped(p, "a link to "+real+", which holds a folder already read (a loop)")
			return nil, false
		}
	}
	if info.IsDir() {
		w.trees = append(w.trees, real)
	} else {
		if w.files[real] {
			w.skipped(p, "a second link to "+real+": counted once")
			return nil, false
		}
		w.files[real] = true
	}
	return fs.FileInfoToDirEntry(info), true
}

// within says whether path is dir or inside it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}
