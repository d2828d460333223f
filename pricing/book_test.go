package pricing

import (
	"encoding/json"
	"math"
	"path"
	"sort"
	"strings"
	"testing"
)

const (
	usEast1ID = "aws-us-east-1-2026-11-01"
	tokyoID   = "aws-ap-northeast-1-2026-11-01"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func mustBook(t *testing.T, id string) *Book {
	t.Helper()
	b := books[id]
	if b == nil {
		t.Fatalf("book %s is not embedded; embedded: %v", id, bookIDs())
	}
	return b
}

func bookIDs() []string {
	var ids []string
	for id := range books {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Every file under books/ parses and validates on its own, and the set of
// embedded books is the one this package ships.
func TestEmbeddedBooksParse(t *testing.T) {
	entries, err := booksFS.ReadDir("books")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 2 {
		t.Fatalf("expected at least the us-east-1 and ap-northeast-1 books, found %d files", len(entries))
	}
	for _, e := range entries {
		data, err := booksFS.ReadFile(path.Join("books", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if want := b.Region + "-" + b.EffectiveDate + ".json"; e.Name() != want {
			t.Errorf("%s: file name should be %s (region and effective date)", e.Name(), want)
		}
		if want := "aws-" + b.Region + "-" + b.EffectiveDate; b.ID != want {
			t.Errorf("%s: id %q, expected %q", e.Name(), b.ID, want)
		}
	}
	for _, id := range []string{usEast1ID, tokyoID} {
		mustBook(t, id)
	}
	if got := Books(); len(got) != len(entries) {
		t.Errorf("Books() lists %d books, %d files are embedded", len(got), len(entries))
	}
	if err := checkFallbacks(books); err != nil {
		t.Error(err)
	}
}

// Every rate id anywhere on a book's fallback chain resolves from that book,
// and comes back marked as from a fallback exactly when the book lacks it.
func TestFallbackChainResolves(t *testing.T) {
	checked := 0
	for _, b := range Books() {
		ids := map[string]bool{}
		factIDs := map[string]bool{}
		for cur := b; cur != nil; cur = books[cur.Fallback] {
			for id := range cur.Rates {
				ids[id] = true
			}
			for id := range cur.Facts {
				factIDs[id] = true
			}
			if cur.Fallback == "" {
				break
			}
		}
		for id := range ids {
			p, err := b.Rate(id)
			if err != nil {
				t.Errorf("%s: %v", b.ID, err)
				continue
			}
			_, own := b.Rates[id]
			if p.FromFallback == own {
				t.Errorf("%s: rate %s FromFallback=%v, but the book itself has it: %v", b.ID, id, p.FromFallback, own)
			}
			if p.ID != id || p.Source == "" || p.Unit == "" {
				t.Errorf("%s: rate %s came back incomplete: %+v", b.ID, id, p)
			}
			checked++
		}
		for id := range factIDs {
			if _, err := b.Fact(id); err != nil {
				t.Errorf("%s: %v", b.ID, err)
			}
		}
	}
	if checked < 2*len(mustBook(t, usEast1ID).Rates) {
		t.Errorf("checked only %d rate look-ups", checked)
	}
}

// A regional book may only carry rate ids its fallback knows (a misspelt id
// would silently never be used), and its notes must name every rate it
// leaves to the fallback.
func TestRegionalBooksMatchFallback(t *testing.T) {
	for _, b := range Books() {
		if b.Fallback == "" {
			continue
		}
		fb := mustBook(t, b.Fallback)
		for id := range b.Rates {
			if _, ok := fb.Rates[id]; !ok {
				t.Errorf("%s: rate %s is not in the fallback book %s", b.ID, id, fb.ID)
			}
		}
		for id := range fb.Rates {
			if _, ok := b.Rates[id]; !ok && !strings.Contains(b.Notes, id) {
				t.Errorf("%s: rate %s is left to the fallback but not named in notes", b.ID, id)
			}
		}
	}
}

func TestTokyoAbsentRateUsesFallback(t *testing.T) {
	tokyo, err := ForRegion("ap-northeast-1")
	if err != nil {
		t.Fatal(err)
	}
	if tokyo.ID != tokyoID || tokyo.Fallback != usEast1ID {
		t.Fatalf("ForRegion(ap-northeast-1) = %s with fallback %q", tokyo.ID, tokyo.Fallback)
	}
	if _, ok := tokyo.Rates["lake.query"]; ok {
		t.Fatal("the Tokyo book should not carry lake.query: no Tokyo source was found for it")
	}
	p, err := tokyo.Rate("lake.query")
	if err != nil {
		t.Fatal(err)
	}
	want := mustBook(t, usEast1ID).Rates["lake.query"]
	if !p.FromFallback || p.Price != want.Price || p.ID != "lake.query" {
		t.Errorf("lake.query from Tokyo = %+v, expected the us-east-1 rate %v marked FromFallback", p, want.Price)
	}

	own, err := tokyo.Rate("s3.standard_storage")
	if err != nil {
		t.Fatal(err)
	}
	if own.FromFallback || !near(own.Price, 0.025) {
		t.Errorf("s3.standard_storage from Tokyo = %+v, expected Tokyo's own 0.025", own)
	}

	if _, err := tokyo.Rate("no.such_rate"); err == nil {
		t.Error("an unknown rate id should be an error")
	}
	f, err := tokyo.Fact("s3_glacier_overhead_archive_bytes")
	if err != nil || f.Value != 32768 {
		t.Errorf("fact from the fallback: %+v, %v", f, err)
	}
}

func TestForRegionUnknownNamesRegions(t *testing.T) {
	_, err := ForRegion("eu-west-9")
	if err == nil {
		t.Fatal("expected an error for a region without a book")
	}
	for _, r := range []string{"eu-west-9", "us-east-1", "ap-northeast-1"} {
		if !strings.Contains(err.Error(), r) {
			t.Errorf("error %q does not name %s", err, r)
		}
	}
	if got := Regions(); len(got) < 2 || !sort.StringsAreSorted(got) {
		t.Errorf("Regions() = %v", got)
	}
}

func stepsCost(steps []Step) float64 {
	total := 0.0
	for _, st := range steps {
		total += st.Quantity * st.Price
	}
	return total
}

// AWS's Security Lake pricing example: 75,000 GB of other AWS logs in one
// month costs 8,358.00 USD.
func TestSecurityLakeOtherLogsExample(t *testing.T) {
	r := mustBook(t, usEast1ID).Rates["securitylake.other_logs_ingestion"]
	steps := r.Split(75000)
	want := []Step{
		{Quantity: 10240, Price: 0.25, From: 0, UpTo: 10240},
		{Quantity: 20480, Price: 0.15, From: 10240, UpTo: 30720},
		{Quantity: 20480, Price: 0.075, From: 30720, UpTo: 51200},
		{Quantity: 23800, Price: 0.05, From: 51200, UpTo: 0},
	}
	assertSteps(t, steps, want)
	if got := stepsCost(steps); !near(got, 8358.00) {
		t.Errorf("75,000 GB costs %.6f, AWS's example says 8358.00", got)
	}
	if got := r.Cost(75000); !near(got, 8358.00) {
		t.Errorf("Cost(75000) = %.6f, expected 8358.00", got)
	}
}

func TestLakeFixedTiers(t *testing.T) {
	r := mustBook(t, usEast1ID).Rates["lake.ingestion_fixed"]
	steps := r.Split(30720)
	assertSteps(t, steps, []Step{
		{Quantity: 5120, Price: 2.50, From: 0, UpTo: 5120},
		{Quantity: 20480, Price: 1.00, From: 5120, UpTo: 25600},
		{Quantity: 5120, Price: 0.50, From: 25600, UpTo: 0},
	})
	if got, want := stepsCost(steps), 5120*2.50+20480*1.00+5120*0.50; !near(got, want) || !near(want, 35840) {
		t.Errorf("30,720 GB costs %v, expected %v", got, want)
	}
}

func TestSplitEdges(t *testing.T) {
	flat := Rate{Price: 0.023}
	assertSteps(t, flat.Split(1234.5), []Step{{Quantity: 1234.5, Price: 0.023}})
	assertSteps(t, flat.Split(0), []Step{{Quantity: 0, Price: 0.023}})

	tiered := mustBook(t, usEast1ID).Rates["securitylake.other_logs_ingestion"]
	zero := tiered.Split(0)
	assertSteps(t, zero, []Step{{Quantity: 0, Price: 0.25, From: 0, UpTo: 10240}})
	if tiered.Cost(0) != 0 {
		t.Errorf("Cost(0) = %v", tiered.Cost(0))
	}

	// Exactly on the first boundary: the whole quantity in the first tier,
	// nothing spills into a zero-quantity second step.
	assertSteps(t, tiered.Split(10240), []Step{{Quantity: 10240, Price: 0.25, From: 0, UpTo: 10240}})
	// Exactly on the second boundary.
	assertSteps(t, tiered.Split(30720), []Step{
		{Quantity: 10240, Price: 0.25, From: 0, UpTo: 10240},
		{Quantity: 20480, Price: 0.15, From: 10240, UpTo: 30720},
	})
	// Just over a boundary.
	assertSteps(t, tiered.Split(10241), []Step{
		{Quantity: 10240, Price: 0.25, From: 0, UpTo: 10240},
		{Quantity: 1, Price: 0.15, From: 10240, UpTo: 30720},
	})
}

func assertSteps(t *testing.T, got, want []Step) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d steps %+v, expected %d %+v", len(got), got, len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !near(g.Quantity, w.Quantity) || !near(g.Price, w.Price) || !near(g.From, w.From) || !near(g.UpTo, w.UpTo) {
			t.Errorf("step %d = %+v, expected %+v", i, g, w)
		}
	}
}

func TestGlacierOverheadFacts(t *testing.T) {
	b := mustBook(t, usEast1ID)
	for id, want := range map[string]float64{
		"s3_glacier_overhead_standard_bytes": 8192,
		"s3_glacier_overhead_archive_bytes":  32768,
	} {
		f, err := b.Fact(id)
		if err != nil {
			t.Error(err)
			continue
		}
		if f.Value != want || f.Confidence != ConfidencePage {
			t.Errorf("%s = %v (%s), expected %v (P)", id, f.Value, f.Confidence, want)
		}
	}
	if _, ok := b.Facts["s3_glacier_object_overhead_bytes"]; ok {
		t.Error("the single overhead fact was split in two and should be gone")
	}
}

// validBook is the smallest book Parse accepts; the rejection tests change
// one thing in it.
func validBook() map[string]any {
	return map[string]any{
		"schema":         BookSchema,
		"id":             "test-book",
		"region":         "test-region-1",
		"currency":       "USD",
		"effective_date": "2026-11-01",
		"rates": map[string]any{
			"flat.rate": map[string]any{"name": "A flat rate", "unit": "GB", "price": 0.5, "source": "https://example.com/", "confidence": "S"},
			"tiered.rate": map[string]any{"name": "A tiered rate", "unit": "GB", "source": "https://example.com/", "confidence": "P",
				"tiers": []any{map[string]any{"up_to": 10, "price": 2}, map[string]any{"up_to": 20, "price": 1}, map[string]any{"price": 0.5}}},
		},
		"facts": map[string]any{
			"a_fact": map[string]any{"value": 10, "unit": "ratio", "source": "https://example.com/", "confidence": "D"},
		},
	}
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func rate(b map[string]any, id string) map[string]any {
	return b["rates"].(map[string]any)[id].(map[string]any)
}

func TestParseAcceptsValid(t *testing.T) {
	b, err := Parse(encode(t, validBook()))
	if err != nil {
		t.Fatalf("the base book of the rejection tests must parse: %v", err)
	}
	if len(b.Rates) != 2 || len(b.Rates["tiered.rate"].Tiers) != 3 || b.Facts["a_fact"].Value != 10 {
		t.Errorf("parsed book lost content: %+v", b)
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(b map[string]any)
		want   string
	}{
		{"unknown top-level field", func(b map[string]any) { b["discount"] = 0.1 }, "unknown field"},
		{"unknown rate field", func(b map[string]any) { rate(b, "flat.rate")["cost"] = 1 }, "unknown field"},
		{"bad confidence", func(b map[string]any) { rate(b, "flat.rate")["confidence"] = "X" }, "confidence"},
		{"lower-case confidence", func(b map[string]any) { rate(b, "flat.rate")["confidence"] = "p" }, "confidence"},
		{"bad fact confidence", func(b map[string]any) {
			b["facts"].(map[string]any)["a_fact"].(map[string]any)["confidence"] = "maybe"
		}, "facts.a_fact"},
		{"tiers out of order", func(b map[string]any) {
			rate(b, "tiered.rate")["tiers"] = []any{map[string]any{"up_to": 20, "price": 2}, map[string]any{"up_to": 10, "price": 1}, map[string]any{"price": 0.5}}
		}, "tiers[1]"},
		{"open tier not last", func(b map[string]any) {
			rate(b, "tiered.rate")["tiers"] = []any{map[string]any{"price": 2}, map[string]any{"up_to": 10, "price": 1}}
		}, "tiers[0]"},
		{"last tier bounded", func(b map[string]any) {
			rate(b, "tiered.rate")["tiers"] = []any{map[string]any{"up_to": 10, "price": 2}, map[string]any{"up_to": 20, "price": 1}}
		}, "tiers[1]"},
		{"price and tiers", func(b map[string]any) { rate(b, "tiered.rate")["price"] = 1 }, "not both"},
		{"negative price", func(b map[string]any) { rate(b, "flat.rate")["price"] = -1 }, "price"},
		{"missing source", func(b map[string]any) { delete(rate(b, "flat.rate"), "source") }, "source"},
		{"missing fact source", func(b map[string]any) {
			delete(b["facts"].(map[string]any)["a_fact"].(map[string]any), "source")
		}, "facts.a_fact"},
		{"missing unit", func(b map[string]any) { delete(rate(b, "flat.rate"), "unit") }, "unit"},
		{"wrong schema", func(b map[string]any) { b["schema"] = "trailwise.pricebook/v0" }, "schema"},
		{"bad date", func(b map[string]any) { b["effective_date"] = "1 Nov 2026" }, "effective_date"},
		{"falls back to itself", func(b map[string]any) { b["fallback"] = "test-book" }, "fallback"},
		{"no rates", func(b map[string]any) { b["rates"] = map[string]any{} }, "rates"},
		{"negative fact", func(b map[string]any) {
			b["facts"].(map[string]any)["a_fact"].(map[string]any)["value"] = -1
		}, "facts.a_fact"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := validBook()
			c.mutate(b)
			_, err := Parse(encode(t, b))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func TestCheckFallbacks(t *testing.T) {
	a := &Book{ID: "a", Fallback: "b"}
	b := &Book{ID: "b", Fallback: "a"}
	if err := checkFallbacks(map[string]*Book{"a": a, "b": b}); err == nil || !strings.Contains(err.Error(), "loops") {
		t.Errorf("a loop should be reported, got %v", err)
	}
	c := &Book{ID: "c", Fallback: "missing"}
	if err := checkFallbacks(map[string]*Book{"c": c}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("a missing fallback should be reported, got %v", err)
	}
	d := &Book{ID: "d", Fallback: "e"}
	e := &Book{ID: "e"}
	if err := checkFallbacks(map[string]*Book{"d": d, "e": e}); err != nil {
		t.Errorf("a plain chain is fine: %v", err)
	}
}

// A book parsed at run time (not embedded) falls back to the embedded books,
// following the chain past one level.
func TestParsedBookFollowsChain(t *testing.T) {
	raw := validBook()
	raw["fallback"] = tokyoID
	b, err := Parse(encode(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.Rate("lake.query") // neither here nor in Tokyo: from us-east-1
	if err != nil {
		t.Fatal(err)
	}
	if !p.FromFallback || p.Price != mustBook(t, usEast1ID).Rates["lake.query"].Price {
		t.Errorf("lake.query via the chain = %+v", p)
	}
	p, err = b.Rate("s3.standard_storage") // from Tokyo, the nearest fallback
	if err != nil || !near(p.Price, 0.025) || !p.FromFallback {
		t.Errorf("s3.standard_storage via the chain = %+v, %v", p, err)
	}
}
