package input

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

// The fast way and the careful way read a row alike: whatever the fast way
// accepts, the careful way accepts as the same model.Usage; and the rows
// collectors write are all taken the fast way.
func TestFastRowAgreesWithCareful(t *testing.T) {
	const row = `{"account":"111111111111","region":"us-east-1","day":"2026-10-01","management_read_events":4000,` +
		`"management_write_events":1000,"data_events":0,"network_events":0,"insights_events":0,"event_bytes":3759000,` +
		`"stored_bytes":420000,"log_files":12,"source":"s3-listing","measured":true}`
	fast := []string{
		row,
		strings.Replace(row, `"measured":true}`, `"measured":false,"relative_error":0.25}`, 1),
		strings.Replace(row, `"log_files":12,`, `"log_files":12,"aggregated_events":3,`, 1),
		strings.Replace(row, `"relative`, `"relative`, 1),
		indent(t, row),
		strings.Replace(row, `"measured":true}`, `"measured":true,"relative_error":1e-7}`, 1),
	}
	careful := []string{
		strings.Replace(row, `"log_files":12,`, `"log_files":12,"log_files":13,`, 1),          // twice
		strings.Replace(row, `"log_files":12,`, ``, 1),                                        // missing
		strings.Replace(row, `"log_files":12,`, `"log_files":12,"extra":1,`, 1),               // unknown
		strings.Replace(row, `"s3-listing"`, `"s3\u002dlisting"`, 1),                          // an escape
		strings.Replace(row, `4000`, `-4000`, 1),                                              // a sign
		strings.Replace(row, `4000`, `4e3`, 1),                                                // an exponent
		strings.Replace(row, `4000`, `4000.0`, 1),                                             // a fraction
		strings.Replace(row, `4000`, `1234567890123456789`, 1),                                // 19 digits
		strings.Replace(row, `4000`, `"4000"`, 1),                                             // a string
		strings.Replace(row, `"measured":true}`, `"measured":true,"relative_error":null}`, 1), // null
		strings.Replace(row, `"measured":true}`, `"measured":"true"}`, 1),                     // a string
		strings.Replace(row, `"us-east-1"`, `7`, 1),                                           // a number
		strings.Replace(row, `"log_files":12`, `"log_files":[12]`, 1),                         // a list
		strings.Replace(row, `4000`, `04000`, 1),                                              // invalid: a leading zero
		strings.Replace(row, `"measured":true}`, `"measured":true,"relative_error":01}`, 1),   // invalid
		strings.Replace(row, `"measured":true}`, `"measured":true,"relative_error":.5}`, 1),   // invalid
		strings.Replace(row, `"s3-listing"`, "\"s3\tlisting\"", 1),                            // invalid: a tab
		strings.Replace(row, `"s3-listing"`, "\"s3\xfflisting\"", 1),                          // not UTF-8
		strings.Replace(row, `"s3-listing"`, `"s3-listing✓"`, 1),                              // UTF-8
		`[1,2]`, `null`, `"row"`,
	}
	for i, text := range append(fast, careful...) {
		tree := newJSONTree(strings.NewReader(""))
		tree.intern = map[string]string{}
		f, fastOK := fastRow([]byte(text), map[string]string{})
		c, e := readRowCareful(tree, []byte(text))
		if i < len(fast) && !fastOK {
			t.Errorf("row %d was not taken the fast way: %s", i, text)
		}
		if fastOK && (e != nil || !reflect.DeepEqual(f, c)) {
			t.Errorf("row %d: fast %+v, careful %+v (%v): %s", i, f, c, e, text)
		}
		if i >= len(fast) && fastOK || e == nil && !json.Valid([]byte(text)) {
			t.Errorf("row %d was taken the fast way: %s", i, text)
		}
	}
}

func indent(t *testing.T, s string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "    ", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func readRowCareful(t *jsonTree, text []byte) (model.Usage, *Error) {
	var u model.Usage
	e := t.readElement(text, 0, usageType, &u)
	return u, e
}
