package pricing

import (
	"slices"
	"strings"
)

// knownRegions are the AWS Regions trailwise accepts in a dataset: the
// commercial Regions, AWS GovCloud (US) and the China Regions, as listed in
// "Regions and Zones" (AWS General Reference / Global Infrastructure
// documentation) and in the AWS Region billing codes page. A region code
// that is not here ("zz-fake-9", a typo such as "us-east-7") is refused
// rather than priced: a row in a region that does not exist is a broken
// dataset, not usage. A Region launched after this list was written is
// refused too, with this list in the message; add it here.
var knownRegions = []string{
	"af-south-1",
	"ap-east-1", "ap-east-2",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ca-central-1", "ca-west-1",
	"cn-north-1", "cn-northwest-1",
	"eu-central-1", "eu-central-2",
	"eu-north-1",
	"eu-south-1", "eu-south-2",
	"eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1",
	"me-central-1", "me-south-1",
	"mx-central-1",
	"sa-east-1",
	"us-east-1", "us-east-2",
	"us-gov-east-1", "us-gov-west-1",
	"us-west-1", "us-west-2",
}

// KnownRegion says whether code is an AWS Region trailwise knows.
func KnownRegion(code string) bool {
	_, ok := slices.BinarySearch(knownRegions, code)
	return ok
}

// KnownRegions lists the Regions KnownRegion accepts, sorted.
func KnownRegions() []string { return slices.Clone(knownRegions) }

// KnownRegionsText is the list for an error message: "af-south-1, …".
func KnownRegionsText() string { return strings.Join(knownRegions, ", ") }
