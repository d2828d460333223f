package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
)

// Every file is read through a size limit, so that a path to /dev/zero or
// a file of many gigabytes is a one-line refusal instead of a program that
// eats the machine's memory and dies with a stack trace.
var (
	// MaxDocumentBytes bounds the files read whole into memory: scenarios,
	// criteria, judgments, saved reports, trial usage. The largest of these
	// trailwise writes (a report of a 2,000-account organization over five
	// years) is a few megabytes.
	MaxDocumentBytes int64 = 64 << 20
	// MaxDatasetBytes bounds a dataset, which is read as a stream into
	// packed rows (in memory about a seventh of its bytes): 8 GiB is about
	// 25 million usage rows, 10,000 accounts in 17 regions for 150 days
	// (the 90 days of BENCHMARKS.md's largest organization are 5.1 GB).
	MaxDatasetBytes int64 = 8 << 30
)

// SetLimit sets both limits to n bytes (the --max-input-size flag).
func SetLimit(n int64) {
	MaxDocumentBytes, MaxDatasetBytes = n, n
}

// LimitFlag names the flag that raises the limits, for the refusal to cite.
const LimitFlag = "--max-input-size"

// limitError is a file found larger than its limit.
type limitError struct{ limit int64 }

func (e *limitError) Error() string {
	return fmt.Sprintf("larger than %s, the most trailwise reads of such a file (raise it with %s)", FormatSize(e.limit), LimitFlag)
}

// limitReader reads at most limit bytes from r and fails with a
// *limitError, rather than io.EOF, when there are more.
type limitReader struct {
	r     io.Reader
	left  int64
	limit int64
}

func newLimitReader(r io.Reader, limit int64) *limitReader {
	return &limitReader{r: r, left: limit, limit: limit}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var probe [1]byte
		n, err := l.r.Read(probe[:])
		if n > 0 {
			return 0, &limitError{l.limit}
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// ReadAll reads r whole, through the document limit; name is the file
// name errors start with (<stdin> for a pipe).
func ReadAll(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(newLimitReader(r, MaxDocumentBytes))
	if err != nil {
		return nil, readError(fileName(name), err)
	}
	return data, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, readError(fileName(path), err)
	}
	defer f.Close()
	return ReadAll(path, f)
}

// readError is the one-line error for a file that cannot be read.
func readError(name string, err error) *Error {
	var le *limitError
	if errors.As(err, &le) {
		return &Error{File: name, Msg: le.Error(), Err: err, whole: true}
	}
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return &Error{File: name, Msg: "cannot read: " + reason, Err: err, whole: true}
}

// ParseSize reads a size for --max-input-size: a whole number of bytes,
// or of KiB, MiB, GiB or TiB (KB, MB, GB, TB and K, M, G, T read the same).
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for i, unit := range []string{"K", "M", "G", "T"} {
		for _, suffix := range []string{unit + "IB", unit + "B", unit} {
			if strings.HasSuffix(t, suffix) {
				t, mult = strings.TrimSpace(strings.TrimSuffix(t, suffix)), int64(1)<<(10*(i+1))
				break
			}
		}
		if mult > 1 {
			break
		}
	}
	t = strings.TrimSuffix(t, "B")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("expected a size like 512MiB or 4GiB, got %q", s)
	}
	return n * mult, nil
}

// FormatSize writes n bytes in the largest binary unit that divides it.
func FormatSize(n int64) string {
	for _, u := range []struct {
		name  string
		shift uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
