package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: the reader never panics, and whatever it accepts renders in
// every format and reads back from its own JSON unchanged.
func FuzzParse(f *testing.F) {
	good := docJSON(&testing.T{}, docWithHorizon(&testing.T{}, "small", 0, true, 1))
	f.Add(good)
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "bad", "report-*"))
	for _, file := range files { // the catalogue's bad reports
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"schema":"trailwise.report/v1"}`))
	f.Add([]byte(`{"schema":"trailwise.report/v1","tool":{"name":"trailwise","version":"1"},"generated_at":"x","currency":"USD","strategies":[{"id":"a","months":[{"month":"2026-10","total":"1.0000","lines":[{"cost":"1.0000","driver":"bytes"}]}]}],"allocation":{"accounts":[{"account":"1"}],"months":[{"month":"2026-10","shares":{"bytes":["1.00000000"]}}]}}`))
	f.Add([]byte(`{"schema":"trailwise.report/v1","allocation":{"accounts":[],"months":[{"month":"2026-10","shares":{"bytes":[]}}]},"strategies":[{"months":[{"month":"2026-10","lines":[{"cost":"-5.0000","driver":"bytes"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.json", data)
		if err != nil {
			return
		}
		for _, format := range Formats {
			if err := RenderWith(new(bytes.Buffer), doc, format, Options{}); err != nil && format != "table" {
				t.Fatalf("%s: %v", format, err)
			}
		}
		if err := CSVByAccount(new(bytes.Buffer), doc); err != nil {
			t.Fatal(err)
		}
		var once bytes.Buffer
		if err := JSON(&once, doc); err != nil {
			t.Fatal(err)
		}
		back, err := Parse("f.json", once.Bytes())
		if err != nil {
			t.Fatalf("its own JSON does not read back: %v", err)
		}
		var twice bytes.Buffer
		_ = JSON(&twice, back)
		if !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatal("written twice, the JSON differs")
		}
	})
}

// FuzzSafeText: whatever the text, nothing unsafe is left, text without
// anything unsafe is unchanged, and escaping twice changes nothing more.
func FuzzSafeText(f *testing.F) {
	for _, s := range []string{"Prod", "\x1b]0;pwned\a", "\x1b[2J", "a\rb", "\u009b", "\u202e", "\xff\xfe", "Zürich"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeText(s)
		if strings.ContainsFunc(got, unsafeRune) {
			t.Fatalf("SafeText(%q) = %q keeps an unsafe character", s, got)
		}
		if !strings.ContainsFunc(s, unsafeRune) && got != s {
			t.Fatalf("SafeText(%q) = %q changed safe text", s, got)
		}
		if SafeText(got) != got {
			t.Fatalf("escaping %q twice changed it", s)
		}
	})
}
