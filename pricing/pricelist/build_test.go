package pricelist

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awspricing "github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/pricing/pricelist/fakepricelist"
)

// client is the real SDK client pointed at the fake.
func client(f *fakepricelist.Server) API {
	return awspricing.New(awspricing.Options{
		Region: APIRegion, BaseEndpoint: aws.String(f.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDFAKE", "secret", ""),
	})
}

func build(t *testing.T, products []fakepricelist.Product, allowMissing bool) (*pricing.Book, *fakepricelist.Server, error) {
	t.Helper()
	f := fakepricelist.New(products)
	t.Cleanup(f.Close)
	f.PageSize = 4 // several pages per service: NextToken must be followed
	b, err := Build(context.Background(), client(f), Options{Region: "eu-central-1", Date: "2026-11-25", AllowMissing: allowMissing})
	return b, f, err
}

// Every figure below is the fake's Price List price worked by hand into
// the book's unit: 0.00002 USD an event is 2 USD per 100,000; 0.0000054
// per request is 0.0054 per 1,000; 0.000003 per request 0.03 per 10,000.
func TestBuildMapsUsageTypesAndUnits(t *testing.T) {
	products := fakepricelist.Sample("eu-central-1", "EUC1")
	// Another region's products must not leak in, whatever their usage type.
	products = append(products, fakepricelist.Sample("us-east-1", "USE1")...)
	b, f, err := build(t, products, false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"cloudtrail.management_events_paid": 2, // the newer of two terms (the older is 0.00003: 3)
		"cloudtrail.data_events":            0.1,
		"cloudtrail.insights":               0.35,
		"cloudwatch.ingestion":              0.63,
		"cloudwatch.query_ia":               0.0063,
		"s3.put_requests":                   0.0054,
		"s3.get_requests":                   0.00043,
		"s3.transition_glacier_flexible":    0.036,
		"s3.transition_deep_archive":        0.06,
		"s3.deep_archive_storage":           0.0018,
		"kms.key":                           1,
		"kms.requests":                      0.03,
		"athena.query":                      5,
		"s3.inter_region_transfer":          0.02, // two of three destinations; eu-west-2 is 0.01
	}
	for id, price := range want {
		r, ok := b.Rates[id]
		if !ok || r.Price != price || r.Confidence != "P" {
			t.Errorf("%s: %+v, want %g (P)", id, r, price)
		}
	}
	if got := b.Rates["cloudtrail.management_events_paid"].Source; !strings.Contains(got, "SKUEUC1001") || !strings.Contains(got, "effective 2026-06-01") {
		t.Errorf("source %q: want the SKU and the effective date", got)
	}
	if note := b.Rates["s3.inter_region_transfer"].Note; !strings.Contains(note, "eu-west-2 0.01") {
		t.Errorf("transfer note %q: want the destination at another price", note)
	}
	if f.Calls() <= len(Services()) {
		t.Errorf("%d calls for %d services: the pages were not followed", f.Calls(), len(Services()))
	}
	// Frankfurt has an embedded book: rates refresh cannot price come from it.
	if b.Fallback != "aws-eu-central-1-2026-11-01" {
		t.Errorf("fallback %s, want the region's embedded book", b.Fallback)
	}
}

// Tiers: the Price List's ranges, given out of order, become the book's
// cumulative up_to bounds (51,200 GB = 50 TB; 512,000 GB = 500 TB).
func TestBuildTiers(t *testing.T) {
	b, _, err := build(t, fakepricelist.Sample("eu-central-1", "EUC1"), false)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Rates["s3.standard_storage"].Tiers
	want := []pricing.Tier{{UpTo: 51200, Price: 0.0245}, {UpTo: 512000, Price: 0.0235}, {Price: 0.0225}}
	if len(got) != len(want) {
		t.Fatalf("tiers %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("tier %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// 60,000 GB: 51,200 at 0.0245 + 8,800 at 0.0235 = 1254.4 + 206.8.
	if c := b.Rates["s3.standard_storage"].Cost(60000); c < 1461.19 || c > 1461.21 {
		t.Errorf("60,000 GB cost %g, want 1461.2", c)
	}
}

func TestBuildMissingProductIsAnErrorNamingTheRate(t *testing.T) {
	var products []fakepricelist.Product
	for _, p := range fakepricelist.Sample("eu-central-1", "EUC1") {
		if p.Service != "AmazonAthena" {
			products = append(products, p)
		}
	}
	_, _, err := build(t, products, false)
	var missing *MissingError
	if !errors.As(err, &missing) || !strings.Contains(err.Error(), "athena.query (AmazonAthena EUC1-DataScannedInTB)") {
		t.Fatalf("error %v: want one naming athena.query and its usage type", err)
	}
	b, _, err := build(t, products, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Rates["athena.query"]; ok {
		t.Error("athena.query is in the book though the Price List lacks it")
	}
	if r, err := b.Rate("athena.query"); err != nil || !r.FromFallback {
		t.Errorf("athena.query: %+v %v, want it from the fallback", r, err)
	}
	if !strings.Contains(b.Notes, "athena.query") {
		t.Errorf("notes do not name the rate left to the fallback: %s", b.Notes)
	}
}

func TestBuildDifferentPricesForOneUsageTypeIsAnError(t *testing.T) {
	products := fakepricelist.Sample("eu-central-1", "EUC1")
	products = append(products, fakepricelist.Product{Service: "AmazonAthena", SKU: "ZZZ", Attributes: map[string]string{
		"regionCode": "eu-central-1", "usagetype": "EUC1-DataScannedInTB"}, Terms: fakepricelist.Flat("Terabytes", "6", "other")})
	if _, _, err := build(t, products, false); err == nil || !strings.Contains(err.Error(), "athena.query") {
		t.Fatalf("error %v: want an ambiguity naming athena.query", err)
	}
}

func TestEveryRateIsMappedOrSaysWhyNot(t *testing.T) {
	us := pricing.Embedded("us-east-1")
	mapped := map[string]bool{}
	for _, m := range Mappings {
		mapped[m.Rate] = true
		if r, ok := us.Rates[m.Rate]; !ok || r.Unit != m.Unit {
			t.Errorf("%s: unit %q in the table, %q in %s", m.Rate, m.Unit, r.Unit, us.ID)
		}
	}
	for id := range us.Rates {
		if mapped[id] == (Unmapped[id] != "") {
			t.Errorf("%s: mapped %v, unmapped reason %q: want exactly one", id, mapped[id], Unmapped[id])
		}
	}
}
