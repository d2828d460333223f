package collect

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// walkDocs are records the assembly walk takes whole, in part, or not at
// all: kept keys with nested values, literals it does not read, duplicate
// kept keys, names that differ from a kept one only inside, escapes,
// nesting past 64 levels, and broken brackets.
var walkDocs = []string{
	`{"Records":[{"eventName":{"x":1},"awsRegion":"us-east-1","eventSource":"s3.amazonaws.com"}]}`,
	`{"Records":[{"readOnly":truex,"eventName":"GetA"},{"readOnly":tru},{"readOnly":false},{"managementEvent":null,"readOnly":12,"eventName":"Put"}]}`,
	`{"Records":[{"eventName":"ListA","eventName":true},{"eventName":false,"eventName":"ListB"},{"readOnly":"true","managementEvent":"false"}]}`,
	`{"Records":[{"recipientAccountId":"111122223333","recipienZZccountId":"1","readOnlx":true,"eventNamf":"x","awsRegion":"eu-west-1"}]}`,
	`{"Records":[{"aKeyOfThirtyTwoBytesOrLongerThanThat":"v","eventSourceX":"s","eventTime":"2026-02-03T04:05:06Z","eventTime":"2026-01-01T00:00:00Z"}]}`,
	`{"Records":[{"userAgent":"a\"b","eventName":"Get\"X","eventSource":"e\\c2.amazonaws.com","awsRegion":"us-east-1"}]}`,
	`{"Records":[{"a":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `,"eventName":"Describe"}]}`,
	`{"Records":[{"a":{` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `],"eventName":"x"}]}`,
	`{"Records":[{"a":[{]],"eventName":"x"}]}`,
	`{"Records":[{"a":["` + strings.Repeat("x", 150) + `",1},"eventName":"x"}]}`,
	`{"Records":[{"a":{"b":"` + strings.Repeat("x", 150) + `",[1]],"eventName":"x"}]}`,
	`{"Records":[{"a":[\],"eventName":"x"}]}`,
	`{"Records":[{"a":[\\],"eventName":"x"}]}`,
	`{"Records":[{"eventName":"x","readOnly":true\,"awsRegion":"y"}]}`,
	`{"Records":[{},{"eventName":"x"} ,{ "eventName" : "y" },{"eventName":"z","b":[1,{"c":"]"}],"readOnly":true}]}`,
	`{"Records":[{"eventName":"x","b":{"c":1}}x,{"eventName":"y"}]}`,
	`{"Records":[{"eventSource":"s","eventName":"n","managementEvent":true,"readOnly":false},{"eventSource":"s","eventName":"n","managementEvent":false,"readOnly":true}]}`,
	`{"Records":[{"eventSource":"s","eventName":"true","awsRegion":"r"},{"eventSource":"s","eventName":true,"awsRegion":"r"},{"eventSource":"s","awsRegion":"r"}]}`,
	`{"Records":[{"eventSource":"s","eventTime":"2026-01-01T00:00:00Z"},{"eventSource":"s","eventTime":"` + strings.Repeat("9", 200) + `"}]}`,
	`{"Records":[{"eventSource":"` + strings.Repeat("s", 200) + `"},{"eventSource":"` + strings.Repeat("s", 200) + `"}]}`,
	`{"Records":[{"eventCategory":"Data","eventType":"AwsApiCall","eventSource":"s3.amazonaws.com","eventName":"GetObject","recipientAccountId":"111122223333","awsRegion":"us-east-1","managementEvent":false,"readOnly":true,"eventTime":"` + strings.Repeat("9", 200) + `"}]}`,
}

// TestAssemblyWalkAgreesWithGo scans documents with the assembly walk and
// with the Go walk alone, whole and in chunks that end anywhere, and wants
// the same counts, or the same error.
func TestAssemblyWalkAgreesWithGo(t *testing.T) {
	if !walkAsm {
		t.Skip("no assembly walk on this architecture")
	}
	docs := append(append([]string{}, walkDocs...), scannerSeeds...)
	// The same with room after them, so that the assembly walks them
	// (walkSafe) and the Go walk checks what it found.
	for _, doc := range docs[:len(docs):len(docs)] {
		docs = append(docs, doc+strings.Repeat(" ", 128))
	}
	var big bytes.Buffer
	if _, err := bigLog(&big, 256<<10); err != nil {
		t.Fatal(err)
	}
	docs = append(docs, big.String())
	files, _ := filepath.Glob(filepath.Join(realDir, "invictus-aws_dataset/CloudTrail/*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	scan := func(doc string, size int, goWalk bool) (*FileStats, error) {
		s := NewScanner()
		s.alwaysIndex, s.goWalk = true, goWalk
		for i := 0; i < len(doc); i += size {
			if _, err := s.Write([]byte(doc[i:min(i+size, len(doc))])); err != nil {
				return nil, err
			}
		}
		return s.Close()
	}
	for k, doc := range docs {
		for _, size := range []int{len(doc) + 1, 64, 257, 1000, 4099} {
			want, werr := scan(doc, size, true)
			got, err := scan(doc, size, false)
			if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
				t.Errorf("doc %d, chunks of %d: assembly %v, Go %v", k, size, err, werr)
				continue
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("doc %d, chunks of %d: assembly %+v, Go %+v", k, size, got, want)
			}
		}
	}
}

// TestWalkMembers calls the assembly on one chunk and checks where it
// stops and what it keeps against offsets found with strings.Index.
func TestWalkMembers(t *testing.T) {
	if !walkAsm {
		t.Skip("no assembly walk on this architecture")
	}
	walk := func(doc string) (memberWalk, bool) {
		p := []byte(doc + strings.Repeat(" ", 128)) // room for the walk's reads past a block (walkSafe)
		var x structIndex
		x.build(p, false, false)
		i := strings.Index(doc, `[{"`) + 2
		w := memberWalk{p: &p[0], m: &x.m[0], safe: walkSafe(len(p), x.bad), i: i, masks: &sigMasks, c32: sigWordBytes}
		w.cb, w.cw = x.from(mStop, i+1)
		return w, walkMembers(&w)
	}
	value := func(doc string, w memberWalk, f int) string {
		return doc[w.at[f][0]:w.at[f][1]]
	}

	whole := `{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","a":[1,{"b":"]"}]},` +
		`"eventTime":"2026-01-01T00:00:00Z","readOnly":true,"requestParameters":null,` +
		`"recipientAccountId":"111122223333","awsRegion":"us-east-1"},{"eventName":"X","requestID":"0123456789abcdef"}]}`
	w, end := walk(whole)
	if !end || w.a != strings.Index(whole, `},{"eventName"`) {
		t.Fatalf("whole record: end %v at %d (stopped at %d), want the brace at %d", end, w.a, w.i, strings.Index(whole, `},{"eventName"`))
	}
	wantSet := uint32(1<<fTime | 1<<fReadOnly | 1<<fAccount | 1<<fRegion)
	if w.set != wantSet || w.lit != 1<<fReadOnly {
		t.Fatalf("kept %b (literals %b), want %b (%b)", w.set, w.lit, wantSet, 1<<fReadOnly)
	}
	for f, v := range map[int]string{fTime: "2026-01-01T00:00:00Z", fReadOnly: "true", fAccount: "111122223333", fRegion: "us-east-1"} {
		if got := value(whole, w, f); got != v {
			t.Errorf("field %d: %q, want %q", f, got, v)
		}
		// A signature value's first 32 bytes as words, zero past its end,
		// in its slot of the signature key.
		var want [4]uint64
		for k := range min(len(v), 32) {
			want[k/8] |= uint64(v[k]) << (8 * (k % 8))
		}
		if j := sigSlots[f]; j != sigSpare && (w.key.words[j] != want || int(w.key.lens[j]) != len(v)) {
			t.Errorf("field %d: words %x (length %d), want %x (%d)", f, w.key.words[j], w.key.lens[j], want, len(v))
		}
	}

	// An escape stops the walk at its member's key, with what came before kept.
	escaped := `{"Records":[{"eventSource":"ec2.amazonaws.com","userAgent":"a\"b","eventName":"X"}]}`
	w, end = walk(escaped)
	if end || w.i != strings.Index(escaped, `"userAgent"`) || w.set != 1<<fSource || value(escaped, w, fSource) != "ec2.amazonaws.com" {
		t.Fatalf("escape: end %v at %d (want %d), kept %b", end, w.i, strings.Index(escaped, `"userAgent"`), w.set)
	}
	// So does a kept key with a nested value, which fields clears.
	nested := `{"Records":[{"awsRegion":"us-east-1","eventName":{"a":1},"eventSource":"s"}]}`
	w, end = walk(nested)
	if end || w.i != strings.Index(nested, `"eventName"`) || w.set != 1<<fRegion {
		t.Fatalf("kept nested: end %v at %d (want %d), kept %b", end, w.i, strings.Index(nested, `"eventName"`), w.set)
	}
}

