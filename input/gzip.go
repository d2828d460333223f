package input

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
)

// A dataset may be gzip-compressed (as `collect -o org.json.gz` writes
// it): a file that starts with gzip's magic bytes (1f 8b) is inflated as
// it is read, whatever its name, so that a renamed file reads the same and
// a plain file named .gz is still read. JSON cannot start with those
// bytes, so the choice is never ambiguous. The inflated stream is held to
// the dataset limit (MaxDatasetBytes, raised with --max-input-size) as
// the log scanner holds a log file to its inflation cap: a small file that
// inflates to gigabytes is refused once the limit is passed, before the
// rows it would fill memory with are read.

// gzipMagic starts every gzip stream (RFC 1952, section 2.3.1).
var gzipMagic = [2]byte{0x1f, 0x8b}

// datasetFile is an open dataset file, inflated when it is gzip.
type datasetFile struct {
	io.Reader
	f  *os.File
	gz *inflater // nil for a plain file
}

func (d *datasetFile) Close() error { return d.f.Close() }

// openDataset opens the dataset at path, inflating it when it starts with
// gzip's magic bytes.
func openDataset(path string, progress func(read, size int64)) (*datasetFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var src io.Reader = f
	if progress != nil {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			src = &progressReader{r: f, size: st.Size(), progress: progress}
		}
	}
	br := bufio.NewReaderSize(src, 64<<10)
	d := &datasetFile{Reader: br, f: f}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == gzipMagic[0] && magic[1] == gzipMagic[1] {
		// The compressed file is held to the limit too: a gzip stream of
		// empty members inflates to nothing however long it is.
		d.gz = &inflater{src: newLimitReader(br, MaxDatasetBytes), limit: MaxDatasetBytes}
		d.Reader = d.gz
	}
	return d, nil
}

// gzipFailure is what went wrong inflating the file, as the one-line
// error's message; nil when the gzip stream was not at fault (a plain
// file, or a syntax error in the JSON it holds).
func (d *datasetFile) gzipFailure() *Error {
	if d.gz == nil || d.gz.err == nil {
		return nil
	}
	var le *limitError
	if errors.As(d.gz.err, &le) {
		return &Error{Msg: le.Error(), Err: d.gz.err, whole: true}
	}
	if d.gz.capped {
		return &Error{Msg: fmt.Sprintf("inflates past %s, the most trailwise reads of a dataset uncompressed: refused (raise it with %s)",
			FormatSize(d.gz.limit), LimitFlag), Err: d.gz.err, whole: true}
	}
	return &Error{Msg: "expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: " + d.gz.err.Error(),
		Err: d.gz.err, whole: true}
}

// inflater reads the gzip stream src inflated, at most limit bytes of it,
// and keeps the first error of the gzip layer (a corrupt stream, a
// truncated one, the cap passed) for gzipFailure to name.
type inflater struct {
	src    io.Reader
	zr     *gzip.Reader
	n      int64 // inflated bytes read
	limit  int64
	capped bool
	err    error
}

// errInflationCap ends the inflated stream at the cap.
var errInflationCap = errors.New("over the inflation cap")

func (z *inflater) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	if z.zr == nil {
		zr, err := gzip.NewReader(z.src)
		if err != nil {
			return 0, z.fail(err)
		}
		z.zr = zr
	}
	n, err := z.zr.Read(p)
	z.n += int64(n)
	if z.n > z.limit {
		z.capped = true
		return 0, z.fail(errInflationCap)
	}
	if err == io.EOF {
		return n, io.EOF
	}
	if err != nil {
		return n, z.fail(err)
	}
	return n, nil
}

func (z *inflater) fail(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // a stream cut off before its trailer
	}
	z.err = err
	return err
}

// progressReader tells progress how far the reading of a file of size
// bytes has gone, each progressStep bytes and at its end.
type progressReader struct {
	r          io.Reader
	read, next int64
	size       int64
	progress   func(read, size int64)
}

const progressStep = 32 << 20

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.read >= p.next || err == io.EOF {
		p.next = p.read + progressStep
		p.progress(p.read, p.size)
	}
	return n, err
}
