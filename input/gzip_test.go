package input

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// gzipped is data compressed by the standard library's writer (not the
// reader's own package, so that the two are independent).
func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A gzipped dataset reads as the same dataset as the plain file, whatever
// its name: the content decides, not the suffix.
func TestReadDatasetGzip(t *testing.T) {
	plain, err := ReadDataset(writeTemp(t, "org.json", []byte(goodDataset)))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"org.json.gz", "renamed.json"} {
		d, err := ReadDataset(writeTemp(t, name, gzipped(t, []byte(goodDataset))))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(d, plain) {
			t.Errorf("%s: read %+v, the plain file %+v", name, d, plain)
		}
	}
	// A plain file named .gz is read as the JSON it is.
	if _, err := ReadDataset(writeTemp(t, "plain.json.gz", []byte(goodDataset))); err != nil {
		t.Errorf("plain JSON named .gz: %v", err)
	}
}

// A gzip stream that is corrupt, cut off or followed by rubbish is one
// line naming the file and gzip; a syntax error in the JSON it holds is
// placed by line and column in the inflated text, as in a plain file.
func TestReadDatasetGzipErrors(t *testing.T) {
	gz := gzipped(t, []byte(goodDataset))
	flipped := append([]byte{}, gz...)
	flipped[len(flipped)/2] ^= 0xff
	badCRC := append([]byte{}, gz...)
	badCRC[len(badCRC)-6] ^= 0xff // the CRC-32 in the trailer
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", gz[:len(gz)/2], "org.json.gz: expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: unexpected EOF"},
		{"header only", gz[:2], "org.json.gz: expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: unexpected EOF"},
		{"flipped", flipped, "org.json.gz: expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: "},
		{"crc", badCRC, "org.json.gz: expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: gzip: invalid checksum"},
		{"rubbish after", append(append([]byte{}, gz...), "rubbish"...), "org.json.gz: expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: "},
		{"syntax", gzipped(t, []byte("{\n  \"schema\": \"trailwise.dataset/v1\",\n  \"period\": }\n")), "org.json.gz: line 3, column 13: invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "org.json.gz", tc.data)
			_, err := ReadDataset(path)
			if err == nil {
				t.Fatal("read")
			}
			if msg := strings.TrimPrefix(err.Error(), filepath.Dir(path)+"/"); !strings.HasPrefix(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line starting %q", msg, tc.want)
			}
		})
	}
}

// A small file that inflates past the dataset limit is refused when the
// limit is passed: 8 MiB of spaces (8 KiB of gzip) against a 1 MiB limit.
func TestReadDatasetGzipBomb(t *testing.T) {
	defer func(n int64) { MaxDatasetBytes = n }(MaxDatasetBytes)
	MaxDatasetBytes = 1 << 20
	bomb := gzipped(t, append(bytes.Repeat([]byte(" "), 8<<20), goodDataset...))
	if len(bomb) > 64<<10 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	path := writeTemp(t, "bomb.json.gz", bomb)
	_, err := ReadDataset(path)
	want := filepath.Dir(path) + "/bomb.json.gz: inflates past 1 MiB, the most trailwise reads of a dataset uncompressed: refused (raise it with --max-input-size)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	// The same dataset under the limit reads.
	MaxDatasetBytes = 16 << 20
	if _, err := ReadDataset(writeTemp(t, "bomb.json.gz", bomb)); err != nil {
		t.Errorf("under the limit: %v", err)
	}
}

// ReadDatasetProgress tells how far the file has been read, never going
// back, ending at the file's size (its compressed size when gzipped), and
// reads the same dataset as ReadDataset.
func TestReadDatasetProgress(t *testing.T) {
	plain, err := ReadDataset(writeTemp(t, "org.json", []byte(goodDataset)))
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{[]byte(goodDataset), gzipped(t, []byte(goodDataset))} {
		path := writeTemp(t, "org.json", data)
		var calls [][2]int64
		d, err := ReadDatasetProgress(path, func(read, size int64) { calls = append(calls, [2]int64{read, size}) })
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d, plain) {
			t.Errorf("read %+v, ReadDataset %+v", d, plain)
		}
		if len(calls) == 0 {
			t.Fatal("progress never told")
		}
		for i, c := range calls {
			if c[1] != int64(len(data)) || (i > 0 && c[0] < calls[i-1][0]) {
				t.Errorf("call %d: %d of %d bytes after %v; the file is %d bytes", i, c[0], c[1], calls[:i], len(data))
			}
		}
		if last := calls[len(calls)-1]; last[0] != int64(len(data)) {
			t.Errorf("the last call says %d bytes read of %d", last[0], len(data))
		}
	}
}
