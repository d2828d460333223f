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

// export writes the report JSON and the Markdown decision record of what is
// on screen, in a tea.Cmd.
func (m *Model) export() tea.Cmd {
	doc, dir := m.s.doc, m.s.exportDir
	m.s.message = "exporting…"
	return func() tea.Msg {
		files, err := Export(doc, dir)
		return exportedMsg{files: files, err: err}
	}
}

// Export writes doc as trailwise-report.json and its decision record as
// trailwise-decision.md in dir. It never overwrites a file: when either name
// is taken, both get the first free numeric suffix (trailwise-report-1.json,
// trailwise-decision-1.md). It returns the paths written.
func Export(doc *report.Document, dir string) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	var js, md bytes.Buffer
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
	for n := 0; n < 10000; n++ {
		suffix := ""
		if n > 0 {
			suffix = fmt.Sprintf("-%d", n)
		}
		jp := filepath.Join(dir, "trailwise-report"+suffix+".json")
		mp := filepath.Join(dir, "trailwise-decision"+suffix+".md")
		if exists(jp) || exists(mp) {
			continue
		}
		if err := create(jp, js.Bytes()); err != nil {
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return nil, err
		}
		if err := create(mp, md.Bytes()); err != nil {
			os.Remove(jp)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return nil, err
		}
		return []string{jp, mp}, nil
	}
	return nil, fmt.Errorf("%s: no free file name", dir)
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
