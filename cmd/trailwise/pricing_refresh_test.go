package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/pricing/pricelist/fakepricelist"
	"github.com/trailwise/trailwise/report"
)

// fakePriceList points the command's AWS configuration at a local fake
// of the Price List API, with made-up credentials and an empty books
// directory.
func fakePriceList(t *testing.T, products []fakepricelist.Product) (configDir string) {
	t.Helper()
	f := fakepricelist.New(products)
	t.Cleanup(f.Close)
	configDir = t.TempDir()
	t.Setenv(configDirEnv, configDir)
	t.Setenv("AWS_ENDPOINT_URL_PRICING", f.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFAKE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(configDir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(configDir, "none"))
	t.Setenv("AWS_PROFILE", "")
	return configDir
}

// A refreshed book lands in the books directory and then prices its
// region: Stockholm has no embedded book, and after refresh it has one.
func TestPricingRefreshThenEstimate(t *testing.T) {
	dir := fakePriceList(t, fakepricelist.Sample("eu-north-1", "EUN1"))
	out, stderr, code := trailwise(t, ".", "pricing", "refresh", "--region", "eu-north-1")
	if code != 0 {
		t.Fatalf("refresh: exit %d: %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "books", "eu-north-1-*.json"))
	if len(files) != 1 || !strings.Contains(out, files[0]) {
		t.Fatalf("books written %v; output %q", files, out)
	}
	out, stderr, code = trailwise(t, ".", "estimate", "--region", "eu-north-1", "--format", "json", "--months", "1", "--draws", "0")
	if code != 0 {
		t.Fatalf("estimate: exit %d: %s", code, stderr)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if id := doc.Inputs.PriceBook.ID; !strings.HasPrefix(id, "pricelist-eu-north-1-") {
		t.Errorf("priced with %s, want the refreshed book", id)
	}
	// The fake's Stockholm CloudWatch ingestion is 0.63 per GB: the
	// refreshed book shows it, with its SKU as the source.
	out, _, code = trailwise(t, ".", "pricing", "show", "--region", "eu-north-1", "--wide")
	if code != 0 || !strings.Contains(out, "cloudwatch.ingestion") || !strings.Contains(out, "0.63") || !strings.Contains(out, "SKUEUN1") {
		t.Errorf("pricing show of the refreshed book:\n%s", out)
	}
	out, stderr, code = trailwise(t, ".", "pricing", "diff", files[0], "eu-central-1")
	if code != 0 || !strings.Contains(out, "cloudwatch.ingestion") {
		t.Fatalf("diff: exit %d %s\n%s", code, stderr, out)
	}
	if wide := wideLines(out); len(wide) > 0 {
		t.Errorf("diff lines wider than 80 columns: %q", wide)
	}
}

// --price-book prices with the file's book, its region the pricing region,
// without it being in the books directory.
func TestPriceBookFlag(t *testing.T) {
	dir := fakePriceList(t, fakepricelist.Sample("eu-north-1", "EUN1"))
	file := filepath.Join(t.TempDir(), "stockholm.json")
	if _, stderr, code := trailwise(t, ".", "pricing", "refresh", "--region", "eu-north-1", "--out", file); code != 0 {
		t.Fatalf("refresh: exit %d: %s", code, stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "books", "*")); len(files) != 0 {
		t.Fatalf("--out wrote to the books directory too: %v", files)
	}
	for _, cmd := range [][]string{{"estimate"}, {"rank"}} {
		args := append(cmd, "--price-book", file, "--format", "json", "--months", "1", "--draws", "0")
		out, stderr, code := trailwise(t, ".", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", cmd, code, stderr)
		}
		if !strings.Contains(out, `"pricelist-eu-north-1-`) {
			t.Errorf("%v: the output does not name the refreshed book", cmd)
		}
	}
	_, stderr, code := trailwise(t, ".", "estimate", "--price-book", file, "--region", "eu-west-1")
	if code != 2 || !strings.Contains(stderr, "is a book for eu-north-1, --region says eu-west-1") {
		t.Errorf("conflicting --region: exit %d: %s", code, stderr)
	}
}

func TestPricingRefreshMissingRateIsAnError(t *testing.T) {
	var products []fakepricelist.Product
	for _, p := range fakepricelist.Sample("eu-north-1", "EUN1") {
		if p.Service != "AmazonAthena" {
			products = append(products, p)
		}
	}
	dir := fakePriceList(t, products)
	_, stderr, code := trailwise(t, ".", "pricing", "refresh", "--region", "eu-north-1")
	if code == 0 || !strings.Contains(stderr, "athena.query (AmazonAthena EUN1-DataScannedInTB)") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "books", "*")); len(files) != 0 {
		t.Errorf("a failed refresh wrote %v", files)
	}
	if _, stderr, code := trailwise(t, ".", "pricing", "refresh", "--region", "eu-north-1", "--allow-missing"); code != 0 {
		t.Fatalf("--allow-missing: exit %d: %s", code, stderr)
	}
}

// A file in the books directory that is not a book stops every command
// that prices, naming the file: never a silent fallback to other prices.
func TestBadRefreshedBookIsAnError(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(configDirEnv, dir)
	if err := os.MkdirAll(filepath.Join(dir, "books"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "books", "eu-west-1-2026-11-25.json")
	if err := os.WriteFile(bad, []byte(`{"schema": "trailwise.pricebook/v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := trailwise(t, ".", "estimate")
	if code == 0 || !strings.HasPrefix(stderr, "trailwise: file: "+bad+": expected a price book") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// A region with no book is one line naming the nearest regions that have
// one, same geography first, and pricing refresh.
func TestRegionWithoutBookNamesNearestAndRefresh(t *testing.T) {
	for region, want := range map[string]string{
		"eu-north-1":     "nearest with a book: eu-central-1, eu-west-2, eu-west-1",
		"ap-southeast-4": "nearest with a book: ap-southeast-2, ap-southeast-1",
		"sa-east-1":      "nearest with a book: ",
	} {
		_, stderr, code := trailwise(t, ".", "estimate", "--region", region)
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) ||
			!strings.Contains(stderr, "trailwise pricing refresh --region "+region) {
			t.Errorf("%s: exit %d: %q", region, code, stderr)
		}
	}
	_, stderr, code := trailwise(t, ".", "estimate", "--region", "eu-west-9")
	if code != 1 || !strings.Contains(stderr, "not an AWS commercial region") {
		t.Errorf("eu-west-9: exit %d: %q", code, stderr)
	}
}

func TestPolicyIAMAllowsPriceList(t *testing.T) {
	out, _, code := trailwise(t, ".", "policy", "iam")
	if code != 0 || !strings.Contains(out, `"pricing:GetProducts"`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
