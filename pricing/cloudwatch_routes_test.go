package pricing

import (
	"strings"
	"testing"
)

// The rates issue 15's CloudWatch routes and Lake exit are priced with are in
// the us-east-1 book, sourced, with a note saying what the source says, and
// in a plausible range per unit: a slipped decimal point or a per-TB figure
// stored per GB falls outside it.
func TestCloudWatchRouteRatesPresent(t *testing.T) {
	b := mustBook(t, usEast1ID)
	flat := []struct {
		id       string
		unit     string
		min, max float64
	}{
		{"cloudwatch.delivery", "GB", 0.1, 0.5},
		{"cloudwatch.ingestion", "GB", 0.3, 1},
		{"cloudwatch.ingestion_ia", "GB", 0.1, 0.5},
		{"cloudwatch.storage", "GB-month", 0.01, 0.1},
		{"cloudwatch.storage_ia", "GB-month", 0.01, 0.1},
		{"cloudwatch.storage_tier_ia", "GB-month", 0.001, 0.03},
		{"cloudwatch.storage_tier_aia", "GB-month", 0.001, 0.03},
		{"cloudwatch.query", "GB", 0.001, 0.05},
		{"cloudwatch.query_ia", "GB", 0.001, 0.05},
		{"cloudwatch.centralization_copy", "GB", 0.01, 0.5},
		{"lake.export", "GB", 0, 1},
	}
	for _, c := range flat {
		r, ok := b.Rates[c.id]
		if !ok {
			t.Errorf("rate %s is missing", c.id)
			continue
		}
		checkSourced(t, c.id, r.Source, r.Confidence, r.Note)
		if len(r.Tiers) > 0 || r.Unit != c.unit || r.Price < c.min || r.Price > c.max {
			t.Errorf("rate %s: %v per %q (tiers %v), expected a flat %v..%v per %q", c.id, r.Price, r.Unit, r.Tiers, c.min, c.max, c.unit)
		}
	}
	for _, id := range []string{"cloudwatch.vended_ingestion", "cloudwatch.vended_ingestion_ia"} {
		r, ok := b.Rates[id]
		if !ok {
			t.Errorf("rate %s is missing", id)
			continue
		}
		checkSourced(t, id, r.Source, r.Confidence, r.Note)
		if r.Unit != "GB" || len(r.Tiers) != 4 {
			t.Errorf("rate %s: unit %q with %d tiers, expected 4 tiers per GB", id, r.Unit, len(r.Tiers))
		}
	}
}

// A rate resting on an assumption must say so: confidence U, and a note that
// names what is unknown.
func TestCloudWatchUnconfirmedRatesAreMarked(t *testing.T) {
	b := mustBook(t, usEast1ID)
	for _, id := range []string{"cloudwatch.storage_ia", "lake.export"} {
		r := b.Rates[id]
		if strings.HasPrefix(r.Source, "assumption") && r.Confidence != ConfidenceUnknown {
			t.Errorf("%s rests on an assumption but is tagged %s", id, r.Confidence)
		}
		if r.Confidence == ConfidenceUnknown && !strings.Contains(strings.ToLower(r.Note), "unconfirmed") {
			t.Errorf("%s is tagged U but its note does not say what is unconfirmed", id)
		}
	}
}

