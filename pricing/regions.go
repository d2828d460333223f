package pricing

import (
	"sort"
	"strings"
)

// billingCodes is, per region, the code that prefixes its usage types in
// the bill and in Cost Explorer ("USE1-FreeEventsRecorded"). Sources: "AWS
// Region billing codes" (AWS Global Infrastructure documentation) for the
// Americas, Africa and Asia Pacific; for Europe, the Middle East, China and
// GovCloud, the Cost and Usage Report's usage-type documentation and public
// cost exporters that agree with it.
var billingCodes = map[string]string{
	"us-east-1": "USE1", "us-east-2": "USE2", "us-west-1": "USW1", "us-west-2": "USW2",
	"us-gov-west-1": "UGW1", "us-gov-east-1": "UGE1", "ca-central-1": "CAN1", "ca-west-1": "CAN2",
	"mx-central-1": "MXC1", "sa-east-1": "SAE1", "eu-west-1": "EU", "eu-west-2": "EUW2", "eu-west-3": "EUW3",
	"eu-central-1": "EUC1", "eu-central-2": "EUC2", "eu-north-1": "EUN1", "eu-south-1": "EUS1", "eu-south-2": "EUS2",
	"ap-east-1": "APE1", "ap-northeast-1": "APN1", "ap-northeast-2": "APN2", "ap-northeast-3": "APN3",
	"ap-southeast-1": "APS1", "ap-southeast-2": "APS2", "ap-south-1": "APS3", "ap-southeast-3": "APS4",
	"ap-south-2": "APS5", "ap-southeast-4": "APS6", "ap-southeast-5": "APS7", "ap-southeast-6": "APS8",
	"ap-southeast-7": "APS9", "ap-east-2": "APE2", "af-south-1": "AFS1", "me-south-1": "MES1",
	"me-central-1": "MEC1", "il-central-1": "ILC1", "cn-north-1": "CNN1", "cn-northwest-1": "CNW1",
}

// otherBillingCodes are the further codes a usage type may carry for a
// region: us-east-1 usage as "US" (it may also carry no prefix at all),
// eu-west-1 as "EUW1" beside the older services' "EU", and af-south-1 as
// "CPT1" in older exporters (AFS1 on AWS's page).
var otherBillingCodes = map[string]string{"US": "us-east-1", "EUW1": "eu-west-1", "CPT1": "af-south-1"}

// BillingRegionCode is the usage-type prefix of a region ("USE1"), or the
// region itself upper-cased when the code is not known.
func BillingRegionCode(region string) string {
	if c, ok := billingCodes[region]; ok {
		return c
	}
	return strings.ToUpper(region)
}

// BillingRegions lists the regions whose billing code is known, sorted.
func BillingRegions() []string {
	out := make([]string, 0, len(billingCodes))
	for r := range billingCodes {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// BillingCodeRegion is the region a usage-type prefix stands for, any of
// its codes read; false for a code that is not known (reported, not
// guessed).
func BillingCodeRegion(code string) (string, bool) {
	r, ok := codeRegions[code]
	return r, ok
}

// codeRegions is BillingCodes, built once.
var codeRegions = BillingCodes()

// BillingCodes lists every code read back, each with its region.
func BillingCodes() map[string]string {
	out := make(map[string]string, len(billingCodes)+len(otherBillingCodes))
	for r, c := range billingCodes {
		out[c] = r
	}
	for c, r := range otherBillingCodes {
		out[c] = r
	}
	return out
}