// TestAssemblyFindsSignatures: records the walk reads whole, of signatures
// seen before, are found by the assembly (sigKey.place and its copy in
// members_amd64.s agree), except where a signature value is longer than
// sigWordBytes or a literal, or a boolean is a string: findWalked finds
// those.
func TestAssemblyFindsSignatures(t *testing.T) {
	if !walkAsm {
		t.Skip("no assembly walk on this architecture")
	}
	var doc bytes.Buffer
	doc.WriteString(`{"Records":[`)
	recs := []struct {
		rec   string
		found bool
	}{
		{`{"eventVersion":"1.08","eventTime":"2026-01-02T03:04:05Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`, true},
		{`{"eventVersion":"1.08","eventTime":"2026-01-02T03:04:06Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}`, true},
		{`{"eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","readOnly":false,"managementEvent":null}`, true},
		{`{"eventSource":"elasticloadbalancing.amazonaws.com","eventName":"DescribeLoadBalancerPolicyTypes","readOnly":true}`, false},
		{`{"eventSource":"s3.amazonaws.com","eventName":true}`, false},
		{`{"eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","readOnly":"true","managementEvent":false}`, false},
	}
	seen := make([]int, len(recs))
	want := 0
	for i := range 1000 {
		if i > 0 {
			doc.WriteByte(',')
		}
		k := i % len(recs)
		doc.WriteString(recs[k].rec)
		if seen[k]++; seen[k] > 1 && recs[k].found {
			want++ // the first of each signature is new
		}
	}
	doc.WriteString("]}")
	s := NewScanner()
	if _, err := s.Write(doc.Bytes()); err != nil {
		t.Fatal(err)
	}
	found := s.walkFound
	st, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if found != want || st.Events != 1000 {
		t.Errorf("the assembly found %d signatures of %d events, want %d", found, st.Events, want)
	}
}

