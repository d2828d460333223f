package collect

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// sigRecord is a record's kept fields, as a test writes them.
type sigRecord struct {
	category, eventType, source, name, account, region string
	mgmt, ro                                           string // a JSON literal, or "" for absent
}

func (r sigRecord) json(i int) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"eventID":"%d"`, i)
	for _, f := range []struct{ k, v string }{
		{"eventCategory", r.category}, {"eventType", r.eventType}, {"eventSource", r.source},
		{"eventName", r.name}, {"recipientAccountId", r.account}, {"awsRegion", r.region},
	} {
		if f.v != "" {
			fmt.Fprintf(&b, `,%q:%q`, f.k, f.v)
		}
	}
	if r.mgmt != "" {
		fmt.Fprintf(&b, `,"managementEvent":%s`, r.mgmt)
	}
	if r.ro != "" {
		fmt.Fprintf(&b, `,"readOnly":%s`, r.ro)
	}
	b.WriteByte('}')
	return b.String()
}

// firstDistinct counts keys in a map as a tally does: the first MaxDistinct
// distinct keys of the file by name, the later ones under other.
type firstDistinct[K comparable] struct {
	m    map[K]int64
	seen int
}

func (f *firstDistinct[K]) count(k, other K, n int64) {
	if _, ok := f.m[k]; !ok {
		if f.seen >= MaxDistinct {
			k = other
		} else {
			f.seen++
		}
	}
	f.m[k] += n
}

// TestSignaturesAcrossFiles reads files of records drawn from a few hundred
// combinations of the kept fields through one scanner, so that a record's
// signature (its kind and tally slots) is mostly one kept from an earlier
// file, and compares every count with one made from the records written.
// One file holds more than MaxDistinct accounts and event names before
// records of known signatures: their account and event key, new to the
// file, count under OtherKey.
func TestSignaturesAcrossFiles(t *testing.T) {
	cats := []string{"", "Management", "Data", "Insight", "NetworkActivity"}
	types := []string{"", "AwsApiCall", "AwsServiceEvent", "AwsCloudTrailInsight"}
	bools := []string{"", "true", "false", `"true"`, "null"}
	r := rand.New(rand.NewPCG(3, 5))
	var pool []sigRecord
	for range 300 {
		pool = append(pool, sigRecord{
			category: cats[r.IntN(len(cats))], eventType: types[r.IntN(len(types))],
			source: fmt.Sprintf("svc%d.amazonaws.com", r.IntN(9)), name: []string{"GetObject", "PutObject", "ListBuckets", "DescribeThing", "Get"}[r.IntN(5)],
			account: fmt.Sprintf("1234567890%02d", r.IntN(20)), region: []string{"us-east-1", "us-east-2", "eu-west-1", ""}[r.IntN(4)],
			mgmt: bools[r.IntN(len(bools))], ro: bools[r.IntN(len(bools))],
		})
	}
	s := NewScanner()
	for f := range 5 {
		var recs []sigRecord
		if f == 3 {
			for i := range MaxDistinct + 50 {
				recs = append(recs, sigRecord{source: "s3.amazonaws.com", name: fmt.Sprintf("Name%d", i), account: fmt.Sprintf("%012d", i)})
			}
		}
		for range 3000 {
			recs = append(recs, pool[r.IntN(len(pool))])
		}
		checkSigFile(t, s, f, recs)
	}
}

func checkSigFile(t *testing.T, s *Scanner, f int, recs []sigRecord) {
	t.Helper()
	var doc bytes.Buffer
	doc.WriteString(`{"Records":[`)
	var want Counts
	srcs := firstDistinct[string]{m: map[string]int64{}}
	accts := firstDistinct[string]{m: map[string]int64{}}
	regs := firstDistinct[string]{m: map[string]int64{}}
	events := firstDistinct[EventKey]{m: map[EventKey]int64{}}
	for i, rec := range recs {
		if i > 0 {
			doc.WriteByte(',')
		}
		doc.WriteString(rec.json(i))
		boolean := func(v string) (bool, bool) { return v == "true" || v == `"true"`, v != "" && v != "null" }
		mgmt, mgmtOK := boolean(rec.mgmt)
		ro, roOK := boolean(rec.ro)
		kind := Classify(rec.category, mgmt, mgmtOK, rec.eventType, rec.source, rec.name, ro, roOK)
		want.Events++
		srcs.count(rec.source, OtherKey, 1)
		accts.count(rec.account, OtherKey, 1)
		regs.count(rec.region, OtherKey, 1)
		events.count(EventKey{Kind: kind, Source: rec.source, Name: rec.name}, EventKey{Kind: kind, Source: OtherKey, Name: OtherKey}, 1)
	}
	doc.WriteString("]}")
	st := scanChunks(t, s, doc.Bytes())
	if st.Events != want.Events {
		t.Errorf("file %d: %d events, want %d", f, st.Events, want.Events)
	}
	for _, c := range []struct {
		what      string
		got, want map[string]int64
	}{{"sources", tallyMap(st.Sources), srcs.m}, {"accounts", tallyMap(st.Accounts), accts.m}, {"regions", tallyMap(st.Regions), regs.m}} {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("file %d: %s %v, want %v", f, c.what, c.got, c.want)
		}
	}
	got := map[EventKey]int64{}
	for _, c := range st.ByEvent {
		got[c.EventKey] = c.Events
	}
	if fmt.Sprint(got) != fmt.Sprint(events.m) {
		t.Errorf("file %d: by event %v, want %v", f, got, events.m)
	}
	var byKind [8]int64
	for k, n := range events.m {
		byKind[k.Kind] += n
	}
	if st.ManagementRead != byKind[KindManagementRead] || st.ManagementWrite != byKind[KindManagementWrite] || st.Data != byKind[KindData] || st.Insights != byKind[KindInsight] || st.Network != byKind[KindNetwork] {
		t.Errorf("file %d: counts %+v, want by kind %v", f, st.Counts, byKind)
	}
}

// TestSignaturePlacesApartWhenSwapped checks what the rotations in
// sigKey.place are for: keys that differ only by two values swapped
// between slots, or by two eight-byte halves swapped within a value, fold
// to the same words without them and would all share a place.
func TestSignaturePlacesApartWhenSwapped(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	word := func() string {
		b := make([]byte, 8)
		for i := range b {
			b[i] = 'a' + byte(r.IntN(26))
		}
		return string(b)
	}
	const pairs = 500
	var slots, halves int
	for range pairs {
		x, y, z := word(), word(), word()
		var a, b sigKey
		a.setValue(2, []byte(x))
		a.setValue(3, []byte(y))
		b.setValue(2, []byte(y))
		b.setValue(3, []byte(x))
		if a.place() == b.place() {
			slots++
		}
		var c, d sigKey
		c.setValue(4, []byte(x+z))
		d.setValue(4, []byte(z+x))
		if c.place() == d.place() {
			halves++
		}
	}
	// A place is 12 bits: two unrelated keys share one once in 4,096.
	if slots > 3 || halves > 3 {
		t.Errorf("of %d swapped pairs, %d share a place (values swapped between slots) and %d (halves swapped in a value)", pairs, slots, halves)
	}
}
