package input

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

// The enterprise sample, written and read back, is the dataset it was:
// every usage row and breakdown entry (all of which the fast readers take),
// compared with the generated one.
func TestSampleReadsBackExactly(t *testing.T) {
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Breakdown) == 0 {
		t.Fatal("the enterprise sample has no breakdown to read")
	}
	text, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseDataset("enterprise.json", text)
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Collect(back.Rows()); !reflect.DeepEqual(got, d.Usage) {
		t.Error("the usage rows read back differ")
	}
	if !reflect.DeepEqual(back.Breakdown, d.Breakdown) {
		t.Error("the breakdown read back differs")
	}
	for i, b := range d.Breakdown {
		entry, _ := json.Marshal(b)
		if _, ok := fastBreakdown(entry, map[string]string{}); !ok {
			t.Fatalf("breakdown[%d] was not taken the fast way: %s", i, entry)
		}
	}
}

// Whatever the fast way takes, the careful way takes alike; what it does
// not know, it leaves to the careful way.
func TestFastBreakdownAgreesWithCareful(t *testing.T) {
	const entry = `{"account":"111111111111","region":"us-east-1","sources":[` +
		`{"event_source":"kms.amazonaws.com","category":"management-read","events":10,"bytes":9000,` +
		`"event_names":[{"event_name":"Decrypt","events":10,"bytes":9000}]},` +
		`{"event_source":"s3.amazonaws.com","category":"data","resource_type":"AWS::S3::Object","events":3,"bytes":4000}]}`
	fast := []string{entry,
		strings.Replace(entry, `"sources"`, `"source":"athena","sampled":true,"sources"`, 1),
		strings.Replace(entry, `"sources":[`, `"sources":[ `, 1),
	}
	careful := []string{
		strings.Replace(entry, `"events":10,"bytes":9000,`, `"events":10,"events":11,"bytes":9000,`, 1),
		strings.Replace(entry, `"category":"data",`, ``, 1),
		strings.Replace(entry, `"event_names":[`, `"event_names":null,"x":[`, 1),
		strings.Replace(entry, `"sources":[`, `"sources":null,"y":[`, 1),
		strings.Replace(entry, `"Decrypt"`, `"Decr\u0079pt"`, 1),
		strings.Replace(entry, `"bytes":4000`, `"bytes":4000.5`, 1),
		strings.Replace(entry, `"bytes":4000}]`, `"bytes":4000},]`, 1),
		strings.Replace(entry, `"region"`, `"colour":"red","region"`, 1),
	}
	for i, text := range append(fast, careful...) {
		tree := newJSONTree(strings.NewReader(""))
		tree.intern = map[string]string{}
		f, fastOK := fastBreakdown([]byte(text), map[string]string{})
		var c model.Breakdown
		e := tree.readElement([]byte(text), 0, breakdownType, &c)
		if i < len(fast) && !fastOK {
			t.Errorf("entry %d was not taken the fast way: %s", i, text)
		}
		if fastOK && (e != nil || !reflect.DeepEqual(f, c)) {
			t.Errorf("entry %d: fast %+v, careful %+v (%v)", i, f, c, e)
		}
		if i >= len(fast) && fastOK {
			t.Errorf("entry %d was taken the fast way: %s", i, text)
		}
	}
}
