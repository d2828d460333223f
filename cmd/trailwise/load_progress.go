package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// loadProgressFrom is the file size from which reading a dataset shows a
// progress line: a smaller file reads in a few seconds, while the 5 GB of
// 10,000 accounts take half a minute of silence otherwise.
const loadProgressFrom = 64 << 20

// datasetProgress returns what reading the dataset at path tells of its
// progress, and what ends the line once the dataset is read (with the
// dataset, or nil when reading failed): a line on w rewritten in place, when
// w is a terminal and the file at least loadProgressFrom; otherwise nothing.
func datasetProgress(w io.Writer, path string) (progress func(read, size int64), done func(*model.Dataset)) {
	st, err := os.Stat(path)
	if w == nil || !isTerminal(w) || err != nil || st.Size() < loadProgressFrom {
		return nil, func(*model.Dataset) {}
	}
	return progressLine(raw(w)) // the line holds no text from input: only figures
}

// progressLine writes the progress of a dataset's reading to w, one line
// rewritten with carriage returns, ended by done with what was read.
func progressLine(w io.Writer) (progress func(read, size int64), done func(*model.Dataset)) {
	var size int64
	shown := false
	progress = func(read, total int64) {
		size = total
		pct := int64(100)
		if total > 0 {
			pct = min(100, read*100/total)
		}
		fmt.Fprintf(w, "\rtrailwise: reading the dataset: %s of %s (%d%%)   ", fileSize(read, total), fileSize(total, total), pct)
		shown = true
	}
	done = func(d *model.Dataset) {
		switch {
		case !shown:
		case d == nil:
			fmt.Fprintln(w) // the error that follows starts a line of its own
		default:
			fmt.Fprintf(w, "\rtrailwise: read the dataset: %s, %s usage rows; pricing them   \n", fileSize(size, size), textfmt.Thousands(strconv.Itoa(d.RowCount())))
		}
	}
	return progress, done
}

// fileSize is n bytes in the unit of total: GiB with one decimal from
// 1 GiB, whole MiB below.
func fileSize(n, total int64) string {
	if total >= 1<<30 {
		return textfmt.Fixed(float64(n)/(1<<30), 1) + " GiB"
	}
	return strconv.FormatInt(n>>20, 10) + " MiB"
}