// Hand-worked: 75,000 GB of vended logs in a month, bands at 10, 30 and
// 50 TB (10,240 / 30,720 / 51,200 GB).
// Standard: 10,240 x 0.50 + 20,480 x 0.25 + 20,480 x 0.10 + 23,800 x 0.05
// = 5,120 + 5,120 + 2,048 + 1,190 = 13,478 USD.
// IA: 10,240 x 0.25 + 20,480 x 0.15 + 20,480 x 0.075 + 23,800 x 0.05
// = 2,560 + 3,072 + 1,536 + 1,190 = 8,358 USD.
// And 5,000 GB stays in the first band: 2,500 and 1,250 USD.
func TestVendedTiersHandWorked(t *testing.T) {
	b := mustBook(t, usEast1ID)
	cases := []struct {
		id   string
		gb   float64
		want float64
	}{
		{"cloudwatch.vended_ingestion", 75000, 13478},
		{"cloudwatch.vended_ingestion_ia", 75000, 8358},
		{"cloudwatch.vended_ingestion", 5000, 2500},
		{"cloudwatch.vended_ingestion_ia", 5000, 1250},
		{"cloudwatch.vended_ingestion", 30720, 10240},
	}
	for _, c := range cases {
		r, err := b.Rate(c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Cost(c.gb); !near(got, c.want) {
			t.Errorf("%s: %v GB costs %.2f, hand-worked %.2f", c.id, c.gb, got, c.want)
		}
	}
}

// AWS: the Infrequent Access class has a 50% lower per-GB ingestion price
// than Standard; the vended first bands match the custom-log rates of their
// class; queries on IA log groups bill on the one DataScanned-Bytes usage type.
func TestCloudWatchClassRelations(t *testing.T) {
	b := mustBook(t, usEast1ID)
	std, ia := b.Rates["cloudwatch.ingestion"].Price, b.Rates["cloudwatch.ingestion_ia"].Price
	if !near(ia, std/2) {
		t.Errorf("IA ingestion %v is not half of Standard %v", ia, std)
	}
	if v := b.Rates["cloudwatch.vended_ingestion"].Tiers[0].Price; !near(v, std) {
		t.Errorf("vended first band %v differs from Standard ingestion %v", v, std)
	}
	if v := b.Rates["cloudwatch.vended_ingestion_ia"].Tiers[0].Price; !near(v, ia) {
		t.Errorf("vended IA first band %v differs from IA ingestion %v", v, ia)
	}
	if q, qia := b.Rates["cloudwatch.query"].Price, b.Rates["cloudwatch.query_ia"].Price; !near(q, qia) {
		t.Errorf("IA query %v differs from Standard query %v", qia, q)
	}
	// Intelligent Tiering per nOps: 40% and 80% below Standard storage.
	st := b.Rates["cloudwatch.storage"].Price
	if v := b.Rates["cloudwatch.storage_tier_ia"].Price; !near(v, st*0.6) {
		t.Errorf("IA storage tier %v is not 60%% of Standard storage %v", v, st)
	}
	if v := b.Rates["cloudwatch.storage_tier_aia"].Price; !near(v, st*0.2) {
		t.Errorf("AIA storage tier %v is not 20%% of Standard storage %v", v, st)
	}
}

// AWS's trail-to-CloudWatch recipe prices the no-trail route at 0.75 per GB
// (0.25 delivery + 0.50 ingestion); the book's two rates must add up to it.
func TestNoTrailRouteMatchesRecipeTotal(t *testing.T) {
	b := mustBook(t, usEast1ID)
	if got := b.Rates["cloudwatch.delivery"].Price + b.Rates["cloudwatch.ingestion"].Price; !near(got, 0.75) {
		t.Errorf("delivery + ingestion = %v per GB, AWS's recipe says 0.75", got)
	}
}

// The Lake-exit facts AWS's migration guide and the availability notice give.
func TestLakeExitFacts(t *testing.T) {
	b := mustBook(t, usEast1ID)
	want := map[string]float64{
		"lake_export_earliest_year":                  2023,
		"lake_closed_to_new_customers":               2026.0531,
		"lake_parallel_run_min_days":                 1,
		"cloudwatch_centralization_free_copies":      1,
		"volume_tiers_aggregate_across_organization": 1,
	}
	for id, v := range want {
		f, err := b.Fact(id)
		if err != nil {
			t.Error(err)
			continue
		}
		checkSourced(t, id, f.Source, f.Confidence, f.Note)
		if f.Value != v {
			t.Errorf("fact %s = %v, expected %v", id, f.Value, v)
		}
	}
}

// Tokyo's IA ingestion is derived as half of Tokyo's Standard rate, not
// taken from us-east-1.
func TestTokyoIAIngestion(t *testing.T) {
	jp := mustBook(t, tokyoID)
	ia, ok := jp.Rates["cloudwatch.ingestion_ia"]
	if !ok {
		t.Fatal("Tokyo book lacks cloudwatch.ingestion_ia")
	}
	if std := jp.Rates["cloudwatch.ingestion"].Price; !near(ia.Price, std/2) || near(ia.Price, 0.25) {
		t.Errorf("Tokyo IA ingestion %v, expected half of Tokyo Standard %v", ia.Price, std)
	}
}
