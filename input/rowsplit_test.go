package input

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

// The usage list is cut into rows without a JSON decoder; whatever shape
// the rows take, the rows read are those encoding/json reads from the same
// text, and the fields after the list are read on as before.
func TestRowSplitterReadsWhatEncodingJSONReads(t *testing.T) {
	variants := map[string]string{
		"as written": goodDataset,
		"no space":   strings.NewReplacer("\n", "", "  ", "", ": ", ":", ", ", ",").Replace(goodDataset),
		"escapes":    strings.Replace(goodDataset, `"source": "s3-listing", "measured": true`, `"source": "s3-\u006cisting", "measured": true`, 1),
		"braces in a string": strings.Replace(goodDataset, `"source": "s3-listing", "measured": true`,
			`"source": "s3 {listing} [x] \"}\"", "measured": true`, 1),
		"keys in another order": strings.Replace(goodDataset, `{"account": "111111111111", "region": "us-east-1",`,
			`{"region": "us-east-1", "account": "111111111111",`, 1),
		"relative error": strings.Replace(goodDataset, `"measured": false}`, `"measured": false, "relative_error": 2.5e-1}`, 1),
	}
	variants["usage last"] = usageLast(t, goodDataset)
	for name, text := range variants {
		d, err := ParseDataset("org.json", []byte(text))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var want model.Dataset
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := slices.Collect(d.Rows()); !reflect.DeepEqual(got, want.Usage) {
			t.Errorf("%s: rows\n%+v\nwant\n%+v", name, got, want.Usage)
		}
		if !reflect.DeepEqual(d.Trails, want.Trails) || !reflect.DeepEqual(d.Gaps, want.Gaps) {
			t.Errorf("%s: the fields after usage differ: %+v %+v", name, d.Trails, d.Gaps)
		}
	}
}

// usageLast moves the usage list to the end of the document: the list is
// then followed by the object's '}', not a ','.
func usageLast(t *testing.T, doc string) string {
	start := strings.Index(doc, `"usage": [`)
	end := strings.Index(doc, `"trails": [`)
	if start < 0 || end < 0 {
		t.Fatal("no usage list in the good dataset")
	}
	usage := strings.TrimSuffix(strings.TrimSpace(doc[start:end]), ",")
	rest := strings.TrimSuffix(strings.TrimSpace(doc[:start]+doc[end:]), "}")
	return rest + ",\n" + usage + "\n}"
}

// A list broken between or inside rows is a syntax error, never rows.
func TestRowSplitterRefusesBrokenLists(t *testing.T) {
	row2 := `{"account": "222222222222", "region": "eu-west-1"`
	for name, text := range map[string]string{
		"no comma":       strings.Replace(goodDataset, "},\n    "+row2, "}\n    "+row2, 1),
		"trailing comma": strings.Replace(goodDataset, "\"measured\": false}\n  ],", "\"measured\": false},\n  ],", 1),
		"cut in a row":   goodDataset[:strings.Index(goodDataset, `"data_events": 5000`)],
		"a bad token":    strings.Replace(goodDataset, `"measured": false}`, `"measured": nope}`, 1),
		"comma after":    strings.Replace(goodDataset, "\"measured\": false}\n  ],", "\"measured\": false}\n  ],,", 1),
	} {
		if text == goodDataset {
			t.Fatalf("%s: the edit did not apply", name)
		}
		_, err := ParseDataset("org.json", []byte(text))
		if err == nil || !strings.Contains(err.Error(), "invalid JSON") {
			t.Errorf("%s: got %v, want an invalid JSON error", name, err)
		}
	}
}

// A syntax error is placed at its offending byte wherever it stands: before
// the usage list, in a row, after the list (read by the decoder that goes
// on), inside a literal or between tokens. The place is found here by
// searching the text.
func TestSyntaxErrorsPointAtTheByte(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		old, new, at string
		off          int // the offending byte's place in at
	}{
		"literal before usage": {`"end": "2026-10-02"}`, `"end": tru}`, "tru}", 3},
		"literal in a row":     {`"measured": false}`, `"measured": nope}`, "nope}", 1},
		"literal after usage":  {`"multi_region": true`, `"multi_region": tru`, "tru,", 3},
		"token after usage":    {`"gaps": [`, `"gaps": [,`, "[,", 1},
		"token in accounts":    {`"ACTIVE"},`, `"ACTIVE"}`, "}\n    {\"id\": \"222", 6},
	} {
		text := strings.Replace(goodDataset, c.old, c.new, 1)
		i := strings.Index(text, c.at)
		if text == goodDataset || i < 0 {
			t.Fatalf("%s: the edit did not apply", name)
		}
		bad := i + c.off
		line := strings.Count(text[:bad], "\n") + 1
		col := bad - strings.LastIndex(text[:bad], "\n")
		path := filepath.Join(dir, "org.json")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadDataset(path)
		want := fmt.Sprintf("line %d, column %d: invalid JSON", line, col)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", name, err, want)
		}
	}
}
