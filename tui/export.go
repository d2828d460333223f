package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/report"
)

// export writes the report JSON, the Markdown decision record and the HTML
// page of what is on screen, in a tea.Cmd.
func (m *Model) export() tea.Cmd {
	doc, dir := m.s.doc, m.s.exportDir
	m.s.message = "exporting…"
	return func() tea.Msg {
		files, err := Export(doc, dir)
		return exportedMsg{files: files, err: err}
	}
}

// Export writes doc as trailwise-report.json, its decision record as
// trailwise-decision.md and the page to open or print as
// trailwise-report.html in dir. It never overwrites a file: when any name
// is taken, all get the first free numeric suffix (trailwise-report-1.json,
// trailwise-decision-1.md, trailwise-report-1.html). It returns the paths
// written.
func Export(doc *report.Document, dir string) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	var js, md, page bytes.Buffer
	if err := report.JSON(&js, doc); err != nil {
		return nil, err
	}
	var err error
	if doc.Ranking != nil {
		err = report.RankingMarkdown(&md, doc)
	} else {
		err = report.Markdown(&md, doc) // a saved estimate: no ranking to record
	}
	if err != nil {
		return nil, err
	}
	if err := report.HTML(&page, doc); err != nil {
		return nil, err
	}
	files := []exportFile{{"trailwise-report", ".json", js.Bytes()}, {"trailwise-decision", ".md", md.Bytes()}, {"trailwise-report", ".html", page.Bytes()}}
	for n := 0; n < 10000; n++ {
		suffix := ""
		if n > 0 {
			suffix = fmt.Sprintf("-%d", n)
		}
		paths, err := writeAll(dir, suffix, files)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return paths, err
	}
	return nil, fmt.Errorf("%s: no free file name", dir)
}

// exportFile is one file of an export: its name, less the suffix, and data.
type exportFile struct {
	stem, ext string
	data      []byte
}

// writeAll creates every file with the suffix, or none: a name taken is
// fs.ErrExist, and the files already written are removed.
func writeAll(dir, suffix string, files []exportFile) ([]string, error) {
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.stem+suffix+f.ext)
		if exists(p) {
			return nil, fs.ErrExist
		}
		paths = append(paths, p)
	}
	for i, f := range files {
		if err := create(paths[i], f.data); err != nil {
			for _, done := range paths[:i] {
				os.Remove(done)
			}
			return nil, err
		}
	}
	return paths, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// create writes a new file, failing if the name is taken.
func create(p string, data []byte) error {
	// an export holds the organization's accounts and costs: the owner's alone
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	return f.Close()
}