// is compared byte for byte).
func TestSignaturesApartPastTheirWords(t *testing.T) {
	a := strings.Repeat("s", 40) + "-one.amazonaws.com"
	b := strings.Repeat("s", 40) + "-two.amazonaws.com"
	var doc bytes.Buffer
	doc.WriteString(`{"Records":[`)
	for i := range 300 {
		if i > 0 {
			doc.WriteByte(',')
		}
		src := a
		if i%3 == 2 {
			src = b
		}
		fmt.Fprintf(&doc, `{"eventSource":%q,"eventName":"GetThing","readOnly":true,"recipientAccountId":"111122223333"}`, src)
	}
	doc.WriteString("]}")
	for _, goWalk := range []bool{false, true} {
		s := NewScanner()
		s.goWalk = goWalk
		if _, err := s.Write(doc.Bytes()); err != nil {
			t.Fatal(err)
		}
		st, err := s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := tallyMap(st.Sources); got[a] != 200 || got[b] != 100 || len(got) != 2 {
			t.Errorf("Go walk %v: sources %v, want %s 200 and %s 100", goWalk, got, a, b)
		}
	}
}

// TestRowsAfterAFileLeftUnclosed: records counted on their signatures'
// rows in a file that ends in an error are not added to the next file's
// counts.
func TestRowsAfterAFileLeftUnclosed(t *testing.T) {
	rec := `{"eventSource":"s3.amazonaws.com","eventName":"GetObject","readOnly":true,"managementEvent":false,"recipientAccountId":"111122223333","awsRegion":"us-east-1","eventTime":"2026-01-01T00:00:00Z"}`
	doc := func(n int, end string) []byte {
		return []byte(`{"Records":[` + strings.TrimSuffix(strings.Repeat(rec+",", n), ",") + end)
	}
	s := NewScanner()
	if _, err := s.Write(doc(500, ",")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Close(); err == nil {
		t.Fatal("a cut file closed without an error")
	}
	s.reset()
	if _, err := s.Write(doc(3, "]}")); err != nil {
		t.Fatal(err)
	}
	st, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	ev := eventMap(st.ByEvent)[EventKey{KindData, "s3.amazonaws.com", "GetObject"}]
	if st.Events != 3 || st.Data != 3 || ev.Events != 3 || ev.Bytes != 3*int64(len(rec)) ||
		tallyMap(st.Sources)["s3.amazonaws.com"] != 3 || tallyMap(st.Accounts)["111122223333"] != 3 || tallyMap(st.Regions)["us-east-1"] != 3 {
		t.Errorf("second file: %+v, by event %+v, sources %v, accounts %v, regions %v", st.Counts, st.ByEvent, st.Sources, st.Accounts, st.Regions)
	}
}
