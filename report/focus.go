package report

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trailwise/trailwise/model"
)

// The FOCUS view writes the projection in the shape of the FinOps Open Cost
// and Usage Specification's Cost and Usage dataset, so that tools that load
// FOCUS (and AWS's own FOCUS export) load it beside the real bill. One row
// is one cost line's part for one account in one month of one strategy:
//
//   - a members line is billed to each member account: SubAccountId is that
//     account and the Allocated* columns are empty;
//   - a central line (management account, log-archive account, staff time)
//     is billed to the central account (SubAccountId) and charged back to
//     the account it serves: the row is an allocated charge in FOCUS 1.3's
//     terms, AllocatedResourceId being the account charged,
//     AllocatedMethodId the driver whose shares spread it, and
//     AllocatedMethodDetails its ratio of the whole line.
//
// A projection has no invoice: BilledCost, EffectiveCost and ListCost all
// carry the projected cost at the price book's public rates (no discounts
// assumed). Their sum over a strategy's month is its total in the JSON, to
// the last written place. What FOCUS has no column for is in x_ columns.

// FOCUSHeader is the header row of the FOCUS view.
var FOCUSHeader = []string{
	"BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
	"ChargeCategory", "ChargeFrequency", "ChargeDescription", "ServiceProviderName", "ServiceName", "RegionId",
	"SubAccountId", "SubAccountName", "ConsumedQuantity", "ConsumedUnit", "PricingQuantity", "PricingUnit",
	"ListUnitPrice", "ListCost", "EffectiveCost", "BilledCost",
	"AllocatedMethodId", "AllocatedMethodDetails", "AllocatedResourceId", "AllocatedResourceName",
	"x_Strategy", "x_StrategyAvailable", "x_Scenario", "x_DatasetDigest", "x_PriceBook", "x_Payer", "x_Component",
	"x_RateId", "x_RateConfidence", "x_ChargedAccountId", "x_ChargedAccountName",
	"x_StrategyMonthP10", "x_StrategyMonthP50", "x_StrategyMonthP90",
}

// FOCUS writes the document as FOCUS-shaped CSV rows (see above), every
// strategy, month, cost line and account.
func FOCUS(w io.Writer, doc *Document) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(FOCUSHeader); err != nil {
		return err
	}
	fr := focusRows{doc: doc, sp: newSpreader(doc), scenario: ScenarioDigest(doc.Inputs.Scenario)}
	var err error
	for i := range doc.Strategies {
		s := &doc.Strategies[i]
		fr.sp.each(s, func(m int, l *Line, a int, units int64) {
			if err == nil {
				err = cw.Write(fr.row(s, m, l, a, units))
			}
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type focusRows struct {
	doc      *Document
	sp       *spreader
	scenario string
}

// row is the FOCUS row of one part of a line.
func (fr *focusRows) row(s *Strategy, m int, l *Line, a int, units int64) []string {
	doc, mo := fr.doc, &s.Months[m]
	start, end := monthBounds(mo.Month)
	acc := doc.Allocation.Accounts[a]
	ratio := 1.0
	if whole := l.Cost.Units(); whole != 0 {
		ratio = float64(units) / float64(whole)
	}
	billed, billedName := acc.Account, acc.Name
	var method, details, resource, resourceName string
	if l.Payer != model.PayerMembers { // an allocated part of a central account's charge
		billed = payingAccount(doc, l.Payer)
		billedName = fr.sp.name(billed)
		method = "trailwise:" + l.Driver
		details = allocatedDetails(ratio, l.Driver)
		resource, resourceName = acc.Account, acc.Name
	}
	qty := fixed(float64(l.Quantity)*ratio, 6)
	cost := fromUnits(units).String()
	return []string{
		doc.Currency, start, end, start, end,
		"Usage", "Usage-Based", l.Name, serviceProvider(l.Rate), serviceName(l.Rate), doc.Inputs.PriceBook.Region,
		billed, billedName, qty, l.Unit, qty, l.Unit,
		fixed(float64(l.UnitPrice), 6), cost, cost, cost,
		method, details, resource, resourceName,
		s.ID, fmt.Sprint(s.Available), fr.scenario, doc.Inputs.Dataset.Digest, doc.Inputs.PriceBook.ID, l.Payer, l.Component,
		l.Rate, rateConfidence(doc, l.Rate), acc.Account, acc.Name,
		mo.P10.String(), mo.P50.String(), mo.P90.String(),
	}
}

// monthBounds are a YYYY-MM month's first instant and the next month's, as
// FOCUS writes date-times (the end exclusive).
func monthBounds(month string) (string, string) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month, month
	}
	const layout = "2006-01-02T15:04:05Z"
	return t.Format(layout), t.AddDate(0, 1, 0).Format(layout)
}

// allocatedDetails is the AllocatedMethodDetails object of an allocated
// part: its ratio of the whole line and the driver the ratio comes from.
func allocatedDetails(ratio float64, driver string) string {
	return `{"Elements":[{"AllocatedRatio":` + fixed(ratio, 8) + `,"UsageUnit":` + jsonString(driver) + `}]}`
}

func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string: cannot fail
	return string(b)
}

// serviceName is the AWS service a rate bills under, spelled as AWS's FOCUS
// export spells it; staff time is no AWS service.
func serviceName(rate string) string {
	prefix, _, _ := strings.Cut(rate, ".")
	switch prefix {
	case "cloudtrail", "lake": // CloudTrail Lake is billed as CloudTrail
		return "AWS CloudTrail"
	case "cloudwatch":
		return "AmazonCloudWatch"
	case "securitylake":
		return "Amazon Security Lake"
	case "s3":
		return "Amazon Simple Storage Service"
	case "kms":
		return "AWS Key Management Service"
	case "athena":
		return "Amazon Athena"
	}
	return "Staff time"
}

// serviceProvider is who provides the service a rate bills under.
func serviceProvider(rate string) string {
	if serviceName(rate) == "Staff time" {
		return "Platform team"
	}
	return "AWS"
}

// ScenarioDigest is "sha256:" and the hex SHA-256 of the scenario's JSON,
// so the rows of one run can be told from another's.
func ScenarioDigest(s model.Scenario) string {
	data, _ := json.Marshal(s) // plain data: cannot fail
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
