package pricing

import "strings"

// KnownRegion says whether code is an AWS Region trailwise accepts in a
// dataset: one of the billing-region table's (regions.go: the commercial
// Regions, AWS GovCloud (US) and the China Regions). A code that is not
// there ("zz-fake-9", a typo such as "us-east-7") is refused rather than
// priced: a row in a region that does not exist is a broken dataset, not
// usage. A Region launched after the table was written is refused too,
// with the list in the message; add it to the table.
func KnownRegion(code string) bool {
	_, ok := billingCodes[code]
	return ok
}

// KnownRegions lists the known regions, sorted.
func KnownRegions() []string { return BillingRegions() }

// KnownRegionsText is the known regions for a message.
func KnownRegionsText() string { return strings.Join(BillingRegions(), ", ") }
